/// One markdown body to render, with what the renderer needs to report positions in its source file.
public struct MarkdownSource: Sendable {
    /// The markdown text (front matter already removed).
    public var text: String
    /// The 1-based line of the source file on which `text` starts.
    public var firstLine: Int
    /// What to do with the document's first heading.
    public var titleHeading: TitleHeading

    /// Creates a source.
    public init(text: String, firstLine: Int = 1, titleHeading: TitleHeading = .keep) {
        self.text = text
        self.firstLine = firstLine
        self.titleHeading = titleHeading
    }
}

/// How the first heading of a document relates to its title.
public enum TitleHeading: Sendable, Equatable {
    /// Render every heading.
    case keep
    /// The document has no title of its own: the first heading of any level is its title and, when it is
    /// the first block, it is removed from the body so that the page does not show it twice.
    case extract
    /// The document has this title: a level-1 heading opening the body that repeats it, alone or followed by a
    /// subtitle (`Title: subtitle`, `Title – subtitle`), is removed.
    case dropIfRepeats(String)
}

/// A heading of a rendered document.
public struct Heading: Sendable, Equatable {
    /// 1 to 6.
    public var level: Int
    /// The unique, GitHub-style `id` given to the heading.
    public var id: String
    /// The heading's plain text.
    public var text: String

    /// Creates a heading.
    public init(level: Int, id: String, text: String) {
        self.level = level
        self.id = id
        self.text = text
    }
}

/// A link found in a document, with its position in the source file.
public struct LinkReference: Sendable, Equatable {
    /// The destination as written.
    public var destination: String
    /// 1-based line in the source file.
    public var line: Int
    /// 1-based column in the source file.
    public var column: Int
    /// Whether it is an image rather than a link.
    public var isImage: Bool

    /// Creates a link reference.
    public init(destination: String, line: Int, column: Int, isImage: Bool) {
        self.destination = destination
        self.line = line
        self.column = column
        self.isImage = isImage
    }
}

/// What a ``LinkResolving`` decides for one link.
public enum LinkResolution: Sendable, Equatable {
    /// Leave the destination as written.
    case keep
    /// Replace the destination.
    case rewrite(String)
    /// The destination names content that does not exist; the message says what.
    case broken(String)
}

/// Maps link destinations found in markdown to the URLs they should have in the built site.
public protocol LinkResolving: Sendable {
    /// Decides what happens to one link of the document at `sourcePath`.
    func resolve(_ destination: String, from sourcePath: String) -> LinkResolution
}

/// A link that could not be resolved.
public struct BrokenLink: Sendable, Equatable {
    /// The link as found.
    public var link: LinkReference
    /// Why it is broken.
    public var message: String
}

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
}

/// Rendering switches that come from the site's configuration.
public struct MarkdownOptions: Sendable, Equatable {
    /// Curly quotes, dashes and ellipses.
    public var smartPunctuation: Bool
    /// Pass raw HTML through instead of omitting it.
    public var allowRawHTML: Bool

    /// Creates options.
    public init(smartPunctuation: Bool = true, allowRawHTML: Bool = false) {
        self.smartPunctuation = smartPunctuation
        self.allowRawHTML = allowRawHTML
    }
}
