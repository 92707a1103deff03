import Foundation
import SitegenMarkdown

/// The documents stage: `site.yml`, front matter, dates, which documents are published and their URLs.
extension SiteBuilder {
    /// `site.yml` read into settings, with `--base-url` applied.
    func loadConfig(_ file: SourceFile?, diagnostics: inout [Diagnostic]) -> SiteConfig {
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

    /// Every markdown file's document, dated and routed: its front matter parsed (``parseDocuments``), its date
    /// assigned, its URL given. The source's markdown texts are let go once parsed.
    /// - Returns: The documents, whether git history was read for dates, and the files whose modification time the
    ///   output shows.
    func readDocuments(
        _ source: inout SiteSource, config: SiteConfig, dates: DateParser, bodyStore: BodyStore?,
        reread: (@Sendable (String) -> SourceFile?)?, cache: inout BuildCache, work: inout BuildWork, clock: inout StageClock,
        diagnostics: inout [Diagnostic]
    ) -> (documents: [Document], readGitHistory: Bool, filesShowingTheirTime: Set<String>) {
        var parser = DocumentParser(dates: dates)
        parser.memo = bodyStore?.memo(of: .frontMatter)
        parser.documentMemo = bodyStore?.memo(of: .document)
        var documents = parseDocuments(
            &source.markdown, parser: parser, hashes: source.hashes, unread: source.unread, reread: reread, cache: &cache, work: &work,
            diagnostics: &diagnostics)
        source.markdown = []
        clock.lap("front matter")
        let (dateProblems, readGitHistory) = assignDates(to: &documents, dates: dates, root: source.root)
        diagnostics += dateProblems
        let filesShowingTheirTime = Set(
            documents.filter { $0.dateOrigin == .modificationTime || $0.kind == .page }.map { $0.sourcePath })
        assignRoutes(to: &documents, config: config, diagnostics: &diagnostics)
        clock.lap("dates")
        return (documents, readGitHistory, filesShowingTheirTime)
    }

    /// Every markdown file's front matter, read on every core unless the cache has it; files outside the known
    /// folders are skipped. `hashes` are the hashes of the files' texts (``SiteSource/hashes``); a file in `unread`
    /// (not read) is taken as an earlier build parsed it from the same text, or else read with `reread` and parsed.
    func parseDocuments(
        _ files: inout [SourceFile], parser: DocumentParser, hashes: [String: UInt64] = [:], unread: Set<String> = [],
        reread: (@Sendable (String) -> SourceFile?)? = nil, cache: inout BuildCache, work: inout BuildWork,
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
                var file = file
                var fileHash = hashes[file.path]
                if unread.contains(file.path), let hash = fileHash {
                    if let document = parser.parse(unread: file, hash: hash, kind: kind, bundle: bundle) {
                        return BuildCache.ParsedDocument(file: file, document: document, problems: [])
                    }
                    guard let read = reread?(file.path) else {
                        return BuildCache.ParsedDocument(
                            file: file, document: nil, problems: [.error(file.path, 0, 0, "cannot read the file again")])
                    }
                    (file, fileHash) = (read, nil)
                }
                let (document, problems) = parser.parse(file, kind: kind, bundle: bundle, fileHash: fileHash)
                return BuildCache.ParsedDocument(
                    file: keeps ? file : SourceFile(path: file.path, text: "", modified: file.modified), document: document,
                    problems: problems)
            }
            if !keeps { for entry in entries { files[entry.index].text = "" } }
        }
        work.parsedFiles = parsed.count { entry in previous[entry.file.path]?.file != entry.file }
        work.unreadPosts = parsed.count { $0.document?.bodyHash != nil }
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
    static let parseChunk = 2048

    /// The first moment at which the same documents give another site: the start of the next day in `zone`, or
    /// the date of the first post held back as future, if that is sooner.
    func validity(of documents: [Document], zone: TimeZone) -> Date {
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
    func partition(_ documents: [Document]) -> (published: [Document], unpublished: Set<String>) {
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
    func writerWarnings(_ documents: [Document], config: SiteConfig, configPath: String?) -> [Diagnostic] {
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

    /// Publishes documents where `permalink:` or the site's `permalinks` pattern says, once their dates are known.
    func assignRoutes(to documents: inout [Document], config: SiteConfig, diagnostics: inout [Diagnostic]) {
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

    /// Gives every post a date: front matter, else a `YYYY-MM-DD-` file-name prefix, else its last git commit,
    /// else its modification time; the last two with a warning.
    /// - Returns: The warnings, and whether git history was read.
    func assignDates(to documents: inout [Document], dates: DateParser, root: String) -> ([Diagnostic], Bool) {
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
