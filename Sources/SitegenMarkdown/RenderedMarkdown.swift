/// The result of rendering one markdown document. Its fields live in one shared box (``SharedValue``), so that
/// the copies a build makes of 10k bodies (into its cache, the site model, each list) cost one reference count.
@dynamicMemberLookup
public struct RenderedMarkdown: Sendable {
    /// A rendered body's values, read and written as `body.html`.
    public struct Fields: Sendable {
        /// The body as HTML.
        public var html: String
        /// The text of the first heading when the source asked for ``TitleHeading/extract``.
        public var extractedTitle: String?
        /// Every heading of the body, in order, with unique ids.
        public var headings: [Heading]
        /// The plain text before a `<!--more-->` marker, when there is one.
        public var textBeforeMore: String?
        /// The plain text of the first paragraph that is not inside a list, quote or other block.
        public var firstParagraph: String?
        /// The whole body as plain text, blocks separated by newlines.
        public var plainText: String
        /// Number of words in the body.
        public var wordCount: Int
        /// Links whose destination could not be resolved.
        public var brokenLinks: [BrokenLink]
        /// What the resolver answered for each destination it was asked about. The body stays valid for as long as
        /// the resolver gives the same answers, which lets a rebuild skip it.
        public var resolvedLinks: [String: LinkResolution] = [:]
        /// Every link and image of the body as written, with its position, for `sitegen check`.
        public var links: [LinkReference] = []
        /// What renders, but not as its writer meant: template syntax left as text, raw HTML left out.
        public var notices: [MarkdownNotice] = []
        /// What the page needs for this body: the copy button's script, math, Mermaid.
        public var features: Set<PageFeature> = []
        /// The math of the body, in order, each in the HTML as its ``Formula/fallbackHTML``.
        public var formulas: [Formula] = []
        /// The size the resolver gave each image destination (``ImageSize/unknown`` for none); the body stays
        /// valid while the resolver gives the same sizes.
        public var imageSizes: [String: ImageSize] = [:]
    }

    @usableFromInline var box: SharedValue<Fields>

    /// A body with every value given (as the renderer makes it, or as a cache kept it).
    public init(
        html: String, extractedTitle: String?, headings: [Heading], textBeforeMore: String?, firstParagraph: String?,
        plainText: String, wordCount: Int, brokenLinks: [BrokenLink], resolvedLinks: [String: LinkResolution] = [:],
        links: [LinkReference] = [], notices: [MarkdownNotice] = [], features: Set<PageFeature> = [], formulas: [Formula] = [],
        imageSizes: [String: ImageSize] = [:]
    ) {
        box = SharedValue(
            Fields(
                html: html, extractedTitle: extractedTitle, headings: headings, textBeforeMore: textBeforeMore,
                firstParagraph: firstParagraph, plainText: plainText, wordCount: wordCount, brokenLinks: brokenLinks,
                resolvedLinks: resolvedLinks, links: links, notices: notices, features: features, formulas: formulas,
                imageSizes: imageSizes))
    }

    /// One of the body's values.
    @inlinable public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Fields, Value>) -> Value {
        get { box[keyPath] }
        set { box[keyPath] = newValue }
    }
}
