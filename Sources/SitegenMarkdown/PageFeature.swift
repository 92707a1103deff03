/// What a page needs beyond the theme's stylesheet, because its body has it.
public enum PageFeature: String, Sendable, Hashable, Codable {
    /// A code block: the copy button's script.
    case code
    /// Math: MathML from KaTeX, or the TeX as written.
    case math
    /// A Mermaid diagram: the script that draws it.
    case mermaid
    /// A video embed: the script that plays it in place when clicked.
    case embed
}

/// A TeX formula of a body, as written between `$` or `$$` or in a ```` ```math ```` block.
public struct Formula: Sendable, Hashable, Codable {
    /// The TeX.
    public var tex: String
    /// Whether it is display math (`$$…$$`, a `math` block) rather than inline.
    public var display: Bool
    /// The line of the file it starts on, for a message about it.
    public var line: Int

    /// Creates a formula.
    public init(tex: String, display: Bool, line: Int = 0) {
        self.tex = tex
        self.display = display
        self.line = line
    }

    /// What the body holds until the formula is typeset: the TeX, escaped and readable, in a `span` that
    /// ``MathMarkup`` finds and replaces with MathML.
    public var fallbackHTML: String {
        display
            ? "<span class=\"math math-display\">$$\(escapeHTML(tex))$$</span>"
            : "<span class=\"math math-inline\">$\(escapeHTML(tex))$</span>"
    }
}

/// The intrinsic size of an image file, in pixels; zero when the file's header could not be read.
public struct ImageSize: Sendable, Hashable, Codable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The size of an image that is not a local file, or whose header could not be read.
    public static let unknown = ImageSize(width: 0, height: 0)
}
