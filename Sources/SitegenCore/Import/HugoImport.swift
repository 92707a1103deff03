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
        for entry in markdown {
            guard let target = targets[entry.path], let text = SiteImporter.text(of: entry, report: &plan.report) else {
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
            let tags = TemplateTags(values: values) { written in
                let key = written.hasPrefix("/") ? String(written.dropFirst()) : written
                let name = (key as NSString).lastPathComponent
                let found = targets[key] ?? targets[name] ?? targets[key + ".md"] ?? targets[name + ".md"]
                return found.map { JekyllImport.relative($0, from: folder) }
            }
            let (body, problems) = tags.convert(document.body, path: entry.path, firstLine: document.bodyLine)
            document.body = body
            plan.report += problems
            ImportedFields.map(&document, path: entry.path, dates: dates, now: Date(), report: &plan.report)
            let section = sections[entry.path] ?? ""
            let parts = target.split(separator: "/").map(String.init)
            let stem = parts.last == "index.md" ? parts[parts.count - 2] : ((parts.last ?? "") as NSString).deletingPathExtension
            let slug = document.value(of: "slug") ?? stem
            let isPost = target.hasPrefix("content/posts/")
            let date = document.value(of: "date").flatMap(dates.parse)
            let oldURL: String? =
                if document.value(of: "permalink") != nil {
                    nil
                } else if let pattern = permalinks[section] {
                    Self.fill(
                        pattern, slug: document.value(of: "slug"), filename: stem, title: document.value(of: "title") ?? stem,
                        section: section, date: date, zone: zone)
                } else {
                    section.isEmpty ? "/\(slug)/" : "/\(section)/\(slug)/"
                }
            func url(_ slug: String) -> String {
                isPost
                    ? postPattern.map { Route.permalink($0, slug: Slug.make(slug), date: date, zone: zone) }
                        ?? Route.post(Slug.make(slug)).path
                    : Route.page(Slug.make(slug)).path
            }
            var newURL = document.value(of: "permalink") ?? url(slug)
            if let holder = claims.claimURL(newURL, for: entry.path), document.value(of: "permalink") == nil {
                // Two files of one slug (`a.md` and `a/index.md`, or one `slug:`): the later one gets its own.
                var number = 2
                while claims.claimURL(url("\(slug)-\(number)"), for: entry.path) != nil { number += 1 }
                document.set("slug", Scaffold.yamlString("\(Slug.make(slug))-\(number)"))
                newURL = url("\(slug)-\(number)")
                plan.report.append(
                    .warning(entry.path, 1, 1, "\(holder) has the same URL; this one is imported with `slug: \(Slug.make(slug))-\(number)`")
                )
            }
            let alias = oldURL.flatMap { old -> String? in
                guard old != newURL, case .success = Route.written(old) else { return nil }
                return old
            }
            pending.append(PendingDocument(target: target, source: entry.path, document: document, url: newURL, alias: alias))
        }
        PendingDocument.add(pending, to: &plan)
        for entry in content where !markdown.contains(entry) {
            // A bundle's images and files stay beside its index.md.
            let parts = entry.path.split(separator: "/").map(String.init)
            guard parts.count >= 4, let index = targets[parts.dropLast().joined(separator: "/") + "/index.md"] else { continue }
            plan.copies.append((entry.realPath, (index as NSString).deletingLastPathComponent + "/" + (parts.last ?? "")))
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
