import Foundation
import SitegenMarkdown
import Synchronization

/// Posts' rendered bodies, kept in the cache folder from one `sitegen build` to the next, so that a rebuild renders
/// only the markdown whose text, or whose links' answers, changed.
///
/// The HTML goes to `bodies.html`, the build's spill file (``SpillFile/init(keptAt:keeping:)``): a build appends
/// the bodies it renders and refers to the earlier ones where they are. `bodies` indexes them: for each post, a
/// hash of the markdown it was rendered from, the destinations of its links and images with a hash of what the
/// site answered for them, the range of its HTML with the hash of those bytes, and the rest of the body as the
/// site keeps it. A body is reused only when all of that is the same again under the same ``key`` (sitegen's
/// binary, cmark-gfm, the markdown options); a missing, damaged or outdated index means rendering everything.
final class BodyStore: Sendable {
    /// The first bytes of the index; an index of any other version is ignored.
    static let header = "sitegen bodies 1"
    /// When the HTML file holds this many times the bytes its index refers to (plus a margin), it starts over.
    static let garbageFactor = 2
    static let garbageMargin = 32 << 20

    /// One post's body as kept.
    struct Entry: Sendable {
        var path: String
        /// ``BodyStore/sourceHash(of:)`` of the markdown it was rendered from.
        var sourceHash: UInt64
        /// The destinations of its links and of its images, each list sorted, and the hash of the answers they had.
        var links: [String]
        var images: [String]
        var answersHash: UInt64
        /// Where its HTML is in the spill file, and the hash of those bytes.
        var html: Range<Int>
        var htmlHash: UInt64
        /// The body as the site keeps it, without its HTML (see `SiteBuilder.renderBodies`).
        var body: RenderedMarkdown
    }

    /// The spill file the build stores posts' HTML in.
    let file: SpillFile
    private let indexPath: String
    /// What the previous build kept, and under which key.
    private let previousKey: String
    private let previous: [String: Entry]
    /// What this build keeps: the entries reused and those of the bodies it rendered.
    private let kept = Mutex<[String: Entry]>([:])

    /// The store in `folder`, with what the last build kept; `nil` when the folder cannot hold it or another
    /// build is using it.
    init?(in folder: CacheFolder) {
        guard folder.prepare() == nil else { return nil }
        indexPath = folder.path + "/bodies"
        let htmlPath = folder.path + "/bodies.html"
        var (key, entries, stamp) = ("", [String: Entry](), FileStamp?.none)
        if let bytes = FileDescriptor.readAll(indexPath, noFollow: true)?.bytes, let index = Self.index(bytes) {
            (key, entries, stamp) = index
        }
        // A file holding mostly bodies no post has any more starts over.
        let live = entries.values.reduce(0) { $0 + $1.html.count }
        if let size = stamp?.size, size > Int64(live * Self.garbageFactor + Self.garbageMargin) { (key, entries, stamp) = ("", [:], nil) }
        if let file = SpillFile(keptAt: htmlPath, stamp: stamp) {
            self.file = file
        } else if stamp != nil, let file = SpillFile(keptAt: htmlPath, stamp: nil) {
            // Changed since the index was written (by a build that failed, or by something else): nothing in it is
            // trusted.
            (self.file, key, entries) = (file, "", [:])
        } else {
            return nil
        }
        (previousKey, previous) = (key, entries)
    }

    /// The body kept for the post at `path` when rendering `source` under `key` with `links` would give it again:
    /// the same markdown, and the same answer for every link and image it has. It is kept by this build too.
    func reuse(_ source: MarkdownSource, path: String, key: String, links: some LinkResolving) -> (RenderedMarkdown, StoredText)? {
        guard key == previousKey, let entry = previous[path], entry.sourceHash == Self.sourceHash(of: source),
            entry.answersHash == Self.answersHash(links: entry.links, images: entry.images, path: path, resolver: links)
        else { return nil }
        keep(entry)
        return (entry.body, .kept(file, entry.html, hash: entry.htmlHash))
    }

