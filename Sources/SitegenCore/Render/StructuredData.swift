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
        // Each writes the members of one object of the graph.
        var parts: [(inout JSONWriter) -> Void] = []
        if let posting { parts.append { write(posting, to: &$0) } }
        if let website {
            parts.append { json in
                json.member("@type", "WebSite")
                json.member("name", website.name)
                json.member("url", website.url)
                if !website.description.isEmpty { json.member("description", website.description) }
            }
        }
        if crumbs.count > 1 { parts.append { write(crumbs, to: &$0) } }
        guard !parts.isEmpty else { return nil }
        var json = JSONWriter(capacity: 1024)
        json.openObject()
        json.member("@context", "https://schema.org")
        if parts.count == 1 {
            parts[0](&json)
        } else {
            json.key("@graph")
            json.openArray()
            for part in parts {
                json.openObject()
                part(&json)
                json.closeObject()
            }
            json.closeArray()
        }
        json.closeObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// A post's `BlogPosting` members.
    private static func write(_ posting: Posting, to json: inout JSONWriter) {
        json.member("@type", "BlogPosting")
        json.member("headline", String(posting.headline.prefix(110)))
        json.member("url", posting.url)
        json.key("mainEntityOfPage")
        json.openObject()
        json.member("@type", "WebPage")
        json.member("@id", posting.url)
        json.closeObject()
        json.member("datePublished", posting.published)
        json.member("dateModified", posting.modified)
        json.key("wordCount")
        json.int(posting.wordCount)
        json.member("inLanguage", posting.language)
        if !posting.description.isEmpty { json.member("description", posting.description) }
        json.key("author")
        json.openObject()
        if posting.author.isEmpty {
            json.member("@type", "Organization")
            json.member("name", posting.siteName)
            json.member("url", posting.siteURL)
        } else {
            json.member("@type", "Person")
            json.member("name", posting.author)
        }
        json.closeObject()
        if !posting.keywords.isEmpty {
            json.key("keywords")
            json.openArray()
            for keyword in posting.keywords { json.string(keyword) }
            json.closeArray()
        }
        if let image = posting.image {
            json.key("image")
            json.openArray()
            json.string(image)
            json.closeArray()
        }
    }

    /// A `BreadcrumbList`'s members.
    private static func write(_ crumbs: [Crumb], to json: inout JSONWriter) {
        json.member("@type", "BreadcrumbList")
        json.key("itemListElement")
        json.openArray()
        for (position, crumb) in crumbs.enumerated() {
            json.openObject()
            json.member("@type", "ListItem")
            json.key("position")
            json.int(position + 1)
            json.member("name", crumb.name)
            json.member("item", crumb.url)
            json.closeObject()
        }
        json.closeArray()
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
