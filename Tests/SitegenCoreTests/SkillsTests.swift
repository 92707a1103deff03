import Foundation
import Testing

@testable import SitegenCore

/// `/skills/`: every tag and project technology, in the order first seen, with post counts and latest post.
@Suite struct SkillsTests {
    @Test func skillsAreListedInTheOrderTheyWerePickedUp() throws {
        let files = [
            "site.yml": "title: S\ntimezone: UTC\n",
            "content/posts/a.md": post("First Swift", date: "2025-01-10", extra: "tags: [Swift]\n"),
            "content/posts/b.md": post("More Swift", date: "2025-03-01", extra: "tags: [Swift, SQL]\nproject: api\n"),
            "content/posts/c.md": post("Postgres", date: "2025-02-01", extra: "tags: [SQL]\n"),
            "content/projects/api.md": "---\ntitle: API\nstarted: 2024-12-01\ntech: [Vapor, sql]\n---\nAn API.\n",
            "content/projects/later.md": "---\ntitle: Later\ntech: [Kafka]\n---\nNot started.\n",
        ]
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        try #require(result.succeeded, "\(result.messages)")
        let site = try #require(result.site)
        #expect(site.skills.map(\.name) == ["SQL", "Vapor", "Swift", "Kafka"], "sql as tech starts with the project, merged with the tag")
        let sql = try #require(site.skills.first { $0.slug == "sql" })
        #expect(sql.posts.count == 2)
        #expect(site.skills.last?.firstSeen == nil)

        let page = try #require(result.text("skills/index.html"))
        let names = page.components(separatedBy: "<span class=\"skill-name\">").dropFirst().map { item in
            String(item.prefix { $0 != "\n" }.replacingOccurrences(of: "</span>", with: ""))
        }
        #expect(
            names == [
                "<a href=\"/tags/sql/\">SQL</a>", "<a href=\"/projects/api/\">Vapor</a>", "<a href=\"/tags/swift/\">Swift</a>",
                "<a href=\"/projects/later/\">Kafka</a>",
            ])
        #expect(page.contains("December 1, 2024"))
        #expect(page.contains("2 posts · latest: <a href=\"/posts/b/\">More Swift</a>"))
        #expect(page.contains("not started"))
        #expect(try #require(result.text("index.html")).contains("<a href=\"/skills/\""))
    }
}
