import Foundation

/// The schema.org JSON-LD of a page, which search engines read: a `BlogPosting` for each post (headline, dates,
/// author, keywords, image), a `WebSite` for the home page, and a `BreadcrumbList` for every page below home.
enum StructuredData {
    /// A breadcrumb: a name and the absolute URL it links to.
    struct Crumb {
        var name: String
        var url: String
    }

    /// What a post's `BlogPosting` says.
    struct Posting {
        var headline: String
        var url: String
        var published: String
        var modified: String
        var description: String
        /// The author from site.yml; when there is none, the site (an `Organization`) stands in.
        var author: String
        var siteName: String
        var siteURL: String
        var keywords: [String]
        var image: String?
        var wordCount: Int
        var language: String
    }

    /// The `<script type="application/ld+json">` content for a page: one object, or a `@graph` of several.
    static func json(posting: Posting?, website: (name: String, url: String, description: String)?, crumbs: [Crumb]) -> String? {
        var graph: [[String: Any]] = []
        if let posting {
            var object: [String: Any] = [
                "@type": "BlogPosting",
                "headline": String(posting.headline.prefix(110)),
                "url": posting.url,
                "mainEntityOfPage": ["@type": "WebPage", "@id": posting.url],
                "datePublished": posting.published,
                "dateModified": posting.modified,
                "wordCount": posting.wordCount,
                "inLanguage": posting.language,
            ]
            if !posting.description.isEmpty { object["description"] = posting.description }
            object["author"] =
                posting.author.isEmpty
                ? ["@type": "Organization", "name": posting.siteName, "url": posting.siteURL]
                : ["@type": "Person", "name": posting.author]
            if !posting.keywords.isEmpty { object["keywords"] = posting.keywords }
            if let image = posting.image { object["image"] = [image] }
            graph.append(object)
        }
        if let website {
            var object: [String: Any] = ["@type": "WebSite", "name": website.name, "url": website.url]
            if !website.description.isEmpty { object["description"] = website.description }
            graph.append(object)
        }
        if crumbs.count > 1 {
            graph.append([
                "@type": "BreadcrumbList",
                "itemListElement": crumbs.enumerated().map { position, crumb in
                    ["@type": "ListItem", "position": position + 1, "name": crumb.name, "item": crumb.url] as [String: Any]
                },
            ])
        }
        guard !graph.isEmpty else { return nil }
        let root: [String: Any] =
            graph.count == 1
            ? graph[0].merging(["@context": "https://schema.org"]) { first, _ in first }
            : ["@context": "https://schema.org", "@graph": graph]
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        // `<` as an escape, so that no string can close the script element.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// The Open Graph locale (`en_US`) for a page language (`en`, `en-GB`).
    static func openGraphLocale(_ language: String) -> String {
        let parts = language.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = parts.first, !first.isEmpty else { return "en_US" }
        let code = first.lowercased()
        if parts.count > 1, let region = parts.last, region.count == 2 { return "\(code)_\(region.uppercased())" }
        let regions = [
            "en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "BR", "ja": "JP", "zh": "CN", "nl": "NL",
            "ru": "RU", "sv": "SE", "da": "DK", "nb": "NO", "fi": "FI", "pl": "PL", "cs": "CZ", "ko": "KR", "uk": "UA",
            "tr": "TR", "el": "GR", "he": "IL", "ar": "AR", "hi": "IN", "vi": "VN", "id": "ID",
        ]
        return "\(code)_\(regions[code] ?? code.uppercased())"
    }
}
