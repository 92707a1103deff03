import Foundation
import SitegenMarkdown

/// Runs the pipeline from a ``SiteSource`` to the site's files, in memory: load, parse, render, assemble, plan,
/// fill templates. Nothing here touches the disk except the one `git log` for undated posts.
public struct SiteBuilder: Sendable {
    public let options: BuildOptions
    /// Where photos made by earlier builds are kept (`sitegen build`'s cache folder); without it, the build
    /// cache's memory when it keeps things, or nowhere.
    var photoStore: PhotoProcessor.Store?
    /// How many bytes of posts' HTML a written build that keeps no cache holds in memory before it spills the
    /// rest (``SpillFile``): a site of 10,000 posts (about 120 MB of HTML) is built without writing its HTML twice,
    /// and one of 100,000 posts (about 650 MB) peaks at some 1.4 GB, under 1.5 GB. Each 100 MB not spilled saves
    /// writing it, its writeback and reading it back: about half a second at 100,000 posts on a 2-core machine's disk.
    var htmlKeptInMemory = 224 << 20
    /// Told the output paths of pages as soon as they are known (the posts' and pages' once their routes are
    /// claimed, every page's once they are planned), so that the writer can make their folders meanwhile.
    var pathsKnown: (@Sendable ([String]) -> Void)?

    /// Pages that the site generates itself; a standalone page may not take their URL.
    static let reservedPageSlugs: Set<String> = [
        "posts", "tags", "projects", "archive", "page", "assets", "404", "search", "series", "skills",
    ]

    /// Creates a builder.
    public init(options: BuildOptions = BuildOptions()) {
        self.options = options
    }

    /// Builds the whole site.
    public func build(_ source: SiteSource) -> BuildResult {
        var cache = BuildCache.none
        return build(source, cache: &cache)
    }

    /// Builds the site, reusing from `cache` what the previous build made from the same inputs, and leaves in
    /// `cache` what this one made.
    public func build(_ source: SiteSource, cache: inout BuildCache) -> BuildResult {
        build(source, cache: &cache, streamingPages: false)
    }

    /// Builds the site for `sitegen serve`, reusing from `cache` what the previous build made from the same
    /// inputs: the pages are left in ``BuildResult/pages`` and the feeds and search index in
    /// ``BuildResult/live``, each to be made when first asked for.
    public func buildInMemory(_ source: SiteSource, cache: inout BuildCache) -> BuildResult {
        build(source, cache: &cache, streamingPages: true)
    }

