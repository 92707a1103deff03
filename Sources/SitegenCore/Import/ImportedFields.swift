import Foundation

/// Hugo's and Jekyll's front-matter fields as sitegen reads them; the README's import section has the table.
///
/// Kept as written (sitegen reads them the same way): `title`, `date`, `tags`, `categories`, `draft`, `slug`,
/// `summary`, `description`, `excerpt`, `weight`, `series` (a list of one is that series), `aliases`.
/// Renamed: `lastmod` and `last_modified_at` to `updated`; `images` (the first), `featured_image`,
/// `featuredImage`, `image` and a mapping `cover:` (its `image`) to `cover`; `url` to `permalink`; `published:
/// false` to `draft: true`. Dated: a `publishDate` later than `date` becomes the date (sitegen holds a post until
/// then); an `expiryDate` already past makes the post a draft. Dropped with a note: `layout` and `type` other than
/// the standard ones (sitegen's templates show every post alike). Everything else (`keywords`, `author`,
/// `comments`, `toc`, a theme's own fields) stays as template data, which the default theme ignores.
enum ImportedFields {
    /// The layouts every theme has, dropped without a note.
    private static let standardLayouts: Set = ["post", "posts", "page", "default", "home", "single", "list"]

    /// Rewrites `document`'s front matter for sitegen and reports what it could not keep.
    static func map(
        _ document: inout ImportedDocument, path: String, isPost: Bool, dates: DateParser, now: Date, report: inout [Diagnostic]
    ) {
        // Hugo reads a key written twice as its last value; YAML parsers refuse it.
        var seen: Set<String> = []
        for line in document.frontMatter.reversed() where !line.hasPrefix(" ") && !line.hasPrefix("-") && !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            if !seen.insert(key).inserted {
                document.removeFirst(key)
                report.append(.warning(path, 1, 1, "`\(key)` is written twice; the last one is kept, as Hugo and Jekyll read it"))
            }
        }
        for key in ["layout", "type"] {
            if let value = document.value(of: key), !standardLayouts.contains(value.lowercased()) {
                report.append(
                    .warning(
                        path, 1, 1,
                        "`\(key): \(value)` is dropped: sitegen shows it with its built-in template (add "
                            + "templates/\(value).mustache and `layout: \(value)` to give it its own)"))
            }
            document.set(key, nil)
        }
        if document.value(of: "published") == "false" {
            document.set("draft", "true")
        }
        if isPost, document.body.allSatisfy(\.isWhitespace), document.value(of: "draft") != "true", !document.has("summary"),
            !document.has("description"), !document.has("excerpt")
        {
            document.set("draft", "true")
            report.append(.warning(path, 1, 1, "the post has no text, so it is imported as a draft; remove `draft: true` to publish it"))
        }
        document.set("published", nil)
        for key in ["lastmod", "lastMod", "last_modified_at"] { document.rename(key, to: "updated") }
        if let url = document.value(of: "url") {
            document.set("url", nil)
            if !document.has("permalink") { document.set("permalink", Scaffold.yamlString(url)) }
        }
        mapCover(&document)
        let series = document.list(of: "series")
        if series.count > 1 {
            report.append(
                .warning(
                    path, 1, 1,
                    "`series` names \(series.count) series (\(series.joined(separator: ", "))); a post is in one in sitegen, "
                        + "so it is in \(series[0])"))
        }
        if let first = series.first, document.value(of: "series")?.hasPrefix("[") != false {
            document.set("series", Scaffold.yamlString(first))
        }
        for key in ["publishDate", "publishdate"] {
            if let publish = document.value(of: key).flatMap(dates.parse) {
                let date = document.value(of: "date").flatMap(dates.parse)
                if date.map({ publish > $0 }) ?? true, let written = document.value(of: key) {
                    document.set("date", Scaffold.yamlString(written))
                }
            }
            document.set(key, nil)
        }
        for key in ["expiryDate", "expirydate"] {
            guard let written = document.value(of: key) else { continue }
            if let expiry = dates.parse(written), expiry <= now {
                document.set("draft", "true")
                report.append(.warning(path, 1, 1, "expired on \(written), so it is imported as a draft"))
            } else {
                report.append(
                    .warning(path, 1, 1, "`\(key): \(written)` is dropped: sitegen does not unpublish a post by itself"))
            }
            document.set(key, nil)
        }
    }

    /// `cover` from the image fields themes use: a `cover:` mapping's `image`, Jekyll's `image` (a path or a
    /// mapping with `path` or `feature`), Hugo's `images` list, `featured_image`, `featuredImage`.
    private static func mapCover(_ document: inout ImportedDocument) {
        var cover: String?
        let mapped = document.children(of: "cover")
        if let image = mapped["image"] {
            cover = image
        } else if mapped.isEmpty, let value = document.value(of: "cover") {
            cover = value
        }
        for key in ["image", "featured_image", "featuredImage"] where cover == nil {
            let nested = document.children(of: key)
            cover = nested["path"] ?? nested["feature"] ?? nested["src"] ?? (nested.isEmpty ? document.value(of: key) : nil)
        }
        if cover == nil { cover = document.list(of: "images").first }
        guard let cover, !cover.isEmpty else { return }
        for key in ["cover", "image", "featured_image", "featuredImage", "images"] { document.set(key, nil) }
        document.set("cover", Scaffold.yamlString(cover))
    }
}

