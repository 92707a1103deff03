import Foundation
import SitegenMarkdown

/// A content file with its front matter read into typed fields and its markdown body.
///
/// The fields live in one shared, immutable box (``SharedValue``), so that the many copies a build makes of each document (into
/// its cache, its partitions, the site model) cost one reference count instead of one per field; a change makes a
/// new box. Fields read and write as `document.title`, through ``Fields``.
@dynamicMemberLookup
public struct Document: Sendable {
    /// A document's values.
    public struct Fields: Sendable, Equatable {
        public var kind: ContentKind
        /// Relative to the site's folder: `content/posts/hello.md`.
        public var sourcePath: String
        /// For a bundle (`content/posts/trip/index.md`), its folder `content/posts/trip/`, whose other files are
        /// copied beside the page.
        public var bundleDirectory: String?
        /// The URL segment.
        public var slug: String
        /// The front-matter title; a post without one takes its first heading after rendering.
        public var title: String?
        public var date: Date?
        public var dateOrigin: DateOrigin?
        public var updated: Date?
        /// Tags as written.
        public var tags: [String] = []
        /// Project slugs as written.
        public var projects: [String] = []
        /// `excerpt`, `description`, `summary` or `lead`, the first present.
        public var summary: String?
        public var draft = false
        /// A template name from `layout`.
        public var layout: String?
        public var cover: String?
        /// Orders pages in the navigation.
        public var weight: Int?
        /// The series the post belongs to, by slug, and its name as written.
        public var series: String?
        public var seriesName: String?
        /// The post's day (or part) number in its series.
        public var day: Int?
        /// `permalink`: the exact path this document is published at, instead of the one its kind and slug give.
        public var permalink: Route?
        /// `aliases` (Hugo) or `redirect_from` (Jekyll): old paths that redirect to this document's page.
        public var aliases: [Route] = []
        /// The path the build publishes it at, once `permalink` or the site's `permalinks` pattern is applied.
        public var route: Route?
        /// Front-matter keys sitegen does not know, for templates as `page.params`.
        public var params: [String: TemplateValue] = [:]
        public var body: String
        /// For a post whose file a written rebuild did not read (unchanged since the last build), the hash of its
        /// body's text (``BodyStore/textHash(of:)``), with ``body`` empty: its rendered body is taken from the cache.
        var bodyHash: UInt64?
        /// 1-based line of the file on which `body` starts.
        public var bodyFirstLine: Int
        public var hasFrontMatter: Bool
        /// When the file was last modified.
        public var modified: Date
        /// Where each front-matter key was written, for diagnostics.
        public var positions: [String: SourcePosition] = [:]

        // Project fields.
        public var status: ProjectStatus?
        public var repo: String?
        public var tech: [String] = []
        public var started: Date?
        public var finished: Date?

        /// Where `key` was written, or the top of the file.
        public func position(of key: String) -> SourcePosition {
            positions[key] ?? SourcePosition(line: 1, column: 1)
        }

        /// The fields without those that show only on the post's own page and its cards: the body, `title`,
        /// `summary`, `updated`, params, and where keys are written (and the file's time, which only a date
        /// taken from it shows, and that is in `date`).
        var withoutPresentation: Fields {
            var fields = self
            fields.body = ""
            fields.bodyHash = nil
            fields.bodyFirstLine = 0
            fields.title = nil
            fields.summary = nil
            fields.updated = nil
            fields.params = [:]
            fields.positions = [:]
            fields.modified = Date(timeIntervalSince1970: 0)
            return fields
        }
    }

    private var box: SharedValue<Fields>

    /// A document with these values.
    public init(_ fields: Fields) { box = SharedValue(fields) }

    /// All of the document's values.
    public var fields: Fields { box.value }

    /// One of the document's values.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        @inline(__always) get { box[keyPath] }
        @inline(__always) set { box[keyPath] = newValue }
    }

    /// Where `key` was written, or the top of the file.
    public func position(of key: String) -> SourcePosition { box.value.position(of: key) }
}

extension Document: Equatable {
    public static func == (lhs: Document, rhs: Document) -> Bool { lhs.box.isSameBox(as: rhs.box) || lhs.fields == rhs.fields }

    /// Whether `other` differs from this document at most in what shows on the post's own page and its cards
    /// (``Fields/withoutPresentation``). Nothing else of the site (routes, order, tags, projects, series) can then
    /// change, which is what ``LiveModel`` and ``PageDependencies`` rely on.
    func differsOnlyInPresentation(from other: Document) -> Bool {
        fields.withoutPresentation == other.fields.withoutPresentation
    }

    /// A hash of where each front-matter key is written: a warning about a key is at the same place while it is
    /// the same.
    var positionsHash: UInt64 {
        var writer = ByteWriter(capacity: 128)
        for (key, position) in self.positions.sorted(by: { $0.key < $1.key }) {
            writer.string(key)
            writer.number(position.line)
            writer.number(position.column)
        }
        return ContentHash.of(writer.bytes)
    }

    /// A hash of everything ``Fields/withoutPresentation`` keeps, read field by field without copying the fields:
    /// two documents that differ only in presentation have the same one.
    var structureHash: UInt64 {
        func add(_ date: Date?, _ writer: inout ByteWriter) { writer.optionalNumber(date?.timeIntervalSince1970.bitPattern) }
        func add(_ number: Int?, _ writer: inout ByteWriter) { writer.optionalNumber(number.map { UInt64(bitPattern: Int64($0)) }) }
        var writer = ByteWriter(capacity: 256)
        writer.string(self.kind.rawValue)
        writer.string(self.sourcePath)
        writer.optional(self.bundleDirectory)
        writer.string(self.slug)
        add(self.date, &writer)
        add(self.dateOrigin?.rawValue, &writer)
        writer.list(self.tags) { $0.string($1) }
        writer.list(self.projects) { $0.string($1) }
        writer.number(self.draft ? 1 : 0)
        writer.optional(self.layout)
        writer.optional(self.cover)
        add(self.weight, &writer)
        writer.optional(self.series)
        writer.optional(self.seriesName)
        add(self.day, &writer)
        writer.optional(self.permalink?.path)
        writer.list(self.aliases) { $0.string($1.path) }
        writer.optional(self.route?.path)
        writer.number(self.hasFrontMatter ? 1 : 0)
        writer.optional(self.status?.rawValue)
        writer.optional(self.repo)
        writer.list(self.tech) { $0.string($1) }
        add(self.started, &writer)
        add(self.finished, &writer)
        return ContentHash.of(writer.bytes)
    }
}
