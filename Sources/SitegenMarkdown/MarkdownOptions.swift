/// Rendering switches that come from the site's configuration.
public struct MarkdownOptions: Sendable, Equatable {
    /// Curly quotes, dashes and ellipses.
    public var smartPunctuation: Bool
    /// Pass raw HTML through instead of omitting it.
    public var allowRawHTML: Bool
    /// `$…$`, `$$…$$` and ```` ```math ```` blocks are math (see ``MathSpans``).
    public var math: Bool

    /// Creates options.
    public init(smartPunctuation: Bool = true, allowRawHTML: Bool = false, math: Bool = true) {
        self.smartPunctuation = smartPunctuation
        self.allowRawHTML = allowRawHTML
        self.math = math
    }
}
