import Foundation
import SitegenMarkdown

/// Switches for one build.
public struct BuildOptions: Sendable {
    /// Replaces `base_url` from `site.yml`.
    public var baseURL: String?
    /// Publish posts and pages marked `draft: true`.
    public var includeDrafts = false
    /// Publish posts dated after `now`.
    public var includeFuture = false
    /// The moment that decides what is in the future.
    public var now = Date()
    /// Look up dates of undated posts in git history.
    public var useGitDates = true
    /// Go on after content errors as far as the templates, so that `sitegen check` can look at the whole site;
    /// the result still fails.
    public var continuesAfterErrors = false

    /// The defaults: no drafts, no future posts.
    public init() {}
}

/// What a build produced: the files to write, or the errors that stop it.
public struct BuildResult: Sendable {
    /// Every file of the site; empty when the build failed. When the build streams its pages, they are in
    /// ``pages`` instead.
    public var files: [OutputFile]
    /// The pages, rendered as they are written, of a build that streams them.
    public var pages = PageStream.empty
    /// Every problem found, errors and warnings, sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// The site model, when the build got that far.
    public var site: Site?
    /// Pages written by kind, for the summary line: `posts`, `tags`, …
    public var pageCounts: [(kind: String, count: Int)]
    /// Seconds spent in each stage, in order.
    public var timings: [(stage: String, seconds: Double)] = []
    /// What was parsed and rendered, as opposed to reused from a ``BuildCache``.
    public var work = BuildWork()
    /// The moment from which the same sources may give other output: the next day in the site's time zone
    /// (`site.year`, running projects), or the date of the first post held back as future, if sooner.
    public var validUntil = Date.distantFuture
    /// Whether undated posts took their dates from git history, which the output then depends on.
    public var readGitHistory = false
    /// Whether the output was already up to date, so that nothing was built or written; `pageCounts` and the
    /// warnings are the recorded build's.
    public var upToDate = false
    /// The site as `sitegen serve` keeps it for edits it can patch, when the build kept a cache and streamed.
    public var live: LiveModel?
    /// The published documents, and their rendered bodies in the same order, for `sitegen check`.
    public var documents: [Document] = []
    public var bodies: [RenderedMarkdown] = []

    /// Whether the files may be written.
    public var succeeded: Bool { !diagnostics.containsErrors && (site != nil || upToDate) }

    /// A build stopped before it began by `diagnostics` (the site could not be read or written).
    public init(failedWith diagnostics: [Diagnostic]) {
        self.init(files: [], diagnostics: diagnostics, site: nil, pageCounts: [])
    }

    init(
        files: [OutputFile], diagnostics: [Diagnostic], site: Site?, pageCounts: [(kind: String, count: Int)],
        timings: [(stage: String, seconds: Double)] = [], work: BuildWork = BuildWork()
    ) {
        self.files = files
        self.diagnostics = diagnostics
        self.site = site
        self.pageCounts = pageCounts
        self.timings = timings
        self.work = work
    }
}

