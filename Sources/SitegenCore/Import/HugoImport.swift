import Foundation

/// A Hugo site as a sitegen site: `content/posts/` (or `post/`, `blog/`) becomes posts, other markdown pages,
/// `static/` is copied into `content/`, and `hugo.toml` (or `config.toml`, `.yaml`) gives `site.yml`. TOML front
/// matter becomes YAML; shortcodes with an equivalent are converted (``TemplateTags``). Old URLs are kept as
/// aliases where they differ: `/SECTION/SLUG/` by default, or what `[permalinks]` said.
struct HugoImport {
    let tree: SiteTree

    /// Sections whose files are dated posts.
    private static let postSections: Set<String> = ["posts", "post", "blog", "articles"]

    func plan() -> Result<SiteImporter.Plan, Diagnostic> {
        var plan = SiteImporter.Plan()
        let names = ["hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "hugo.yml", "config.yml"]
        guard
            let (name, configText) = names.lazy.compactMap({ name -> (String, String)? in
                var ignored: [Diagnostic] = []
                guard let entry = tree.file(name, diagnostics: &ignored), let text = SiteImporter.text(of: entry, report: &plan.report)
                else { return nil }
                return (name, text)
            }).first
        else {
            return .failure(.error("hugo.toml", 0, 0, "no hugo.toml or config.toml here; pass the folder of a Hugo site"))
        }
        // Top-level settings, and the `[permalinks]` table, read line by line: enough of TOML or YAML for these keys.
        var settings: [String: String] = [:]
        var permalinks: [String: String] = [:]
        // `[params]`, for the `param` shortcode when the page does not set the key itself.
        var siteParameters: [String: String] = [:]
        var table = ""
        for line in configText.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") {
                table = line.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                continue
            }
            if !name.hasSuffix(".toml"), !line.hasPrefix(" "), line.hasSuffix(":") {
                table = String(line.dropLast())
                continue
            }
            let yaml = name.hasSuffix(".toml") ? ImportedDocument.yamlLine(fromTOML: line) : line
            let document = ImportedDocument("---\n" + yaml + "\n---\n")
            guard let key = yaml.split(separator: ":").first.map(String.init), let value = document.value(of: key) else { continue }
            if table.isEmpty {
                settings[key] = value
            } else if table == "permalinks" {
                permalinks[key] = value
            } else if table == "params" {
                siteParameters["param." + key] = value
            }
        }
        let zone = settings["timeZone"].flatMap(TimeZone.init(identifier:)) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let dates = DateParser(timeZone: zone)

