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
