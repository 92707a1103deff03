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

    /// The files a site is built from, found by walking its folder without reading them.
    struct Inputs {
        var tree: SiteTree
        var config: SiteTree.Entry?
        var content: [SiteTree.Entry] = []
        var templates: [SiteTree.Entry] = []
        var diagnostics: [Diagnostic] = []

        /// Every file found.
        var all: [SiteTree.Entry] { (config.map { [$0] } ?? []) + content + templates }

        /// Every file, with its stamp, by site-relative path.
        var stamps: [String: FileStamp] {
            Dictionary(all.map { ($0.path, $0.stamp) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Walks `site.yml`, `content/` and `templates/` without reading a file.
    /// - Returns: The files found, or the error that the site folder is missing or is a file.
    func inputs() -> Result<Inputs, Diagnostic> {
        guard let tree = SiteTree(root: root.path) else {
            return .failure(.error(root.path, 0, 0, "the site folder does not exist"))
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tree.root, isDirectory: &isFolder), isFolder.boolValue else {
            return .failure(.error(root.path, 0, 0, "the site folder is a file; pass the folder with site.yml and content/"))
        }
        var inputs = Inputs(tree: tree)
        for name in ["site.yml", "site.yaml"] where inputs.config == nil {
            inputs.config = tree.file(name, diagnostics: &inputs.diagnostics)
        }
        inputs.content = tree.files(under: "content", diagnostics: &inputs.diagnostics)
        inputs.templates = tree.files(under: "templates", diagnostics: &inputs.diagnostics)
        return .success(inputs)
    }

    /// Reads the site. A missing `content/` or `templates/` folder is not an error: the site is empty or uses
    /// the built-in theme. Only what lies inside the site folder is read (see ``SiteTree``).
    public func load() -> (SiteSource, [Diagnostic]) {
        switch inputs() {
        case .success(let found): return read(found)
        case .failure(let problem): return (SiteSource(root: root.path), [problem])
        }
    }

    /// Reads the files that ``inputs()`` found, but for the markdown files in `trusting`, which are known by the
    /// hash of their text (``SiteSource/unread``).
    func read(_ inputs: Inputs, trusting: [String: UInt64] = [:]) -> (SiteSource, [Diagnostic]) {
        var source = SiteSource(root: root.path)
        var diagnostics = inputs.diagnostics
        source.stamps = inputs.stamps
        if let entry = inputs.config {
            let (file, problems) = readText(entry)
            source.config = file
            diagnostics += problems
        }
        var markdown: [SiteTree.Entry] = []
        for entry in inputs.content {
            if entry.path.hasSuffix(".md") || entry.path.hasSuffix(".markdown") {
                markdown.append(entry)
            } else {
                source.assets.append(AssetFile(path: entry.path, contents: .file(entry.realPath)))
            }
        }
        source.hashes.reserveCapacity(markdown.count + inputs.templates.count + 1)
        // Each text is hashed by the worker that read it, while its bytes are still in the cache.
        for (file, hash, problems) in markdown.parallelMap({ entry -> (SourceFile?, UInt64?, [Diagnostic]) in
            guard trusting[entry.path] == nil else {
                return (SourceFile(path: entry.path, text: "", modified: entry.stamp.modifiedSecond), nil, [])
            }
            let (file, problems) = readText(entry)
            return (file, file.map { ContentHash.of($0.text.utf8) }, problems)
        }) {
            if let file {
                source.markdown.append(file)
                if let hash { source.hashes[file.path] = hash }
            }
            diagnostics += problems
        }
        for (path, hash) in trusting {
            source.hashes[path] = hash
            source.unread.insert(path)
        }

        for entry in inputs.templates {
            if entry.path.hasPrefix("templates/assets/") {
                source.themeAssets.append(AssetFile(path: entry.path, contents: .file(entry.realPath)))
            } else if entry.path.hasSuffix(".mustache") {
                let (file, problems) = readText(entry)
                if let file { source.templates.append(file) }
                diagnostics += problems
            }
        }
        let texts = [source.config].compactMap { $0 } + source.templates
        for (file, hash) in zip(texts, texts.parallelMap { ContentHash.of($0.text.utf8) }) { source.hashes[file.path] = hash }
        let hasContentFolder = FileManager.default.fileExists(atPath: inputs.tree.root + "/content")
        if source.config == nil, !hasContentFolder, !diagnostics.containsErrors {
            diagnostics.append(
                .error(root.path, 0, 0, "no site.yml and no content/ folder here; run sitegen in your site's folder or pass --source"))
        }
        return (source, diagnostics)
    }

    /// The markdown file of `entry` as ``read(_:trusting:)`` reads it, for one it did not read; `nil` when it cannot
    /// be read or has anything to warn about.
    func readUnread(_ entry: SiteTree.Entry) -> SourceFile? {
        guard case (let file?, let warnings) = readText(entry), warnings.isEmpty else { return nil }
        return file
    }

    /// The file at `path` (relative to the site) read again as ``load()`` reads it, when it is a plain file with
    /// no link on its way and nothing to warn about; `nil` otherwise, and the caller loads the whole site instead.
    public func reread(_ path: String) -> SourceFile? {
        guard let tree = SiteTree(root: root.path) else { return nil }
        var problems: [Diagnostic] = []
        guard let entry = tree.file(path, diagnostics: &problems), problems.isEmpty, entry.realPath == tree.root + "/" + path
        else { return nil }
        return readUnread(entry)
    }

    /// Reads a UTF-8 text file, dropping a byte-order mark and, with a warning at the first, the characters no
    /// feed or page may hold (``TextCharacters``), and composing it to NFC; the file is `nil` when it cannot be
    /// read.
    private func readText(_ entry: SiteTree.Entry) -> (SourceFile?, [Diagnostic]) {
        let bytes: [UInt8]
        let modified: Date
        switch FileDescriptor.readFile(entry.realPath, noFollow: true) {
        case .success(let read): (bytes, modified) = read
        case .failure(let problem): return (nil, [.error(entry.path, 0, 0, "cannot read the file: \(problem)")])
        }
        var body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        var warnings: [Diagnostic] = []
        if let dropped = TextCharacters.droppingForbidden(body) {
            body = dropped.bytes[...]
            warnings.append(.warning(entry.path, dropped.first.line, dropped.first.column, dropped.message))
        }
        guard var text = String(validating: body, as: UTF8.self) else {
            return (nil, [.error(entry.path, 0, 0, "the file is not valid UTF-8; save it as UTF-8")])
        }
        // Decomposed text (`e` and a combining accent, as macOS and some editors save it) is composed, as HTML
        // checkers ask: the same characters, in Unicode Normalization Form C. ASCII is already composed.
        if body.contains(where: { $0 >= 0x80 }) { text = text.precomposedStringWithCanonicalMapping }
        return (SourceFile(path: entry.path, text: text, modified: modified), warnings)
    }
}
