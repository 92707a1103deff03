import Foundation
import SitegenMarkdown

/// Posts' rendered bodies, kept in the cache folder from one `sitegen build` to the next, so that a rebuild renders
/// only the markdown whose text, or whose links' answers, changed.
///
/// The bodies go to `bodies.html`, the build's spill file (``SpillFile/init(keptAt:stamp:)``): a build appends
/// the bodies it renders, each as its HTML then the rest of what the site keeps of it (headings, plain text, …),
/// and refers to the earlier ones where they are. `bodies` indexes them: for each post, a hash of the markdown it
/// was rendered from, the destinations of its links and images with a hash of what the site answered for them,
/// and the ranges of its two parts with the hashes of their bytes. A body is reused only when all of that is the
/// same again. Each post's share of the search files, its card and its parsed front matter are kept the same way,
/// by the hash of everything they are made from (``PartMemo``). All of it is made by one sitegen binary with one
/// cmark-gfm (the store's key): a missing, damaged or outdated index, or another key, means making everything.
final class BodyStore: Sendable {
    /// The first bytes of the index; an index of any other version is ignored.
    static let header = "sitegen bodies 6"
    /// When the HTML file holds this many times the bytes its index refers to (plus a margin), it starts over.
    static let garbageFactor = 2
    static let garbageMargin = 32 << 20

    /// One post's body as kept.
    struct Entry: Sendable {
        var path: String
        /// ``BodyStore/sourceHash(of:options:)`` of the markdown it was rendered from.
        var sourceHash: UInt64
        /// The destinations of its links and of its images, each list sorted, and the hash of the answers they had.
        var links: [String]
        var images: [String]
        var answersHash: UInt64
        /// Where its HTML is in the spill file, and the hash of those bytes.
        var html: Range<Int>
        var htmlHash: UInt64
        /// Where the rest of the body, as the site keeps it (see `SiteBuilder.renderBodies`), is in the spill file,
        /// and the hash of those bytes: written once, after the HTML, so that the index stays small.
        var rest: Range<Int>
        var restHash: UInt64
    }

    /// Something else kept for a post: bytes in the spill file, made from inputs whose hash is `inputs`.
    struct Part: Sendable {
        var inputs: UInt64
        var range: Range<Int>
        var hash: UInt64
    }

    /// What an index holds.
    struct Index {
        var key = ""
        var entries: [String: Entry] = [:]
        /// What else is kept of each post (its search share, its card, its front matter), by kind and source path.
        var parts: [PartKind: [String: Part]] = [:]
        /// The stamp the spill file had when the index was written.
        var stamp: FileStamp?
    }

    /// The spill file the build stores posts' HTML in.
    let file: SpillFile
    private let indexPath: String
    /// What everything kept was made with.
    private let key: String
    /// What the previous build kept.
    private let previous: Index
    /// What this build keeps: the entries reused and those of the bodies it rendered, and the search shares.
    private let kept = Locked<Index>(Index())

