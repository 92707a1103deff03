import Foundation
import Testing

@testable import SitegenCore

/// Old URLs keep working: a site-wide `permalinks` pattern, a post's own `permalink`, and `aliases` /
/// `redirect_from` as static redirect pages, all confined to the output folder.
@Suite struct PermalinkTests {
    let site = "title: J\nbase_url: https://example.com/\ntimezone: UTC\n"

    private func build(_ files: [String: String]) -> BuildResult {
        SiteBuilder(options: testOptions()).build(makeSource(files))
    }

    @Test func postsAndPagesArePublishedWhereThePatternSaysAndLinksFollow() throws {
        let result = build([
            "site.yml": site + "permalinks:\n  posts: /:year/:month/:day/:slug.html\n  pages: /info/:slug/\n",
            "content/posts/2019-04-05-old-post.md": "---\ntitle: Old post\ndate: 2019-04-05 9:00:00\n---\nHello.\n",
            "content/posts/other.md": post("Other", date: "2019-05-01", body: "See [the old one](2019-04-05-old-post.md)."),
            "content/pages/about.md": "---\ntitle: About\n---\nMe.\n",
        ])
        try #require(result.succeeded, "\(result.messages)")
        #expect(result.text("2019/04/05/old-post.html")?.contains("<h1>Old post</h1>") == true)
        #expect(result.text("2019/05/01/other.html")?.contains("href=\"/2019/04/05/old-post.html\"") == true)
        #expect(result.text("info/about/index.html") != nil)
        #expect(result.text("posts/old-post/index.html") == nil)
        #expect(result.text("sitemap.xml")?.contains("<loc>https://example.com/2019/04/05/old-post.html</loc>") == true)
        #expect(result.text("feed.xml")?.contains("https://example.com/2019/04/05/old-post.html") == true)
    }

    @Test func aPostsOwnPermalinkWinsAndItsAliasesRedirectToIt() throws {
        let result = build([
            "site.yml": site + "permalinks: /blog/:slug/\n",
            "content/posts/a.md": post(
                "A", date: "2020-01-01", extra: "permalink: /notes/a-note/\naliases: [/old/a/, /2020/a.html]\nredirect_from: /legacy/a/\n"),
            "content/posts/b.md": post("B", date: "2020-01-02"),
        ])
        try #require(result.succeeded, "\(result.messages)")
        #expect(result.text("notes/a-note/index.html")?.contains("<h1>A</h1>") == true)
        #expect(result.text("blog/b/index.html") != nil)
        for old in ["old/a/index.html", "2020/a.html", "legacy/a/index.html"] {
            let page = try #require(result.text(old), "\(old) is written")
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/notes/a-note/\">"))
            #expect(page.contains("<link rel=\"canonical\" href=\"https://example.com/notes/a-note/\">"))
            #expect(page.contains("<a href=\"/notes/a-note/\">"))
        }
        #expect(!(result.text("sitemap.xml") ?? "").contains("old/a"), "redirects are not pages to index")
    }

    @Test(arguments: ["../../outside/", "/a/../../b/", "https://elsewhere.example/x/", "/.git/hooks/", "/a b/", "/"])
    func aPathThatCouldLeaveTheSiteIsAnErrorAtItsLine(path: String) {
        let result = build([
            "site.yml": site,
            "content/posts/a.md": post("A", date: "2020-01-01", extra: "aliases: [\"\(path)\"]\n"),
        ])
        #expect(!result.succeeded)
        #expect(result.messages.contains { $0.hasPrefix("content/posts/a.md:4:1: error: `aliases`: ") }, "\(result.messages)")
        let permalink = build([
            "site.yml": site, "content/posts/a.md": post("A", date: "2020-01-01", extra: "permalink: \"\(path)\"\n"),
        ])
        #expect(permalink.messages.contains { $0.hasPrefix("content/posts/a.md:4:1: error: `permalink`: ") }, "\(permalink.messages)")
    }

    @Test func anAliasOrPermalinkOnAnotherPageIsAnErrorInTheFileThatCanMove() {
        let alias = build([
            "site.yml": site,
            "content/posts/a.md": post("A", date: "2020-01-01", extra: "aliases: [/posts/b/]\n"),
            "content/posts/b.md": post("B", date: "2020-01-02"),
        ])
        #expect(
            alias.messages.contains(
                "content/posts/a.md:4:1: error: the old path /posts/b/ is the page made from content/posts/b.md; remove it from the aliases"
            ),
            "\(alias.messages)")
        let permalink = build([
            "site.yml": site, "content/posts/a.md": post("A", date: "2020-01-01", extra: "permalink: /archive/\n"),
        ])
        #expect(
            permalink.messages.contains {
                $0.hasPrefix("content/posts/a.md:") && $0.contains("would be written to archive/index.html, as a page sitegen makes is")
            }, "\(permalink.messages)")
    }

    @Test(arguments: [
        ("permalinks: /blog/:year/\n", "must contain `:slug`"), ("permalinks: /blog/:author/:slug/\n", "`:author`"),
        ("permalinks:\n  drafts: /d/:slug/\n", "`permalinks.drafts`"), ("permalinks: /../:slug/\n", "segment `..`"),
    ])
    func aBadPatternIsAnErrorInSiteYml(setting: String, expected: String) {
        let result = build(["site.yml": site + setting, "content/posts/a.md": post("A", date: "2020-01-01")])
        #expect(result.messages.contains { $0.hasPrefix("site.yml:4:1: error:") && $0.contains(expected) }, "\(result.messages)")
    }

    @Test func jekyllCategoriesAreTags() throws {
        let result = build([
            "site.yml": site, "content/posts/a.md": post("A", date: "2020-01-01", extra: "categories: [Ruby, web]\ntags: [rails]\n"),
        ])
        try #require(result.succeeded, "\(result.messages)")
        #expect(result.site?.posts.first?.tags == ["rails", "ruby", "web"])
    }
}
