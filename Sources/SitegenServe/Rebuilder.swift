import Foundation
import SitegenCore
import Synchronization

/// Builds the site for the preview server: reads it from disk, builds it in memory through a ``BuildCache``
/// (so an edit redoes only what it affects), publishes the result to the ``LiveSite`` and reports it.
/// Builds run one at a time, on one thread of their own, never on the server's or on Swift's cooperative pool;
/// what one build leaves for the next is kept behind a lock.
final class Rebuilder: Sendable {
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
    /// What the last build left; taken and put back by each build on `queue`.
    private let state = Mutex(State())

    /// What one build leaves for the next.
    private struct State: Sendable {
        var cache = BuildCache()
        var lastSite: Site?
        var lastServed: ServedSite?
        var reported: Set<String> = []
        var builds = 0
    }

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
        var state = self.state.withLock { current in
            defer { current = State() }
            return current
        }
        defer { self.state.withLock { [state] in $0 = state } }
        let start = ContinuousClock.now
        let (source, loadProblems) = ContentLoader(root: root).load()
        var options = options
        options.now = Date()
        options.baseURL = origin + basePath(of: source)
        var result =
            loadProblems.containsErrors
            ? BuildResult(failedWith: loadProblems)
            : SiteBuilder(options: options).build(source, cache: &state.cache)
        if !loadProblems.containsErrors { result.diagnostics = (loadProblems + result.diagnostics).sortedByPosition() }
        state.builds += 1

        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.succeeded, let site = result.site {
            let served = ServedSite(basePath: site.config.baseURL.basePath, files: result.files, previous: state.lastServed)
            state.lastSite = site
            state.lastServed = served
            live.publish(site: served, errors: [], failingPages: [])
        } else {
            live.publish(site: nil, errors: errors, failingPages: failingPages(errors, in: state.lastSite))
        }
        let problems = result.diagnostics.filter { !state.reported.contains($0.description) }
        state.reported = Set(result.diagnostics.map(\.description))
        return Outcome(
            succeeded: result.succeeded, newProblems: problems,
            summary: summary(of: result, since: start, isFirst: state.builds == 1, serving: state.lastServed != nil))
    }

    /// The base path that `base_url` in `site.yml` gives, or `/`.
    private func basePath(of source: SiteSource) -> String {
        guard let config = source.config else { return "/" }
        return SiteConfig.parse(config.text, path: config.path).0.baseURL.basePath
    }

    /// Output paths of the last good site's pages that were made from a file with one of `errors`.
    private func failingPages(_ errors: [Diagnostic], in lastSite: Site?) -> Set<String> {
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

    private func summary(of result: BuildResult, since start: ContinuousClock.Instant, isFirst: Bool, serving: Bool) -> String {
        let seconds = start.duration(to: .now).seconds
        let time = String(format: "%.2f s", seconds)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if !result.succeeded || errors > 0 {
            let fallback = serving ? "serving the last site that built" : "nothing to serve yet"
            return "Build failed with \(errors == 1 ? "1 error" : "\(errors) errors") in \(time); \(fallback)."
        }
        if isFirst { return DiagnosticReporter().summary(of: result, seconds: seconds) }
        let work = result.work
        let pages = work.renderedPages.count
        return "Rebuilt in \(time): \(work.parsedFiles) changed \(work.parsedFiles == 1 ? "file" : "files"), "
            + "\(pages) \(pages == 1 ? "page" : "pages") re-rendered."
    }
}
