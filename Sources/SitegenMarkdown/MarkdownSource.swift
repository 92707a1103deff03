/// One markdown body to render, with what the renderer needs to report positions in its source file.
public struct MarkdownSource: Sendable, Equatable {
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
    /// The document has this title: a level-1 heading opening the body that repeats it (ignoring case and
    /// spacing) is removed. One that says more (`Title: subtitle`) is kept whole, so that nothing written is lost.
    case dropIfRepeats(String)
}