    /// The store in `folder`, with what the last build kept if it had the same `key`; `nil` when the folder cannot
    /// hold it or another build is using it.
    init?(in folder: CacheFolder, key: String) {
        guard folder.prepare() == nil else { return nil }
        indexPath = folder.path + "/bodies"
        let htmlPath = folder.path + "/bodies.html"
        var index = FileDescriptor.readAll(indexPath, noFollow: true).flatMap { Self.index($0.bytes) } ?? Index()
        // A file holding mostly bodies no post has any more starts over.
        let live =
            index.entries.values.reduce(0) { $0 + $1.html.count + $1.rest.count }
            + index.parts.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.range.count } }
        if index.key != key { index = Index() }
        if let size = index.stamp?.size, size > Int64(live * Self.garbageFactor + Self.garbageMargin) { index = Index() }
        if let file = SpillFile(keptAt: htmlPath, stamp: index.stamp) {
            self.file = file
        } else if index.stamp != nil, let file = SpillFile(keptAt: htmlPath, stamp: nil) {
            // Changed since the index was written (by a build that failed, or by something else): nothing in it is
            // trusted.
            (self.file, index) = (file, Index())
        } else {
            return nil
        }
        previous = index
        self.key = key
    }

    /// The body kept for the post at `path` when rendering `source` under `key` with `links` would give it again:
    /// the same markdown, and the same answer for every link and image it has. It is kept by this build too.
    /// `textHash` is the hash of the source's text when the text was not read (``Document/Fields/bodyHash``).
    func reuse(_ source: MarkdownSource, textHash: UInt64? = nil, options: MarkdownOptions, path: String, links: some LinkResolving)
        -> (RenderedMarkdown, StoredText)?
    {
        guard let entry = previous.entries[path],
            entry.sourceHash == Self.sourceHash(of: source, textHash: textHash, options: options),
            entry.answersHash == Self.answersHash(links: entry.links, images: entry.images, path: path, resolver: links),
            let rest = file.bytes(at: entry.rest, hash: entry.restHash)
        else { return nil }
        var reader = ByteReader(rest)
        guard let body = try? Self.body(&reader), reader.isAtEnd else { return nil }
        keep(entry)
        return (body, .kept(file, entry.html, hash: entry.htmlHash))
    }

    /// Keeps a body this build rendered with `links`: `body` as the site keeps it, `rendered` as it came from the
    /// renderer (with its links), its HTML at `html` in the spill file.
    func keep(
        _ body: RenderedMarkdown, rendered: RenderedMarkdown, source: MarkdownSource, options: MarkdownOptions, path: String,
        html: StoredText,
        links resolver: some LinkResolving
    ) {
        // A body with math depends on KaTeX being installed, and one with broken links fails the build.
        guard case .spilled(_, let range, let htmlHash) = html, rendered.formulas.isEmpty, rendered.brokenLinks.isEmpty else { return }
        var writer = ByteWriter(capacity: body.plainText.utf8.count + 256)
        Self.add(body, to: &writer)
        guard let rest = file.store(writer.bytes) else { return }
        let links = rendered.resolvedLinks.keys.sorted()
        let images = rendered.imageSizes.keys.sorted()
        let answers = Self.answersHash(links: links, images: images, path: path, resolver: resolver)
        keep(
            Entry(
                path: path, sourceHash: Self.sourceHash(of: source, options: options), links: links, images: images, answersHash: answers,
                html: range,
                htmlHash: htmlHash, rest: rest, restHash: ContentHash.of(writer.bytes)))
    }

    private func keep(_ entry: Entry) { kept.withLock { $0.entries[entry.path] = entry } }

    /// What else is kept of a post.
    enum PartKind: UInt8, Sendable, CaseIterable {
        case searchShare = 1
        case card = 2
        case frontMatter = 3
        /// A post as parsed from its file, by the hash of the file's text (``DocumentParser/parse(unread:hash:kind:bundle:)``).
        case document = 4
        /// The site's split search index (``KeptSearchIndex``), under the path `""`.
        case searchIndex = 5
        /// Every post's related posts (``RelatedPosts/remembered(posts:memo:)``), under the path `""`.
        case relatedPosts = 6
    }

    /// The memory of one kind of part for a build under `key`.
    func memo(of kind: PartKind) -> PartMemo {
        PartMemo(
            find: { path, inputs in
                guard let part = self.previous.parts[kind]?[path], part.inputs == inputs,
                    let bytes = self.file.bytes(at: part.range, hash: part.hash)
                else { return nil }
                self.kept.withLock { $0.parts[kind, default: [:]][path] = part }
                return bytes
            },
            keep: { path, inputs, bytes in
                guard let range = self.file.store(bytes) else { return }
                let part = Part(inputs: inputs, range: range, hash: ContentHash.of(bytes))
                self.kept.withLock { $0.parts[kind, default: [:]][path] = part }
            },
            carry: { wanted in
                guard let earlier = self.previous.parts[kind] else { return }
                let found = wanted.compactMap { path, inputs in earlier[path].flatMap { $0.inputs == inputs ? (path, $0) : nil } }
                self.kept.withLock { index in
                    for (path, part) in found { index.parts[kind, default: [:]][path] = part }
                }
            })
    }

    /// Writes the index of what this build kept, atomically.
    /// - Returns: Why it could not be written, if it could not.
    func save() -> String? {
        let index = kept.withLock { $0 }
        guard let stamp = file.stamp else { return FileDescriptor.lastError }
        var writer = ByteWriter(capacity: 64 + index.entries.count * 512)
        writer.string(Self.header)
        writer.string(key)
        writer.stamp(stamp)
        writer.number(index.entries.count)
        for entry in index.entries.values { Self.add(entry, to: &writer) }
        for kind in PartKind.allCases {
            let parts = index.parts[kind] ?? [:]
            writer.number(parts.count)
            for (path, part) in parts {
                writer.string(path)
                writer.number(part.inputs)
                writer.number(part.range.lowerBound)
                writer.number(part.range.count)
                writer.number(part.hash)
            }
        }
        return CacheFolder.replace(indexPath, with: writer.bytes)
    }

    /// The hash of a body's markdown text.
    static func textHash(of text: String) -> UInt64 { ContentHash.of(text.utf8) }

    /// Forgets what was kept, so that the next build renders every body.
    func discard() { unlink(indexPath) }

    /// The hash of everything of `source` that rendering reads; `textHash` is ``textHash(of:)`` of its text when
    /// that is known without the text.
    static func sourceHash(of source: MarkdownSource, textHash: UInt64? = nil, options: MarkdownOptions) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(options.smartPunctuation ? 1 : 0)
        hasher.combine(options.allowRawHTML ? 1 : 0)
        hasher.combine(options.math ? 1 : 0)
        hasher.combine(Int64(bitPattern: textHash ?? Self.textHash(of: source.text)))
        hasher.combine(Int64(source.firstLine))
        switch source.titleHeading {
        case .keep: hasher.combine(0)
        case .extract: hasher.combine(1)
        case .dropIfRepeats(let title):
            hasher.combine(2)
            hasher.combine(title)
        }
        return hasher.value
    }

    /// The hash of what `resolver` answers for each of a body's link and image destinations.
    static func answersHash(links: [String], images: [String], path: String, resolver: some LinkResolving) -> UInt64 {
        var hasher = StableHasher()
        for destination in links { combine(destination, resolver.resolve(destination, from: path), into: &hasher) }
        for destination in images {
            let (size, picture) = resolver.image(destination, from: path)
            combine(destination, size ?? .unknown, picture, into: &hasher)
        }
        return hasher.value
    }

    private static func combine(_ destination: String, _ answer: LinkResolution, into hasher: inout StableHasher) {
        hasher.combine(destination)
        switch answer {
        case .keep: hasher.combine(0)
        case .rewrite(let url):
            hasher.combine(1)
            hasher.combine(url)
        case .broken(let message):
            hasher.combine(2)
            hasher.combine(message)
        }
    }

    private static func combine(_ destination: String, _ size: ImageSize, _ picture: Picture?, into hasher: inout StableHasher) {
        hasher.combine(destination)
        hasher.combine(Int64(size.width))
        hasher.combine(Int64(size.height))
        guard let picture else { return hasher.combine(0) }
        hasher.combine(1)
        hasher.combine(picture.src)
        hasher.combine(picture.srcset)
        for source in picture.sources {
            hasher.combine(source.type)
            hasher.combine(source.srcset)
        }
    }

    /// Adds an entry to the index.
    private static func add(_ entry: Entry, to writer: inout ByteWriter) {
        writer.string(entry.path)
        writer.number(entry.sourceHash)
        writer.list(entry.links) { $0.string($1) }
        writer.list(entry.images) { $0.string($1) }
        writer.number(entry.answersHash)
        writer.number(entry.html.lowerBound)
        writer.number(entry.html.count)
        writer.number(entry.htmlHash)
        writer.number(entry.rest.lowerBound)
        writer.number(entry.rest.count)
        writer.number(entry.restHash)
    }

    /// Adds what the site keeps of a body besides its HTML.
    private static func add(_ body: RenderedMarkdown, to writer: inout ByteWriter) {
        writer.optional(body.extractedTitle)
        writer.list(body.headings) { writer, heading in
            writer.number(heading.level)
            writer.string(heading.id)
            writer.string(heading.text)
        }
        writer.optional(body.textBeforeMore)
        writer.optional(body.firstParagraph)
        writer.string(body.plainText)
        writer.number(body.wordCount)
        writer.list(body.notices) { writer, notice in
            switch notice.kind {
            case .rawHTMLOmitted: writer.optional(nil)
            case .templateSyntax(let tag): writer.optional(tag)
            }
            writer.number(notice.line)
            writer.number(notice.column)
        }
        writer.list(body.features.map(\.rawValue).sorted()) { $0.string($1) }
    }

    /// The index in `bytes`; `nil` for any other version or anything malformed.
    static func index(_ bytes: [UInt8]) -> Index? {
        var reader = ByteReader(bytes)
        do {
            guard try reader.string() == header else { return nil }
            let key = try reader.string()
            let stamp = try reader.stamp()
            let length = Int(stamp.size)
            let count = try reader.count()
            var entries: [String: Entry] = [:]
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let entry = try Self.entry(&reader)
                guard entry.html.upperBound <= length, entry.rest.upperBound <= length else { return nil }
                entries[entry.path] = entry
            }
            var parts: [PartKind: [String: Part]] = [:]
            for kind in PartKind.allCases {
                let count = try reader.count()
                var ofKind: [String: Part] = [:]
                ofKind.reserveCapacity(count)
                for _ in 0..<count {
                    let path = try reader.string()
                    let part = Part(inputs: try reader.number(), range: try range(&reader), hash: try reader.number())
                    guard part.range.upperBound <= length else { return nil }
                    ofKind[path] = part
                }
                parts[kind] = ofKind
            }
            return reader.isAtEnd ? Index(key: key, entries: entries, parts: parts, stamp: stamp) : nil
        } catch {
            return nil
        }
    }

    private static func entry(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Entry {
        let path = try reader.string()
        let sourceHash = try reader.number()
        let links = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
        let images = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
        let answersHash = try reader.number()
        let html = try range(&reader)
        let htmlHash = try reader.number()
        let rest = try range(&reader)
        return Entry(
            path: path, sourceHash: sourceHash, links: links, images: images, answersHash: answersHash, html: html, htmlHash: htmlHash,
            rest: rest, restHash: try reader.number())
    }

    private static func range(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Range<Int> {
        let start = try reader.int()
        let length = try reader.int()
        guard start >= 0, length >= 0, start <= Int.max - length else { throw ByteReader.Malformed() }
        return start..<start + length
    }

    /// A body without its HTML, as `add(_:to:)` wrote it.
    private static func body(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> RenderedMarkdown {
        let extractedTitle = try reader.optional()
        let headings = try reader.list { reader throws(ByteReader.Malformed) in
            Heading(level: try reader.int(), id: try reader.string(), text: try reader.string())
        }
        let textBeforeMore = try reader.optional()
        let firstParagraph = try reader.optional()
        let plainText = try reader.string()
        let wordCount = try reader.int()
        let notices = try reader.list { reader throws(ByteReader.Malformed) in
            let kind: MarkdownNotice.Kind = try reader.optional().map { .templateSyntax($0) } ?? .rawHTMLOmitted
            return MarkdownNotice(kind: kind, line: try reader.int(), column: try reader.int())
        }
        var features: Set<PageFeature> = []
        for name in try reader.list({ reader throws(ByteReader.Malformed) in try reader.string() }) {
            guard let feature = PageFeature(rawValue: name) else { throw ByteReader.Malformed() }
            features.insert(feature)
        }
        return RenderedMarkdown(
            html: "", extractedTitle: extractedTitle, headings: headings, textBeforeMore: textBeforeMore,
            firstParagraph: firstParagraph, plainText: plainText, wordCount: wordCount, brokenLinks: [], notices: notices,
            features: features)
    }
}

/// What a build remembers of one kind of thing it makes for each post (its search share, its card) from an earlier
/// build: `find` gives the bytes made for the post at a source path from inputs with the hash given, `keep` keeps
/// those made now, and `carry` keeps for the next build, without reading them, those made before for the paths given
/// from the inputs given.
struct PartMemo: Sendable {
    let find: @Sendable (_ path: String, _ inputs: UInt64) -> [UInt8]?
    let keep: @Sendable (_ path: String, _ inputs: UInt64, _ bytes: [UInt8]) -> Void
    let carry: @Sendable (_ parts: [(path: String, inputs: UInt64)]) -> Void
}
