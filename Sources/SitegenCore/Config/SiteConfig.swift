import Foundation
import SitegenMarkdown

/// The site's settings from `site.yml`, with defaults for everything left out.
public struct SiteConfig: Sendable {
    /// The site's name, shown in the header and the browser tab.
    public var title = "My Learning Journey"
    /// One line about the site: the home page's meta description.
    public var description = ""
    /// The author's name.
    public var author = ""
    /// The `<html lang>` value.
    public var language = "en"
    /// Where the site is published; its path prefixes every internal link.
    public var baseURL = SiteURL.root
    /// The zone for dates written without one, and for displaying dates.
    public var timeZone = TimeZone(secondsFromGMT: 0) ?? TimeZone.current
    /// Posts per list page.
    public var paginate = 10
    /// Markdown switches (`markdown.smart`, `markdown.unsafe`).
    public var markdown = MarkdownOptions()
    /// Series described in site.yml, by slug.
    public var series: [String: SeriesSettings] = [:]
    /// Where each kind of document is published, as a pattern with `:year`, `:month`, `:day` and `:slug`
    /// (`permalinks: /blog/:slug/`, or `permalinks: {posts: /:year/:month/:day/:slug.html}`); kinds not named keep
    /// `/posts/:slug/`, `/projects/:slug/` and `/:slug/`.
    public var permalinks: [ContentKind: String] = [:]
    /// Free-form values for templates: `site.params`.
    public var params: TemplateValue = .object([:])
    /// The picture social sites show for a page that has no cover of its own (`image:`): a URL, or a path in the
    /// site such as `/images/card.png`.
    public var image: String?
    /// Whether the feeds carry each post's whole body (`feed_content: full`, the default) or its summary.
    public var feedsCarrySummaries = false
    /// The Mermaid script that pages with a diagram load (`markdown.mermaid:`), an ES module.
    public var mermaidScript = "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.esm.min.mjs"
    /// Host names `sitegen serve` answers besides loopback and its own address (`serve.allowed_hosts`).
    public var serveAllowedHosts: [String] = []
    /// How photos are resized and published (`images:`).
    public var images = ImageSettings()

    /// The defaults.
    public init() {}

