/// Maps link destinations found in markdown to the URLs they should have in the built site.
public protocol LinkResolving: Sendable {
    /// Decides what happens to one link of the document at `sourcePath`.
    func resolve(_ destination: String, from sourcePath: String) -> LinkResolution
    /// What the local file an image of the document at `sourcePath` shows is: its size (`nil` when unknown) and
    /// its photo's resized copies (`nil` when it has none).
    func image(_ destination: String, from sourcePath: String) -> (size: ImageSize?, picture: Picture?)
}

extension LinkResolving {
    /// No image size is known and no photo has copies.
    public func image(_ destination: String, from sourcePath: String) -> (size: ImageSize?, picture: Picture?) { (nil, nil) }
}

/// A photo's resized copies as `<picture>` offers them: a `srcset` per extra format (WebP), then the `<img>`'s own
/// `src` and `srcset` in the original's format, with the `sizes` the theme's column makes true.
public struct Picture: Sendable, Equatable {
    /// One `<source>`: a media type and its copies.
    public struct Source: Sendable, Equatable {
        public var type: String
        public var srcset: String

        public init(type: String, srcset: String) {
            self.type = type
            self.srcset = srcset
        }
    }

    public let sources: [Source]
    public let src: String
    public let srcset: String
    public let size: ImageSize
    /// The `<source>` elements and the `<img>`'s `srcset` and `sizes` attributes as HTML, made once for every
    /// page that shows the photo.
    let sourcesHTML: String
    let srcsetAttributes: String

    /// The width the default theme's column gives an image: 44rem less its padding, or the viewport less the
    /// padding on a narrow screen.
    public static let sizes = "(min-width: 44rem) 41.5rem, calc(100vw - 2.5rem)"

    public init(sources: [Source], src: String, srcset: String, size: ImageSize) {
        self.sources = sources
        self.src = src
        self.srcset = srcset
        self.size = size
        var html = ""
        html.reserveCapacity(sources.reduce(0) { $0 + $1.srcset.utf8.count + 128 })
        for source in sources {
            html += "<source type=\""
            html += source.type
            html += "\" srcset=\""
            html += escapeHTML(source.srcset)
            html += "\" sizes=\""
            html += Self.sizes
            html += "\">"
        }
        sourcesHTML = html
        srcsetAttributes = srcset.isEmpty ? "" : " srcset=\"" + escapeHTML(srcset) + "\" sizes=\"" + Self.sizes + "\""
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