    /// Builds the site; with `streamingPages`, the pages are not rendered but left in ``BuildResult/pages`` to
    /// be rendered as they are written.
    /// - Parameters:
    ///   - spill: Where posts' HTML waits for their pages, instead of memory.
    ///   - bodyStore: The posts' bodies an earlier build kept, whose file is `spill`; with it, the result has the
    ///     pages' ``BuildResult/dependencies``.
    ///   - previous: What the pages of the output as it is depended on, and its files, from the build record:
    ///     a page that read none of the posts edited since is taken as it is.
    ///   - reread: Reads one of the source's ``SiteSource/unread`` files, when what an earlier build made of it
    ///     cannot be found.
    func build(
        _ source: consuming SiteSource, cache: inout BuildCache, streamingPages: Bool, spill: SpillFile? = nil,
        bodyStore: BodyStore? = nil, previous: (dependencies: PageDependencies, files: [String: OutputWriter.KnownFile])? = nil,
        reread: (@Sendable (String) -> SourceFile?)? = nil
    ) -> BuildResult {
        var diagnostics: [Diagnostic] = []
        var clock = StageClock()
        var work = BuildWork()
        func failed() -> BuildResult {
            BuildResult(
                files: [], diagnostics: diagnostics.sortedByPosition(), site: nil, pageCounts: [], timings: clock.stages, work: work)
        }
        cache.validate(
            against: BuildCache.Fingerprint(
                config: source.config, templates: source.templates, includeDrafts: options.includeDrafts,
                includeFuture: options.includeFuture, baseURL: options.baseURL))

        let config = loadConfig(source.config, diagnostics: &diagnostics)
        let (loadedTheme, themeProblems) = Theme.load(templates: source.templates, assets: source.themeAssets)
        diagnostics += themeProblems

        let dates = DateParser(timeZone: config.timeZone)
        // Only `documents` changes, and nothing else holds the array, so that its texts can go once rendered.
        var documents: [Document]
        let readGitHistory: Bool
        let filesShowingTheirTime: Set<String>
        (documents, readGitHistory, filesShowingTheirTime) = readDocuments(
            &source, config: config, dates: dates, bodyStore: bodyStore, reread: reread, cache: &cache, work: &work, clock: &clock,
            diagnostics: &diagnostics)

        var published: [Document]
        let unpublished: Set<String>
        (published, unpublished) = partition(documents)
        diagnostics += writerWarnings(documents, config: config, configPath: source.config?.path)
        let validUntil = validity(of: documents, zone: config.timeZone)
        let routes = claimRoutes(published, diagnostics: &diagnostics)
        pathsKnown?(routes.values.map(\.outputPath))
        let (links, staticFiles) = placeFiles(
            of: source, config: config, documents: documents, published: published, unpublished: unpublished, routes: routes,
            cache: cache, work: &work, diagnostics: &diagnostics)
        clock.lap("photos")
        let routed = published.filter { routes[$0.sourcePath] != nil }
        // Only `routed` keeps the documents from here, and hands them over, so that their texts can go once rendered.
        (documents, published) = ([], [])
        var (finalDocuments, rendered, spilledHTML) = renderBodies(
            consume routed, config: config, links: links, cache: &cache, spill: spill, store: bodyStore, reread: reread, work: &work,
            diagnostics: &diagnostics)
        if streamingPages, !cache.keeps {
            // Nothing after this reads the markdown again; a written build does not keep it (serve's cache does).
            for index in finalDocuments.indices where !finalDocuments[index].body.isEmpty { finalDocuments[index].body = "" }
        }
        clock.lap("markdown")

        guard let theme = loadedTheme else { return failed() }
        checkLayouts(&finalDocuments, theme: theme, diagnostics: &diagnostics)
        if diagnostics.containsErrors, !options.continuesAfterErrors { return failed() }

        let posts = makePosts(finalDocuments, rendered: rendered, spilledHTML: spilledHTML, cache: &cache)
        let relatedMemo = bodyStore?.memo(of: .relatedPosts)
        var (site, siteProblems) = Site.assemble(
            config: config, documents: finalDocuments, rendered: rendered, madePosts: posts, staticFiles: staticFiles + theme.assets,
            relatedPosts: { posts in
                let (related, computed) = RelatedPosts.remembered(posts: posts, memo: relatedMemo)
                work.computedRelatedPosts = computed
                return related
            })
        site.pictures = links.pictures
        site.socialCards = links.socialCards
        diagnostics += siteProblems
        if streamingPages { (rendered, spilledHTML) = ([], []) }
        let jobs = PagePlanner.plan(site)
        pathsKnown?(jobs.map(\.route.outputPath))
        let structure = bodyStore == nil ? [] : PageDependencies.structure(of: site, documents: finalDocuments)
        var dependencies =
            bodyStore == nil
            ? nil
            : PageDependencies(
                site: site, structure: structure, theme: theme, stamps: source.stamps, hashes: source.hashes,
                timeShown: filesShowingTheirTime, now: options.now)
        // Only the pages that show an edited post are rendered, and only the cards they show are filled.
        let editedPosts = streamingPages ? previous.flatMap { dependencies?.changedPosts(since: $0.dependencies) } : nil
        clock.lap("site model")
        let redirects = RedirectPage.all(in: finalDocuments)
        guard
            let stages = renderStages(
                site: site, theme: theme, originLines: { [finalDocuments] in PageOrigins.lines(of: finalDocuments) }, redirects: redirects,
                jobs: jobs, dependencies: &dependencies, editedPosts: editedPosts, streamingPages: streamingPages, cache: &cache,
                bodyStore: bodyStore, previous: previous, work: &work, diagnostics: &diagnostics, clock: &clock)
        else { return failed() }
        var result = stages.result
        let (renderer, pages, origins) = (stages.renderer, stages.pages, stages.origins)
        if streamingPages, cache.keeps {
            result.live = LiveModel(
                renderer: renderer, jobs: pagedJobs(jobs, pages), allJobs: jobs, pages: result.pages,
                documents: cache.parsed.compactMapValues(\.document), links: links, parser: DocumentParser(dates: dates),
                markdown: config.markdown, diagnostics: result.diagnostics)
        } else if streamingPages, bodyStore != nil {
            result.kept = KeptSite(
                site: site, links: links, structure: structure, lines: origins.lines, redirects: redirects,
                positions: PageDependencies.hashes(of: site, documents: finalDocuments, \.positionsHash),
                assemblyWarnings: siteProblems.filter { $0.severity == .warning })
        }
        if !streamingPages {
            result.documents = finalDocuments
            result.bodies = rendered
        }
        result.validUntil = validUntil
        result.readGitHistory = readGitHistory
        result.filesShowingTheirTime = filesShowingTheirTime
        return result
    }

