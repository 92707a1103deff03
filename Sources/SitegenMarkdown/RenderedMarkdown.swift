/// The result of rendering one markdown document.
public struct RenderedMarkdown: Sendable {
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
}
