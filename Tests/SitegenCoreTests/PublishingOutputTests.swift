import Foundation
import Testing

@testable import SitegenCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Feeds, sitemap, robots.txt, head metadata and the search index of a built site, parsed the way their readers
/// parse them.
@Suite struct PublishingOutputTests {
    static let trickyTitle = "<script>alert(\"x\")</script> & co"

    /// 25 posts (so feeds must cut at 20), tags, a project, a cover and a title that needs escaping.
    let files: [String: String] = {
        var files: [String: String] = [
            "site.yml": "title: Feed & Friends\nbase_url: https://user.github.io/journey/\nlanguage: de\nauthor: Kim\ntimezone: UTC\n",
            "content/projects/tracker.md": "---\ntitle: Tracker\n---\nThe tracker.\n",
            "content/pages/about.md": "---\ntitle: About\n---\nAbout me.\n",
        ]
        for number in 1...25 {
            let tags = number % 2 == 0 ? "[even, all]" : "[all]"
            let project = number <= 3 ? "project: tracker\n" : ""
            files["content/posts/post-\(number).md"] = post(
                "Post \(number)", date: String(format: "2025-01-%02d", number), extra: "tags: \(tags)\n\(project)",
                body: "Body \(number) with a [link](post-1.md), an ![image](/img/x.png) and a footnote.[^1]\n\n[^1]: Note.")
        }
        files["content/posts/tricky.md"] =
            "---\ntitle: '\(trickyTitle)'\ndate: 2025-02-01\nsummary: 'Quotes \" and <b>tags</b> & ampersands'\ncover: /img/cover.png\ntags: [all]\n---\nText.\n"
        return files
    }()

    private func build() throws -> BuildResult {
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        try #require(result.succeeded, "\(result.messages)")
        return result
    }

    #if canImport(FoundationXML) || canImport(Darwin)
        private func xml(_ text: String?) throws -> XMLDocument {
            try XMLDocument(xmlString: try #require(text), options: [])
        }

        private func strings(_ document: XMLDocument, _ path: String) throws -> [String] {
            try document.nodes(forXPath: path).compactMap(\.stringValue)
        }

        @Test func theAtomFeedHasTheNewestTwentyPostsInFullWithAbsoluteLinks() throws {
            let result = try build()
            let feed = try xml(result.text("feed.xml"))
            let titles = try strings(feed, "/*[local-name()='feed']/*[local-name()='entry']/*[local-name()='title']")
            #expect(titles.count == 20)
            #expect(titles.first == Self.trickyTitle, "newest first, unescaped by the XML parser")
            #expect(Array(titles.dropFirst()) == (7...25).reversed().map { "Post \($0)" })
            let ids = try strings(feed, "//*[local-name()='entry']/*[local-name()='id']")
            #expect(ids.contains("https://user.github.io/journey/posts/post-25/"))
            let content = try strings(feed, "//*[local-name()='entry'][2]/*[local-name()='content']").first ?? ""
            #expect(content.contains("Body 25 with a"))
            #expect(content.contains("href=\"https://user.github.io/journey/posts/post-1/\""))
            #expect(content.contains("src=\"https://user.github.io/journey/img/x.png\""))
            #expect(content.contains("href=\"https://user.github.io/journey/posts/post-25/#fn-1\""))
            #expect(try strings(feed, "/*[local-name()='feed']/*[local-name()='title']") == ["Feed & Friends"])
            let selfLink = try feed.nodes(forXPath: "/*[local-name()='feed']/*[local-name()='link'][@rel='self']/@href").first?.stringValue
            #expect(selfLink == "https://user.github.io/journey/feed.xml")
        }

        @Test func everyTagAndProjectHasAFeedOfItsOwnPosts() throws {
            let result = try build()
            let even = try strings(xml(result.text("tags/even/feed.xml")), "//*[local-name()='entry']/*[local-name()='title']")
            #expect(even == stride(from: 24, through: 2, by: -2).map { "Post \($0)" })
            let tracker = try strings(xml(result.text("projects/tracker/feed.xml")), "//*[local-name()='entry']/*[local-name()='title']")
            #expect(tracker == ["Post 3", "Post 2", "Post 1"])
        }

        @Test func theSitemapListsEveryPageOnceWithItsDate() throws {
            let result = try build()
            let sitemap = try xml(result.text("sitemap.xml"))
            let locations = try strings(sitemap, "//*[local-name()='url']/*[local-name()='loc']")
            #expect(Set(locations).count == locations.count, "no page twice")
            let pages = result.files.map(\.path).filter { $0.hasSuffix("index.html") }.map { path in
                "https://user.github.io/journey/" + path.dropLast("index.html".count)
            }
            #expect(Set(locations) == Set(pages))
            #expect(!locations.contains { $0.contains("404") })
            let dates = try strings(sitemap, "//*[local-name()='url']/*[local-name()='lastmod']")
            #expect(dates.count == locations.count)
            #expect(
                try strings(
                    sitemap,
                    "//*[local-name()='url'][*[local-name()='loc']='https://user.github.io/journey/posts/post-7/']/*[local-name()='lastmod']"
                ) == ["2025-01-07"])
        }
    #endif

