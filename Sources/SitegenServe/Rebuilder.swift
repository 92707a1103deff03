import Foundation
import SitegenCore

/// Builds the site for the preview server: reads it from disk, builds it in memory through a ``BuildCache``
/// (so an edit redoes only what it affects), publishes the result to the ``LiveSite`` and reports it.
/// Builds run one at a time, on one thread of their own, never on the server's.
final class Rebuilder: @unchecked Sendable {
    /// What one build did, for the terminal.
    struct Outcome: Sendable {
        var succeeded: Bool
        /// Problems not reported by the build before: each error or warning is printed once, not on every save.
        var newProblems: [Diagnostic]
        var summary: String
    }

    private let root: URL
    private let options: BuildOptions
    /// Scheme, host and port the server answers at, which replace those of `base_url`.
    private let origin: String
    private let live: LiveSite
    private let queue = DispatchQueue(label: "sitegen.rebuild")
    // The fields below are touched only on `queue`.
    private var cache = BuildCache()
    private var lastSite: Site?
    private var lastServed: ServedSite?
    private var reported: Set<String> = []
    private var builds = 0

    init(root: URL, options: BuildOptions, origin: String, live: LiveSite) {
        self.root = root
        self.options = options
        self.origin = origin
        self.live = live
    }

    /// Builds and publishes the site.
    func rebuild() async -> Outcome {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.rebuildNow()) }
        }
    }

    private func rebuildNow() -> Outcome {
        let start = ContinuousClock.now
        let (source, loadProblems) = ContentLoader(root: root).load()
        var options = options
        options.now = Date()
        options.baseURL = origin + basePath(of: source)
        var result =
            loadProblems.containsErrors
            ? BuildResult(failedWith: loadProblems)
            : SiteBuilder(options: options).build(source, cache: &cache)
        if !loadProblems.containsErrors { result.diagnostics = (loadProblems + result.diagnostics).sortedByPosition() }
        builds += 1

        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.succeeded, let site = result.site {
            let served = ServedSite(basePath: site.config.baseURL.basePath, files: result.files, previous: lastServed)
            lastSite = site
            lastServed = served
            live.publish(site: served, errors: [], failingPages: [])
        } else {
            live.publish(site: nil, errors: errors, failingPages: failingPages(errors))
        }
        let problems = result.diagnostics.filter { !reported.contains($0.description) }
        reported = Set(result.diagnostics.map(\.description))
        return Outcome(succeeded: result.succeeded, newProblems: problems, summary: summary(of: result, since: start))
    }

    /// The base path that `base_url` in `site.yml` gives, or `/`.
    private func basePath(of source: SiteSource) -> String {
        guard let config = source.config else { return "/" }
        return SiteConfig.parse(config.text, path: config.path).0.baseURL.basePath
    }

    /// Output paths of the last good site's pages that were made from a file with one of `errors`.
    private func failingPages(_ errors: [Diagnostic]) -> Set<String> {
        guard let site = lastSite else { return [] }
        let paths = Set(errors.map(\.path))
        var pages: Set<String> = []
        for post in site.posts where paths.contains(post.sourcePath) { pages.insert(post.route.outputPath) }
        for page in site.pages where paths.contains(page.sourcePath) { pages.insert(page.route.outputPath) }
        for project in site.projects where project.sourcePath.map(paths.contains) == true {
            pages.insert(project.route.outputPath)
        }
        return pages
    }

    private func summary(of result: BuildResult, since start: ContinuousClock.Instant) -> String {
        let seconds = start.duration(to: .now).seconds
        let time = String(format: "%.2f s", seconds)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if !result.succeeded || errors > 0 {
            let serving = lastServed == nil ? "nothing to serve yet" : "serving the last site that built"
            return "Build failed with \(errors == 1 ? "1 error" : "\(errors) errors") in \(time); \(serving)."
        }
        if builds == 1 { return DiagnosticReporter().summary(of: result, seconds: seconds) }
        let work = result.work
        let pages = work.renderedPages.count
        return "Rebuilt in \(time): \(work.parsedFiles) changed \(work.parsedFiles == 1 ? "file" : "files"), "
            + "\(pages) \(pages == 1 ? "page" : "pages") re-rendered."
    }
}
