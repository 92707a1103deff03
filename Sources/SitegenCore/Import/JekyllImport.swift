import Foundation

/// A Jekyll site as a sitegen site: `_posts/` and `_drafts/` become posts, other markdown pages, every other
/// file not under `_` is copied into `content/`, and `_config.yml` gives `site.yml`. Jekyll's URLs are kept: its
/// `permalink` style becomes a `permalinks` pattern where sitegen can express it, and each post or page whose
/// old URL differs from its new one gets it as an alias.
struct JekyllImport {
    let tree: SiteTree

    /// Folders and files of a Jekyll site that are its machinery, not its content.
    private static let machinery: Set<String> = [
        "_site", "_layouts", "_includes", "_sass", "_data", "_plugins", "_config.yml", "Gemfile", "Gemfile.lock", "vendor",
        "node_modules", "README.md", "LICENSE", "CNAME.txt",
    ]

    func plan() -> Result<SiteImporter.Plan, Diagnostic> {
        var plan = SiteImporter.Plan()
        var config = ImportedDocument("---\n---\n")
        // Jekyll needs no `_config.yml`: a folder with `_posts/` (or only `_layouts/`) is a Jekyll site.
        var ignored: [Diagnostic] = []
        if tree.file("_config.yml", diagnostics: &ignored) != nil {
            if let entry = tree.file("_config.yml", diagnostics: &plan.report),
                let text = SiteImporter.text(of: entry, report: &plan.report)
            {
                config = ImportedDocument("---\n" + text + "\n---\n")
            }
        } else if !FileManager.default.fileExists(atPath: tree.root + "/_posts"),
            !FileManager.default.fileExists(atPath: tree.root + "/_layouts")
        {
            return .failure(.error(tree.root, 0, 0, "no _config.yml, _posts/ or _layouts/ here; pass the folder of a Jekyll site"))
        }
        let zone = config.value(of: "timezone").flatMap(TimeZone.init(identifier:)) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let dates = DateParser(timeZone: zone)
        let style = Self.pattern(forStyle: config.value(of: "permalink") ?? "date")
        let newPattern = Self.sitegenPattern(style)

        let all = SiteImporter.files(in: tree, skipping: Self.machinery, report: &plan.report)
        let isPostFolder = { (path: String) in path.hasPrefix("_posts/") || path.hasPrefix("_drafts/") }
        // Markdown, and the HTML posts and pages Jekyll also publishes (HTML reads as HTML in markdown); an HTML
        // page is one with front matter, outside `_`, that is not a page sitegen makes itself.
        let generated: Set = ["index.html", "404.html", "feed.xml", "sitemap.xml", "search.html", "tags.html", "archive.html"]
        let markdown = all.filter { entry in
            if entry.path.hasSuffix(".md") || entry.path.hasSuffix(".markdown") { return true }
            guard entry.path.hasSuffix(".html") else { return false }
            if isPostFolder(entry.path) { return true }
            guard !entry.path.hasPrefix("_"), !generated.contains(entry.path) else { return false }
            var ignored: [Diagnostic] = []
            return SiteImporter.text(of: entry, report: &ignored)?.hasPrefix("---") == true
        }
        let posts = markdown.filter { isPostFolder($0.path) }
        // The home page and the 404 page are sitegen's own.
        let own: Set = ["index.md", "index.markdown", "404.md", "404.markdown"]
        for entry in markdown where own.contains(entry.path) {
            plan.report.append(.warning(entry.path, 1, 1, "sitegen makes this page itself, so it is not imported"))
        }
        let pages = markdown.filter { !$0.path.hasPrefix("_") && !posts.contains($0) && !own.contains($0.path) }
        // Where each post and page goes, by the names `post_url` and `link` use.
        var targets: [String: String] = [:]
        var used: Set<String> = []
        for entry in posts {
            let original = (entry.path as NSString).lastPathComponent
            var name = original.hasSuffix(".html") ? (original as NSString).deletingPathExtension + ".md" : original
            // `_posts/2019/a.md` and `_posts/2020/a.md` both land in content/posts/: the later one keeps its folder
            // in its name.
            if used.contains(name) {
                // After its date, so that the date still reads from the name.
                let folders = entry.path.split(separator: "/").dropFirst().dropLast().joined(separator: "-") + "-"
                let dated = dates.fileNamePrefix(name)?.length ?? 0
                name = (String(name.utf8.prefix(dated)) ?? "") + folders + (String(name.utf8.dropFirst(dated)) ?? name)
            }
            used.insert(name)
            targets[(original as NSString).deletingPathExtension] =
                targets[(original as NSString).deletingPathExtension] ?? "content/posts/" + name
            targets[entry.path] = "content/posts/" + name
        }
        var claims = ImportTargets()
        for entry in pages {
            let name = (entry.path as NSString).lastPathComponent
            let target = "content/pages/" + (name.hasSuffix(".html") ? (name as NSString).deletingPathExtension + ".md" : name)
            targets[entry.path] = claims.claim(target, for: entry.path, report: &plan.report)
        }

        // Jekyll Now and its many forks name the site `name`.
        // Each document as converted, with the path it is published at and the old URL to keep as an alias.
        var pending: [PendingDocument] = []
        let siteTitle = config.value(of: "title") ?? config.value(of: "name") ?? "My Learning Journey"
        for entry in posts + pages {
            guard let text = SiteImporter.text(of: entry, report: &plan.report), let target = targets[entry.path] else { continue }
            var document = ImportedDocument(text)
            let isPost = posts.contains(entry)
            if !isPost, let layout = document.value(of: "layout"), let own = PendingDocument.ownLayouts[layout] {
                plan.report.append(.warning(entry.path, 1, 1, "sitegen makes this page itself (at \(own)), so it is not imported"))
                continue
            }
            if !isPost, document.body.contains("site.posts") || document.body.contains("paginator.posts") {
                plan.report.append(
                    .warning(
                        entry.path, 1, 1,
                        "a list of posts that Liquid fills in; sitegen makes its own home, archive and tag lists, so it is not imported"))
                continue
            }
            let values = [
                "site.url": "", "site.baseurl": "", "site.github.url": "", "site.title": siteTitle,
                "site.description": config.value(of: "description") ?? "",
                "site.author": config.value(of: "author") ?? "", "page.title": document.value(of: "title") ?? "",
                "page.url": "", "page.date": document.value(of: "date") ?? "",
            ]
            let folder = (target as NSString).deletingLastPathComponent
            let tags = TemplateTags(values: values) { written in
                let key = written.hasSuffix(".md") || written.hasSuffix(".markdown") ? written : (written as NSString).lastPathComponent
                guard let destination = targets[key] ?? targets[written] else { return nil }
                return Self.relative(destination, from: folder)
            }
            var converter = tags
            let sourceFolder = (entry.path as NSString).deletingLastPathComponent
            converter.includeRelative = { name in
                var ignored: [Diagnostic] = []
                let path = sourceFolder.isEmpty ? name : sourceFolder + "/" + name
                return tree.file(path, diagnostics: &ignored).flatMap { SiteImporter.text(of: $0, report: &ignored) }
                    .map { ImportedDocument($0).body.trimmingCharacters(in: .newlines) }
            }
            let (body, problems) = converter.convert(document.body, path: entry.path, firstLine: document.bodyLine)
            document.body = body
            plan.report += problems
            if entry.path.hasPrefix("_drafts/") { document.set("draft", "true") }
            ImportedFields.map(&document, path: entry.path, isPost: isPost, dates: dates, now: Date(), report: &plan.report)
            // Jekyll splits `categories: ruby web` at spaces; sitegen reads a string as one name or a comma list.
            for key in ["categories", "category", "tags"] where document.value(of: key) != nil {
                document.set(key, Scaffold.yamlList(document.list(of: key)))
            }
            if isPost, document.value(of: "date") == nil, dates.parseFileNamePrefix((target as NSString).lastPathComponent) == nil {
                // A draft has no date; Jekyll shows it at its file's modification time, and so does the import.
                document.set(
                    "date", CalendarDate(Date(timeIntervalSince1970: TimeInterval(entry.stamp.modified) / 1_000_000_000), in: zone).isoDay)
            }
            let oldURL =
                isPost ? oldPostURL(entry, document: document, pattern: style, dates: dates) : oldPageURL(entry, document: document)
            let slug = Slug.make(
                Self.title(fromFileName: (target as NSString).lastPathComponent, dates: dates, isPost: isPost))
            let date = document.value(of: "date").flatMap(dates.parse) ?? dates.parseFileNamePrefix((target as NSString).lastPathComponent)
            let newURL =
                document.value(of: "permalink")
                ?? (isPost
                    ? newPattern.map { Route.permalink($0, slug: slug, date: date, zone: zone) } ?? Route.post(slug).path
                    : Route.page(slug).path)
            var finalURL = newURL
            // A page at a URL sitegen or another page has (`projects.html` and sitegen's /projects/).
            if !isPost, document.value(of: "permalink") == nil,
                let (free, holder) = claims.claimSlug(slug, url: { Route.page($0).path }, for: entry.path)
            {
                document.set("slug", Scaffold.yamlString(free))
                finalURL = Route.page(free).path
                plan.report.append(.warning(entry.path, 1, 1, "\(holder) has its URL \(newURL); it is imported with `slug: \(free)`"))
            }
            var alias: String?
            if let oldURL, oldURL != newURL, case .success = Route.written(oldURL) {
                if oldURL.lowercased() == newURL.lowercased() {
                    // Only the case differs (Jekyll keeps `Hello-World`): a redirect would share the page's
                    // folder on a case-insensitive disk, so the page keeps its old path exactly.
                    document.set("permalink", Scaffold.yamlString(oldURL))
                    finalURL = oldURL
                } else {
                    alias = oldURL
                }
            }
            pending.append(PendingDocument(target: target, source: entry.path, document: document, url: finalURL, alias: alias))
        }
        PendingDocument.add(pending, to: &plan)
        for entry in all where !markdown.contains(entry) && !entry.path.hasPrefix("_") {
            // A file with front matter is one Jekyll processes (a Liquid page, a feed, Sass), not one it copies.
            if case .success(let (bytes, _)) = FileDescriptor.readFile(entry.realPath, noFollow: false),
                bytes.starts(with: Array("---".utf8))
            {
                plan.report.append(
                    .warning(
                        entry.path, 1, 1,
                        "a file Jekyll processes (Liquid or Sass); sitegen makes its own home, feeds, lists and stylesheet, so it is not imported"
                    ))
                continue
            }
            plan.copies.append((entry.realPath, "content/" + entry.path))
        }
        plan.files.append(Scaffold.File(path: "site.yml", text: siteSettings(config, pattern: newPattern)))
        return .success(plan)
    }

