import Foundation
import SitegenMarkdown

/// A published journal entry.
///
/// What the post's document and body make lives in one shared, immutable box (``SharedValue``), as ``Document``'s
/// fields do, so that the many copies a build makes of 10k posts (into the site, its cache, each list) cost one
/// reference count instead of one per field. Only what the site assembles per post, its tag slugs and related
/// posts, is kept beside the box, so that assembling does not copy it. Fields read and write as `post.title`.
@dynamicMemberLookup
public struct Post: Sendable {
    /// The values a post's document and rendered body give it.
    public struct Fields: Sendable {
        public var sourcePath: String
        public var slug: String
        public var route: Route
        public var title: String
        public var date: Date
        public var dateOrigin: DateOrigin
        public var updated: Date?
        /// Slugs of its projects.
        public var projects: [String]
        public var summary: String
        /// The body as HTML: in memory or, in a written build, a range of the build's ``SpillFile``.
        var storedHTML: StoredText
        /// The start of the body as plain text, cut at a word near ``MachineFiles/searchTextLength`` bytes: what
        /// the search index holds.
        public var plainText: String
        public var toc: [TOCEntry]
        public var wordCount: Int
        public var readingMinutes: Int
        public var draft: Bool
        public var cover: String?
        public var layout: String?
        public var params: [String: TemplateValue]
        /// The slug of its series, and its day in it.
        public var series: String?
        public var day: Int?
        /// What its page needs for its body (code, math, diagrams).
        public var features: Set<PageFeature> = []
    }

    private var box: SharedValue<Fields>
    /// Slugs of its tags, in the order written.
    public var tags: [String]
    /// Up to three related posts, by index into ``Site/posts``, best first.
    public var related: [Int]

    /// One of the post's values.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        @inline(__always) get { box[keyPath] }
        @inline(__always) set { box[keyPath] = newValue }
    }

    /// The body as HTML, read from the build's ``SpillFile`` when a written build stored it there.
    func readHTML() throws(SpillFile.ReadFailure) -> String { try box.value.storedHTML.read() }

    /// Gives the post a body held in memory.
    mutating func setHTML(_ html: String) { self.storedHTML = .inline(html) }

    /// The body as a template value that is read only when a page shows it: a page's fingerprint takes the hash
    /// of the HTML, which a written build knows without reading the HTML back.
    var htmlValue: TemplateValue {
        let stored = box.value.storedHTML
        if case .inline(let html) = stored { return .string(html) }
        return .storedText(TemplateText(stored))
    }

    /// A post with every value given.
    public init(
        sourcePath: String, slug: String, route: Route, title: String, date: Date, dateOrigin: DateOrigin, updated: Date?,
        tags: [String], projects: [String], summary: String, html: String, plainText: String, toc: [TOCEntry], wordCount: Int,
        readingMinutes: Int, draft: Bool, cover: String?, layout: String?, params: [String: TemplateValue],
        series: String? = nil, day: Int? = nil, related: [Int] = []
    ) {
        box = SharedValue(
            Fields(
                sourcePath: sourcePath, slug: slug, route: route, title: title, date: date, dateOrigin: dateOrigin,
                updated: updated, projects: projects, summary: summary, storedHTML: .inline(html), plainText: plainText,
                toc: toc, wordCount: wordCount, readingMinutes: readingMinutes, draft: draft, cover: cover, layout: layout,
                params: params, series: series, day: day))
        self.tags = tags
        self.related = related
    }
}

extension Post {
    /// The post a document and its rendered body make, before the site gives it tag slugs and related posts.
    init(document: Document, body: RenderedMarkdown) {
        self.init(
            sourcePath: document.sourcePath, slug: document.slug, route: SiteBuilder.route(of: document),
            title: document.title ?? body.extractedTitle ?? readableTitle(fromFileName: document.slug),
            date: document.date ?? document.modified, dateOrigin: document.dateOrigin ?? .modificationTime,
            updated: document.updated, tags: document.tags, projects: document.projects,
            summary: document.summary ?? derivedSummary(body), html: body.html,
            plainText: MachineFiles.cut(body.plainText, to: MachineFiles.searchTextLength), toc: tableOfContents(body.headings),
            wordCount: body.wordCount, readingMinutes: SitegenCore.readingMinutes(words: body.wordCount), draft: document.draft,
            cover: document.cover, layout: document.layout, params: document.params, series: document.series, day: document.day)
        self.features = body.features
    }
}

/// Reading time at about 220 words a minute, at least one minute.
func readingMinutes(words: Int) -> Int { max(1, Int((Double(words) / 220).rounded())) }
