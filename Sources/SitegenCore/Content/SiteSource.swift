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
    /// What the walk saw of each file, by path, for the build record; empty for a source made in memory.
    var stamps: [String: FileStamp] = [:]
    /// The hash of each text file's contents (``BuildRecord/contentHash(of:)``), by path, for the build record.
    var hashes: [String: UInt64] = [:]
    /// Markdown files not read because the last build's record vouches for them (``ContentLoader/read(_:trusting:)``):
    /// their text is empty and their hash is the recorded one.
    var unread: Set<String> = []

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
