import Foundation
import Testing

@testable import SitegenCore

/// Related posts: most shared tags or project first, then nearest in time, at most three, never the post itself.
@Suite struct RelatedPostsTests {
    private func related(_ files: [String: String], of slug: String) throws -> [String] {
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        let site = try #require(result.site)
        let post = try #require(site.posts.first { $0.slug == slug })
        return post.related.map { site.posts[$0].slug }
    }

    @Test func moreSharedTagsRankFirstThenCloserDates() throws {
        let files = [
            "content/posts/subject.md": post("Subject", date: "2025-06-01", extra: "tags: [swift, server, nio]\n"),
            "content/posts/two-shared.md": post("Two", date: "2024-01-01", extra: "tags: [swift, server]\n"),
            "content/posts/one-near.md": post("Near", date: "2025-06-03", extra: "tags: [nio]\n"),
            "content/posts/one-far.md": post("Far", date: "2023-01-01", extra: "tags: [swift]\n"),
            "content/posts/one-middle.md": post("Middle", date: "2025-01-01", extra: "tags: [server]\n"),
            "content/posts/unrelated.md": post("Unrelated", date: "2025-06-02", extra: "tags: [cooking]\n"),
        ]
        #expect(try related(files, of: "subject") == ["two-shared", "one-near", "one-middle"])
        #expect(try related(files, of: "unrelated") == [])
    }

    @Test func theSameProjectCountsLikeASharedTag() throws {
        let files = [
            "content/posts/a.md": post("A", date: "2025-01-01", extra: "tags: [x]\nproject: tracker\n"),
            "content/posts/b.md": post("B", date: "2025-01-10", extra: "tags: [x]\nproject: tracker\n"),
            "content/posts/c.md": post("C", date: "2025-01-02", extra: "tags: [x]\n"),
            "content/projects/tracker.md": "---\ntitle: Tracker\n---\nT.\n",
        ]
        #expect(try related(files, of: "a") == ["b", "c"])
    }

    @Test func thePostPageListsThemAndAPostWithoutAnyShowsNothing() throws {
        let files = [
            "content/posts/a.md": post("A", date: "2025-01-01", extra: "tags: [x]\n"),
            "content/posts/b.md": post("B & more", date: "2025-01-02", extra: "tags: [x]\n"),
            "content/posts/alone.md": post("Alone", date: "2025-01-03"),
        ]
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        let page = try #require(result.text("posts/a/index.html"))
        let aside = try #require(page.components(separatedBy: "<aside class=\"related\"").last)
        #expect(aside.contains("<a href=\"/posts/b/\">B &amp; more</a>"))
        #expect(!(try #require(result.text("posts/alone/index.html"))).contains("class=\"related\""))
    }

    @Test func everyPostGetsAtMostThreeFromAWindowOfItsTagAndTheWorkStaysLinear() {
        var posts: [Post] = []
        for number in 0..<5_000 {
            posts.append(
                Post(
                    sourcePath: "p\(number).md", slug: "p\(number)", route: .post("p\(number)"), title: "P",
                    date: Date(timeIntervalSince1970: Double(5_000 - number) * 86_400),
                    dateOrigin: .frontMatter, updated: nil, tags: ["common"], projects: [], summary: "", html: "", plainText: "", toc: [],
                    wordCount: 0, readingMinutes: 1, draft: false, cover: nil, layout: nil, params: [:]))
        }
        let related = RelatedPosts.compute(posts: posts)
        #expect(related.allSatisfy { $0.count == 3 })
        #expect(related[2_500] == [2_499, 2_501, 2_498], "one tag in common with all: the nearest in time")
        #expect(related.enumerated().allSatisfy { index, list in !list.contains(index) })
    }
}
