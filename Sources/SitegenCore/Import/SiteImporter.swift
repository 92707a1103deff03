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
    /// - Parameter baseURL: The site's address, over what the blog's settings say.
    public func plan(baseURL: String? = nil) -> Result<Plan, Diagnostic> {
        guard let tree = SiteTree(root: root.path) else {
            return .failure(.error(root.path, 0, 0, "the folder to import does not exist"))
        }
        let planned =
            switch generator {
            case .jekyll: JekyllImport(tree: tree).plan()
            case .hugo: HugoImport(tree: tree).plan()
            }
        guard case .success(var plan) = planned, let index = plan.files.firstIndex(where: { $0.path == "site.yml" }) else {
            return planned
        }
        var lines = plan.files[index].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let written = lines.firstIndex { $0.hasPrefix("base_url:") }
        if let address = baseURL ?? (written == nil ? githubPagesAddress() : nil) {
            let line = "base_url: \(Scaffold.yamlString(address.hasSuffix("/") ? address : address + "/"))"
            if let written { lines[written] = line } else { lines.insert(line, at: lines.first?.hasPrefix("#") == true ? 1 : 0) }
            plan.files[index].text = lines.joined(separator: "\n")
        } else if written == nil {
            plan.report.append(
                .warning(
                    generator == .jekyll ? "_config.yml" : "hugo.toml", 1, 1,
                    "the blog does not say its address (`url`, a CNAME file or a GitHub remote); set `base_url` in "
                        + "site.yml, or import again with --base-url"))
        }
        return .success(plan)
    }

    /// The address GitHub Pages gives the blog, from its `origin` remote: `https://USER.github.io/` for a
    /// repository named `USER.github.io` (or `.com`), `https://USER.github.io/REPOSITORY/` for another. The URL is
    /// read as written (`git config`), not as an `insteadOf` rule would rewrite it.
    private func githubPagesAddress() -> String? {
        guard let remote = GitHistory.output(of: ["-C", root.path, "config", "--get", "remote.origin.url"]) else { return nil }
        var text = String(decoding: remote, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["https://github.com/", "http://github.com/", "git@github.com:", "ssh://git@github.com/"] where text.hasPrefix(prefix)
        {
            text = String(text.dropFirst(prefix.count))
        }
        if text.hasSuffix(".git") { text = String(text.dropLast(4)) }
        let parts = text.split(separator: "/")
        guard parts.count == 2, !text.contains(":") else { return nil }
        let user = parts[0].lowercased()
        let repository = parts[1].lowercased()
        if repository == "\(user).github.io" || repository == "\(user).github.com" { return "https://\(user).github.io/" }
        return "https://\(user).github.io/\(parts[1])/"
    }

    /// Why an import wrote nothing, in sitegen's words.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `plan` as a new site at `target` (a folder that does not exist yet, or an empty one), all or
    /// nothing: everything goes to a staging folder beside `target`, which takes `target`'s place only once the
    /// whole site is written. A failed import leaves no file behind, and nothing of the source site is changed.
    /// - Returns: The paths written.
    public func write(_ plan: Plan, under target: URL) throws -> [String] {
        let manager = FileManager.default
        let existing = (plan.files.map(\.path) + plan.copies.map(\.path)).filter {
            manager.fileExists(atPath: target.appendingPathComponent($0).path)
        }
        guard existing.isEmpty else { throw Scaffold.Conflict(paths: existing) }
        if let entries = try? manager.contentsOfDirectory(atPath: target.path), !entries.isEmpty {
            throw Failure(description: "error: \(target.path) is not empty; import into a new or empty folder")
        }
        let parent = target.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).sitegen-import-\(UUID().uuidString.prefix(8))")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "error: cannot create \(parent.path): \(Self.reason(error)); nothing was written")
        }
        var written: [String] = []
        do {
            for file in plan.files {
                let url = staging.appendingPathComponent(file.path)
                do {
                    try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
                } catch {
                    throw Failure(
                        description: "error: cannot write \(file.path) of the new site: \(Self.reason(error)); nothing was written")
                }
                written.append(file.path)
            }
            for copy in plan.copies {
                let destination = staging.appendingPathComponent(copy.path)
                do {
                    try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try manager.copyItem(at: URL(fileURLWithPath: copy.source), to: destination)
                } catch {
                    throw Failure(
                        description:
                            "error: cannot copy \(relative(copy.source)) of the blog to \(copy.path) of the new site: "
                            + "\(Self.reason(error)); nothing was written")
                }
                written.append(copy.path)
            }
            // An empty folder given as --into is replaced by the new site.
            if manager.fileExists(atPath: target.path) { try? manager.removeItem(at: target) }
            do {
                try manager.moveItem(at: staging, to: target)
            } catch {
                throw Failure(description: "error: cannot move the new site to \(target.path): \(Self.reason(error)); nothing was written")
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        return written
    }

    /// `path` (absolute) relative to the blog's folder, when it is inside it.
    private func relative(_ path: String) -> String {
        let prefix = root.standardizedFileURL.path + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The cause of a file-system error as the system says it (`Permission denied`, `No space left on device`),
    /// not Foundation's description of its own error object.
    static func reason(_ error: Error) -> String {
        var current = error as NSError
        while true {
            if current.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(current.code))) }
            guard let underlying = current.userInfo[NSUnderlyingErrorKey] as? NSError else { break }
            current = underlying
        }
        switch CocoaError.Code(rawValue: current.code) {
        case .fileWriteOutOfSpace: return "no space left on the disk"
        case .fileWriteNoPermission, .fileReadNoPermission: return "permission denied"
        case .fileWriteFileExists: return "a file is already there"
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file"
        default: return "the system refused it (code \(current.code))"
        }
    }

    /// Every file of the blog, by path relative to it, skipping hidden entries and `skipped` top-level folders.
    static func files(in tree: SiteTree, skipping skipped: Set<String>, report: inout [Diagnostic]) -> [SiteTree.Entry] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: tree.root)) ?? []).sorted()
        return names.filter { !$0.hasPrefix(".") && !skipped.contains($0) }.flatMap { tree.files(under: $0, diagnostics: &report) }
    }

    /// A file's text, or `nil` with a report line when it is not UTF-8. Characters no page or feed may hold
    /// (``TextCharacters``, often the remains of text saved in the wrong encoding) are left out, with a report line.
    static func text(of entry: SiteTree.Entry, report: inout [Diagnostic]) -> String? {
        guard case .success(var (bytes, _)) = FileDescriptor.readFile(entry.realPath, noFollow: false),
            String(validating: bytes, as: UTF8.self) != nil
        else {
            report.append(.warning(entry.path, 1, 1, "cannot be read as UTF-8 text; it is not imported"))
            return nil
        }
        if let dropped = TextCharacters.droppingForbidden(bytes[...]) {
            bytes = dropped.bytes
            report.append(.warning(entry.path, dropped.first.line, dropped.first.column, dropped.message))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A markdown file split at its front matter, for editing the front matter line by line.
struct ImportedDocument {
    /// The front-matter lines between the fences, without them.
    var frontMatter: [String]
    var body: String
    /// The 1-based line of the source file on which `body` starts.
    var bodyLine: Int

    /// Splits `text` at a `---` (YAML) or `+++` (TOML, converted to YAML) front matter. Line ends become `\n`:
    /// in Swift `\r\n` is one `Character`, which splitting at `\n` would not see.
    init(_ original: String) {
        let text = original.contains("\r") ? original.replacingOccurrences(of: "\r\n", with: "\n") : original
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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
            if let first = value.first, first == "\"" || first == "'",
                let close = value.dropFirst().firstIndex(of: first)
            {
                // A quoted value, with anything after it (a `# comment`) left out.
                value = String(value[value.index(after: value.startIndex)..<close])
            } else if let comment = value.range(of: " #") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
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

    /// The one-line values of a top-level mapping key written as an indented block (`cover:` then `  image: x`).
    func children(of key: String) -> [String: String] {
        guard let index = frontMatter.firstIndex(where: { $0.hasPrefix(key + ":") }) else { return [:] }
        var found: [String: String] = [:]
        for line in frontMatter[(index + 1)...].prefix(while: { $0.hasPrefix(" ") || $0.hasPrefix("\t") }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":") else { continue }
            let name = String(trimmed[..<colon])
            found[name] = ImportedDocument("---\nvalue:" + trimmed[trimmed.index(after: colon)...] + "\n---\n").value(of: "value")
        }
        return found
    }

    /// Whether the front matter has `key` at the top level.
    func has(_ key: String) -> Bool { frontMatter.contains { $0.hasPrefix(key + ":") } }

    /// Replaces a top-level key (its line and any indented or `- ` lines under it) with `key: value`, or adds it;
    /// `nil` removes it.
    mutating func set(_ key: String, _ value: String?) {
        let line = value.map { "\(key): \($0)" }
        if let index = frontMatter.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            removeFirst(key)
            if let line { frontMatter.insert(line, at: index) }
        } else if let line {
            frontMatter.append(line)
        }
    }

    /// Removes the first occurrence of a top-level key, with the indented or `- ` lines under it.
    mutating func removeFirst(_ key: String) {
        guard let index = frontMatter.firstIndex(where: { $0.hasPrefix(key + ":") }) else { return }
        let nested = frontMatter[(index + 1)...].prefix { $0.hasPrefix(" ") || $0.hasPrefix("\t") || $0.hasPrefix("- ") }.count
        frontMatter.removeSubrange(index...(index + nested))
    }

    /// Moves `from`'s value to `to` when `to` is not set; `from` goes either way.
    mutating func rename(_ from: String, to: String) {
        if let value = value(of: from), !has(to) { set(to, Scaffold.yamlString(value)) }
        set(from, nil)
    }

    /// The top-level keys with one-line values, as `param.KEY`, for Hugo's `param` shortcode.
    var parameters: [String: String] {
        var found: [String: String] = [:]
        for line in frontMatter where !line.hasPrefix(" ") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            if let value = value(of: key) { found["param." + key] = value }
        }
        return found
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