    /// Keeps a body this build rendered with `links`: `body` as the site keeps it, `rendered` as it came from the
    /// renderer (with its links), its HTML at `html` in the spill file.
    func keep(
        _ body: RenderedMarkdown, rendered: RenderedMarkdown, source: MarkdownSource, path: String, html: StoredText,
        links resolver: some LinkResolving
    ) {
        // A body with math depends on KaTeX being installed, and one with broken links fails the build.
        guard case .spilled(_, let range) = html, rendered.formulas.isEmpty, rendered.brokenLinks.isEmpty else { return }
        let links = rendered.resolvedLinks.keys.sorted()
        let images = rendered.imageSizes.keys.sorted()
        let answers = Self.answersHash(links: links, images: images, path: path, resolver: resolver)
        keep(
            Entry(
                path: path, sourceHash: Self.sourceHash(of: source), links: links, images: images, answersHash: answers, html: range,
                htmlHash: ContentHash.of(rendered.html.utf8), body: body))
    }

    private func keep(_ entry: Entry) { kept.withLock { $0[entry.path] = entry } }

    /// Writes the index of what this build kept, made under `key`, atomically.
    /// - Returns: Why it could not be written, if it could not.
    func save(key: String) -> String? {
        let entries = kept.withLock { $0 }
        guard let stamp = file.stamp else { return FileDescriptor.lastError }
        var writer = ByteWriter(capacity: 64 + entries.count * 512)
        writer.string(Self.header)
        writer.string(key)
        BodyStore.add(stamp, to: &writer)
        writer.number(entries.count)
        for entry in entries.values { Self.add(entry, to: &writer) }
        return CacheFolder.replace(indexPath, with: writer.bytes)
    }

    /// Forgets what was kept, so that the next build renders every body.
    func discard() { unlink(indexPath) }

    /// The hash of everything of `source` that rendering reads.
    static func sourceHash(of source: MarkdownSource) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(source.text)
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
        let body = entry.body
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

    private static func add(_ stamp: FileStamp, to writer: inout ByteWriter) {
        writer.number(Int(stamp.size))
        writer.number(Int(stamp.modified))
        writer.number(Int(stamp.changed))
        writer.number(stamp.inode)
    }

    /// The index's key, entries by path and the stamp the HTML file they refer to had; `nil` for any other
    /// version or anything malformed.
    static func index(_ bytes: [UInt8]) -> (key: String, entries: [String: Entry], stamp: FileStamp)? {
        var reader = ByteReader(bytes)
        do {
            guard try reader.string() == header else { return nil }
            let key = try reader.string()
            let stamp = FileStamp(
                size: Int64(try reader.int()), modified: Int64(try reader.int()), changed: Int64(try reader.int()),
                inode: try reader.number())
            let length = Int(stamp.size)
            let count = try reader.count()
            var entries: [String: Entry] = [:]
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let entry = try Self.entry(&reader)
                guard entry.html.lowerBound >= 0, entry.html.upperBound <= length else { return nil }
                entries[entry.path] = entry
            }
            return reader.isAtEnd ? (key, entries, stamp) : nil
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
        let start = try reader.int()
        let length = try reader.int()
        guard start >= 0, length >= 0, start <= Int.max - length else { throw ByteReader.Malformed() }
        let htmlHash = try reader.number()
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
        let body = RenderedMarkdown(
            html: "", extractedTitle: extractedTitle, headings: headings, textBeforeMore: textBeforeMore,
            firstParagraph: firstParagraph, plainText: plainText, wordCount: wordCount, brokenLinks: [], notices: notices,
            features: features)
        return Entry(
            path: path, sourceHash: sourceHash, links: links, images: images, answersHash: answersHash, html: start..<start + length,
            htmlHash: htmlHash, body: body)
    }
}
