import Foundation

/// Reads a site's folder from disk into a ``SiteSource``: `site.yml`, `content/` and `templates/`.
/// Hidden files and folders (`.git`, `.DS_Store`) are skipped.
public struct ContentLoader: Sendable {
    /// The site's folder.
    public let root: URL

    /// Creates a loader for the site in `root`.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Reads the site. A missing `content/` or `templates/` folder is not an error: the site is empty or uses
    /// the built-in theme. Only what lies inside the site folder is read (see ``SiteTree``).
    public func load() -> (SiteSource, [Diagnostic]) {
        var source = SiteSource(root: root.path)
        var diagnostics: [Diagnostic] = []
        guard let tree = SiteTree(root: root.path) else {
            return (source, [.error(root.path, 0, 0, "the site folder does not exist")])
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tree.root, isDirectory: &isFolder), isFolder.boolValue else {
            return (source, [.error(root.path, 0, 0, "the site folder is a file; pass the folder with site.yml and content/")])
        }
        for name in ["site.yml", "site.yaml"] where source.config == nil {
            guard let entry = tree.file(name, diagnostics: &diagnostics) else { continue }
            switch readText(entry) {
            case .success(let file): source.config = file
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        var markdown: [SiteTree.Entry] = []
        for entry in tree.files(under: "content", diagnostics: &diagnostics) {
            if entry.path.hasSuffix(".md") || entry.path.hasSuffix(".markdown") {
                markdown.append(entry)
            } else {
                source.assets.append(AssetFile(path: entry.path, contents: .file(entry.realPath)))
            }
        }
        for result in markdown.parallelMap({ entry in readText(entry) }) {
            switch result {
            case .success(let file): source.markdown.append(file)
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        for entry in tree.files(under: "templates", diagnostics: &diagnostics) {
            if entry.path.hasPrefix("templates/assets/") {
                source.themeAssets.append(AssetFile(path: entry.path, contents: .file(entry.realPath)))
            } else if entry.path.hasSuffix(".mustache") {
                switch readText(entry) {
                case .success(let file): source.templates.append(file)
                case .failure(let problem): diagnostics.append(problem)
                }
            }
        }
        let hasContentFolder = FileManager.default.fileExists(atPath: tree.root + "/content")
        if source.config == nil, !hasContentFolder, !diagnostics.containsErrors {
            diagnostics.append(
                .error(root.path, 0, 0, "no site.yml and no content/ folder here; run sitegen in your site's folder or pass --source"))
        }
        return (source, diagnostics)
    }

    /// Reads a UTF-8 text file, dropping a byte-order mark.
    private func readText(_ entry: SiteTree.Entry) -> Result<SourceFile, Diagnostic> {
        let bytes: [UInt8]
        let modified: Date
        switch FileDescriptor.readFile(entry.realPath, noFollow: true) {
        case .success(let read): (bytes, modified) = read
        case .failure(let problem): return .failure(.error(entry.path, 0, 0, "cannot read the file: \(problem)"))
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            return .failure(.error(entry.path, 0, 0, "the file is not valid UTF-8; save it as UTF-8"))
        }
        return .success(SourceFile(path: entry.path, text: text, modified: modified))
    }
}
