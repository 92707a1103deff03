/// A file copied to the output as it is (an image, a stylesheet): its bytes stay on disk until written.
public struct AssetFile: Sendable, Equatable {
    /// Where the bytes are.
    public enum Contents: Sendable, Equatable {
        /// A file on disk, by absolute path.
        case file(String)
        /// Bytes in memory.
        case bytes([UInt8])
    }

    /// Relative to the site's folder: `content/posts/trip/photo.jpg`, `templates/assets/style.css`.
    public var path: String
    /// The bytes or where to find them.
    public var contents: Contents

    /// Creates an asset.
    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }
}
