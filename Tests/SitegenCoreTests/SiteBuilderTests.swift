import Foundation
import Testing

@testable import SitegenCore

@Suite struct SiteBuilderTests {
    let basic: [String: String] = [
        "site.yml": "title: Test Journal\npaginate: 2\ntimezone: UTC\n",
        "content/posts/one.md": post("One", date: "2025-01-01", extra: "tags: [Swift, CI/CD]\nproject: tracker\n"),
        "content/posts/two.md": post("Two", date: "2025-02-01", extra: "tags: [ci-cd]\nproject: tracker\n"),
        "content/posts/three.md": post("Three", date: "2025-03-01", extra: "tags: swift\nproject: ghost-project\n"),
        "content/posts/draft.md": post("Draft", date: "2025-03-05", extra: "draft: true\ntags: [swift]\n"),
        "content/posts/future.md": post("Future", date: "2030-01-01", extra: "tags: [swift]\n"),
        "content/projects/tracker.md": "---\ntitle: Expense Tracker\nstatus: active\ntech: [Python, Pandas]\n---\nTracks expenses.\n",
        "content/pages/about.md": "---\ntitle: About me\n---\nHello.\n",
    ]

    @Test func homeListsPublishedPostsNewestFirstAndPaginates() throws {
        let result = SiteBuilder(options: testOptions()).build(makeSource(basic))
        #expect(result.succeeded, "\(result.messages)")
        #expect(cardTitles(try #require(result.text("index.html"))) == ["Three", "Two"])
        #expect(cardTitles(try #require(result.text("page/2/index.html"))) == ["One"])
        #expect(result.text("page/3/index.html") == nil)
        #expect(result.text("posts/draft/index.html") == nil)
        #expect(result.text("posts/future/index.html") == nil)
    }

    @Test func draftsAndFutureFlagsPublishThem() throws {
        let result = SiteBuilder(options: testOptions(drafts: true, future: true)).build(makeSource(basic))
        #expect(result.text("posts/draft/index.html")?.contains("Draft") == true)
        #expect(cardTitles(try #require(result.text("index.html"))) == ["Future", "Draft"])
        #expect(cardTitles(try #require(result.text("tags/swift/index.html"))) == ["Future", "Draft"])
        #expect(cardTitles(try #require(result.text("tags/swift/page/2/index.html"))) == ["Three", "One"])
    }

    @Test func tagSpellingsShareOnePageNamedByTheFirstSpelling() throws {
        let result = SiteBuilder(options: testOptions()).build(makeSource(basic))
        let site = try #require(result.site)
        #expect(site.tags.map(\.slug) == ["ci-cd", "swift"])
        #expect(site.tags.map(\.name) == ["CI/CD", "Swift"])
        let tagPage = try #require(result.text("tags/ci-cd/index.html"))
        #expect(cardTitles(tagPage) == ["Two", "One"])
        #expect(cardTitles(try #require(result.text("tags/swift/index.html"))) == ["Three", "One"])
        #expect(result.text("tags/swift/page/2/index.html") == nil)
        let index = try #require(result.text("tags/index.html"))
        #expect(index.contains("href=\"/tags/ci-cd/\">#CI/CD <span class=\"count\">2</span>"))
    }

