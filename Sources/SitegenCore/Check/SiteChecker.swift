import Foundation
import SitegenMarkdown

/// `sitegen check`: what a build reports, plus what a build lets through but a reader would trip over: links to
/// `#anchors` that match no heading, root-relative links to pages that do not exist, images and files that are
/// not there (in markdown and in the `href` and `src` of raw HTML), posts without a summary, and front-matter
/// keys that look like a typo of a known one.
public struct SiteChecker: Sendable {
    public let options: BuildOptions

    /// Where photos resized by earlier builds are found (the cache folder's), so that a check of a site with many
    /// photos resizes none of them again; the check writes nothing there.
    var photoFolder: String?

    /// Creates a checker; `cache` is the site's cache folder, if it may be used.
    public init(options: BuildOptions = BuildOptions(), cache: CacheFolder? = nil) {
        self.options = options
        photoFolder = cache.map { $0.path + "/photos" }
    }

    /// The size over which an image that sitegen cannot resize (a GIF) is worth a warning.
    static let heavyImageBytes = 1_000_000

    /// GIFs (which are copied as they are) of more than ``heavyImageBytes``: every reader downloads them whole.
    private func checkHeavyImages(_ site: Site) -> [Diagnostic] {
        site.staticFiles.compactMap { file in
            guard file.route.path.lowercased().hasSuffix(".gif") else { return nil }
            let bytes: Int
            switch file.contents {
            case .bytes(let stored): bytes = stored.count
            case .file(let path):
                var info = stat()
                guard stat(path, &info) == 0 else { return nil }
                bytes = Int(info.st_size)
            }
            guard bytes > Self.heavyImageBytes else { return nil }
            let megabytes = String(format: "%.1f", Double(bytes) / 1_000_000)
            return .warning(
                file.source, 0, 0,
                "\((file.source as NSString).lastPathComponent) is \(megabytes) MB and cannot be resized, so every reader downloads all of it; make it a video or a WebP"
            )
        }
    }

    /// Builds `source` in memory and returns every problem, sorted by position; with `strict`, warnings are errors.
    public func check(_ source: SiteSource, strict: Bool = false) -> [Diagnostic] {
        var options = options
        options.continuesAfterErrors = true
        var builder = SiteBuilder(options: options)
        builder.photoStore = photoFolder.map { PhotoProcessor.Store(folder: $0, writes: false) }
        let result = builder.build(source)
        var problems = result.diagnostics
        if let site = result.site {
            problems += checkLinks(result, site: site)
            problems += checkSummaries(result)
            problems += checkTagSpellings(result.documents, site: site)
            problems += checkHeavyImages(site)
        }
        problems += Self.keyTypos(in: result.documents.isEmpty ? parsedDocuments(source) : result.documents)
        if strict {
            problems = problems.map { problem in
                var problem = problem
                problem.severity = .error
                return problem
            }
        }
        var seen: Set<String> = []
        return problems.sortedByPosition().filter { seen.insert($0.description).inserted }
    }

    /// Front matter of every file, for key checks when the build stopped before publishing anything.
    private func parsedDocuments(_ source: SiteSource) -> [Document] {
        let parser = DocumentParser(dates: DateParser(timeZone: TimeZone(secondsFromGMT: 0) ?? .current))
        return source.markdown.compactMap { file in
            DocumentParser.classify(file.path).flatMap { kind, bundle in parser.parse(file, kind: kind, bundle: bundle).0 }
        }
    }