/// Runs the pipeline from a ``SiteSource`` to the site's files, in memory: load, parse, render, assemble, plan,
/// fill templates. Nothing here touches the disk except the one `git log` for undated posts.
public struct SiteBuilder: Sendable {
    public let options: BuildOptions
    /// Where photos made by earlier builds are kept (`sitegen build`'s cache folder); without it, the build
    /// cache's memory when it keeps things, or nowhere.
    var photoStore: PhotoProcessor.Store?

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
    /// - Parameter spill: Where posts' HTML waits for their pages, instead of memory.
    func build(_ source: consuming SiteSource, cache: inout BuildCache, streamingPages: Bool, spill: SpillFile? = nil)
        -> BuildResult
    {
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
        var documents = parseDocuments(
            &source.markdown, parser: DocumentParser(dates: dates), cache: &cache, work: &work, diagnostics: &diagnostics)
        source.markdown = []
        clock.lap("front matter")
        let (dateProblems, readGitHistory) = assignDates(to: &documents, dates: dates, root: source.root)
        diagnostics += dateProblems
        assignRoutes(to: &documents, config: config, diagnostics: &diagnostics)
        clock.lap("dates")

        let partitioned = partition(documents)
        var published = partitioned.published
        let unpublished = partitioned.unpublished
        diagnostics += writerWarnings(documents, config: config, configPath: source.config?.path)
        let validUntil = validity(of: documents, zone: config.timeZone)
        let routes = claimRoutes(published, diagnostics: &diagnostics)
        let unpublishedBundles = Set(documents.filter { unpublished.contains($0.sourcePath) }.compactMap(\.bundleDirectory))
        let (assetRoutes, placedFiles) = placeAssets(source.assets, published: published, routes: routes, skipping: unpublishedBundles)
        var links = SiteLinks(baseURL: config.baseURL, documents: routes, unpublished: unpublished, assets: assetRoutes)
        let store = photoStore ?? (cache.keeps ? cache.photos : PhotoProcessor.Store(folder: nil, remembers: false))
        var processor = PhotoProcessor(settings: config.images, store: store)
        processor.stamps = source.stamps
        processor.cards = Set(
            published.compactMap { document in document.cover.flatMap { links.localFile($0, from: document.sourcePath) } })
        if let image = config.image, let path = links.localFile("/" + image.drop { $0 == "/" }, from: "site.yml") {
            processor.cards.insert(path)
        }
        let photos = processor.process(placedFiles)
        let staticFiles = photos.files
        // A photo's size is known from making it; only the other images' headers are read.
        links.imageSizes = imageSizes(of: source.assets.filter { photos.photos[$0.path] == nil }, placed: assetRoutes)
        for (path, photo) in photos.photos { links.imageSizes[path] = ImageSize(width: photo.width, height: photo.height) }
        links.photos = photos.photos
        links.brokenImages = photos.problems
        // Each page that shows a refused image fails at its line (a broken link); the file itself is named here.
        for (path, problem) in photos.problems.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(.warning(path, 0, 0, problem + "; it is not published"))
        }
        for (path, message) in photos.misnamed.sorted(by: { $0.key < $1.key }) { diagnostics.append(.warning(path, 0, 0, message)) }
        work.resizedPhotos = photos.resized
        work.locationsRemoved = photos.locationsRemoved
        clock.lap("photos")
        var routed = published.filter { routes[$0.sourcePath] != nil }
        // Only `routed` keeps the documents from here, so that their texts can go once rendered.
        (documents, published) = ([], [])
        var (finalDocuments, rendered, spilledHTML) = renderBodies(
            routed, config: config, links: links, cache: &cache, spill: spill, work: &work, diagnostics: &diagnostics)
        routed = []
        if streamingPages, !cache.keeps {
            // Nothing after this reads the markdown again; a written build does not keep it (serve's cache does).
            for index in finalDocuments.indices { finalDocuments[index].body = "" }
        }
        clock.lap("markdown")

        guard let theme = loadedTheme else { return failed() }
        checkLayouts(&finalDocuments, theme: theme, diagnostics: &diagnostics)
        if diagnostics.containsErrors, !options.continuesAfterErrors { return failed() }

