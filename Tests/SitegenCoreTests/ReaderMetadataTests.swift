import Foundation
import SitegenMarkdown
import Testing

@testable import SitegenCore

/// What search engines and social sites read from each page, and the feeds' content.
@Suite struct ReaderMetadataTests {
    let files: [String: String] = [
        "site.yml": "title: Meta Journal\nauthor: Ada Writer\nlanguage: de\nbase_url: https://example.com/blog/\n"
            + "timezone: UTC\npaginate: 1\nimage: /images/card.png\n",
        "content/posts/one.md": post("First <post>", date: "2025-01-02", extra: "tags: [Swift, Testing]\nupdated: 2025-02-03\n"),
        "content/posts/two.md": post("Second", date: "2025-01-05", extra: "tags: [Swift]\ncover: pic.png\n"),
        "content/posts/three.md": post("Third", date: "2025-01-09"),
    ]

    private func build(_ files: [String: String]) throws -> BuildResult {
        let result = SiteBuilder(options: testOptions()).build(makeSource(files, assets: ["content/posts/pic.png"]))
        try #require(result.succeeded, "\(result.messages)")
        return result
    }

    /// The JSON-LD object of a page, whole.
    private func jsonLD(_ html: String) throws -> [String: Any] {
        let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
        let end = try #require(html[start.upperBound...].range(of: "</script>"))
        let data = Data(html[start.upperBound..<end.lowerBound].utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The objects of a JSON-LD `@graph` (or the object itself), by `@type`.
    private func nodes(_ root: [String: Any]) -> [String: [String: Any]] {
        let graph = root["@graph"] as? [[String: Any]] ?? [root]
        return Dictionary(graph.compactMap { node in (node["@type"] as? String).map { ($0, node) } }, uniquingKeysWith: { a, _ in a })
    }

    @Test func aPostHasABlogPostingWithSchemaOrgsPropertiesAndBreadcrumbs() throws {
        let result = try build(files)
        let page = try #require(result.text("posts/one/index.html"))
        let root = try jsonLD(page)
        #expect(root["@context"] as? String == "https://schema.org")
        let found = nodes(root)
        let posting = try #require(found["BlogPosting"])
        // Google's Article properties: headline, image, datePublished, dateModified, author (with a name).
        #expect(posting["headline"] as? String == "First <post>")
        #expect(posting["datePublished"] as? String == "2025-01-02T00:00:00Z")
        #expect(posting["dateModified"] as? String == "2025-02-03T00:00:00Z", "from updated:")
        #expect((posting["author"] as? [String: Any])?["name"] as? String == "Ada Writer")
        #expect((posting["author"] as? [String: Any])?["@type"] as? String == "Person")
        #expect(posting["keywords"] as? [String] == ["Swift", "Testing"])
        #expect(posting["image"] as? [String] == ["https://example.com/blog/images/card.png"], "the site's default image")
        #expect(posting["url"] as? String == "https://example.com/blog/posts/one/")
        #expect((posting["mainEntityOfPage"] as? [String: Any])?["@id"] as? String == "https://example.com/blog/posts/one/")
        #expect(posting["inLanguage"] as? String == "de")
        // BreadcrumbList: ListItems with position, name and item.
        let crumbs = try #require(found["BreadcrumbList"]?["itemListElement"] as? [[String: Any]])
        #expect(crumbs.map { $0["position"] as? Int } == [1, 2])
        #expect(crumbs.map { $0["name"] as? String } == ["Meta Journal", "First <post>"])
        #expect(crumbs.allSatisfy { $0["@type"] as? String == "ListItem" && ($0["item"] as? String)?.hasPrefix("https://") == true })
        #expect(!page.contains("\"First <post>\""), "no raw < inside the script element")

        #expect(page.contains("<meta property=\"og:locale\" content=\"de_DE\">"))
        #expect(page.contains("<meta property=\"article:author\" content=\"Ada Writer\">"))
        #expect(page.contains("<meta property=\"article:tag\" content=\"Swift\">"))
        #expect(page.contains("<meta property=\"article:tag\" content=\"Testing\">"))
        #expect(page.contains("<meta property=\"article:published_time\" content=\"2025-01-02T00:00:00Z\">"))
        #expect(page.contains("<meta property=\"article:modified_time\" content=\"2025-02-03T00:00:00Z\">"))
        #expect(page.contains("<meta property=\"og:image\" content=\"https://example.com/blog/images/card.png\">"))
        let withCover = try #require(result.text("posts/two/index.html"))
        #expect(
            withCover.contains("<meta property=\"og:image\" content=\"https://example.com/blog/posts/pic.card.jpg\">"),
            "a cover wins, as its 1200×630 social card")
        #expect(withCover.contains("<meta property=\"og:image:height\" content=\"630\">"))
    }

    @Test func listsAndTheHomePageHaveTheirOwnData() throws {
        let result = try build(files)
        let home = try #require(result.text("index.html"))
        let website = try #require(nodes(try jsonLD(home))["WebSite"])
        #expect(website["name"] as? String == "Meta Journal" && website["url"] as? String == "https://example.com/blog/")
        #expect(home.contains("<link rel=\"next\" href=\"/blog/page/2/\">"))
        #expect(!home.contains("rel=\"prev\" href=\"/blog/"), "the first page has no previous")
        let second = try #require(result.text("page/2/index.html"))
        #expect(second.contains("<link rel=\"prev\" href=\"/blog/\">") && second.contains("<link rel=\"next\" href=\"/blog/page/3/\">"))
        let tag = try #require(result.text("tags/swift/index.html"))
        let crumbs = try #require(nodes(try jsonLD(tag))["BreadcrumbList"]?["itemListElement"] as? [[String: Any]])
        #expect(crumbs.map { $0["name"] as? String } == ["Meta Journal", "Tags", "#Swift"])
        var anonymous = files
        anonymous["site.yml"] = "title: Meta Journal\nbase_url: https://example.com/\n"
        let noAuthor = try build(anonymous)
        let anonymousPage = try #require(noAuthor.text("posts/one/index.html"))
        let posting = try #require(nodes(try jsonLD(anonymousPage))["BlogPosting"])
        let author = try #require(posting["author"] as? [String: Any])
        #expect(author["@type"] as? String == "Organization" && author["name"] as? String == "Meta Journal", "the site stands in")
        let missing = try #require(result.text("404.html"))
        #expect(missing.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(!missing.contains("application/ld+json"))
    }

    @Test func feedsCarryWholePostsUnlessTheSiteAsksForSummaries() throws {
        let full = try build(files)
        #expect(try #require(full.text("feed.xml")).contains("<content type=\"html\">"))
        #expect(try #require(full.text("feed.json")).contains("\"content_html\""))
        var summaries = files
        summaries["site.yml", default: ""] += "feed_content: summary\n"
        let short = try build(summaries)
        let atom = try #require(short.text("feed.xml"))
        #expect(!atom.contains("<content") && atom.contains("<summary>Some text for the post body.</summary>"))
        let json = try #require(short.text("feed.json"))
        #expect(!json.contains("\"content_html\"") && json.contains("\"content_text\":\"Some text for the post body.\""))
        var wrong = files
        wrong["site.yml", default: ""] += "feed_content: most\n"
        let failed = SiteBuilder(options: testOptions()).build(makeSource(wrong))
        #expect(failed.messages.contains { $0.hasPrefix("site.yml:8:") && $0.contains("`feed_content` must be `full` or `summary`") })
    }

    @Test func jsonTextEscapesWhatCouldBreakOutOfItsString() throws {
        let text = "a \"quote\", a \\ slash, </script>, a\ttab, e\u{301} and ✓"
        let json = JSONValue.object([JSONMember("k", .string(text)), JSONMember("n", .array([.int(-3)]))]).text
        #expect(!json.contains("<") && !json.contains("\t"))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(back["k"] as? String == text)
        #expect(back["n"] as? [Int] == [-3])
    }

    @Test func imageHeadersGiveTheirSize() throws {
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        png += [0, 0, 2, 128, 0, 0, 1, 104]  // 640 × 360
        #expect(ImageHeader.size(of: png) == ImageSize(width: 640, height: 360))
        #expect(ImageHeader.size(of: Array("GIF89a".utf8) + [0x20, 0x03, 0x58, 0x02]) == ImageSize(width: 800, height: 600))
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0xE0, 0x02, 0x80, 3, 0, 0, 0]
        #expect(ImageHeader.size(of: jpeg) == ImageSize(width: 640, height: 480))
        var webp = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0, 0, 0, 0, 0]
        webp += [0x7F, 0x02, 0x00, 0x67, 0x01, 0x00]  // 640 × 360, stored minus one
        #expect(ImageHeader.size(of: webp) == ImageSize(width: 640, height: 360))
        #expect(
            ImageHeader.size(of: Array("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120px\" height='80'>".utf8))
                == ImageSize(width: 120, height: 80))
        #expect(ImageHeader.size(of: Array("<svg viewBox=\"0 0 300 150\">".utf8)) == ImageSize(width: 300, height: 150))
        #expect(ImageHeader.size(of: Array("not an image".utf8)) == nil)
        #expect(ImageHeader.size(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 1]) == nil, "a broken JPEG gives no size")
    }
}

