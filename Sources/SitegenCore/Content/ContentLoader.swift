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
    /// the built-in theme.
    public func load() -> (SiteSource, [Diagnostic]) {
        var source = SiteSource(root: root.path)
        var diagnostics: [Diagnostic] = []
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder), isFolder.boolValue else {
            return (source, [.error(root.path, 0, 0, "the site folder does not exist")])
        }
        for name in ["site.yml", "site.yaml"] where source.config == nil {
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path) else { continue }
            switch readText(name) {
            case .success(let file): source.config = file
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        var markdownPaths: [String] = []
        for path in files(under: "content") {
            if path.hasSuffix(".md") || path.hasSuffix(".markdown") {
                markdownPaths.append(path)
            } else {
                source.assets.append(AssetFile(path: path, contents: .file(root.appendingPathComponent(path).path)))
            }
        }
        for result in markdownPaths.parallelMap({ path in readText(path) }) {
            switch result {
            case .success(let file): source.markdown.append(file)
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        for path in files(under: "templates") {
            if path.hasPrefix("templates/assets/") {
                source.themeAssets.append(AssetFile(path: path, contents: .file(root.appendingPathComponent(path).path)))
            } else if path.hasSuffix(".mustache") {
                switch readText(path) {
                case .success(let file): source.templates.append(file)
                case .failure(let problem): diagnostics.append(problem)
                }
            }
        }
        let hasContentFolder = FileManager.default.fileExists(atPath: root.appendingPathComponent("content").path)
        if source.config == nil, !hasContentFolder {
            diagnostics.append(
                .error(root.path, 0, 0, "no site.yml and no content/ folder here; run sitegen in your site's folder or pass --source"))
        }
        return (source, diagnostics)
    }

    /// Reads a UTF-8 text file, dropping a byte-order mark.
    private func readText(_ relativePath: String) -> Result<SourceFile, Diagnostic> {
        guard let (bytes, modified) = FileDescriptor.readAll(root.path + "/" + relativePath) else {
            return .failure(.error(relativePath, 0, 0, "cannot read the file: \(FileDescriptor.lastError)"))
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            return .failure(.error(relativePath, 0, 0, "the file is not valid UTF-8; save it as UTF-8"))
        }
        return .success(SourceFile(path: relativePath, text: text, modified: modified))
    }

    /// Regular files under a folder of the site, as site-relative paths, sorted.
    private func files(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                if (enumerator.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory {
                    enumerator.skipDescendants()
                }
                continue
            }
            let type = enumerator.fileAttributes?[.type] as? FileAttributeType
            if type == .typeRegular || type == .typeSymbolicLink {
                paths.append(folder + "/" + relative)
            }
        }
        return paths.sorted()
    }
}
