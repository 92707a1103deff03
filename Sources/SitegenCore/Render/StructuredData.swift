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
        var graph: [[JSONMember]] = []
        if let posting {
            var object: [JSONMember] = [
                JSONMember("@type", .string("BlogPosting")),
                JSONMember("headline", .string(String(posting.headline.prefix(110)))),
                JSONMember("url", .string(posting.url)),
                JSONMember(
                    "mainEntityOfPage", .object([JSONMember("@type", .string("WebPage")), JSONMember("@id", .string(posting.url))])),
                JSONMember("datePublished", .string(posting.published)),
                JSONMember("dateModified", .string(posting.modified)),
                JSONMember("wordCount", .int(posting.wordCount)),
                JSONMember("inLanguage", .string(posting.language)),
            ]
            if !posting.description.isEmpty { object.append(JSONMember("description", .string(posting.description))) }
            let author: JSONValue =
                posting.author.isEmpty
                ? .object([
                    JSONMember("@type", .string("Organization")), JSONMember("name", .string(posting.siteName)),
                    JSONMember("url", .string(posting.siteURL)),
                ])
                : .object([JSONMember("@type", .string("Person")), JSONMember("name", .string(posting.author))])
            object.append(JSONMember("author", author))
            if !posting.keywords.isEmpty { object.append(JSONMember("keywords", .array(posting.keywords.map(JSONValue.string)))) }
            if let image = posting.image { object.append(JSONMember("image", .array([.string(image)]))) }
            graph.append(object)
        }
        if let website {
            var object: [JSONMember] = [
                JSONMember("@type", .string("WebSite")), JSONMember("name", .string(website.name)), JSONMember("url", .string(website.url)),
            ]
            if !website.description.isEmpty { object.append(JSONMember("description", .string(website.description))) }
            graph.append(object)
        }
        if crumbs.count > 1 {
            let items = crumbs.enumerated().map { position, crumb in
                JSONValue.object([
                    JSONMember("@type", .string("ListItem")), JSONMember("position", .int(position + 1)),
                    JSONMember("name", .string(crumb.name)),
                    JSONMember("item", .string(crumb.url)),
                ])
            }
            graph.append([JSONMember("@type", .string("BreadcrumbList")), JSONMember("itemListElement", .array(items))])
        }
        guard let first = graph.first else { return nil }
        let context = JSONMember("@context", .string("https://schema.org"))
        let root: JSONValue =
            graph.count == 1 ? .object([context] + first) : .object([context, JSONMember("@graph", .array(graph.map(JSONValue.object)))])
        return root.text
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