        let posts = makePosts(finalDocuments, rendered: rendered, spilledHTML: spilledHTML, cache: &cache)
        var (site, siteProblems) = Site.assemble(
            config: config, documents: finalDocuments, rendered: rendered, madePosts: posts, staticFiles: staticFiles + theme.assets)
        site.pictures = links.pictures
        site.socialCards = links.socialCards
        diagnostics += siteProblems
        if streamingPages { (rendered, spilledHTML) = ([], []) }
        clock.lap("site model")
        let jobs = PagePlanner.plan(site)
        let renderer = TemplateRenderer(
            site: site, theme: theme, now: options.now, previousCards: cache.cards, previousSite: cache.cardSite)
        work.renderedCards = renderer.renderedCardCount
        if cache.keeps { (cache.cards, cache.cardSite) = (renderer.cards, renderer.siteValue) }
        let pages: [String?]
        if streamingPages {
            pages = jobs.map { theme.has($0.template) ? "" : nil }
            work.renderedPages = jobs.map(\.route.path)
        } else {
            pages = renderPages(jobs, renderer: renderer, cache: &cache, work: &work)
            if pages.contains(where: { !theme.recursionErrors(in: $0 ?? "").isEmpty }) {
                diagnostics += theme.recursionErrors
            }
        }
        clock.lap(streamingPages ? "cards" : "templates")
        let defersMachineFiles = streamingPages && cache.keeps
        var (files, pageCounts) = collectFiles(
            jobs: jobs, pages: pages, site: site, documents: finalDocuments, defersMachineFiles: defersMachineFiles,
            diagnostics: &diagnostics)
        // Feeds read posts' HTML back from the spill file.
        if let reason = spill?.readFailure { diagnostics.append(.error(Route.feed.outputPath, 0, 0, reason)) }
        clock.lap("feeds and files")
        if diagnostics.containsErrors, !options.continuesAfterErrors { return failed() }
        var stream = PageStream.empty
        if streamingPages {
            let pagedJobs = pagedJobs(jobs, pages)
            let pageCount = pagedJobs.count
            stream = PageStream(
                jobs: pagedJobs, paths: files[..<pageCount].map(\.path), origins: files[..<pageCount].map(\.origin), renderer: renderer,
                spill: spill)
            files.removeFirst(pageCount)
        }
        var result = BuildResult(
            files: files, diagnostics: diagnostics.sortedByPosition(), site: site, pageCounts: pageCounts,
            timings: clock.stages, work: work)
        result.pages = stream
        if streamingPages, cache.keeps {
            result.live = LiveModel(
                renderer: renderer, jobs: pagedJobs(jobs, pages), allJobs: jobs, pages: stream,
                documents: cache.parsed.compactMapValues(\.document), links: links, parser: DocumentParser(dates: dates),
                markdown: config.markdown, diagnostics: result.diagnostics)
        }
        if !streamingPages {
            result.documents = finalDocuments
            result.bodies = rendered
        }
        result.validUntil = validUntil
        result.readGitHistory = readGitHistory
        return result
    }

    /// The jobs whose template exists, in the order of their pages in a ``PageStream``.
    private func pagedJobs(_ jobs: [PageJob], _ pages: [String?]) -> [PageJob] {
        zip(jobs, pages).compactMap { job, page in page.map { _ in job } }
    }

    /// Every page filled with its template on every core, except those whose template and values are the same
    /// as in the cached build.
    private func renderPages(_ jobs: [PageJob], renderer: TemplateRenderer, cache: inout BuildCache, work: inout BuildWork)
        -> [String?]
    {
        guard cache.keeps else {
            work.renderedPages = jobs.map(\.route.path)
            return renderer.renderAll(jobs)
        }
        let previous = cache.pages
        let renders = jobs.parallelMap { job -> (RenderedTemplate, Bool) in
            let context = renderer.context(for: job)
            if let cached = previous[job.route], cached.template == job.template, cached.context == context {
                return (cached, false)
            }
            return (RenderedTemplate(template: job.template, context: context, html: renderer.render(job.template, context)), true)
        }
        cache.pages = Dictionary(zip(jobs.map(\.route), renders.map(\.0)), uniquingKeysWith: { first, _ in first })
        work.renderedPages = zip(jobs, renders).compactMap { job, render in render.1 ? job.route.path : nil }
        return renders.map(\.0.html)
    }

    /// `site.yml` read into settings, with `--base-url` applied.
    private func loadConfig(_ file: SourceFile?, diagnostics: inout [Diagnostic]) -> SiteConfig {
        var config = SiteConfig()
        if let file {
            let (parsed, problems) = SiteConfig.parse(file.text, path: file.path)
            config = parsed
            diagnostics += problems
        }
        if let override = options.baseURL {
            switch SiteURL.parse(override) {
            case .success(let url): config.baseURL = url
            case .failure(let problem): diagnostics.append(.error("--base-url", 0, 0, problem.message))
            }
        }
        return config
    }

    /// Every markdown file's front matter, read on every core unless the cache has it; files outside the known
    /// folders are skipped.
    private func parseDocuments(
        _ files: inout [SourceFile], parser: DocumentParser, cache: inout BuildCache, work: inout BuildWork,
        diagnostics: inout [Diagnostic]
    ) -> [Document] {
        var classified: [(index: Int, kind: ContentKind, bundle: String?)] = []
        for (index, file) in files.enumerated() {
            if let (kind, bundle) = DocumentParser.classify(file.path) {
                classified.append((index, kind, bundle))
            } else {
                diagnostics.append(
                    .warning(
                        file.path, 0, 0,
                        "markdown outside content/posts/, content/projects/ and content/pages/ is not published; move it into one of them"))
            }
        }
        let previous = cache.parsed
        let keeps = cache.keeps
        var parsed: [BuildCache.ParsedDocument] = []
        // A build that keeps nothing parses a chunk at a time and lets go of each chunk's texts, so that a site's
        // markdown is never in memory twice (as files and as documents).
        let chunkSize = keeps ? max(1, classified.count) : Self.parseChunk
        for start in stride(from: 0, to: classified.count, by: chunkSize) {
            let entries = classified[start..<min(start + chunkSize, classified.count)]
            let chunk = entries.map { (files[$0.index], $0.kind, $0.bundle) }
            parsed += chunk.parallelMap { file, kind, bundle -> BuildCache.ParsedDocument in
                if let cached = previous[file.path], cached.file == file { return cached }
                let (document, problems) = parser.parse(file, kind: kind, bundle: bundle)
                return BuildCache.ParsedDocument(
                    file: keeps ? file : SourceFile(path: file.path, text: "", modified: file.modified), document: document,
                    problems: problems)
            }
            if !keeps { for entry in entries { files[entry.index].text = "" } }
        }
        work.parsedFiles = parsed.count { entry in previous[entry.file.path]?.file != entry.file }
        if keeps {
            cache.parsed = Dictionary(parsed.map { ($0.file.path, $0) }, uniquingKeysWith: { first, _ in first })
        }
        var documents: [Document] = []
        for entry in parsed {
            diagnostics += entry.problems
            if let document = entry.document { documents.append(document) }
        }
        return documents
    }

    /// How many files a build that keeps nothing parses before letting go of their texts.
    private static let parseChunk = 2048

    /// The first moment at which the same documents give another site: the start of the next day in `zone`, or
    /// the date of the first post held back as future, if that is sooner.
    private func validity(of documents: [Document], zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let today = calendar.startOfDay(for: options.now)
        var until = calendar.date(byAdding: .day, value: 1, to: today) ?? options.now
        if !options.includeFuture {
            for document in documents where document.kind == .post {
                if let date = document.date, date > options.now, date < until { until = date }
            }
        }
        return until
    }

    /// The documents to publish, and the source paths of those held back (drafts, future posts).
    private func partition(_ documents: [Document]) -> (published: [Document], unpublished: Set<String>) {
        var published: [Document] = []
        var unpublished: Set<String> = []
        for document in documents {
            let isDraft = document.draft && !options.includeDrafts
            let isFuture = document.kind == .post && !options.includeFuture && (document.date ?? .distantPast) > options.now
            if isDraft || isFuture {
                unpublished.insert(document.sourcePath)
            } else {
                published.append(document)
            }
        }
        return (published, unpublished)
    }

    /// What `check` would say that a writer should hear on every build: front-matter keys that look like typos
    /// of known ones, posts held back because they are dated in the future (one line), and a site without a
    /// `base_url` host, whose feeds, sitemap and canonical links would then be relative.
    private func writerWarnings(_ documents: [Document], config: SiteConfig, configPath: String?) -> [Diagnostic] {
        var warnings = SiteChecker.keyTypos(in: documents)
        if !options.includeFuture {
            let future = documents.filter {
                $0.kind == .post && !($0.draft && !options.includeDrafts) && ($0.date ?? .distantPast) > options.now
            }
            if let next = future.min(by: { ($0.date ?? .distantFuture, $0.sourcePath) < ($1.date ?? .distantFuture, $1.sourcePath) }),
                let date = next.date
            {
                let position = next.position(of: "date")
                let count = future.count == 1 ? "1 post is" : "\(future.count) posts are"
                warnings.append(
                    .warning(
                        next.sourcePath, position.line, position.column,
                        "\(count) dated in the future and not published yet; the next is this one, on "
                            + "\(CalendarDate(date, in: config.timeZone).isoDay); pass --future to include them"))
            }
        }
        if config.baseURL.origin.isEmpty, !documents.isEmpty {
            warnings.append(
                .warning(
                    configPath ?? "site.yml", 1, 1,
                    "no `base_url` with a host: feed ids, the sitemap and canonical links are relative, which feed readers and "
                        + "search engines reject; set `base_url: https://…` in site.yml or pass --base-url"))
        }
        return warnings
    }

    /// Each document's route by source path; a route claimed twice, or one sitegen makes itself, is an error.
    private func claimRoutes(_ published: [Document], diagnostics: inout [Diagnostic]) -> [String: Route] {
        var routes: [String: Route] = [:]
        var owners: [Route: String] = [:]
        for document in published {
            let route = Self.route(of: document)
            let conflict: String? =
                if document.kind == .page, Self.reservedPageSlugs.contains(document.slug) {
                    "the URL \(route.path) belongs to a page sitegen makes; give this page another `slug:`"
                } else if let owner = owners[route] {
                    "\(owner) already has the URL \(route.path); give one of them a different `slug:`"
                } else {
                    nil
                }
            if let conflict {
                let position = document.position(of: "slug")
                diagnostics.append(.error(document.sourcePath, position.line, position.column, conflict))
                continue
            }
            owners[route] = document.sourcePath
            routes[document.sourcePath] = route
        }
        return routes
    }

    /// Where each copied file goes: files of a bundle beside its page, other content files at their own path,
    /// files of an unpublished bundle nowhere.
    /// The pixel size of each placed image, read from the file's header on every core.
    private func imageSizes(of assets: [AssetFile], placed: [String: Route]) -> [String: ImageSize] {
        let images = assets.filter { asset in
            placed[asset.path] != nil && ImageHeader.extensions.contains((asset.path as NSString).pathExtension.lowercased())
        }
        let sizes = concurrentMap(count: images.count, state: {}) { _, index -> ImageSize? in
            switch images[index].contents {
            case .file(let path): ImageHeader.size(ofFileAt: path)
            case .bytes(let bytes): ImageHeader.size(of: bytes)
            }
        }
        var result: [String: ImageSize] = [:]
        for (image, size) in zip(images, sizes) { result[image.path] = size }
        return result
    }

    private func placeAssets(
        _ assets: [AssetFile], published: [Document], routes: [String: Route], skipping unpublishedBundles: Set<String>
    ) -> (routes: [String: Route], files: [StaticFile]) {
        var assetRoutes: [String: Route] = [:]
        var staticFiles: [StaticFile] = []
        let bundles = Dictionary(
            published.compactMap { document in
                document.bundleDirectory.flatMap { folder in routes[document.sourcePath].map { (folder, $0) } }
            },
            uniquingKeysWith: { first, _ in first })
        for asset in assets {
            var route: Route?
            var folder = asset.path
            while let slash = folder.dropLast().lastIndex(of: "/") {
                folder = String(folder[...slash])
                if let bundleRoute = bundles[folder] {
                    route = bundleRoute.appending(String(asset.path.dropFirst(folder.count)))
                    break
                }
                if unpublishedBundles.contains(folder) { break }
            }
            if route == nil, !unpublishedBundles.contains(folder) {
                route = .file(String(asset.path.dropFirst("content/".count)))
            }
            guard let route else { continue }
            assetRoutes[asset.path] = route
            staticFiles.append(StaticFile(route: route, contents: asset.contents, source: asset.path))
        }
        return (assetRoutes, staticFiles)
    }

    /// Every body rendered on every core unless the cache has it, with broken links reported and `cover`
    /// resolved like a link. With `spill` (a written build, which keeps no cache), bodies are rendered a chunk at
    /// a time and each post's HTML goes to the spill file as soon as it is made (returned by index, `nil` for
    /// other documents); its plain text is cut to what the site keeps of it and its link lists are dropped, so
    /// that the site's HTML is never in memory whole.
    private func renderBodies(
        _ documents: [Document], config: SiteConfig, links: SiteLinks, cache: inout BuildCache, spill: SpillFile?,
        work: inout BuildWork, diagnostics: inout [Diagnostic]
    ) -> ([Document], [RenderedMarkdown], [StoredText?]) {
        var sources = documents.map { (source: Self.markdownSource(of: $0), path: $0.sourcePath) }
        let previous = cache.bodies
        // Under the same links, a body is rendered again only if its text changed.
        let sameLinks = cache.keeps && cache.links == links
        let stale = sources.indices.filter { index in
            let (source, path) = sources[index]
            guard let cached = previous[path] else { return true }
            return sameLinks ? cached.source != source : !cached.isValid(for: source, path: path, links: links)
        }
        // A cached body passed these bounds when it was rendered.
        for (position, problems) in stale.map({ sources[$0].source }).parallelMap(Self.markdownBounds.problems(in:)).enumerated()
        where !problems.isEmpty {
            let index = stale[position]
            for problem in problems { diagnostics.append(.error(sources[index].path, problem.line, 1, problem.message)) }
            sources[index].source.text = ""
        }
        if cache.keeps { cache.links = links }
        let renderer = MarkdownRenderer(options: config.markdown)
        var fresh: [RenderedMarkdown] = []
        var spilled = [StoredText?](repeating: nil, count: spill == nil ? 0 : sources.count)
        let chunkSize = spill == nil ? max(1, stale.count) : Self.spillChunk
        let typesetter = MathTypesetter()
        var firstFormula: (path: String, line: Int)?
        var formulaCount = 0
        for start in stride(from: 0, to: stale.count, by: chunkSize) {
            let indices = stale[start..<min(start + chunkSize, stale.count)]
            var chunk = renderer.renderAll(indices.map { sources[$0] }, links: links)
            for (index, body) in zip(indices, chunk) where !body.formulas.isEmpty {
                if firstFormula == nil { firstFormula = (sources[index].path, body.formulas[0].line) }
                formulaCount += body.formulas.count
            }
            diagnostics += typesetter.typeset(&chunk, paths: indices.map { sources[$0].path })
            if let spill {
                let stored = zip(indices, chunk).map { index, body in documents[index].kind == .post ? body.html : nil }
                    .parallelMap { html in html.map(spill.store) }
                for (offset, index) in indices.enumerated() where stored[offset] != nil {
                    spilled[index] = stored[offset]
                    chunk[offset].html = ""
                    chunk[offset].plainText = Self.keptText(of: chunk[offset])
                    // What `check` and the cache read of a body; a build that spills has neither.
                    (chunk[offset].links, chunk[offset].resolvedLinks) = ([], [:])
                }
            }
            fresh += chunk
        }
        if let reason = typesetter.unavailable, let (path, line) = firstFormula {
            diagnostics.append(
                .warning(
                    path, line, 0,
                    "math: \(reason); \(countLabel(formulaCount, "formula")) shown as TeX. "
                        + "On Debian: apt-get install nodejs katex"))
        }
        var rendered = sources.map { previous[$0.path]?.rendered }
        for (index, body) in zip(stale, fresh) { rendered[index] = body }
        work.renderedBodies = fresh.count
        let bodies = rendered.compactMap { $0 }
        if cache.keeps {
            // An entry that was reused stays the same object; only bodies rendered again make new ones.
            let rerendered = Set(stale)
            cache.bodies = Dictionary(
                zip(sources, bodies).enumerated().map { index, pair in
                    let (source, body) = pair
                    let kept = rerendered.contains(index) ? nil : previous[source.path]
                    return (source.path, kept ?? BuildCache.RenderedBody(source: source.source, rendered: body))
                },
                uniquingKeysWith: { first, _ in first })
        }
        return (resolveCovers(documents, bodies: bodies, links: links, diagnostics: &diagnostics), bodies, spilled)
    }

    /// The post each post document makes (`nil` for other documents), with its HTML from `spilledHTML` when it
    /// was spilled. A post whose document and rendered body are the very ones of the cached build is reused.
    private func makePosts(
        _ documents: [Document], rendered: [RenderedMarkdown], spilledHTML: [StoredText?], cache: inout BuildCache
    ) -> [Post?] {
        let previous = cache.posts
        let bodies = cache.bodies
        // Each post, with the cache entry it comes from or makes (none when the build keeps no cache).
        let made = Array(documents.indices).parallelMap { index -> (post: Post, entry: BuildCache.MadePost?)? in
            let document = documents[index]
            guard document.kind == .post else { return nil }
            let body = bodies[document.sourcePath]
            if let cached = previous[document.sourcePath], let body, cached.body === body, cached.document == document {
                return (cached.post, cached)
            }
            var post = Post(document: document, body: rendered[index])
            if index < spilledHTML.count, let html = spilledHTML[index] { post.storedHTML = html }
            return (post, body.map { BuildCache.MadePost(document: document, body: $0, post: post) })
        }
        if cache.keeps {
            var entries: [String: BuildCache.MadePost] = [:]
            for (document, made) in zip(documents, made) { entries[document.sourcePath] = made?.entry }
            cache.posts = entries
        }
        return made.map { $0?.post }
    }

    /// A body's notices as warnings: each kind once, at its first place, with how many more the file has.
    static func warnings(for notices: [MarkdownNotice], in path: String) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let templateTags = notices.filter { $0.kind != .rawHTMLOmitted }
        if let first = templateTags.first, case .templateSyntax(let tag) = first.kind {
            let more = templateTags.count > 1 ? " (and \(templateTags.count - 1) more in this file)" : ""
            let message: String
            if tag.hasPrefix("{{<") || tag.hasPrefix("{{%") {
                message = "Hugo shortcode `\(tag)` is not run by sitegen and is published as text\(more); write it as markdown"
            } else if tag.hasPrefix("{%") {
                message =
                    "Liquid tag `\(tag)` is not run by sitegen and is published as text\(more); write it as markdown "
                    + "(a fenced code block for `highlight`, a link to the .md file for `post_url`)"
            } else {
                message = "Liquid variable `\(tag)` is not filled in by sitegen and is published as text\(more); write the value itself"
            }
            warnings.append(.warning(path, first.line, first.column, message))
        }
        if let raw = notices.first(where: { $0.kind == .rawHTMLOmitted }) {
            warnings.append(
                .warning(
                    path, raw.line, raw.column,
                    "raw HTML is left out of the page; set `unsafe: true` under `markdown:` in site.yml to publish it"))
        }
        return warnings
    }

    /// How many bodies are rendered before their HTML goes to the spill file.
    private static let spillChunk = 1024

    /// As much of `body`'s plain text as a post uses: the start it keeps for search, unless the summary derived
    /// from that start would differ from the one derived from the whole text.
    private static func keptText(of body: RenderedMarkdown) -> String {
        let kept = MachineFiles.cut(body.plainText, to: MachineFiles.searchTextLength)
        return kept.utf8.count == body.plainText.utf8.count || summaryText(kept).hasSuffix("…") ? kept : body.plainText
    }

    /// A document's body as the markdown renderer takes it.
    static func markdownSource(of document: Document) -> MarkdownSource {
        let titleHeading: TitleHeading = document.title.map { .dropIfRepeats($0) } ?? .extract
        return MarkdownSource(text: document.body, firstLine: document.bodyFirstLine, titleHeading: titleHeading)
    }

    /// What markdown may ask of cmark-gfm before it is refused (see ``Limits``).
    static let markdownBounds = MarkdownBounds(
        cellsPerByte: Limits.tableCellsPerByte, fixedCells: Limits.tableCellsFixed, openBrackets: Limits.bracketOpenersPerParagraph)

    /// Reports each body's broken links, and resolves `cover` like a link.
    private func resolveCovers(
        _ documents: [Document], bodies rendered: [RenderedMarkdown], links: SiteLinks, diagnostics: inout [Diagnostic]
    ) -> [Document] {
        var resolved = documents
        for (index, body) in rendered.enumerated() {
            let document = documents[index]
            for broken in body.brokenLinks {
                diagnostics.append(.error(document.sourcePath, broken.link.line, broken.link.column, broken.message))
            }
            diagnostics += Self.warnings(for: body.notices, in: document.sourcePath)
            guard let cover = document.cover else { continue }
            switch links.resolve(cover, from: document.sourcePath) {
            case .rewrite(let url): resolved[index].cover = url
            case .keep: break
            case .broken(let message):
                let position = document.position(of: "cover")
                diagnostics.append(.error(document.sourcePath, position.line, position.column, message))
            }
        }
        return resolved
    }

    /// A `layout` naming a template that does not exist (an imported blog's `archives` or `search`) is a warning at
    /// the `layout:` line, and the page is made with its kind's built-in template.
    private func checkLayouts(_ documents: inout [Document], theme: Theme, diagnostics: inout [Diagnostic]) {
        for index in documents.indices {
            let document = documents[index]
            let template = PagePlanner.template(for: document.layout, default: document.kind.defaultTemplate)
            guard !theme.has(template) else { continue }
            let position = document.position(of: "layout")
            diagnostics.append(
                .warning(
                    document.sourcePath, position.line, position.column,
                    "layout `\(template)` has no template, so the built-in `\(document.kind.defaultTemplate)` one is used; "
                        + "add templates/\(template).mustache or remove `layout:`"))
            documents[index].layout = nil
        }
    }

    /// The rendered pages and copied files as output files, and how many of each kind; a copied file that would
    /// replace a page is an error.
    private func collectFiles(
        jobs: [PageJob], pages: [String?], site: Site, documents: [Document], defersMachineFiles: Bool,
        diagnostics: inout [Diagnostic]
    ) -> ([OutputFile], [(kind: String, count: Int)]) {
        var files: [OutputFile] = []
        files.reserveCapacity(jobs.count + site.staticFiles.count)
        var counts: [String: Int] = [:]
        let origins = PageOrigins(site: site, documents: documents)
        var writtenBy: [String: OutputFile.Origin?] = [:]
        for (job, html) in zip(jobs, pages) {
            guard let html else {
                diagnostics.append(.error("templates/\(job.template).mustache", 0, 0, "template `\(job.template)` does not exist"))
                continue
            }
            let origin = origins.origin(of: job.content)
            if let earlier = writtenBy[job.route.outputPath] {
                // Two pages at one path: a permalink that lands on another page or on one sitegen makes. The error
                // goes to a document's file, the one that can move.
                let (blamed, other) = origin == nil ? (earlier, origin) : (origin, earlier)
                let what = other.map { "the page made from \($0.path)" } ?? "a page sitegen makes"
                let place = blamed ?? OutputFile.Origin(path: "site.yml")
                diagnostics.append(
                    .error(
                        place.path, max(place.line, 1), 1,
                        "this page would be written to \(job.route.outputPath), as \(what) is; give it another `permalink:` or `slug:`"))
                continue
            }
            writtenBy[job.route.outputPath] = origin
            files.append(OutputFile(path: job.route.outputPath, text: html, origin: origin))
            counts[Self.countKey(job.content), default: 0] += 1
        }
        for redirect in RedirectPage.all(in: documents) {
            if let earlier = writtenBy[redirect.from.outputPath] {
                let what = earlier.map { "the page made from \($0.path)" } ?? "a page sitegen makes"
                diagnostics.append(
                    .error(
                        redirect.origin.path, redirect.origin.line, 1,
                        "the old path \(redirect.from.path) is \(what); remove it from the aliases"))
                continue
            }
            writtenBy[redirect.from.outputPath] = redirect.origin
            files.append(OutputFile(path: redirect.from.outputPath, text: redirect.html(url: site.config.baseURL), origin: redirect.origin))
            counts["redirects", default: 0] += 1
        }
        // The preview server makes feeds and the search index when they are asked for, unless a copied file
        // may collide with one of them, which only making them tells.
        let defers = defersMachineFiles && !site.staticFiles.contains { MachineFiles.mayWrite(String($0.route.path.dropFirst())) }
        let machineFiles = defers ? [] : MachineFiles(site: site).files(pages: jobs)
        let machinePaths = Set(machineFiles.map(\.path))
        for file in site.staticFiles {
            let path = String(file.route.path.dropFirst())
            if let earlier = writtenBy[path] {
                let what = earlier.map { "the page made from \($0.path)" } ?? "a generated page"
                diagnostics.append(.error(file.source, 0, 0, "this file would be written to \(path), as \(what) is; rename or move it"))
                continue
            }
            if machinePaths.contains(path), path != Route.robots.outputPath {
                diagnostics.append(
                    .error(file.source, 0, 0, "\(path) is a file sitegen makes for every site; rename or move this one"))
                continue
            }
            writtenBy[path] = OutputFile.Origin(path: file.source)
            files.append(
                OutputFile(path: path, contents: file.contents, origin: OutputFile.Origin(path: file.source), identity: file.identity))
        }
        counts["files", default: 0] += site.staticFiles.count
        for file in machineFiles where writtenBy[file.path] == nil {
            files.append(file)
        }
        // The split search index counts as one index, however many files it has.
        let searchParts = machineFiles.count { $0.path.hasPrefix("search/") && $0.path.hasSuffix(".json") }
        if !defers { counts["feeds", default: 0] += machineFiles.count - max(0, searchParts - 1) }
        let order = ["home", "posts", "tags", "projects", "series", "skills", "archive", "pages", "404", "redirects", "feeds", "files"]
        return (files, order.compactMap { key in counts[key].map { (key, $0) } })
    }

    /// Publishes documents where `permalink:` or the site's `permalinks` pattern says, once their dates are known.
    private func assignRoutes(to documents: inout [Document], config: SiteConfig, diagnostics: inout [Diagnostic]) {
        for index in documents.indices {
            let document = documents[index]
            if let permalink = document.permalink {
                documents[index].route = permalink
            } else if let pattern = config.permalinks[document.kind] {
                let filled = Route.permalink(pattern, slug: document.slug, date: document.date, zone: config.timeZone)
                switch Route.written(filled) {
                case .success(let route): documents[index].route = route
                case .failure(let problem):
                    let position = document.position(of: "slug")
                    diagnostics.append(.error(document.sourcePath, position.line, position.column, "its permalink \(problem.message)"))
                }
            }
        }
    }

    /// The route a published document gets.
    static func route(of document: Document) -> Route {
        if let route = document.route { return route }
        switch document.kind {
        case .post: return .post(document.slug)
        case .project: return .project(document.slug)
        case .page: return .page(document.slug)
        }
    }

    private static func countKey(_ content: PageContent) -> String {
        switch content {
        case .home: return "home"
        case .post: return "posts"
        case .tags, .tag: return "tags"
        case .projects, .project: return "projects"
        case .archive: return "archive"
        case .skills: return "skills"
        case .series, .seriesIndex: return "series"
        case .page, .search: return "pages"
        case .notFound: return "404"
        }
    }

    /// Gives every post a date: front matter, else a `YYYY-MM-DD-` file-name prefix, else its last git commit,
    /// else its modification time; the last two with a warning.
    /// - Returns: The warnings, and whether git history was read.
    private func assignDates(to documents: inout [Document], dates: DateParser, root: String) -> ([Diagnostic], Bool) {
        var diagnostics: [Diagnostic] = []
        var undated: [Int] = []
        for index in documents.indices where documents[index].kind == .post && documents[index].date == nil {
            let location = documents[index].bundleDirectory.map { String($0.dropLast()) } ?? documents[index].sourcePath
            let name = location.split(separator: "/").last.map(String.init) ?? ""
            if let date = dates.parseFileNamePrefix(name) {
                documents[index].date = date
                documents[index].dateOrigin = .fileName
            } else {
                undated.append(index)
            }
        }
        guard !undated.isEmpty else { return ([], false) }
        let history = options.useGitDates ? GitHistory.lastCommitDates(root: root) : [:]
        let zone = dates.timeZone
        for index in undated {
            let path = documents[index].sourcePath
            if let date = history[path] {
                documents[index].date = date
                documents[index].dateOrigin = .gitCommit
                diagnostics.append(
                    .warning(
                        path, 1, 1,
                        "no date in front matter or file name; using its last commit, \(CalendarDate(date, in: zone).isoDay). Add `date:` to fix it"
                    ))
            } else {
                documents[index].date = documents[index].modified
                documents[index].dateOrigin = .modificationTime
                diagnostics.append(
                    .warning(
                        path, 1, 1,
                        "no date in front matter, file name or git history; using its modification time, \(CalendarDate(documents[index].modified, in: zone).isoDay). Add `date:` to fix it"
                    ))
            }
        }
        return (diagnostics, options.useGitDates)
    }
}

/// Measures the stages of a build.
struct StageClock {
    private var last = ContinuousClock.now
    private(set) var stages: [(stage: String, seconds: Double)] = []

    /// Records the time since the previous lap under `stage`.
    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        stages.append((stage, last.duration(to: now).seconds))
        last = now
    }
}