/// Where imported documents land, one file and one URL each: when two sources would become the same file or
/// URL (Hugo's `about.md` and `homepage/about.md`, a post and a bundle of one name), the later one gets a
/// suffixed slug, and the report names both.
struct ImportTargets {
    private var files: [String: String] = [:]
    /// Taken URLs by whose they are: at first, the pages sitegen makes itself.
    private var urls: [String: String] = Dictionary(
        uniqueKeysWithValues: SiteBuilder.reservedPageSlugs.map { ("/\($0)/", "sitegen's own /\($0)/ page") })

    /// `target` for `source`, or `target` with `-2`, `-3`… after its slug when another source has it.
    mutating func claim(_ target: String, for source: String, report: inout [Diagnostic]) -> String {
        guard let holder = files[target.lowercased()] else {
            files[target.lowercased()] = source
            return target
        }
        let isBundle = target.hasSuffix("/index.md")
        let base = isBundle ? (target as NSString).deletingLastPathComponent : (target as NSString).deletingPathExtension
        let suffix = isBundle ? "/index.md" : "." + (target as NSString).pathExtension
        var number = 2
        while files["\(base)-\(number)\(suffix)".lowercased()] != nil { number += 1 }
        let claimed = "\(base)-\(number)\(suffix)"
        files[claimed.lowercased()] = source
        report.append(
            .warning(source, 1, 1, "\(holder) and this file would both be \(target); this one is imported as \(claimed)"))
        return claimed
    }

    /// Whether `url` is still free; if so it is taken for `source`, else the report names who has it.
    mutating func claimURL(_ url: String, for source: String) -> String? {
        if let holder = urls[url.lowercased()] { return holder }
        urls[url.lowercased()] = source
        return nil
    }

    /// Claims `url(slug)` for `source`; when another source has it, claims the first free `url("slug-N")`
    /// instead and returns that slug with the URL's holder.
    mutating func claimSlug(_ slug: String, url: (String) -> String, for source: String) -> (slug: String, holder: String)? {
        guard let holder = claimURL(url(slug), for: source) else { return nil }
        var number = 2
        while claimURL(url("\(slug)-\(number)"), for: source) != nil { number += 1 }
        return ("\(slug)-\(number)", holder)
    }
}

/// A converted document waiting for the old URLs of all the others to be known.
struct PendingDocument {
    var target: String
    var source: String
    var document: ImportedDocument
    /// Where sitegen publishes it.
    var url: String
    /// Where the old site had it, when that differs.
    var alias: String?

    /// Each document into `plan`, its old URL kept as an alias only where no page is now and no other page had
    /// it too (Jekyll lets the last of two posts at one URL win, with a warning).
    static func add(_ pending: [PendingDocument], to plan: inout SiteImporter.Plan) {
        let pending = unifyingTagSpellings(pending, report: &plan.report)
        let taken = Set(pending.map { $0.url.lowercased() })
        let aliasCounts = Dictionary(pending.compactMap { $0.alias?.lowercased() }.map { ($0, 1) }, uniquingKeysWith: +)
        for var item in pending {
            if let alias = item.alias {
                if taken.contains(alias.lowercased()) || aliasCounts[alias.lowercased(), default: 0] > 1 {
                    plan.report.append(
                        .warning(item.source, 1, 1, "its old URL \(alias) was another page's too; it is not kept for this one"))
                } else {
                    item.document.set("aliases", Scaffold.yamlList(item.document.list(of: "aliases") + [alias]))
                }
            }
            plan.files.append(Scaffold.File(path: item.target, text: item.document.text))
        }
    }

    /// The keys that hold tags.
    private static let tagKeys = ["tags", "categories", "category"]

    /// `pending` with each tag written one way: Hugo and Jekyll make `eBPF` and `ebpf` one tag page, and so does
    /// sitegen, which asks for one spelling. The most used spelling wins (the first seen, on a tie), and each
    /// other spelling is reported once, at its first file.
    static func unifyingTagSpellings(_ pending: [PendingDocument], report: inout [Diagnostic]) -> [PendingDocument] {
        var counts: [String: [(spelling: String, count: Int, first: String)]] = [:]
        for item in pending {
            for key in tagKeys {
                for tag in item.document.list(of: key) {
                    let slug = Slug.make(tag)
                    var spellings = counts[slug, default: []]
                    if let index = spellings.firstIndex(where: { $0.spelling == tag }) {
                        spellings[index].count += 1
                    } else {
                        spellings.append((tag, 1, item.source))
                    }
                    counts[slug] = spellings
                }
            }
        }
        var chosen: [String: String] = [:]
        for (slug, spellings) in counts where spellings.count > 1 {
            let most = spellings.map(\.count).max() ?? 0
            guard let first = spellings.first(where: { $0.count == most })?.spelling else { continue }
            chosen[slug] = first
            for other in spellings where other.spelling != first {
                report.append(
                    .warning(other.first, 1, 1, "tag `\(other.spelling)` is written `\(first)`, as elsewhere in the blog: both are one tag")
                )
            }
        }
        guard !chosen.isEmpty else { return pending }
        return pending.map { item in
            var item = item
            for key in tagKeys {
                let tags = item.document.list(of: key)
                let unified = tags.map { chosen[Slug.make($0)] ?? $0 }
                if unified != tags { item.document.set(key, Scaffold.yamlList(unified)) }
            }
            return item
        }
    }

    /// The layouts of pages that sitegen makes itself (its archive, search and tag list), by the page's URL.
    static let ownLayouts: [String: String] = [
        "archives": "/archive/", "archive": "/archive/", "search": "/search/", "tags": "/tags/", "categories": "/tags/",
        "terms": "/tags/",
    ]
}