    /// The stages after the model, for a site assembled and for a kept one patched alike: the renderer started, the
    /// pages rendered (or, `streamingPages`, left to be rendered as they are written) and the site's files collected.
    /// - Returns: The result, the renderer, each job's page (`nil` where its template is missing, `""` when streamed)
    ///   and the pages' origins; `nil` when there are errors.
    func renderStages(
        site: Site, theme: Theme, originLines: @escaping @Sendable () -> [String: PageOrigins.KeyLines], redirects: [RedirectPage],
        jobs: [PageJob], dependencies: inout PageDependencies?, editedPosts: Set<Int>?, streamingPages: Bool, cache: inout BuildCache,
        bodyStore: BodyStore?, previous: (dependencies: PageDependencies, files: [String: OutputWriter.KnownFile])?,
        work: inout BuildWork, diagnostics: inout [Diagnostic], clock: inout StageClock
    ) -> (result: BuildResult, renderer: TemplateRenderer, pages: [String?], origins: PageOrigins)? {
        let machine = Self.machineFiles(
            of: site, searchMemos: bodyStore.map { ($0.memo(of: .searchShare), $0.memo(of: .searchIndex)) }, changedPosts: editedPosts)
        // A written build's search files, which need no renderer, are made beside its start.
        let streamsFeeds = streamingPages && !cache.keeps
        let ((renderer, origins, changedPosts), searchFiles) = concurrently(
            {
                startRenderer(
                    site: site, theme: theme, originLines: originLines, jobs: jobs, cache: &cache, bodyStore: bodyStore,
                    editedPosts: editedPosts, previous: previous, dependencies: &dependencies, work: &work)
            }, { streamsFeeds && !Self.mayCollide(site) ? machine.writtenSearchFiles() : nil })
        let pages: [String?]
        if streamingPages {
            pages = jobs.map { theme.has($0.template) ? "" : nil }
            work.renderedPages = jobs.map(\.route.path)
        } else {
            pages = renderPages(jobs, renderer: renderer, work: &work, diagnostics: &diagnostics)
            if let problems = pages.lazy.map({ theme.recursionErrors(in: $0 ?? "") }).first(where: { !$0.isEmpty }) {
                diagnostics += problems
            }
        }
        clock.lap(streamingPages ? "cards" : "templates")
        let defersMachineFiles = streamingPages && cache.keeps
        var (files, pageCounts, feeds) = collectFiles(
            jobs: jobs, pages: pages, site: site, redirects: redirects, origins: origins, machine: machine,
            defersMachineFiles: defersMachineFiles, streamsFeeds: streamsFeeds, searchFiles: searchFiles,
            shape: dependencies?.shape, diagnostics: &diagnostics)
        clock.lap("feeds and files")
        if diagnostics.containsErrors, !options.continuesAfterErrors { return nil }
        var stream = PageStream.empty
        if streamingPages {
            let pagedJobs = pagedJobs(jobs, pages)
            let pageCount = pagedJobs.count
            stream = PageStream(
                jobs: pagedJobs, paths: files[..<pageCount].map(\.path), origins: files[..<pageCount].map(\.origin), renderer: renderer,
                changedPosts: changedPosts, fingerprinted: bodyStore != nil || cache.keeps
            ).appending(feeds, changedPosts: changedPosts)
            files.removeFirst(pageCount)
        }
        var result = BuildResult(
            files: files, diagnostics: diagnostics.sortedByPosition(), site: site, pageCounts: pageCounts,
            timings: clock.stages, work: work)
        result.pages = stream
        result.dependencies = dependencies
        return (result, renderer, pages, origins)
    }
}
