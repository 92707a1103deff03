/// A file of the built site: its path inside the output folder and its contents.
public struct OutputFile: Sendable, Equatable {
    /// Relative to the output folder, `/`-separated, never with `..`: `posts/hello/index.html`.
    public var path: String
    /// Bytes in memory, or a file to copy.
    public var contents: AssetFile.Contents

    /// Creates an output file.
    public init(path: String, contents: AssetFile.Contents) {
        self.path = path
        self.contents = contents
    }

    /// A page's HTML.
    public init(path: String, text: String) {
        self.init(path: path, contents: .bytes(Array(text.utf8)))
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
