import Foundation
import SitegenCore
import SitegenMarkdown

/// Builds the site for the preview server and publishes the result to the ``LiveSite``. After a save it reads
/// only the files the watcher names; a post whose body, title or summary changed is patched into the last
/// site (``LiveModel``), and anything else is built again through a ``BuildCache``, so that an edit redoes only
/// what it affects. Either way pages are rendered when first requested, not when published.
/// Builds run one at a time, on a thread of their own, never on the server's or on Swift's cooperative pool;
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
    /// The thread builds run on, one at a time. It keeps the normal priority, so that a save reaches the browser
    /// while requests keep the cores busy; the work it shares out (``concurrentMap``) and the feeds, made after
    /// the site is published, run at the lowest (see ``BackgroundPriority``).
    private static let thread = ThreadPool(count: 1, name: "sitegen-rebuild")
    /// Makes `site`'s machine files on ``DeferredFiles/thread``, unless a newer site has been published by then
    /// (saves faster than the files can be made would otherwise queue up work nobody will read).
    private func prepareMachineFiles(of site: ServedSite) {
        let generation = live.snapshot.generation
        DeferredFiles.thread.async { [live] in
            guard live.snapshot.generation == generation else { return }
            site.prepareMachineFiles()
        }
    }

    /// The most pages a patch renders before it is published; a larger change renders its pages on request.
    static let pagesRenderedBeforePublishing = 64
    /// What the last build left; taken and put back by each build on ``thread``.
    private let state = Locked(State())

    /// What one build leaves for the next.
    private struct State: Sendable {
        var cache = BuildCache()
        /// The site's files as last read, kept so that a change reads only the files it concerns.
        var source: SiteSource?
        /// The last site that built, when the latest build did: what a patch starts from.
        var model: LiveModel?
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
        // Photos are made once into the cache folder that `sitegen build` uses too, the one thing serve writes.
        state.withLock { $0.cache = BuildCache(photosIn: CacheFolder(site: root)) }
    }

    /// Builds and publishes the site; `changed` names the files (relative to the site) that changed since the
    /// last build, or is `nil` when anything may have.
    func rebuild(changed: Set<String>? = nil) async -> Outcome {
        await Self.thread.run { self.rebuildNow(changed: changed) }
    }

    private func rebuildNow(changed: Set<String>?) -> Outcome {
        var state = self.state.withLock { current in
            defer { current = State() }
            return current
        }
        defer { self.state.withLock { [state] in $0 = state } }
        let start = ContinuousClock.now
        let rereadFiles: [(Int, SourceFile)]? = changed.flatMap { self.reread($0, in: state.source) }
        if let reread = rereadFiles, var source = state.source {
            for (index, file) in reread { source.markdown[index] = file }
            state.source = source
            if let model = state.model, let served = state.lastServed, let (patched, posts) = model.patching(reread.map { $0.1 }) {
                state.builds += 1
                state.model = patched
                let (site, pages) = served.replacingPages(patched.pages, changedPosts: posts, machineFiles: patched.machineFiles)
                // The few pages an edit changes are rendered before the site is published, while the previous
                // one is served: no request waits for a page (the archive takes a tenth of a second at 10k posts).
                if pages.count <= Self.pagesRenderedBeforePublishing { site.prerender(pages, of: patched.pages) }
                state.lastServed = site
                live.publish(site: site, errors: [], failingPages: [])
                prepareMachineFiles(of: site)
                let seconds = String(format: "%.3f s", start.duration(to: .now).seconds)
                return Outcome(
                    succeeded: true, newProblems: [],
                    summary: "Rebuilt in \(seconds): \(reread.count == 1 ? "1 changed file" : "\(reread.count) changed files"), "
                        + "\(pages.count == 1 ? "1 page" : "\(pages.count) pages") to render again.")
            }
        }
        var loadProblems: [Diagnostic] = []
        if rereadFiles == nil || state.source == nil {
            let (loaded, problems) = ContentLoader(root: root).load()
            state.source = loaded
            loadProblems = problems
        }
        let source = state.source ?? SiteSource(root: root.path)
        var options = options
        options.now = Date()
        options.baseURL = origin + basePath(of: source)
        var result =
            loadProblems.containsErrors
            ? BuildResult(failedWith: loadProblems)
            : SiteBuilder(options: options).buildInMemory(source, cache: &state.cache)
        if !loadProblems.containsErrors { result.diagnostics = (loadProblems + result.diagnostics).sortedByPosition() }
        state.builds += 1

        let errors = result.diagnostics.filter { $0.severity == .error }
        state.model = nil
        if result.succeeded, let site = result.site, let model = result.live {
            let served = ServedSite(
                basePath: site.config.baseURL.basePath, files: result.files, pages: model.pages, machineFiles: model.machineFiles,
                previous: state.lastServed)
            state.lastSite = site
            state.lastServed = served
            state.model = model
            live.publish(
                site: served, errors: [], failingPages: [],
                pageWarnings: pagesOf(result.diagnostics.filter { $0.severity == .warning }, in: site))
            prepareMachineFiles(of: served)
        } else {
            live.publish(site: nil, errors: errors, failingPages: failingPages(errors, in: state.lastSite))
        }
        let problems = result.diagnostics.filter { !state.reported.contains($0.description) }
        state.reported = Set(result.diagnostics.map(\.description))
        return Outcome(
            succeeded: result.succeeded, newProblems: problems,
            summary: summary(of: result, since: start, isFirst: state.builds == 1, serving: state.lastServed != nil))
    }

    /// The markdown files among `paths` read again, with their index in `source.markdown`; `nil` when a path is
    /// anything else that exists or existed (a new or deleted file, a template, `site.yml`, a copied file), for
    /// which the site is loaded again. A path that neither was nor is there (an editor's temporary file) is
    /// left out.
    private func reread(_ paths: Set<String>, in source: SiteSource?) -> [(Int, SourceFile)]? {
        guard let source else { return nil }
        let markdown = Dictionary(source.markdown.indices.map { (source.markdown[$0].path, $0) }, uniquingKeysWith: { first, _ in first })
        let otherInputs = Set(
            (source.assets + source.themeAssets).map(\.path) + (source.templates + [source.config].compactMap { $0 }).map(\.path))
        let loader = ContentLoader(root: root)
        var files: [(Int, SourceFile)] = []
        for path in paths.sorted() {
            guard let index = markdown[path] else {
                var info = stat()
                if !otherInputs.contains(path), lstat(root.path + "/" + path, &info) != 0, errno == ENOENT { continue }
                return nil
            }
            guard let file = loader.reread(path) else { return nil }
            files.append((index, file))
        }
        return files
    }

    /// The base path that `base_url` in `site.yml` gives, or `/`.
    private func basePath(of source: SiteSource) -> String {
        guard let config = source.config else { return "/" }
        return SiteConfig.parse(config.text, path: config.path).0.baseURL.basePath
    }

    /// Output paths of the last good site's pages that were made from a file with one of `errors`.
    private func failingPages(_ errors: [Diagnostic], in lastSite: Site?) -> Set<String> {
        guard let site = lastSite else { return [] }
        return Set(pagesOf(errors, in: site).keys)
    }

    /// `problems` by the output path of the page made from their file; those of other files are left out.
    private func pagesOf(_ problems: [Diagnostic], in site: Site) -> [String: [Diagnostic]] {
        guard !problems.isEmpty else { return [:] }
        let byPath = Dictionary(grouping: problems, by: \.path)
        var pages: [String: [Diagnostic]] = [:]
        for post in site.posts { if let found = byPath[post.sourcePath] { pages[post.route.outputPath] = found } }
        for page in site.pages { if let found = byPath[page.sourcePath] { pages[page.route.outputPath] = found } }
        for project in site.projects {
            if let path = project.sourcePath, let found = byPath[path] { pages[project.route.outputPath] = found }
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
        let parsed = result.work.parsedFiles
        return "Rebuilt in \(time): \(parsed) changed \(parsed == 1 ? "file" : "files"), the site assembled again."
    }
}
