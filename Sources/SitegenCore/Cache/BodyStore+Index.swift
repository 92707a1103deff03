import Foundation
import SitegenMarkdown

/// The index as bytes (``ByteWriter``): the whole index, or the changes a build made on top of one.
extension BodyStore {
    /// The first bytes of a file of changes to an index (``save()``).
    static let changesHeader = "sitegen bodies changes 8"

    /// `index` as ``index(_:header:)`` reads it.
    static func bytes(of index: Index, header: String, key: String, stamp: FileStamp, generation: UInt64) -> [UInt8] {
        parts(of: index, header: header, key: key, stamp: stamp, generation: generation).reduce(into: []) { $0 += $1 }
    }

    /// The bytes of `index` in parts, to be written one after the other (``CacheFolder/replace(_:writing:)``): the
    /// entries, then each kind of part, in sections made on every core.
    static func parts(of index: Index, header: String, key: String, stamp: FileStamp, generation: UInt64) -> [[UInt8]] {
        var head = ByteWriter()
        head.string(header)
        head.string(key)
        head.stamp(stamp)
        head.number(generation)
        let kinds = [nil] + PartKind.allCases.map(Optional.some)
        head.number(kinds.count)
        let sections = kinds.parallelMap { kind -> [UInt8] in
            var section = ByteWriter(capacity: 1 << 16)
            guard let kind else {
                section.list(Array(index.entries.values)) { writer, entry in Self.add(entry, to: &writer) }
                return section.bytes
            }
            section.list(Array(index.parts[kind] ?? [:])) { writer, element in
                writer.string(element.key)
                writer.number(element.value.inputs)
                writer.number(element.value.range.lowerBound)
                writer.number(element.value.range.count)
                writer.number(element.value.hash)
            }
            return section.bytes
        }
        return [head.bytes]
            + sections.flatMap { section in
                var length = ByteWriter()
                length.number(section.count)
                return [length.bytes, section]
            }
    }

    /// Adds an entry to the index.
    static func add(_ entry: Entry, to writer: inout ByteWriter) {
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
    static func add(_ body: RenderedMarkdown, to writer: inout ByteWriter) {
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
    static func index(_ bytes: [UInt8], header: String = BodyStore.header) -> Index? {
        var reader = ByteReader(bytes)
        do {
            guard try reader.string() == header else { return nil }
            let key = try reader.string()
            let stamp = try reader.stamp()
            let generation = try reader.number()
            let length = Int(stamp.size)
            let sections = try reader.list { reader throws(ByteReader.Malformed) in reader.skip(try reader.count()) }
            guard reader.isAtEnd, sections.count == PartKind.allCases.count + 1 else { return nil }
            let read = Array(sections.enumerated()).parallelMap { number, range -> IndexSection? in
                var reader = ByteReader(bytes, from: range.lowerBound)
                let section = try? (number == 0 ? Self.entries(&reader, length: length) : Self.parts(&reader, length: length))
                return reader.position == range.upperBound ? section : nil
            }
            var index = Index(key: key, stamp: stamp, generation: generation)
            for (kind, section) in zip([nil] + PartKind.allCases.map(Optional.some), read) {
                switch (kind, section) {
                case (nil, .entries(let entries)): index.entries = entries
                case (let kind?, .parts(let parts)): index.parts[kind] = parts
                default: return nil
                }
            }
            return index
        } catch {
            return nil
        }
    }

    /// One section of an index, as read.
    private enum IndexSection {
        case entries([String: Entry])
        case parts([String: Part])
    }

    /// The entries of a section, each within the first `length` bytes of the spill file.
    private static func entries(_ reader: inout ByteReader, length: Int) throws(ByteReader.Malformed) -> IndexSection {
        let count = try reader.count()
        var entries = [String: Entry](minimumCapacity: count)
        for _ in 0..<count {
            let entry = try Self.entry(&reader)
            guard entry.html.upperBound <= length, entry.rest.upperBound <= length else { throw ByteReader.Malformed() }
            entries[entry.path] = entry
        }
        return .entries(entries)
    }

    /// The parts of one kind of a section, each within the first `length` bytes of the spill file.
    private static func parts(_ reader: inout ByteReader, length: Int) throws(ByteReader.Malformed) -> IndexSection {
        let count = try reader.count()
        var parts = [String: Part](minimumCapacity: count)
        for _ in 0..<count {
            let path = try reader.string()
            let part = Part(inputs: try reader.number(), range: try range(&reader), hash: try reader.number())
            guard part.range.upperBound <= length else { throw ByteReader.Malformed() }
            parts[path] = part
        }
        return .parts(parts)
    }

    static func entry(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Entry {
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

    static func range(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Range<Int> {
        let start = try reader.int()
        let length = try reader.int()
        guard start >= 0, length >= 0, start <= Int.max - length else { throw ByteReader.Malformed() }
        return start..<start + length
    }

    /// A body without its HTML, as `add(_:to:)` wrote it.
    static func body(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> RenderedMarkdown {
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
