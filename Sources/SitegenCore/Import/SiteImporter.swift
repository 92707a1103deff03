import Foundation

/// `sitegen import jekyll|hugo PATH`: brings an existing blog into a new sitegen site. Posts, pages, static files
/// and settings are copied; what has a sitegen equivalent is converted (see ``TemplateTags``); old URLs are kept
/// with a `permalinks` pattern and per-post `aliases`; what cannot be converted is reported with its `path:line`
/// and left readable. The source site is only read.
public struct SiteImporter: Sendable {
    /// The generator the blog was made with.
    public enum Generator: String, Sendable, CaseIterable {
        case jekyll, hugo
    }

    /// What an import writes: text files (converted markdown, `site.yml`), files copied as they are, and what
    /// could not be converted.
    public struct Plan: Sendable {
        public var files: [Scaffold.File] = []
        /// Absolute source path, and the path in the new site.
        public var copies: [(source: String, path: String)] = []
        /// Warnings with the source site's relative paths and lines.
        public var report: [Diagnostic] = []
    }

    public let generator: Generator
    /// The blog's folder.
    public let root: URL

    /// Creates an importer.
    public init(generator: Generator, root: URL) {
        self.generator = generator
        self.root = root
    }

    /// Reads the blog and plans the new site, or says why it cannot.
    public func plan() -> Result<Plan, Diagnostic> {
        guard let tree = SiteTree(root: root.path) else {
            return .failure(.error(root.path, 0, 0, "the folder to import does not exist"))
        }
        switch generator {
        case .jekyll: return JekyllImport(tree: tree).plan()
        case .hugo: return HugoImport(tree: tree).plan()
        }
    }

    /// Writes `plan` under `target`, creating folders, unless any of its files exists there; nothing of the
    /// source site is changed.
    /// - Returns: The paths written.
    public static func write(_ plan: Plan, under target: URL) throws -> [String] {
        let manager = FileManager.default
        let existing = (plan.files.map(\.path) + plan.copies.map(\.path)).filter {
            manager.fileExists(atPath: target.appendingPathComponent($0).path)
        }
        guard existing.isEmpty else { throw Scaffold.Conflict(paths: existing) }
        var written = try Scaffold.write(plan.files, under: target)
        for copy in plan.copies {
            let destination = target.appendingPathComponent(copy.path)
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: URL(fileURLWithPath: copy.source), to: destination)
            written.append(copy.path)
        }
        return written
    }

    /// Every file of the blog, by path relative to it, skipping hidden entries and `skipped` top-level folders.
    static func files(in tree: SiteTree, skipping skipped: Set<String>, report: inout [Diagnostic]) -> [SiteTree.Entry] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: tree.root)) ?? []).sorted()
        return names.filter { !$0.hasPrefix(".") && !skipped.contains($0) }.flatMap { tree.files(under: $0, diagnostics: &report) }
    }

    /// A file's text, or `nil` with a report line when it is not UTF-8.
    static func text(of entry: SiteTree.Entry, report: inout [Diagnostic]) -> String? {
        guard case .success(let (bytes, _)) = FileDescriptor.readFile(entry.realPath, noFollow: false),
            let text = String(validating: bytes, as: UTF8.self)
        else {
            report.append(.warning(entry.path, 1, 1, "cannot be read as UTF-8 text; it is not imported"))
            return nil
        }
        return text
    }
}

/// A markdown file split at its front matter, for editing the front matter line by line.
struct ImportedDocument {
    /// The front-matter lines between the fences, without them.
    var frontMatter: [String]
    var body: String
    /// The 1-based line of the source file on which `body` starts.
    var bodyLine: Int

    /// Splits `text` at a `---` (YAML) or `+++` (TOML, converted to YAML) front matter.
    init(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        let fence = lines.first.map { $0.trimmingCharacters(in: .whitespaces) }
        if fence == "---" || fence == "+++",
            let close = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == fence })
        {
            let inner = Array(lines[1..<close])
            frontMatter = fence == "+++" ? inner.map(Self.yamlLine(fromTOML:)) : inner
            body = lines[(close + 1)...].joined(separator: "\n")
            bodyLine = close + 2
        } else {
            frontMatter = []
            body = text
            bodyLine = 1
        }
    }

    /// The value of a top-level key, unquoted, when it is written on one line.
    func value(of key: String) -> String? {
        for line in frontMatter where line.hasPrefix(key + ":") {
            var value = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The items of a top-level list key, written as `[a, b]`, `a b` (Jekyll's categories) or a `- a` block.
    func list(of key: String) -> [String] {
        guard let index = frontMatter.firstIndex(where: { $0.hasPrefix(key + ":") }) else { return [] }
        let inline = frontMatter[index].dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        let unquote: (Substring) -> String = { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }
        if inline.hasPrefix("[") {
            return inline.dropFirst().dropLast().split(separator: ",").map(unquote).filter { !$0.isEmpty }
        }
        if !inline.isEmpty { return inline.split(separator: " ").map(unquote) }
        return frontMatter[(index + 1)...].prefix { $0.hasPrefix(" ") || $0.hasPrefix("-") }.compactMap { line in
            let item = line.trimmingCharacters(in: .whitespaces)
            return item.hasPrefix("-") ? unquote(item.dropFirst()) : nil
        }
    }

    /// Replaces a top-level key's line (or adds it) with `key: value`; `nil` removes it.
    mutating func set(_ key: String, _ value: String?) {
        let line = value.map { "\(key): \($0)" }
        if let index = frontMatter.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            if let line { frontMatter[index] = line } else { frontMatter.remove(at: index) }
        } else if let line {
            frontMatter.append(line)
        }
    }

    /// The file, with its front matter as YAML.
    var text: String {
        frontMatter.isEmpty && !body.hasPrefix("---") ? body : "---\n" + frontMatter.joined(separator: "\n") + "\n---\n" + body
    }

    /// A TOML line as YAML: `key = value` becomes `key: value` (TOML strings, arrays, numbers, booleans and
    /// dates read the same in YAML's flow style); table headers become comments.
    static func yamlLine(fromTOML line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("[") { return "# " + trimmed }
        guard let equals = line.firstIndex(of: "="), !trimmed.hasPrefix("#") else { return line }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        return "\(key): " + line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
    }
}
