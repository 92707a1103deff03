/// Maps link destinations found in markdown to the URLs they should have in the built site.
public protocol LinkResolving: Sendable {
    /// Decides what happens to one link of the document at `sourcePath`.
    func resolve(_ destination: String, from sourcePath: String) -> LinkResolution
    /// The size of the local image file an image of the document at `sourcePath` shows; `nil` when unknown.
    func imageSize(_ destination: String, from sourcePath: String) -> ImageSize?
}

extension LinkResolving {
    /// No image sizes are known.
    public func imageSize(_ destination: String, from sourcePath: String) -> ImageSize? { nil }
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
    /// Whether it is an `href` or `src` of raw HTML, which the build publishes as written instead of resolving.
    public var isRawHTML: Bool

    /// Creates a link reference.
    public init(destination: String, line: Int, column: Int, isImage: Bool, isRawHTML: Bool = false) {
        self.destination = destination
        self.line = line
        self.column = column
        self.isImage = isImage
        self.isRawHTML = isRawHTML
    }
}

/// A link that could not be resolved.
public struct BrokenLink: Sendable, Equatable {
    /// The link as found.
    public var link: LinkReference
    /// Why it is broken.
    public var message: String
}
