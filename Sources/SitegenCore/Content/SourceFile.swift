import Foundation

/// A text file of the site (markdown, template or configuration) read into memory.
public struct SourceFile: Sendable, Equatable {
    /// Relative to the site's folder, `/`-separated: `content/posts/hello.md`.
    public var path: String
    /// The file's text.
    public var text: String
    /// When the file was last modified.
    public var modified: Date

    /// Creates a source file.
    public init(path: String, text: String, modified: Date = Date(timeIntervalSince1970: 0)) {
        self.path = path
        self.text = text
        self.modified = modified
    }

    /// The last path component: `hello.md`.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The folder part with a trailing `/`: `content/posts/`.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }
}