/// Without `node`, math stays as the TeX the renderer wrote, and the typesetter says why.
@Test func withoutNodeMathStaysReadableTeX() {
    var bodies = [MarkdownRenderer().render(MarkdownSource(text: "Euler: $e^{i\\pi}$."))]
    let before = bodies[0].html
    let typesetter = MathTypesetter(nodeNames: ["no-such-node-binary"])
    #expect(typesetter.typeset(&bodies, paths: ["content/posts/m.md"]).isEmpty)
    #expect(bodies[0].html == before && before.contains("<span class=\"math math-inline\">$e^{i\\pi}$</span>"))
    #expect(typesetter.unavailable == "`node` was not found")
}

/// The build record is trusted only with the same math tools, since typeset math depends on them: their identity
/// names the `node` found, or none.
@Test func theMathToolsIdentityNamesTheNodeFound() {
    #expect(MathTypesetter.toolsIdentity(nodeNames: ["no-such-node-binary"]).hasPrefix("no node"))
    let shell = MathTypesetter.toolsIdentity(nodeNames: ["sh"])
    #expect(shell.hasPrefix("/") && shell.contains("/sh"), "\(shell)")
    #expect(shell.contains(MathTypesetter.katexModules() ?? "no KaTeX"))
}

/// Math typeset by Debian's KaTeX at build time, in one `node` process.
@Suite(.enabled(if: MathTypesetter.katexModules() != nil && MathTypesetter.executable(named: ["node"]) != nil, "needs node and katex"))
struct MathTypesettingTests {
    @Test func formulasBecomeMathMLAndBadOnesStayTeXWithAWarning() throws {
        let files = [
            "site.yml": "title: Math\ntimezone: UTC\n",
            "content/posts/m.md": post(
                "M", date: "2025-01-01", body: "Euler: $e^{i\\pi} + 1 = 0$.\n\n$$\n\\frac{a}{b}\n$$\n\nBad: $\\frac{1}{$ end."),
            "content/posts/n.md": post("N", date: "2025-01-02", body: "Again $e^{i\\pi} + 1 = 0$."),
        ]
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        #expect(result.succeeded, "\(result.messages)")
        let page = try #require(result.text("posts/m/index.html"))
        #expect(page.contains("<span class=\"math math-inline\"><span class=\"katex\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\">"))
        #expect(page.contains("<annotation encoding=\"application/x-tex\">e^{i\\pi} + 1 = 0</annotation>"))
        #expect(page.contains("<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\">"))
        #expect(page.contains("<mfrac><mi>a</mi><mi>b</mi></mfrac>"))
        #expect(page.contains("<span class=\"math math-inline\">$\\frac{1}{$</span>"), "KaTeX refused it: the TeX stays")
        #expect(result.messages.contains { $0.hasPrefix("content/posts/m.md:") && $0.contains("warning: math:") })
        #expect(try #require(result.text("posts/n/index.html")).contains("<semantics>"))
    }
}
