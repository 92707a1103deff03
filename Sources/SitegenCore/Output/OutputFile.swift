/// A file of the built site: its path inside the output folder and its contents.
public struct OutputFile: Sendable, Equatable {
    /// Relative to the output folder, `/`-separated, never with `..`: `posts/hello/index.html`.
    public var path: String
    /// Bytes in memory, or a file to copy.
    public var contents: AssetFile.Contents
    /// The source file, and line, that put the file at its path, for messages about writing it; `nil` for files
    /// the site makes of itself, such as the feeds.
    public var origin: Origin?

    /// A source file and a line in it (0 for the file as a whole).
    public struct Origin: Sendable, Equatable {
        public var path: String
        public var line: Int

        /// Creates an origin.
        public init(path: String, line: Int = 0) {
            self.path = path
            self.line = line
        }
    }

    /// Creates an output file.
    public init(path: String, contents: AssetFile.Contents, origin: Origin? = nil) {
        self.path = path
        self.contents = contents
        self.origin = origin
    }

    /// A page's HTML.
    public init(path: String, text: String, origin: Origin? = nil) {
        self.init(path: path, contents: .bytes(Array(text.utf8)), origin: origin)
    }

    /// Whether `path` is a plain relative path that stays inside the output folder.
    public static func isContained(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." { return false }
            if segment.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0 }) { return false }
        }
        return true
    }
}
