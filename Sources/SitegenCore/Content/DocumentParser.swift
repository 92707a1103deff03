import Foundation
import Yams

/// Reads a content file's front matter into a ``Document``, reporting every problem with its position.
public struct DocumentParser: Sendable {
    /// Reads dates without a zone in the site's zone.
    public let dates: DateParser
    /// What an earlier build parsed of front matters (a written build that keeps a cache): one whose YAML, line,
    /// kind and path are the same again is not parsed again.
    var memo: PartMemo?
    /// What an earlier build parsed of whole posts, by the hash of the file's text, so that a written rebuild need
    /// not read a post's file that is unchanged since (``parse(unread:hash:kind:bundle:)``).
    var documentMemo: PartMemo?

    /// The keys sitegen understands; all others go to `params`.
    public static let knownKeys: Set<String> = [
        "title", "date", "updated", "tags", "project", "projects", "excerpt", "description", "summary", "lead",
        "draft", "slug", "layout", "cover", "weight", "status", "repo", "tech", "started", "finished", "series", "day",
        "categories", "category", "permalink", "aliases", "redirect_from",
    ]

    /// Creates a parser.
    public init(dates: DateParser) {
        self.dates = dates
    }

    /// The kind of a markdown file from its path, and its bundle folder when it is a bundle's `index.md`;
    /// `nil` for markdown outside `posts/`, `projects/`, `pages/` and the top of `content/`.
    public static func classify(_ path: String) -> (ContentKind, bundle: String?)? {
        // Split on the bytes of `/`: a path is bytes, and this runs for every file on every rebuild.
        let parts = path.utf8.split(separator: UInt8(ascii: "/"))
        guard parts.count >= 2, parts[0].elementsEqual("content".utf8) else { return nil }
        if parts.count == 2 { return (.page, nil) }
        let kind: ContentKind
        if parts[1].elementsEqual("posts".utf8) {
            kind = .post
        } else if parts[1].elementsEqual("projects".utf8) {
            kind = .project
        } else if parts[1].elementsEqual("pages".utf8) {
            kind = .page
        } else {
            return nil
        }
        let name = parts[parts.count - 1]
        if name.elementsEqual("index.md".utf8) || name.elementsEqual("index.markdown".utf8), parts.count >= 4 {
            return (kind, parts.dropLast().map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/") + "/")
        }
        return (kind, nil)
    }

    /// Parses one file; `fileHash` is the hash of its text when the caller knows it (``SiteSource/hashes``).
    /// - Returns: The document (also when warnings were found), or `nil` with errors.
    public func parse(_ file: SourceFile, kind: ContentKind, bundle: String?, fileHash: UInt64? = nil) -> (Document?, [Diagnostic]) {
        let path = file.path
        let parts: FrontMatter
        switch FrontMatter.split(file.text, path: path) {
        case .success(let split): parts = split
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        var document = Document.Fields(
            kind: kind, sourcePath: path, bundleDirectory: bundle, slug: "", body: parts.body,
            bodyFirstLine: parts.bodyFirstLine, hasFrontMatter: parts.yaml != nil, modified: file.modified)
        var diagnostics: [Diagnostic] = parts.notFrontMatter.map { [$0] } ?? []
        var slugWasSet = false
        if let yaml = parts.yaml {
            let inputs = ParsedFrontMatter.inputs(
                yaml: yaml, firstLine: parts.yamlFirstLine, kind: kind, path: path, zone: dates.timeZone)
            if let memo, let bytes = memo.find(path, inputs), let kept = try? ParsedFrontMatter(bytes, into: document) {
                (document, slugWasSet) = (kept.fields, kept.slugWasSet)
                diagnostics += kept.warnings
            } else {
                var found: [Diagnostic] = []
                let (parsed, yamlDiagnostics) = YAMLBlock.parse(yaml, path: path, firstLine: parts.yamlFirstLine)
                found += yamlDiagnostics
                guard let block = parsed else { return (nil, diagnostics + found) }
                slugWasSet = apply(block, to: &document, diagnostics: &found)
                diagnostics += found
                if let memo, !found.containsErrors {
                    memo.keep(path, inputs, ParsedFrontMatter(fields: document, slugWasSet: slugWasSet, warnings: found).bytes)
                }
            }
        }
        if !slugWasSet {
            document.slug = defaultSlug(for: file, bundle: bundle)
        }
        if document.slug.isEmpty {
            diagnostics.append(.error(path, 1, 1, "cannot make a URL from the file name; set `slug:` in the front matter"))
        } else if document.slug.utf8.count > Limits.slugBytes {
            let position = document.position(of: "slug")
            diagnostics.append(
                .error(
                    path, position.line, position.column,
                    "the URL segment `\(document.slug.prefix(40))…` is \(document.slug.utf8.count) bytes; set a `slug:` of at most \(Limits.slugBytes)"
                ))
        }
        if diagnostics.containsErrors { return (nil, diagnostics) }
        // A post without a problem is kept whole but for its body, whose hash stands for it.
        if let documentMemo, kind == .post, diagnostics.isEmpty {
            var writer = ByteWriter(capacity: 512)
            writer.number(document.bodyFirstLine)
            writer.number(BodyStore.textHash(of: document.body))
            writer.string(document.slug)
            writer.number(document.hasFrontMatter ? 1 : 0)
            if document.hasFrontMatter {
                writer.byteArray(ParsedFrontMatter(fields: document, slugWasSet: slugWasSet, warnings: []).bytes)
            }
            let hash = fileHash ?? ContentHash.of(file.text.utf8)
            documentMemo.keep(path, Self.documentInputs(file: hash, kind: kind, bundle: bundle, dates), writer.bytes)
        }
        return (Document(document), diagnostics)
    }

    /// The post at `file`'s path, whose file was not read but whose text has the hash `hash`, as an earlier build
    /// parsed it from the same text: its fields, and its body's hash (``Document/Fields/bodyHash``) for an empty
    /// body. `nil` when no build did, and the file must be read and parsed.
    func parse(unread file: SourceFile, hash: UInt64, kind: ContentKind, bundle: String?) -> Document? {
        let inputs = Self.documentInputs(file: hash, kind: kind, bundle: bundle, dates)
        guard let documentMemo, kind == .post, let bytes = documentMemo.find(file.path, inputs) else { return nil }
        var reader = ByteReader(bytes)
        do throws(ByteReader.Malformed) {
            var document = Document.Fields(
                kind: kind, sourcePath: file.path, bundleDirectory: bundle, slug: "", body: "", bodyFirstLine: try reader.int(),
                hasFrontMatter: false, modified: file.modified)
            document.bodyHash = try reader.number()
            let slug = try reader.string()
            if try reader.number() == 1 {
                document = try ParsedFrontMatter(try reader.byteArray(), into: document).fields
                document.hasFrontMatter = true
            }
            // The slug as the parse made it, from the front matter or the file's name.
            document.slug = slug
            guard reader.isAtEnd, !slug.isEmpty else { return nil }
            return Document(document)
        } catch {
            return nil
        }
    }

    /// The hash of what a whole post is parsed from: its file's text, kind, bundle and path, and the zone.
    private static func documentInputs(file hash: UInt64, kind: ContentKind, bundle: String?, _ dates: DateParser) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(Int64(bitPattern: hash))
        hasher.combine(kind.rawValue)
        hasher.combine(bundle ?? "-")
        hasher.combine(dates.timeZone.identifier)
        return hasher.value
    }

    /// The slug from the file (or bundle folder) name, without a `YYYY-MM-DD-` prefix.
    private func defaultSlug(for file: SourceFile, bundle: String?) -> String {
        var name = file.fileName
        if let bundle { name = bundle.split(separator: "/").last.map(String.init) ?? name }
        if let dot = name.lastIndex(of: "."), bundle == nil { name = String(name[..<dot]) }
        if let prefix = dates.fileNamePrefix(name) { name = String(name.utf8.dropFirst(prefix.length)) ?? name }
        return Slug.make(name)
    }

    /// Copies the front matter's values into `document`; returns whether it set the slug.
    private func apply(_ block: YAMLBlock, to document: inout Document.Fields, diagnostics: inout [Diagnostic]) -> Bool {
        let path = document.sourcePath
        var slugWasSet = false
        func line(of entry: YAMLBlock.Entry) -> Int {
            entry.node.mark.map { $0.line + entry.line - (entry.node.mark?.line ?? 0) } ?? entry.line
        }
        func error(_ entry: YAMLBlock.Entry, _ message: String) {
            diagnostics.append(.error(path, line(of: entry), entry.column, message))
        }
        func text(_ entry: YAMLBlock.Entry) -> String? {
            if case .scalar(let scalar) = entry.node, scalar.style == .plain, entry.node.null != nil { return nil }
            guard let value = entry.text else {
                error(entry, "`\(entry.key)` must be a single value, not a \(YAMLBlock.describe(entry.node))")
                return nil
            }
            return value
        }
        func date(_ entry: YAMLBlock.Entry) -> Date? {
            guard let value = text(entry) else { return nil }
            guard let parsed = dates.parse(value) else {
                error(entry, "`\(entry.key)` is not a valid date: `\(value)`; write it like `2025-03-13` or `2025-03-13 10:30`")
                return nil
            }
            return parsed
        }
        func list(_ entry: YAMLBlock.Entry) -> [String] {
            guard let values = entry.stringList else {
                error(entry, "`\(entry.key)` must be a list of names or a comma-separated string")
                return []
            }
            return values
        }
        for key in block.keys {
            guard let entry = block[key] else { continue }
            document.positions[key] = SourcePosition(line: entry.line, column: entry.column)
            switch key {
            case "title":
                if let value = text(entry), !value.isEmpty { document.title = value }
            case "date":
                if let value = date(entry) {
                    document.date = value
                    document.dateOrigin = .frontMatter
                }
            case "updated":
                document.updated = date(entry)
            case "tags":
                // Before any `categories` (Jekyll's), whichever key is written first.
                document.tags.insert(contentsOf: list(entry), at: 0)
                if document.tags.count > Limits.tagsPerPost {
                    error(entry, "\(document.tags.count) tags; a post may have at most \(Limits.tagsPerPost)")
                    document.tags = []
                }
            case "categories", "category":
                // Jekyll's categories are tags here.
                document.tags += list(entry)
                if document.tags.count > Limits.tagsPerPost {
                    error(entry, "\(document.tags.count) tags and categories; a post may have at most \(Limits.tagsPerPost)")
                    document.tags = []
                }
            case "permalink":
                guard let value = text(entry) else { continue }
                switch Route.written(value) {
                case .success(let route): document.permalink = route
                case .failure(let problem): error(entry, "`permalink`: \(problem.message)")
                }
            case "aliases", "redirect_from":
                for value in list(entry) {
                    switch Route.written(value) {
                    case .success(let route): document.aliases.append(route)
                    case .failure(let problem): error(entry, "`\(key)`: \(problem.message)")
                    }
                }
                if document.aliases.count > Limits.aliasesPerPage {
                    error(entry, "\(document.aliases.count) aliases; a page may have at most \(Limits.aliasesPerPage)")
                    document.aliases = []
                }
            case "project", "projects":
                document.projects += list(entry).map(Slug.make).filter { !$0.isEmpty }
            case "excerpt", "description", "summary", "lead":
                continue
            case "draft":
                if let value = entry.bool {
                    document.draft = value
                } else {
                    error(entry, "`draft` must be `true` or `false`")
                }
            case "slug":
                guard let value = text(entry) else { continue }
                guard Slug.isSafeSegment(value) else {
                    error(entry, "`slug: \(value)` must be one URL segment without `/`, `\\` or `..`")
                    continue
                }
                let slug = Slug.make(value)
                if slug.isEmpty {
                    error(entry, "`slug: \(value)` has no letters or digits")
                } else {
                    document.slug = slug
                    slugWasSet = true
                }
            case "layout":
                document.layout = text(entry)
            case "cover":
                // PaperMod's `cover: {image: …, alt: …}` names the image under `image`.
                if let image = entry.node.mapping?["image"]?.string {
                    document.cover = image
                } else {
                    document.cover = text(entry)
                }
            case "series" where document.kind == .post:
                // Hugo's `series` is a taxonomy, always a list: a list of one is that series.
                var written = entry.node.sequence == nil ? text(entry) : nil
                if entry.node.sequence != nil, let names = entry.stringList {
                    written = names.first
                    if names.count > 1 {
                        diagnostics.append(
                            .warning(
                                path, line(of: entry), entry.column,
                                "`series` names \(names.count) series (\(names.map { "`\($0)`" }.joined(separator: ", "))); "
                                    + "a post is in one, so this one is in `\(names[0])`"))
                    }
                }
                guard let value = written else { continue }
                let slug = Slug.make(value)
                if slug.isEmpty {
                    error(entry, "`series: \(value)` has no letters or digits")
                } else {
                    document.series = slug
                    document.seriesName = value
                }
            case "day" where document.kind == .post:
                if let value = entry.node.int, value > 0, value <= Limits.seriesDays {
                    document.day = value
                } else {
                    error(entry, "`day` must be a whole number from 1 to \(Limits.seriesDays)")
                }
            case "weight":
                if let value = entry.node.int { document.weight = value } else { error(entry, "`weight` must be a whole number") }
            case "status" where document.kind == .project:
                guard let value = text(entry) else { continue }
                if let status = ProjectStatus(rawValue: value.lowercased()) {
                    document.status = status
                } else {
                    error(entry, "`status: \(value)` is not a project status; use planned, active or done")
                }
            case "repo" where document.kind == .project:
                document.repo = text(entry)
            case "tech" where document.kind == .project:
                document.tech = list(entry)
            case "started" where document.kind == .project:
                document.started = date(entry)
            case "finished" where document.kind == .project:
                document.finished = date(entry)
            default:
                document.params[key] = entry.templateValue
            }
        }
        for key in ["excerpt", "description", "summary", "lead"] {
            if let entry = block[key], let value = text(entry), !value.isEmpty {
                document.summary = value
                break
            }
        }
        return slugWasSet
    }
}