    private func checkLinks(_ result: BuildResult, site: Site) -> [Diagnostic] {
        let url = site.config.baseURL
        var anchorsByPath: [String: Set<String>] = [:]
        for (document, body) in zip(result.documents, result.bodies) {
            let route = SiteBuilder.route(of: document)
            anchorsByPath[url.path(route.path)] = Set(body.headings.map(\.id))
        }
        let outputs = Set(result.files.map(\.path))
        var problems: [Diagnostic] = []
        for (document, body) in zip(result.documents, result.bodies) {
            let ownPath = url.path(SiteBuilder.route(of: document).path)
            for link in body.links {
                let destination = link.destination.trimmingCharacters(in: .whitespaces)
                guard !destination.isEmpty, !destination.hasPrefix("//"), !Self.hasScheme(destination) else { continue }
                let hash = destination.firstIndex(of: "#")
                let fragment = hash.map { String(destination[destination.index(after: $0)...]) }
                var target: String
                switch link.isRawHTML ? nil : body.resolvedLinks[link.destination] {
                case .rewrite(let rewritten): target = rewritten
                case .broken: continue  // already an error of the build
                case .keep, nil: target = destination
                }
                if let query = target.firstIndex(where: { $0 == "#" || $0 == "?" }) { target = String(target[..<query]) }
                if link.isRawHTML, !target.isEmpty, !target.hasPrefix("/") {
                    // Raw HTML is published as written: a relative URL is relative to the page.
                    target = URL(string: target, relativeTo: URL(string: "https://site" + ownPath))?.path ?? ownPath + target
                }
                if target.isEmpty {
                    target = ownPath
                } else if target.hasPrefix("/") {
                    guard target.hasPrefix(url.basePath) else {
                        problems.append(problem(document, link, "`\(link.destination)` is outside the site's base path \(url.basePath)"))
                        continue
                    }
                    let inside = String((target.removingPercentEncoding ?? target).dropFirst(url.basePath.count))
                    let file = inside.isEmpty || inside.hasSuffix("/") ? inside + "index.html" : inside
                    guard outputs.contains(file) || outputs.contains(file + "/index.html") else {
                        problems.append(
                            problem(
                                document, link,
                                "\(link.isImage ? "image" : "link") `\(link.destination)` points to \(target), which the site does not have"
                            ))
                        continue
                    }
                } else {
                    problems.append(
                        problem(
                            document, link,
                            link.isImage
                                ? "image `\(link.destination)` does not exist"
                                : "`\(link.destination)` does not match any file of the site"))
                    continue
                }
                if let fragment, !fragment.isEmpty, let anchors = anchorsByPath[target],
                    !anchors.contains(fragment.removingPercentEncoding ?? fragment), !fragment.hasPrefix("fn")
                {
                    let suggestion = Self.closest(to: fragment, in: anchors).map { "; did you mean `#\($0)`?" } ?? ""
                    problems.append(problem(document, link, "`#\(fragment)` matches no heading of \(target)\(suggestion)"))
                }
            }
        }
        return problems
    }

    private func checkSummaries(_ result: BuildResult) -> [Diagnostic] {
        guard let site = result.site else { return [] }
        return site.posts.filter { $0.summary.isEmpty }.map { post in
            .warning(post.sourcePath, 1, 1, "no summary for lists and feeds; add `summary:` or open the post with a paragraph")
        }
    }

    /// One warning for each spelling of a tag other than the one it is shown by (`ci-cd` for `CI/CD`, `café`
    /// typed with a combining accent): they are one tag, but the writer may not know it.
    private func checkTagSpellings(_ documents: [Document], site: Site) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // Compared byte for byte: Swift's `==` treats NFC and NFD spellings as equal.
        var reported: Set<[UInt8]> = []
        for document in documents where document.kind == .post {
            for name in document.tags {
                let slug = Slug.make(name)
                guard let index = site.tagIndex[slug], !site.tags[index].name.utf8.elementsEqual(name.utf8),
                    reported.insert(Array(name.utf8)).inserted
                else { continue }
                let position = document.position(of: "tags")
                problems.append(
                    .warning(
                        document.sourcePath, position.line, position.column,
                        "tag `\(name)` is another spelling of `\(site.tags[index].name)`; both are the one tag at /tags/\(slug)/"))
            }
        }
        return problems
    }

    /// Front-matter keys that look like a typo of a known one. Other unknown keys are template data
    /// (`page.params.KEY`), as an imported blog's `comments:` or `image:` are, and are not problems.
    static func keyTypos(in documents: [Document]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for document in documents {
            for key in document.params.keys.sorted() {
                guard let known = Self.closest(to: key, in: DocumentParser.knownKeys) else { continue }
                let position = document.position(of: key)
                problems.append(
                    .warning(
                        document.sourcePath, position.line, position.column, "unknown front-matter key `\(key)`; did you mean `\(known)`?"))
            }
        }
        return problems
    }

    private func problem(_ document: Document, _ link: LinkReference, _ message: String) -> Diagnostic {
        .error(document.sourcePath, link.line, link.column, message)
    }

    private static func hasScheme(_ link: String) -> Bool {
        guard let colon = link.firstIndex(of: ":") else { return false }
        return link[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// The candidate nearest to `word` by edit distance (a swap of neighbours counts once), when it is near
    /// enough to be a typo: at most 2 edits, and fewer than half the word.
    static func closest(to word: String, in candidates: some Collection<String>) -> String? {
        let target = Array(word.lowercased().utf8)
        var best: (String, Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(target, Array(candidate.lowercased().utf8))
            if distance <= 2, distance * 2 < max(target.count, 2), distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
