/// A file copied as it is into the output.
public struct StaticFile: Sendable {
    public var route: Route
    public var contents: AssetFile.Contents
    /// Where it comes from, for messages: `content/posts/trip/photo.jpg`, `templates/assets/style.css` or
    /// `(built-in theme)/assets/style.css`.
    public var source: String
    /// See ``OutputFile/identity``.
    public var identity: UInt64?

    /// Creates a static file.
    public init(route: Route, contents: AssetFile.Contents, source: String, identity: UInt64? = nil) {
        self.route = route
        self.contents = contents
        self.source = source
        self.identity = identity
    }
}
