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

/// Everything a build reads, gathered before any processing: the pipeline after loading never touches the disk.
public struct SiteSource: Sendable {
    /// The site's folder as an absolute path, used for `git` dates.
    public var root: String
    /// `site.yml`, when there is one.
    public var config: SourceFile?
    /// Every `.md` file under `content/`.
    public var markdown: [SourceFile]
    /// Every other file under `content/`.
    public var assets: [AssetFile]
    /// Every `.mustache` file under `templates/`.
    public var templates: [SourceFile]
    /// Every file under `templates/assets/`.
    public var themeAssets: [AssetFile]

    /// Creates a source tree.
    public init(
        root: String, config: SourceFile? = nil, markdown: [SourceFile] = [], assets: [AssetFile] = [],
        templates: [SourceFile] = [], themeAssets: [AssetFile] = []
    ) {
        self.root = root
        self.config = config
        self.markdown = markdown
        self.assets = assets
        self.templates = templates
        self.themeAssets = themeAssets
    }
}
