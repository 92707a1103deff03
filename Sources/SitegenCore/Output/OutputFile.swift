/// A file of the built site: its path inside the output folder and its contents.
public struct OutputFile: Sendable, Equatable {
    /// Relative to the output folder, `/`-separated, never with `..`: `posts/hello/index.html`.
    public var path: String
    /// Bytes in memory, or a file to copy.
    public var contents: AssetFile.Contents
    /// The source file, and line, that put the file at its path, for messages about writing it; `nil` for files
    /// the site makes of itself, such as the feeds.
    public var origin: Origin?
    /// For a copied file whose bytes its path names for good (a photo's copy in the cache, in a folder named by
    /// the photo's hash and settings): a hash of that name, which tells the writer, without looking at the file,
    /// that an earlier copy of it is still right.
    public var identity: UInt64?

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
    public init(path: String, contents: AssetFile.Contents, origin: Origin? = nil, identity: UInt64? = nil) {
        self.path = path
        self.contents = contents
        self.origin = origin
        self.identity = identity
    }

    /// A page's HTML.
    public init(path: String, text: String, origin: Origin? = nil) {
        self.init(path: path, contents: .bytes(Array(text.utf8)), origin: origin)
    }

    /// Whether `path` is a plain relative path that stays inside the output folder.
    public static func isContained(_ path: String) -> Bool {
        var segment = 0
        var dots = 0
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "/"):
                // An empty segment (a leading `/` or `//`), `.` or `..`.
                if segment == 0 || segment == dots && dots <= 2 { return false }
                segment = 0
                dots = 0
                continue
            case UInt8(ascii: "\\"), 0: return false
            case UInt8(ascii: "."): dots += 1
            default: break
            }
            segment += 1
        }
        return segment > 0 && !(segment == dots && dots <= 2)
    }
}