    /// `site.yml` from `_config.yml`.
    private func siteSettings(_ config: ImportedDocument, pattern: String?) -> String {
        var lines: [String] = []
        if let title = config.value(of: "title") ?? config.value(of: "name") { lines.append("title: \(Scaffold.yamlString(title))") }
        for key in ["description", "author", "timezone"] {
            if let value = config.value(of: key), !value.hasPrefix("#") { lines.append("\(key): \(Scaffold.yamlString(value))") }
        }
        // GitHub Pages fills in `url` when it is not set; the custom domain in CNAME says what it is.
        var ignored: [Diagnostic] = []
        let cname = tree.file("CNAME", diagnostics: &ignored).flatMap { SiteImporter.text(of: $0, report: &ignored) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : "https://" + $0 }
        if let url = config.value(of: "url").flatMap({ $0.isEmpty ? nil : $0 }) ?? cname {
            let base =
                url.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/"
                + (config.value(of: "baseurl") ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            lines.append("base_url: \(Scaffold.yamlString(base.hasSuffix("/") ? base : base + "/"))")
        }
        if let pattern { lines.append("permalinks:\n  posts: \(Scaffold.yamlString(pattern))") }
        lines.append("markdown:\n  unsafe: true")
        return "# Imported from a Jekyll site by sitegen import.\n" + lines.joined(separator: "\n") + "\n"
    }

    /// A Jekyll permalink style as its pattern.
    static func pattern(forStyle style: String) -> String {
        switch style {
        case "date": return "/:categories/:year/:month/:day/:title:output_ext"
        case "pretty": return "/:categories/:year/:month/:day/:title/"
        case "ordinal": return "/:categories/:year/:y_day/:title:output_ext"
        case "weekdate": return "/:categories/:year/W:week/:short_day/:title:output_ext"
        case "none": return "/:categories/:title:output_ext"
        default: return style
        }
    }

    /// The sitegen pattern closest to a Jekyll one: without `:categories` (the aliases keep those URLs), when the
    /// rest uses only what sitegen fills in.
    static func sitegenPattern(_ pattern: String) -> String? {
        let translated = pattern.replacingOccurrences(of: "/:categories", with: "").replacingOccurrences(of: ":title", with: ":slug")
            .replacingOccurrences(of: ":output_ext", with: ".html")
        return SiteConfig.permalinkProblem(translated) == nil ? translated : nil
    }

    /// Where Jekyll published a post.
    private func oldPostURL(_ entry: SiteTree.Entry, document: ImportedDocument, pattern: String, dates: DateParser) -> String? {
        if let permalink = document.value(of: "permalink") { return permalink }
        let name = (entry.path as NSString).lastPathComponent
        let title = Self.title(fromFileName: name, dates: dates, isPost: true)
        guard let date = document.value(of: "date").flatMap(dates.parse) ?? dates.parseFileNamePrefix(name) else { return nil }
        let day = CalendarDate(date, in: dates.timeZone)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let categories = (document.list(of: "categories") + document.list(of: "category")).map { $0.lowercased() }
        var url = pattern.replacingOccurrences(of: ":categories", with: categories.joined(separator: "/"))
            .replacingOccurrences(of: ":year", with: String(day.year)).replacingOccurrences(of: ":month", with: two(day.month))
            .replacingOccurrences(of: ":day", with: two(day.day)).replacingOccurrences(of: ":i_month", with: String(day.month))
            .replacingOccurrences(of: ":i_day", with: String(day.day)).replacingOccurrences(of: ":short_year", with: two(day.year % 100))
            .replacingOccurrences(of: ":output_ext", with: ".html").replacingOccurrences(of: ":title", with: title)
            .replacingOccurrences(of: ":slug", with: document.value(of: "slug") ?? Slug.make(title))
        while url.contains("//") { url = url.replacingOccurrences(of: "//", with: "/") }
        return url.contains(":") ? nil : url
    }

    /// Where Jekyll published a page: its `permalink`, or its path with `.html`.
    private func oldPageURL(_ entry: SiteTree.Entry, document: ImportedDocument) -> String? {
        if let permalink = document.value(of: "permalink") { return permalink }
        return "/" + (entry.path as NSString).deletingPathExtension + ".html"
    }

    /// A post's file name without its date prefix and extension.
    static func title(fromFileName name: String, dates: DateParser, isPost: Bool) -> String {
        let stem = (name as NSString).deletingPathExtension
        guard isPost, let prefix = dates.fileNamePrefix(stem) else { return stem }
        return String(stem.utf8.dropFirst(prefix.length)) ?? stem
    }

    /// `destination` (a path in the new site) relative to the folder `from`.
    static func relative(_ destination: String, from folder: String) -> String {
        let target = destination.split(separator: "/")
        let base = folder.split(separator: "/")
        let shared = zip(target, base).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: base.count - shared) + target[shared...].map(String.init)).joined(separator: "/")
    }
}