    @Test func projectPagesShowATimelineOldestFirstAndUnknownProjectsAreGenerated() throws {
        let result = SiteBuilder(options: testOptions()).build(makeSource(basic))
        let project = try #require(result.text("projects/tracker/index.html"))
        let timeline = try #require(project.components(separatedBy: "class=\"timeline\"").last)
        let one = try #require(timeline.range(of: ">One</a>"))
        let two = try #require(timeline.range(of: ">Two</a>"))
        #expect(one.lowerBound < two.lowerBound)
        #expect(project.contains("Tracks expenses."))
        #expect(project.contains("<li>Pandas</li>"))
        let ghost = try #require(result.text("projects/ghost-project/index.html"))
        #expect(ghost.contains("<h1>Ghost project</h1>"))
        #expect(
            result.messages.contains(
                "content/posts/three.md:5:1: warning: project `ghost-project` has no page; add content/projects/ghost-project.md to describe it"
            ))
        let projects = try #require(result.text("projects/index.html"))
        #expect(projects.contains("2 posts"))
        #expect(projects.contains("Active"))
    }

    @Test func archiveGroupsByYearAndMonth() throws {
        let result = SiteBuilder(options: testOptions()).build(makeSource(basic))
        let site = try #require(result.site)
        #expect(site.archive.map(\.year) == [2025])
        #expect(site.archive[0].months.map(\.month) == [3, 2, 1])
        let archive = try #require(result.text("archive/index.html"))
        #expect(archive.contains("<h3>February</h3>"))
    }

    @Test func postPagesLinkNeighboursTagsAndProject() throws {
        let result = SiteBuilder(options: testOptions()).build(makeSource(basic))
        let two = try #require(result.text("posts/two/index.html"))
        #expect(two.contains("rel=\"next\" href=\"/posts/three/\""))
        #expect(two.contains("rel=\"prev\" href=\"/posts/one/\""))
        #expect(two.contains("href=\"/projects/tracker/\">Expense Tracker</a>"))
        #expect(two.contains("<time datetime=\"2025-02-01T00:00:00Z\">February 1, 2025</time>"))
        #expect(two.contains("1 min read"))
    }

    @Test func baseURLPathPrefixesEveryInternalLink() throws {
        let result = SiteBuilder(options: testOptions(baseURL: "https://user.github.io/journey/")).build(makeSource(basic))
        let home = try #require(result.text("index.html"))
        #expect(home.contains("href=\"/journey\(Theme.builtInAssetRoute("style.css").path)\""))
        #expect(home.contains("href=\"/journey/tags/ci-cd/\""))
        #expect(home.contains("href=\"/journey/posts/three/\""))
        #expect(home.contains("href=\"/journey/page/2/\""))
        let hrefs = home.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(hrefs.allSatisfy { $0.hasPrefix("/journey/") || $0.hasPrefix("https://user.github.io/journey/") || $0.hasPrefix("#") })
    }

    @Test func postsWithoutFrontMatterTakeTheirFirstHeadingAndFileNameDate() throws {
        var files = basic
        files["content/posts/2024-06-30-plain-notes.md"] = "## 🚀 Plain Notes\n\nJust text, enough words to count as a summary here.\n"
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        let page = try #require(result.text("posts/plain-notes/index.html"))
        #expect(page.contains("<h1>🚀 Plain Notes</h1>"))
        let main = try #require(page.components(separatedBy: "<main").last)
        #expect(main.components(separatedBy: "Plain Notes").count == 2, "the heading is the title, not repeated in the body")
        #expect(page.contains("June 30, 2024"))
        #expect(!result.messages.contains { $0.contains("plain-notes") })
    }

    @Test func undatedPostsFallBackToModificationTimeWithAWarning() throws {
        var files = basic
        files["content/posts/undated.md"] = "# Undated\n\nText.\n"
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        #expect(result.succeeded)
        #expect(
            result.messages.contains {
                $0.hasPrefix("content/posts/undated.md:1:1: warning: no date in front matter, file name or git history")
            })
        #expect(result.text("posts/undated/index.html")?.contains("November 14, 2023") == true)
    }

    @Test func everyErrorIsReportedAndNothingIsProduced() {
        let files = [
            "content/posts/yaml.md": "---\ntitle: [unclosed\n---\n",
            "content/posts/date.md": "---\ntitle: D\ndate: 2025-99-01\n---\n",
            "content/posts/a.md": post("A", date: "2025-01-01", extra: "slug: same\n"),
            "content/posts/b.md": post("B", date: "2025-01-02", extra: "slug: same\n"),
            "content/posts/link.md": post("L", date: "2025-01-03", body: "Intro.\n\nSee [gone](missing.md#x)."),
            "content/posts/layout.md": post("Lay", date: "2025-01-04", extra: "layout: fancy\n"),
        ]
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        #expect(!result.succeeded)
        #expect(result.files.isEmpty)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(
            Set(errors.map(\.path)) == [
                "content/posts/yaml.md", "content/posts/date.md", "content/posts/b.md", "content/posts/link.md",
            ])
        #expect(
            result.messages.contains(
                "content/posts/date.md:3:1: error: `date` is not a valid date: `2025-99-01`; write it like `2025-03-13` or `2025-03-13 10:30`"
            ))
        #expect(
            result.messages.contains(
                "content/posts/b.md:4:1: error: content/posts/a.md already has the URL /posts/same/; give one of them a different `slug:`"))
        #expect(
            result.messages.contains(
                "content/posts/link.md:8:5: error: `missing.md#x` links to content/posts/missing.md, which does not exist"))
        #expect(
            result.messages.contains(
                "content/posts/layout.md:4:1: warning: layout `fancy` has no template, so the built-in `post` one is used; "
                    + "add templates/fancy.mustache or remove `layout:`"))
    }

    @Test func contentLinksBecomePageURLsAndAssetsFollowTheirBundle() throws {
        let files = [
            "site.yml": "base_url: https://x.org/blog/\n",
            "content/posts/2025-03-13-journey.md": post("Journey", date: "2025-03-13", body: "## APIs\n\nText."),
            "content/posts/trip/index.md": post(
                "Trip", date: "2025-04-01",
                extra: "cover: photo.png\n",
                body:
                    "![pic](photo.png) [j](../2025-03-13-journey.md#apis) [p](../../projects/expense-tracker.md) [abs](/about/) [img](../../images/x.png)"
            ),
            "content/projects/expense-tracker.md": "---\ntitle: Expense Tracker\n---\n",
        ]
        let source = makeSource(files, assets: ["content/posts/trip/photo.png", "content/images/x.png"])
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.succeeded, "\(result.messages)")
        let trip = try #require(result.text("posts/trip/index.html"))
        #expect(trip.contains("<img src=\"/blog/posts/trip/photo.png\" srcset=\"/blog/posts/trip/photo.png 2w\""))
        #expect(trip.contains("<source type=\"image/webp\" srcset=\"/blog/posts/trip/photo.2w.webp 2w\""))
        #expect(trip.contains("href=\"/blog/posts/journey/#apis\""))
        #expect(trip.contains("href=\"/blog/projects/expense-tracker/\""))
        #expect(trip.contains("href=\"/blog/about/\""))
        #expect(trip.contains("href=\"/blog/images/x.png\""))
        #expect(trip.contains("<img class=\"cover\" src=\"/blog/posts/trip/photo.png\""))
        #expect(result.files.contains { $0.path == "posts/trip/photo.png" })
        #expect(result.files.contains { $0.path == "images/x.png" })
    }

    @Test func aPageCannotTakeAGeneratedURL() {
        let files = ["content/pages/tags.md": "---\ntitle: Tags\n---\n"]
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        #expect(result.messages.contains { $0.contains("content/pages/tags.md") && $0.contains("belongs to a page sitegen makes") })
    }

    @Test func siteConfigErrorsPointAtTheirLine() {
        let (_, diagnostics) = SiteConfig.parse("title: X\ntimezone: Mars/Olympus\npaginate: 0\n", path: "site.yml")
        #expect(
            diagnostics.map(\.description) == [
                "site.yml:2:1: error: unknown time zone `Mars/Olympus`; use a name like `Europe/Berlin` or `UTC`",
                "site.yml:3:1: error: `paginate` must be a whole number from 1 to 1000",
            ])
    }
}