    /// Jekyll's `sitemap: false` keeps a page out of the sitemap; the page itself is still built.
    @Test func sitemapFalseLeavesAPageOutOfTheSitemap() throws {
        var hidden = files
        hidden["content/pages/thanks.md"] = "---\ntitle: Thanks\nsitemap: false\n---\nThanks for writing.\n"
        hidden["content/pages/about-me.md"] = "---\ntitle: About\n---\nMe.\n"
        let result = SiteBuilder(options: testOptions()).build(makeSource(hidden))
        let sitemap = try #require(result.text("sitemap.xml"))
        #expect(result.text("thanks/index.html") != nil)
        #expect(!sitemap.contains("/thanks/") && sitemap.contains("/about-me/"))
    }

    @Test func theJSONFeedFollowsVersion1_1() throws {
        let result = try build()
        let data = Data(try #require(result.text("feed.json")).utf8)
        let feed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(feed["title"] as? String == "Feed & Friends")
        #expect(feed["feed_url"] as? String == "https://user.github.io/journey/feed.json")
        #expect(feed["home_page_url"] as? String == "https://user.github.io/journey/")
        #expect(feed["language"] as? String == "de")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.count == 20)
        #expect(items.first?["title"] as? String == Self.trickyTitle)
        #expect(items.first?["summary"] as? String == "Quotes \" and <b>tags</b> & ampersands")
        #expect(items.first?["image"] as? String == "https://user.github.io/journey/img/cover.png")
        #expect(items.first?["date_published"] as? String == "2025-02-01T00:00:00Z")
        #expect(items[1]["id"] as? String == "https://user.github.io/journey/posts/post-25/")
        #expect((items[1]["content_html"] as? String)?.contains("href=\"https://user.github.io/journey/posts/post-1/\"") == true)
        #expect(items[2]["tags"] as? [String] == ["even", "all"])
    }

    @Test func robotsPointsToTheSitemap() throws {
        let robots = try #require(try build().text("robots.txt"))
        #expect(robots.contains("Sitemap: https://user.github.io/journey/sitemap.xml"))
        #expect(robots.hasPrefix("User-agent: *\n"))
    }

    @Test func everyPageHeadCarriesCanonicalOpenGraphAndFeedLinks() throws {
        let result = try build()
        let post = try #require(result.text("posts/post-5/index.html"))
        #expect(post.contains("<html lang=\"de\">"))
        #expect(post.contains("<link rel=\"canonical\" href=\"https://user.github.io/journey/posts/post-5/\">"))
        #expect(post.contains("<meta property=\"og:type\" content=\"article\">"))
        #expect(post.contains("<meta property=\"og:title\" content=\"Post 5\">"))
        #expect(post.contains("<meta property=\"og:url\" content=\"https://user.github.io/journey/posts/post-5/\">"))
        #expect(post.contains("<meta name=\"description\" content=\"Body 5 with a link"))
        #expect(post.contains("<meta name=\"twitter:card\" content=\"summary\">"))
        #expect(
            post.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Feed &amp; Friends\" href=\"/journey/feed.xml\">"))
        #expect(
            post.contains(
                "<link rel=\"alternate\" type=\"application/feed+json\" title=\"Feed &amp; Friends\" href=\"/journey/feed.json\">"))

        let home = try #require(result.text("index.html"))
        #expect(home.contains("<meta property=\"og:type\" content=\"website\">"))
        let tag = try #require(result.text("tags/even/index.html"))
        #expect(tag.contains("title=\"Feed &amp; Friends · #even\" href=\"/journey/tags/even/feed.xml\""))
        let project = try #require(result.text("projects/tracker/index.html"))
        #expect(project.contains("href=\"/journey/projects/tracker/feed.xml\""))

        let tricky = try #require(result.text("posts/tricky/index.html"))
        #expect(tricky.contains("<meta property=\"og:image\" content=\"https://user.github.io/journey/img/cover.png\">"))
        #expect(tricky.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"))
        #expect(!post.contains("article:modified_time"), "only a post with `updated:` has it")
        #expect(!post.contains("noindex") && !home.contains("noindex"))
        #expect(try #require(result.text("404.html")).contains("<meta name=\"robots\" content=\"noindex\">"))
    }

    @Test func anUpdatedPostSaysWhenItWasModified() throws {
        var updated = files
        updated["content/posts/edited.md"] = post("Edited", date: "2025-02-01", extra: "updated: 2025-03-05 10:00\n")
        let result = SiteBuilder(options: testOptions()).build(makeSource(updated))
        let page = try #require(result.text("posts/edited/index.html"))
        #expect(page.contains("<meta property=\"article:modified_time\" content=\"2025-03-05T10:00:00"))
        #expect(page.contains("<meta property=\"article:published_time\" content=\"2025-02-01T00:00:00"))
    }

    @Test func aTitleWithMarkupIsEscapedInHTMLXMLAndJSON() throws {
        let result = try build()
        let page = try #require(result.text("posts/tricky/index.html"))
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"))
        #expect(page.contains("content=\"Quotes &quot; and &lt;b&gt;tags&lt;/b&gt; &amp; ampersands\""))
        let feed = try #require(result.text("feed.xml"))
        #expect(!feed.contains("<script>"))
        #expect(feed.contains("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>"))
        for path in ["feed.json", "search-index.json"] {
            let parsed = try JSONSerialization.jsonObject(with: Data(try #require(result.text(path)).utf8))
            let entries = (parsed as? [[String: Any]]) ?? ((parsed as? [String: Any])?["items"] as? [[String: Any]]) ?? []
            #expect(entries.contains { $0["title"] as? String == "<script>alert(\"x\")</script> & co" }, "\(path)")
        }
        let home = try #require(result.text("index.html"))
        #expect(!home.contains("<script>alert"))
    }

    @Test func theSearchIndexHasEveryPostAndThePageSearchesIt() throws {
        let result = try build()
        let data = Data(try #require(result.text("search-index.json")).utf8)
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(entries.count == 26)
        let third = try #require(entries.first { $0["title"] as? String == "Post 3" })
        #expect(third["url"] as? String == "/journey/posts/post-3/")
        #expect(third["date"] as? String == "2025-01-03")
        #expect(third["tags"] as? [String] == ["all"])
        #expect(third["project"] as? String == "Tracker")
        #expect((third["text"] as? String)?.hasPrefix("Body 3 with a link, an image and a footnote.") == true)
        #expect(third["summary"] as? String != nil)

        let search = try #require(result.text("search/index.html"))
        #expect(search.contains("data-index=\"/journey/search-index.json\""))
        let script = Theme.builtInAssetRoute("search.js")
        #expect(search.contains("<script src=\"/journey\(script.path)\" defer></script>"))
        #expect(result.text(script.outputPath) == result.text("assets/search.js"))
        #expect(search.contains("data-shards=\"/journey/search/index.json\""))
        #expect(result.text("assets/search.js")?.contains("section.dataset.shards") == true)
        #expect(try #require(result.text("index.html")).contains("href=\"/journey/search/\""), "search is in the navigation")
    }

    @Test func searchTextIsCutAtAWordBoundary() {
        let text = String(repeating: "word ", count: 1_000)
        let cut = MachineFiles.cut(text, to: MachineFiles.searchTextLength)
        #expect(cut.count <= MachineFiles.searchTextLength)
        #expect(cut.hasSuffix("word"))
        #expect(MachineFiles.cut("short", to: 10) == "short")
    }

    @Test func aSitesOwnRobotsFileWins() throws {
        var source = makeSource(files)
        source.assets.append(AssetFile(path: "content/robots.txt", contents: .bytes(Array("User-agent: *\nDisallow: /\n".utf8))))
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.succeeded)
        #expect(result.text("robots.txt") == "User-agent: *\nDisallow: /\n")
        #expect(result.files.filter { $0.path == "robots.txt" }.count == 1)
    }
}
