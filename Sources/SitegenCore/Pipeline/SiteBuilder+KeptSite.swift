import Foundation

/// The rebuild that patches the site the last build kept (``KeptSite``) instead of reading, rendering and assembling
/// every post again.
extension SiteBuilder {
    /// The build after edits that keep the site's shape: the edited posts are read, rendered and put in place in the
    /// site the last build kept, and the stages after the model (``renderStages``) render only the pages that show
    /// them. It reads nothing of the posts it did not edit.
    ///
    /// `nil`, for a whole build, unless all of this holds:
    /// - the day is that of the record (``BuildRecord/validUntil``), and every input but the edited posts is as
    ///   `record` has it: none added or removed, none changed, none whose time shows touched;
    /// - each edited post is one the site published, and still is, with the same ``Document/structureHash``: its
    ///   place, tags, projects, series and URL are the same, so every other value of the site is;
    /// - the record's warnings are this build's: an edited post has none but those the site's assembly gave it,
    ///   with its keys where they were, and reading it gives none;
    /// - `kept` is the site `record`'s dependencies describe (``KeptSite/find(_:inputs:store:)``), with the base URL
    ///   of the settings now.
    /// - Parameters:
    ///   - changed: The files whose stamp is not the record's as of before its build began
    ///     (``InputComparison/changed``): the others are not looked at.
    ///   - previous: The record's dependencies and the output's files as it knows them.
    ///   - loadProblems: What reading the site found, which must name no edited post.
    func rebuildKeptSite(
        _ source: borrowing SiteSource, kept: KeptSite?, record: BuildRecord, changed: [String],
        previous: (dependencies: PageDependencies, files: [String: OutputWriter.KnownFile]), bodyStore: BodyStore,
        loadProblems: [Diagnostic]
    ) -> BuildResult? {
        guard options.now.timeIntervalSince1970 < record.validUntil, source.stamps.count == record.inputs.count,
            let editedPaths = Self.editedPosts(source, looking: changed, record: record)
        else { return nil }
        var clock = StageClock()
        let edited = Set(editedPaths)
        guard !loadProblems.contains(where: { edited.contains($0.path) }) else { return nil }
        let warned = record.warnings.filter { edited.contains($0.path) }
        var ignored: [Diagnostic] = []
        let config = loadConfig(source.config, diagnostics: &ignored)
        guard let theme = Theme.load(templates: source.templates, assets: source.themeAssets).0, var kept,
            kept.links.baseURL == config.baseURL,
            // The warnings an edited post has are those of the structure it keeps (they are checked to be where they were).
            warned.allSatisfy(kept.assemblyWarnings.contains)
        else { return nil }
        kept.site.config = config
        clock.lap("kept site")
        let placed = Set(warned.map(\.path))

        // The edited posts, read as a whole build reads them.
        let dates = DateParser(timeZone: config.timeZone)
        var parser = DocumentParser(dates: dates)
        parser.memo = bodyStore.memo(of: .frontMatter)
        var documents: [Document] = []
        var indices: [Int] = []
        for file in source.markdown where edited.contains(file.path) {
            guard let (kind, bundle) = DocumentParser.classify(file.path), kind == .post,
                let index = kept.site.posts.firstIndex(where: { $0.sourcePath == file.path })
            else { return nil }
            let (document, problems) = parser.parse(file, kind: kind, bundle: bundle, fileHash: source.hashes[file.path])
            guard let document, problems.isEmpty else { return nil }
            documents.append(document)
            indices.append(index)
        }
        guard documents.count == edited.count else { return nil }
        var problems: [Diagnostic] = []
        let (dateProblems, _) = assignDates(to: &documents, dates: dates, root: source.root)
        assignRoutes(to: &documents, config: config, diagnostics: &problems)
        problems += dateProblems + SiteChecker.keyTypos(in: documents)
        guard problems.isEmpty, partition(documents).unpublished.isEmpty,
            zip(documents, indices).allSatisfy({ document, index in
                document.structureHash == kept.structure[index]
                    && (!placed.contains(document.sourcePath) || document.positionsHash == kept.positions[index])
            })
        else { return nil }
        clock.lap("front matter")
        var work = BuildWork()
        var noCache = BuildCache.none
        var (final, bodies, html) = renderBodies(
            documents, config: config, links: kept.links, cache: &noCache, spill: bodyStore.file, store: bodyStore, work: &work,
            diagnostics: &problems)
        checkLayouts(&final, theme: theme, diagnostics: &problems)
        guard problems.isEmpty else { return nil }
        clock.lap("markdown")

        // Put in place: the site gave each post its tag slugs and related posts, which its structure decides.
        var dependencies: PageDependencies? = previous.dependencies
        for ((document, made), index) in zip(zip(final, makePosts(final, rendered: bodies, spilledHTML: html, cache: &noCache)), indices) {
            guard var post = made else { return nil }
            (post.tags, post.related) = (kept.site.posts[index].tags, kept.site.posts[index].related)
            kept.site.posts[index] = post
            kept.patched.insert(index)
            kept.positions[index] = document.positionsHash
            dependencies?.posts[index] = PageDependencies.presentationHash(of: post, fileHash: source.hashes[document.sourcePath])
            kept.lines[document.sourcePath] = PageOrigins.KeyLines(document)
            var redirects = RedirectPage.all(in: [document])[...]
            for place in kept.redirects.indices where kept.redirects[place].origin.path == document.sourcePath {
                if let redirect = redirects.popFirst() { kept.redirects[place] = redirect }
            }
        }
        let site = kept.site
        let jobs = PagePlanner.plan(site)
        let editedPosts = dependencies?.changedPosts(since: previous.dependencies)
        clock.lap("site model")
        var diagnostics = record.warnings
        // What the last build kept of the posts not edited is kept as it is, and need not be noted as it is found.
        bodyStore.keepEverything()
        guard
            var result = renderStages(
                site: site, theme: theme, originLines: { [lines = kept.lines] in lines }, redirects: kept.redirects, jobs: jobs,
                dependencies: &dependencies, editedPosts: editedPosts, streamingPages: true, cache: &noCache, bodyStore: bodyStore,
                previous: previous, work: &work, diagnostics: &diagnostics, clock: &clock)?.result
        else { return nil }
        result.work.patchedKeptSite = true
        result.work.parsedFiles = documents.count
        result.work.unreadPosts = source.unread.count
        result.kept = kept
        result.validUntil = Date(timeIntervalSince1970: record.validUntil)
        result.readGitHistory = record.gitHead != nil
        result.filesShowingTheirTime = Set(record.inputs.compactMap { path, input in input.timeShows ? path : nil })
        return result
    }

    /// Whether the file at `path` is a post's markdown.
    static func isPost(_ path: String) -> Bool {
        path.hasPrefix("content/posts/") && (path.hasSuffix(".md") || path.hasSuffix(".markdown"))
    }

    /// The inputs among `changed` (the others have the record's stamps) whose text differs from what `record` read,
    /// when each was read (and hashed) by this build; `nil` when another input changed, or one whose time shows was
    /// touched.
    static func editedPosts(_ source: borrowing SiteSource, looking changed: [String], record: BuildRecord) -> [String]? {
        let recent = record.started - 1_000_000_000
        var edited: [String] = []
        for path in changed {
            guard let stamp = source.stamps[path], let recorded = record.inputs[path] else { return nil }
            if recorded.stamp == stamp, stamp.modified < recent { continue }
            if recorded.timeShows, recorded.stamp.modified != stamp.modified { return nil }
            guard let hash = source.hashes[path] else { return nil }
            if recorded.hash != hash { edited.append(path) }
        }
        return edited
    }
}
