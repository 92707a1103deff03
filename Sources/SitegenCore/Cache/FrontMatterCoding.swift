import Foundation

/// What a document's front matter gives it, as ``BodyStore`` keeps it so that a rebuild does not parse the YAML of
/// a file whose front matter is unchanged: the fields the front matter sets, whether it set the slug, and the
/// warnings it had.
struct ParsedFrontMatter {
    /// A document whose fields other than those the front matter sets (kind, path, body, …) are to be replaced.
    var fields: Document.Fields
    var slugWasSet: Bool
    var warnings: [Diagnostic]

    /// The hash of what parsing a front matter reads: its YAML and first line, the document's kind and path, and the
    /// zone dates without one are read in.
    static func inputs(yaml: String, firstLine: Int, kind: ContentKind, path: String, zone: TimeZone) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(yaml)
        hasher.combine(Int64(firstLine))
        hasher.combine(kind.rawValue)
        hasher.combine(path)
        hasher.combine(zone.identifier)
        return hasher.value
    }

    /// The bytes ``init(_:into:)`` reads back.
    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: 512)
        let fields = self.fields
        writer.number(slugWasSet ? 1 : 0)
        writer.string(fields.slug)
        writer.optional(fields.title)
        Self.add(fields.date, to: &writer)
        writer.number(fields.dateOrigin == .frontMatter ? 1 : 0)
        Self.add(fields.updated, to: &writer)
        writer.list(fields.tags) { $0.string($1) }
        writer.list(fields.projects) { $0.string($1) }
        writer.optional(fields.summary)
        writer.number(fields.draft ? 1 : 0)
        writer.optional(fields.layout)
        writer.optional(fields.cover)
        Self.add(fields.weight, to: &writer)
        writer.optional(fields.series)
        writer.optional(fields.seriesName)
        Self.add(fields.day, to: &writer)
        writer.optional(fields.permalink?.path)
        writer.list(fields.aliases) { $0.string($1.path) }
        writer.list(fields.params.sorted { $0.key < $1.key }) { writer, param in
            writer.string(param.key)
            param.value.add(to: &writer)
        }
        writer.list(fields.positions.sorted { $0.key < $1.key }) { writer, position in
            writer.string(position.key)
            writer.number(position.value.line)
            writer.number(position.value.column)
        }
        writer.optional(fields.status?.rawValue)
        writer.optional(fields.repo)
        writer.list(fields.tech) { $0.string($1) }
        Self.add(fields.started, to: &writer)
        Self.add(fields.finished, to: &writer)
        writer.list(warnings) { writer, warning in
            writer.number(warning.line)
            writer.number(warning.column)
            writer.string(warning.message)
        }
        return writer.bytes
    }

    /// The front matter of the document at `fields.sourcePath` as ``bytes`` holds it, set on `fields`.
    init(_ bytes: [UInt8], into fields: Document.Fields) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        var fields = fields
        let slugWasSet = try reader.number() == 1
        let slug = try reader.string()
        if slugWasSet { fields.slug = slug }
        fields.title = try reader.optional()
        fields.date = try Self.date(&reader)
        if try reader.number() == 1 { fields.dateOrigin = .frontMatter }
        fields.updated = try Self.date(&reader)
        fields.tags = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
        fields.projects = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
        fields.summary = try reader.optional()
        fields.draft = try reader.number() == 1
        fields.layout = try reader.optional()
        fields.cover = try reader.optional()
        fields.weight = try Self.number(&reader)
        fields.series = try reader.optional()
        fields.seriesName = try reader.optional()
        fields.day = try Self.number(&reader)
        fields.permalink = try reader.optional().map(Route.init)
        fields.aliases = try reader.list { reader throws(ByteReader.Malformed) in Route(try reader.string()) }
        for _ in 0..<(try reader.count()) { fields.params[try reader.string()] = try TemplateValue(&reader) }
        for _ in 0..<(try reader.count()) {
            fields.positions[try reader.string()] = SourcePosition(line: try reader.int(), column: try reader.int())
        }
        if let status = try reader.optional() {
            guard let known = ProjectStatus(rawValue: status) else { throw ByteReader.Malformed() }
            fields.status = known
        }
        fields.repo = try reader.optional()
        fields.tech = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
        fields.started = try Self.date(&reader)
        fields.finished = try Self.date(&reader)
        let path = fields.sourcePath
        let warnings = try reader.list { reader throws(ByteReader.Malformed) in
            Diagnostic.warning(path, try reader.int(), try reader.int(), try reader.string())
        }
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
        self.init(fields: fields, slugWasSet: slugWasSet, warnings: warnings)
    }

    init(fields: Document.Fields, slugWasSet: Bool, warnings: [Diagnostic]) {
        (self.fields, self.slugWasSet, self.warnings) = (fields, slugWasSet, warnings)
    }

    private static func add(_ date: Date?, to writer: inout ByteWriter) {
        guard let date else { return writer.number(0) }
        writer.number(1)
        writer.number(date.timeIntervalSinceReferenceDate.bitPattern)
    }

    private static func date(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Date? {
        switch try reader.number() {
        case 0: return nil
        case 1: return Date(timeIntervalSinceReferenceDate: Double(bitPattern: try reader.number()))
        default: throw ByteReader.Malformed()
        }
    }

    private static func add(_ number: Int?, to writer: inout ByteWriter) {
        guard let number else { return writer.number(0) }
        writer.number(1)
        writer.number(number)
    }

    private static func number(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Int? {
        switch try reader.number() {
        case 0: return nil
        case 1: return try reader.int()
        default: throw ByteReader.Malformed()
        }
    }
}

extension TemplateValue {
    /// Adds the value, a tag byte then its contents, for ``init(_:)``.
    func add(to writer: inout ByteWriter) {
        switch self {
        case .string(let value):
            writer.number(1)
            writer.string(value)
        case .bool(let value): writer.number(value ? 2 : 3)
        case .int(let value):
            writer.number(4)
            writer.number(value)
        case .double(let value):
            writer.number(5)
            writer.number(value.bitPattern)
        case .list(let values):
            writer.number(6)
            writer.list(values) { writer, value in value.add(to: &writer) }
        case .object(let fields):
            writer.number(7)
            writer.list(fields.sorted { $0.key < $1.key }) { writer, field in
                writer.string(field.key)
                field.value.add(to: &writer)
            }
        case .null: writer.number(8)
        // A stored text (a post's HTML) is never a front-matter value, and is not read to be kept.
        case .storedText: writer.number(8)
        case .hashed(let hashed): hashed.value.add(to: &writer)
        }
    }

    /// A value as ``add(to:)`` wrote it, nested at most ``Limits/yamlDepth`` deep.
    init(_ reader: inout ByteReader, depth: Int = 0) throws(ByteReader.Malformed) {
        guard depth <= Limits.yamlDepth else { throw ByteReader.Malformed() }
        switch try reader.number() {
        case 1: self = .string(try reader.string())
        case 2: self = .bool(true)
        case 3: self = .bool(false)
        case 4: self = .int(try reader.int())
        case 5: self = .double(Double(bitPattern: try reader.number()))
        case 6: self = .list(try reader.list { reader throws(ByteReader.Malformed) in try TemplateValue(&reader, depth: depth + 1) })
        case 7:
            var fields: [String: TemplateValue] = [:]
            for _ in 0..<(try reader.count()) { fields[try reader.string()] = try TemplateValue(&reader, depth: depth + 1) }
            self = .object(fields)
        case 8: self = .null
        default: throw ByteReader.Malformed()
        }
    }
}
