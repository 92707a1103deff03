import Foundation
import Testing

@testable import SitegenCore

/// What `check` finds cheaply, `build` and `serve` say too: each warning at the file, line and column to fix.
@Suite struct WriterWarningsTests {
    private func warnings(_ files: [String: String], options: BuildOptions = testOptions(baseURL: "https://example.com/")) -> [String] {
        let result = SiteBuilder(options: options).build(makeSource(files))
        return result.diagnostics.filter { $0.severity == .warning }.map(\.description)
    }

    @Test func liquidAndShortcodesLeftInAPostAreWarnedOnceWithTheCountOfTheRest() {
        let body = "Intro.\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\nSee {{ site.url }} and {% post_url 2019-04-25-x %}.\n"
        let found = warnings(["content/posts/old.md": post("Old", date: "2025-01-01", body: body)])
        #expect(
            found == [
                "content/posts/old.md:8:1: warning: Liquid tag `{% highlight ruby %}` is not run by sitegen and is published as text "
                    + "(and 3 more in this file); write it as markdown (a fenced code block for `highlight`, a link to the .md file for `post_url`)"
            ])
        let hugo = warnings(["content/posts/h.md": post("H", date: "2025-01-01", body: "Look:\n\n{{< youtube abc >}}\n")])
        #expect(hugo.contains { $0.hasPrefix("content/posts/h.md:8:1: warning: Hugo shortcode `{{< youtube abc >}}`") })
    }

    @Test func rawHTMLLeftOutNamesTheSettingThatKeepsIt() {
        let files = ["content/posts/a.md": post("A", date: "2025-01-01", body: "Text.\n\n<iframe src=\"https://x\"></iframe>\n")]
        #expect(
            warnings(files) == [
                "content/posts/a.md:8:1: warning: raw HTML is left out of the page; set `unsafe: true` under `markdown:` in site.yml to publish it"
            ])
        var unsafe = files
        unsafe["site.yml"] = "title: T\nbase_url: https://example.com/\nmarkdown:\n  unsafe: true\n"
        #expect(warnings(unsafe).isEmpty)
    }

    @Test func aFrontMatterKeyThatLooksLikeATypoIsWarnedButOtherParamsAreNot() {
        let found = warnings(["content/posts/a.md": post("A", date: "2025-01-01", extra: "tgas: [swift]\nmood: happy\n")])
        #expect(found == ["content/posts/a.md:4:1: warning: unknown front-matter key `tgas`; did you mean `tags`?"])
    }

    @Test func postsDatedInTheFutureAreCountedInOneLineAtTheNextOne() {
        let files = [
            "content/posts/now.md": post("Now", date: "2025-06-01"),
            "content/posts/later.md": post("Later", date: "2026-03-01"),
            "content/posts/soon.md": post("Soon", date: "2026-02-01"),
            "content/posts/draft.md": post("Draft", date: "2026-01-15", extra: "draft: true\n"),
        ]
        #expect(
            warnings(files) == [
                "content/posts/soon.md:3:1: warning: 2 posts are dated in the future and not published yet; the next is this one, "
                    + "on 2026-02-01; pass --future to include them"
            ])
        #expect(warnings(files, options: testOptions(future: true, baseURL: "https://example.com/")).isEmpty)
    }

    @Test func aSiteWithoutABaseURLHostIsWarnedOnce() {
        let files = [
            "site.yml": "title: T\n",
            "content/posts/a.md": post("A", date: "2025-01-01"),
            "content/posts/b.md": post("B", date: "2025-01-02"),
        ]
        let found = warnings(files, options: testOptions())
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("site.yml:1:1: warning: no `base_url` with a host") == true)
        #expect(found.first?.hasSuffix("pass --base-url") == true)
        var withBase = files
        withBase["site.yml"] = "title: T\nbase_url: https://me.example/blog/\n"
        #expect(warnings(withBase, options: testOptions()).isEmpty)
    }

    @Test func checkLooksAtTheLinksAndImagesOfRawHTML() {
        let body = "Intro.\n\n<p><img src=\"missing.png\" alt=\"\"> <a href=\"/posts/b/\">B</a> <a href=\"/nope/\">x</a></p>\n"
        let files = [
            "site.yml": "title: T\nbase_url: https://example.com/\nmarkdown:\n  unsafe: true\n",
            "content/posts/a.md": post("A", date: "2025-01-01", body: body),
            "content/posts/b.md": post("B", date: "2025-01-02"),
        ]
        let problems = SiteChecker(options: testOptions()).check(makeSource(files)).map(\.description)
        #expect(
            problems.contains(
                "content/posts/a.md:8:9: error: image `missing.png` points to /posts/a/missing.png, which the site does not have"))
        #expect(problems.contains("content/posts/a.md:8:64: error: link `/nope/` points to /nope/, which the site does not have"))
        #expect(!problems.contains { $0.contains("/posts/b/") })
    }

    @Test func aLinkToADraftOrAFuturePostIsAnErrorAtTheLink() {
        let result = SiteBuilder(options: testOptions(baseURL: "https://example.com/")).build(
            makeSource([
                "content/posts/a.md": post("A", date: "2025-01-01", body: "See [draft](b.md) and [later](c.md)."),
                "content/posts/b.md": post("B", date: "2025-01-02", extra: "draft: true\n"),
                "content/posts/c.md": post("C", date: "2027-01-02"),
            ]))
        #expect(!result.succeeded)
        #expect(
            result.messages.contains(
                "content/posts/a.md:6:5: error: `b.md` links to content/posts/b.md, which is a draft or dated in the future; publish it or remove the link"
            ), "\(result.messages)")
        #expect(result.messages.contains { $0.hasPrefix("content/posts/a.md:6:23: error: `c.md` links to content/posts/c.md") })
    }

    @Test func aJekyllFileNameWithOneDigitMonthAndDayDatesThePost() throws {
        let result = SiteBuilder(options: testOptions(baseURL: "https://example.com/")).build(
            makeSource(["content/posts/2014-3-3-Hello-World.md": "---\ntitle: Hello\n---\nHi.\n"]))
        try #require(result.succeeded, "\(result.messages)")
        #expect(result.diagnostics.isEmpty, "no warning about a missing date: \(result.messages)")
        let post = try #require(result.site?.posts.first)
        #expect(post.slug == "hello-world")
        #expect(post.date.timeIntervalSince1970 == 1_393_804_800)
    }
}
