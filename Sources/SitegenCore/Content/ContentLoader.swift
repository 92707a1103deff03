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
            if let file = readText(name, diagnostics: &diagnostics) { source.config = file }
        }
        for path in files(under: "content") {
            if path.hasSuffix(".md") || path.hasSuffix(".markdown") {
                if let file = readText(path, diagnostics: &diagnostics) { source.markdown.append(file) }
            } else {
                source.assets.append(AssetFile(path: path, contents: .file(root.appendingPathComponent(path).path)))
            }
        }
        for path in files(under: "templates") {
            if path.hasPrefix("templates/assets/") {
                source.themeAssets.append(AssetFile(path: path, contents: .file(root.appendingPathComponent(path).path)))
            } else if path.hasSuffix(".mustache") {
                if let file = readText(path, diagnostics: &diagnostics) { source.templates.append(file) }
            }
        }
        return (source, diagnostics)
    }

    private func readText(_ relativePath: String, diagnostics: inout [Diagnostic]) -> SourceFile? {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            diagnostics.append(.error(relativePath, 0, 0, "cannot read the file; check its permissions"))
            return nil
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(.error(relativePath, 0, 0, "the file is not valid UTF-8; save it as UTF-8"))
            return nil
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let modified = attributes?[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        var body = text
        if body.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst() }
        return SourceFile(path: relativePath, text: body, modified: modified)
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