    /// Reads `site.yml`; problems come back as diagnostics and leave the defaults in place.
    public static func parse(_ text: String, path: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        let (parsed, parseDiagnostics) = YAMLBlock.parse(text, path: path, firstLine: 1)
        var diagnostics = parseDiagnostics
        guard let block = parsed else { return (config, diagnostics) }
        func expectText(_ key: String) -> String? {
            guard let entry = block[key] else { return nil }
            guard let text = entry.text else {
                diagnostics.append(.error(path, entry.line, entry.column, "`\(key)` must be a single value"))
                return nil
            }
            return text
        }
        if let value = expectText("title") { config.title = value }
        if let value = expectText("description") { config.description = value }
        if let value = expectText("author") { config.author = value }
        if let value = expectText("language") { config.language = value }
        if let value = expectText("image"), !value.isEmpty { config.image = value }
        if let value = expectText("feed_content"), let entry = block["feed_content"] {
            switch value {
            case "full": config.feedsCarrySummaries = false
            case "summary": config.feedsCarrySummaries = true
            default: diagnostics.append(.error(path, entry.line, entry.column, "`feed_content` must be `full` or `summary`"))
            }
        }
        if let value = expectText("base_url"), let entry = block["base_url"] {
            switch SiteURL.parse(value) {
            case .success(let url): config.baseURL = url
            case .failure(let problem):
                diagnostics.append(.error(path, entry.line, entry.column, problem.message))
            }
        }
        if let value = expectText("timezone"), let entry = block["timezone"] {
            if let zone = TimeZone(identifier: value) {
                config.timeZone = zone
            } else {
                diagnostics.append(
                    .error(path, entry.line, entry.column, "unknown time zone `\(value)`; use a name like `Europe/Berlin` or `UTC`"))
            }
        }
        if let entry = block["paginate"] {
            if let value = entry.node.int, value > 0, value <= Limits.postsPerPage {
                config.paginate = value
            } else {
                diagnostics.append(
                    .error(path, entry.line, entry.column, "`paginate` must be a whole number from 1 to \(Limits.postsPerPage)"))
            }
        }
        if let entry = block["markdown"] {
            if case .object(let fields) = entry.templateValue {
                for (key, value) in fields {
                    switch (key, value) {
                    case ("smart", .bool(let flag)): config.markdown.smartPunctuation = flag
                    case ("unsafe", .bool(let flag)): config.markdown.allowRawHTML = flag
                    case ("math", .bool(let flag)): config.markdown.math = flag
                    case ("mermaid", .string(let url)) where !url.isEmpty: config.mermaidScript = url
                    default:
                        diagnostics.append(
                            .error(
                                path, entry.line, entry.column,
                                "`markdown.\(key)` is not a setting; use `smart:`, `unsafe:` or `math:` (true or false), or `mermaid:` (a script URL)"
                            ))
                    }
                }
            } else {
                diagnostics.append(.error(path, entry.line, entry.column, "`markdown` must be a mapping (`smart:`, `unsafe:`)"))
            }
        }
        if let entry = block["serve"] {
            if case .object(let fields) = entry.templateValue, fields.keys.allSatisfy({ $0 == "allowed_hosts" }) {
                switch fields["allowed_hosts"] {
                case .list(let names):
                    config.serveAllowedHosts = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
                case .string(let name): config.serveAllowedHosts = [name]
                default: break
                }
            } else {
                diagnostics.append(
                    .error(path, entry.line, entry.column, "`serve` must be a mapping with `allowed_hosts:` (a list of host names)"))
            }
        }
        if let entry = block["images"] { config.images = ImageSettings.parse(entry, path: path, diagnostics: &diagnostics) }
        if let entry = block["params"] { config.params = entry.templateValue }
        if let entry = block["permalinks"] {
            let patterns: [(String, TemplateValue)] =
                switch entry.templateValue {
                case .string: [("posts", entry.templateValue)]
                case .object(let fields): fields.sorted { $0.key < $1.key }
                default: []
                }
            if patterns.isEmpty {
                diagnostics.append(
                    .error(
                        path, entry.line, entry.column,
                        "`permalinks` must be a pattern such as /blog/:slug/, or a mapping of `posts:`, `pages:`, `projects:` to patterns"))
            }
            for (name, value) in patterns {
                let kinds: [String: ContentKind] = ["posts": .post, "pages": .page, "projects": .project]
                guard let kind = kinds[name], case .string(let pattern) = value else {
                    diagnostics.append(
                        .error(
                            path, entry.line, entry.column,
                            "`permalinks.\(name)` is not valid; name `posts`, `pages` or `projects` with a pattern"))
                    continue
                }
                if let problem = Self.permalinkProblem(pattern) {
                    diagnostics.append(.error(path, entry.line, entry.column, "`permalinks`: \(problem)"))
                } else {
                    config.permalinks[kind] = pattern
                }
            }
        }
        if let entry = block["series"] {
            if case .object(let fields) = entry.templateValue {
                for (name, value) in fields {
                    guard case .object(let settings) = value else {
                        diagnostics.append(
                            .error(path, entry.line, entry.column, "`series.\(name)` must be a mapping (`title:`, `days:`, `description:`)")
                        )
                        continue
                    }
                    var series = SeriesSettings()
                    for (key, setting) in settings {
                        switch (key, setting) {
                        case ("title", .string(let text)): series.title = text
                        case ("description", .string(let text)): series.description = text
                        case ("days", .int(let days)) where days > 0 && days <= Limits.seriesDays: series.days = days
                        default:
                            diagnostics.append(
                                .error(
                                    path, entry.line, entry.column,
                                    "`series.\(name).\(key)` is not valid; use `title:` and `description:` (text) and `days:` (a whole number from 1 to \(Limits.seriesDays))"
                                ))
                        }
                    }
                    config.series[Slug.make(name)] = series
                }
            } else {
                diagnostics.append(.error(path, entry.line, entry.column, "`series` must be a mapping of series slugs to settings"))
            }
        }
        let known: Set = [
            "title", "description", "author", "language", "base_url", "timezone", "paginate", "markdown", "params", "series",
            "permalinks", "image", "feed_content", "serve", "images",
        ]
        for key in block.keys where !known.contains(key) {
            if let entry = block[key] {
                diagnostics.append(
                    .warning(path, entry.line, entry.column, "unknown setting `\(key)`; put custom values under `params:`"))
            }
        }
        return (config, diagnostics)
    }

    /// Why `pattern` cannot be a permalink pattern: it must name `:slug` (or `:title`), so that no two documents
    /// share a path, use only known placeholders, and make a safe site path.
    static func permalinkProblem(_ pattern: String) -> String? {
        guard pattern.contains(":slug") || pattern.contains(":title") else {
            return "`\(pattern)` must contain `:slug` so that every page gets its own path"
        }
        var rest = Substring(pattern)
        while let colon = rest.firstIndex(of: ":") {
            let name = rest[colon...].prefix { $0 == ":" || $0.isLetter }
            guard Route.permalinkPlaceholders.contains(String(name)) else {
                return "`\(name)` in `\(pattern)` is not a placeholder; use :year, :month, :day and :slug"
            }
            rest = rest[name.endIndex...]
        }
        if case .failure(let problem) = Route.written(Route.permalink(pattern, slug: "slug", date: nil, zone: .current)) {
            return problem.message
        }
        return nil
    }
}