        // The posts' pattern, where sitegen can fill it in (Hugo's `:title` and `:slug` are both the slug here;
        // where they differ, the old URL is kept as an alias).
        let postPattern = Self.postSections.compactMap { permalinks[$0] }.first.map { pattern in
            (pattern.hasPrefix("/") ? pattern : "/" + pattern).replacingOccurrences(of: ":title", with: ":slug")
                .replacingOccurrences(of: ":filename", with: ":slug")
        }.flatMap { SiteConfig.permalinkProblem($0) == nil ? $0 : nil }
        var report: [Diagnostic] = []
        let content = tree.files(under: "content", diagnostics: &report)
        plan.report += report
        let markdown = content.filter { $0.path.hasSuffix(".md") || $0.path.hasSuffix(".markdown") }
        var targets: [String: String] = [:]
        var sections: [String: String] = [:]
        var claims = ImportTargets()
        var pending: [PendingDocument] = []
        for entry in markdown {
            let parts = entry.path.split(separator: "/").map(String.init)
            let file = parts.last ?? ""
            if file == "_index.md" || (parts.count == 2 && file == "index.md") { continue }
            // `name.fr.md`: a translation; sitegen makes one language, the default one.
            let stem = (file as NSString).deletingPathExtension
            if let dot = stem.lastIndex(of: "."), Self.isLanguageCode(stem[stem.index(after: dot)...]) {
                plan.report.append(.warning(entry.path, 1, 1, "a translation; sitegen publishes one language, so it is not imported"))
                continue
            }
            // `content/about/index.md` is a leaf bundle at the top, published at /about/.
            let isBundle = file == "index.md" && parts.count >= 3
            let section = parts.count > (isBundle ? 3 : 2) ? parts[1] : ""
            let slug = isBundle ? parts[parts.count - 2] : (file as NSString).deletingPathExtension
            let folder = Self.postSections.contains(section) ? "content/posts/" : "content/pages/"
            targets[entry.path] = claims.claim(folder + (isBundle ? slug + "/index.md" : file), for: entry.path, report: &plan.report)
            sections[entry.path] = section
            // `ref` and `relref` name a file by its path under content/, or by its name alone.
            targets[String(entry.path.dropFirst("content/".count))] = targets[entry.path]
            targets[file] = targets[file] ?? targets[entry.path]
        }
        let sectionFolders = Self.pageSections(
            markdown.map(\.path).filter { targets[$0]?.hasPrefix("content/pages/") == true || $0.hasSuffix("/_index.md") })
        for entry in markdown {
            guard let target = targets[entry.path], let text = SiteImporter.text(of: entry, report: &plan.report) else {
                let folder = (entry.path as NSString).deletingLastPathComponent
                if (entry.path as NSString).lastPathComponent == "_index.md", sectionFolders.contains(folder) { continue }
                if (entry.path as NSString).lastPathComponent == "_index.md" || entry.path == "content/index.md" {
                    plan.report.append(
                        .warning(entry.path, 1, 1, "a list page; sitegen makes its own home and lists, so it is not imported"))
                }
                continue
            }
            var document = ImportedDocument(text)
            if let layout = document.value(of: "layout"), let own = PendingDocument.ownLayouts[layout] {
                plan.report.append(.warning(entry.path, 1, 1, "sitegen makes this page itself (at \(own)), so it is not imported"))
                targets[entry.path] = nil
                continue
            }
            let folder = (target as NSString).deletingLastPathComponent
            let values = [
                ".Site.BaseURL": "", ".Site.Title": settings["title"] ?? "", ".Title": document.value(of: "title") ?? "",
                "site.BaseURL": "", "site.Title": settings["title"] ?? "",
            ].merging(siteParameters) { $1 }.merging(document.parameters) { $1 }
            let section = sections[entry.path] ?? ""
            let parts = target.split(separator: "/").map(String.init)
            let stem = parts.last == "index.md" ? parts[parts.count - 2] : ((parts.last ?? "") as NSString).deletingPathExtension
            // Hugo's URL keeps a file name's date (`2024-03-21-name`); sitegen's slug, as its build makes it, does not.
            let hugoSlug = document.value(of: "slug") ?? stem
            let date = document.value(of: "date").flatMap(dates.parse)
            let oldURL: String? =
                if let permalink = document.value(of: "url") ?? document.value(of: "permalink") {
                    permalink
                } else if let pattern = permalinks[section] {
                    Self.fill(
                        pattern, slug: document.value(of: "slug"), filename: stem, title: document.value(of: "title") ?? stem,
                        section: section, date: date, zone: zone)
                } else {
                    // The file's folders under content/ (a bundle's without its own), then its slug.
                    entry.path.dropFirst("content/".count).split(separator: "/")
                        .dropLast(entry.path.hasSuffix("/index.md") ? 2 : 1).map { "/" + $0 }.joined() + "/\(hugoSlug)/"
                }
            let tags = TemplateTags(values: values, pageURL: oldURL, unescapesMath: !configText.contains("passthrough")) { written in
                let key = written.hasPrefix("/") ? String(written.dropFirst()) : written
                let name = (key as NSString).lastPathComponent
                let found = targets[key] ?? targets[name] ?? targets[key + ".md"] ?? targets[name + ".md"]
                return found.map { JekyllImport.relative($0, from: folder) }
            }
            let (body, problems) = tags.convert(document.body, path: entry.path, firstLine: document.bodyLine)
            document.body = body
            plan.report += problems
            let hadPermalink = document.value(of: "url") != nil || document.value(of: "permalink") != nil
            ImportedFields.map(
                &document, path: entry.path, isPost: target.hasPrefix("content/posts/"), dates: dates, now: Date(), report: &plan.report)
            let slug = document.value(of: "slug") ?? dates.fileNamePrefix(stem).flatMap { String(stem.utf8.dropFirst($0.length)) } ?? stem
            let isPost = target.hasPrefix("content/posts/")
            func url(_ slug: String) -> String {
                isPost
                    ? postPattern.map { Route.permalink($0, slug: Slug.make(slug), date: date, zone: zone) }
                        ?? Route.post(Slug.make(slug)).path
                    : Route.page(Slug.make(slug)).path
            }
            var newURL = document.value(of: "permalink") ?? url(slug)
            // Two files of one slug (`a.md` and `a/index.md`, or one `slug:`): the later one gets its own.
            if document.value(of: "permalink") == nil,
                let (free, holder) = claims.claimSlug(Slug.make(slug), url: url, for: entry.path)
            {
                document.set("slug", Scaffold.yamlString(free))
                newURL = url(free)
                plan.report.append(.warning(entry.path, 1, 1, "\(holder) has the same URL; this one is imported with `slug: \(free)`"))
            }
            let alias = oldURL.flatMap { old -> String? in
                guard !hadPermalink, old != newURL, case .success = Route.written(old) else { return nil }
                return old
            }
            pending.append(PendingDocument(target: target, source: entry.path, document: document, url: newURL, alias: alias))
        }
        // Hugo makes a list page for every section: links to `/notes/` keep working as a page with the
        // section's `_index.md` text and a list of its pages.
        for folder in sectionFolders.sorted() {
            let url = "/" + folder.dropFirst("content/".count) + "/"
            guard claims.claimURL(url, for: folder) == nil else { continue }
            var ignored: [Diagnostic] = []
            let index = tree.file(folder + "/_index.md", diagnostics: &ignored).flatMap { SiteImporter.text(of: $0, report: &ignored) }
            var document = ImportedDocument(index ?? "")
            let name = (folder as NSString).lastPathComponent
            let target = "content/pages/" + folder.dropFirst("content/".count).replacingOccurrences(of: "/", with: "-") + ".md"
            let members = pending.filter { item in
                let parent = (item.source as NSString).deletingLastPathComponent
                return parent == folder
                    || ((item.source as NSString).lastPathComponent == "index.md"
                        && (parent as NSString).deletingLastPathComponent == folder)
            }.sorted { ($0.document.value(of: "title") ?? $0.target) < ($1.document.value(of: "title") ?? $1.target) }
            let list = members.map { item in
                "- [\(item.document.value(of: "title") ?? (item.target as NSString).lastPathComponent)](\(JekyllImport.relative(item.target, from: "content/pages")))"
            }
            let intro = TemplateTags(values: [:]) { _ in nil }.convert(
                document.body, path: folder + "/_index.md", firstLine: document.bodyLine)
            document.body =
                [intro.0.trimmingCharacters(in: .whitespacesAndNewlines), list.joined(separator: "\n")]
                .filter { !$0.isEmpty }.joined(separator: "\n\n") + "\n"
            if document.value(of: "title") == nil {
                document.set("title", Scaffold.yamlString(name.replacingOccurrences(of: "-", with: " ").capitalized))
            }
            ImportedFields.map(&document, path: folder + "/_index.md", isPost: false, dates: dates, now: Date(), report: &plan.report)
            document.set("permalink", Scaffold.yamlString(url))
            for key in ["aliases", "url", "slug", "cascade", "menu"] { document.set(key, nil) }
            pending.append(
                PendingDocument(
                    target: claims.claim(target, for: folder, report: &plan.report), source: folder + "/_index.md", document: document,
                    url: url, alias: nil))
        }
        PendingDocument.add(pending, to: &plan)
        for entry in content where !markdown.contains(entry) {
            // A bundle's images and files stay beside its index.md, in the bundle's own folders (`img/a.png`);
            // another file of content/ keeps its path, and so its URL.
            let parts = entry.path.split(separator: "/").map(String.init)
            let bundle = stride(from: parts.count - 1, through: 2, by: -1).lazy.compactMap { depth in
                targets[parts[..<depth].joined(separator: "/") + "/index.md"].map { (depth, $0) }
            }.first
            if let (depth, index) = bundle {
                let inside = parts[depth...].joined(separator: "/")
                plan.copies.append((entry.realPath, (index as NSString).deletingLastPathComponent + "/" + inside))
            } else {
                plan.copies.append((entry.realPath, entry.path))
            }
        }
        for entry in tree.files(under: "static", diagnostics: &plan.report) {
            plan.copies.append((entry.realPath, "content/" + entry.path.dropFirst("static/".count)))
        }
        var lines = ["# Imported from a Hugo site by sitegen import."]
        if let title = settings["title"] { lines.append("title: \(Scaffold.yamlString(title))") }
        if let base = settings["baseURL"] ?? settings["baseurl"] {
            lines.append("base_url: \(Scaffold.yamlString(base.hasSuffix("/") ? base : base + "/"))")
        }
        if let language = settings["languageCode"] { lines.append("language: \(Scaffold.yamlString(language))") }
        if let postPattern { lines.append("permalinks:\n  posts: \(Scaffold.yamlString(postPattern))") }
        lines.append("markdown:\n  unsafe: true")
        plan.files.append(Scaffold.File(path: "site.yml", text: lines.joined(separator: "\n") + "\n"))
        return .success(plan)
    }

    /// The folders under content/ (and outside the post sections) that hold pages, directly or as bundles: Hugo's
    /// sections, each of which has a list page.
    static func pageSections(_ paths: [String]) -> Set<String> {
        var folders: Set<String> = []
        for path in paths {
            var folder = (path as NSString).deletingLastPathComponent
            // A bundle's section is the folder above it; a section's own `_index.md` names it even with no pages.
            if (path as NSString).lastPathComponent == "index.md" { folder = (folder as NSString).deletingLastPathComponent }
            let parts = folder.split(separator: "/")
            guard parts.count >= 2, !postSections.contains(String(parts[1])) else { continue }
            folders.insert(folder)
        }
        return folders
    }

    /// Whether `text` is a language code such as `fr` or `pt-br`.
    static func isLanguageCode(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-")
        return (1...2).contains(parts.count) && parts[0].count == 2 && text.allSatisfy { $0.isLetter || $0 == "-" }
    }

    /// A Hugo permalink pattern filled for one document: `:slug` is its `slug`, else its title made a slug;
    /// `:filename` its file (or bundle folder) name.
    static func fill(
        _ pattern: String, slug: String?, filename: String, title: String, section: String, date: Date?, zone: TimeZone
    ) -> String? {
        let named = pattern.replacingOccurrences(of: ":filename", with: filename).replacingOccurrences(of: ":section", with: section)
            .replacingOccurrences(of: ":title", with: Slug.make(title))
        let url = Route.permalink(named, slug: slug ?? Slug.make(title), date: date, zone: zone)
        let rooted = url.hasPrefix("/") ? url : "/" + url
        return rooted.contains(":") ? nil : rooted
    }
}
