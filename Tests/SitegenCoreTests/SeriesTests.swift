import Foundation
import Testing

@testable import SitegenCore

/// Series and challenges: posts with `series:` and `day:`, a page per series with progress and gaps, and links
/// between the entries.
@Suite struct SeriesTests {
    let files: [String: String] = [
        "site.yml": "title: S\ntimezone: UTC\nseries:\n  45-days-backend:\n    title: 45 Days of Backend\n    days: 45\n",
        "content/posts/d12.md": post("Caching", date: "2025-03-12", extra: "series: 45-days-backend\nday: 12\n"),
        "content/posts/d1.md": post("Kick-off", date: "2025-03-01", extra: "series: 45-days-backend\nday: 1\n"),
        "content/posts/d2.md": post("Routing", date: "2025-03-02", extra: "series: 45-days-backend\nday: 2\n"),
        "content/posts/other.md": post("Elsewhere", date: "2025-03-05"),
        "content/posts/p2.md": post("Part two", date: "2025-05-02", extra: "series: Rust Notes\n"),
        "content/posts/p1.md": post("Part one", date: "2025-05-01", extra: "series: Rust Notes\n"),
    ]

    private func build(_ files: [String: String]) throws -> BuildResult {
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        try #require(result.succeeded, "\(result.messages)")
        return result
    }

    /// The `Day N` labels and titles of a series page, in order; gaps as `Day N: -`.
    private func days(_ html: String) -> [String] {
        html.components(separatedBy: "<li class=\"series-").dropFirst().map { item in
            let day = item.components(separatedBy: "<span class=\"series-day\">").dropFirst().first?.prefix { $0 != "<" } ?? ""
            guard item.hasPrefix("entry") else { return "\(day): -" }
            let title = item.components(separatedBy: "/\">").dropFirst().first?.prefix { $0 != "<" } ?? ""
            return "\(day): \(title)"
        }
    }

    /// The series navigation of a post page.
    private func seriesNav(_ html: String) throws -> String {
        let start = try #require(html.components(separatedBy: "<nav class=\"series-nav\"").dropFirst().first)
        return start.components(separatedBy: "</nav>").first ?? ""
    }

    @Test func theSeriesPageListsDaysInOrderWithGapsAndProgress() throws {
        let result = try build(files)
        let page = try #require(result.text("series/45-days-backend/index.html"))
        let listed = days(page)
        #expect(listed.count == 12)
        #expect(Array(listed.prefix(3)) == ["Day 1: Kick-off", "Day 2: Routing", "Day 3: -"])
        #expect(listed.last == "Day 12: Caching")
        #expect(listed.filter { $0.hasSuffix(": -") }.count == 9)
        #expect(page.contains("aria-label=\"Day 12 of 45\""))
        #expect(page.contains("<span style=\"width: 26%\"></span>"), "12 of 45 days")
        #expect(page.contains("Day 12 of 45 · 3 posts · 9 missed"))
    }

    @Test func aSeriesWithoutDaysIsOrderedByDateAndNamedAsWritten() throws {
        let result = try build(files)
        let page = try #require(result.text("series/rust-notes/index.html"))
        #expect(days(page) == ["Day 1: Part one", "Day 2: Part two"])
        #expect(page.contains("<h1 class=\"page-title\">Rust Notes</h1>"))
        #expect(!page.contains("missed"))
        let list = try #require(result.text("series/index.html"))
        #expect(list.contains("href=\"/series/45-days-backend/\""))
        #expect(list.contains("href=\"/series/rust-notes/\""))
        #expect(try #require(result.text("index.html")).contains("<a href=\"/series/\""), "Series is in the navigation")
        #expect(page.contains("Day 2 so far · 2 posts"), "without planned days, the progress does not repeat the count")
        #expect(list.contains("Day 2 so far · 2 posts"))
    }

    @Test func aSeriesWrittenAsItsSlugIsNamedByItsWords() throws {
        let result = try build([
            "content/posts/a.md": post("A", date: "2025-05-01", extra: "series: hundred-days-of-code\nday: 1\n"),
            "content/posts/b.md": post("B", date: "2025-05-02", extra: "series: hundred-days-of-code\nday: 3\n"),
        ])
        let page = try #require(result.text("series/hundred-days-of-code/index.html"))
        #expect(page.contains("<h1 class=\"page-title\">\(readableTitle(fromFileName: "hundred-days-of-code"))</h1>"))
        #expect(!page.contains(">hundred-days-of-code<"))
        #expect(page.contains("Day 3 so far · 2 posts"))
    }

    @Test func everyEntryLinksToThePreviousAndNextOfItsSeries() throws {
        let result = try build(files)
        let middle = try #require(result.text("posts/d2/index.html"))
        #expect(middle.contains("<a href=\"/series/45-days-backend/\">45 Days of Backend</a> · Day 2 of 45"))
        let nav = try seriesNav(middle)
        #expect(nav.contains("rel=\"prev\" href=\"/posts/d1/\""))
        #expect(nav.contains("rel=\"next\" href=\"/posts/d12/\""))
        let first = try #require(result.text("posts/p1/index.html"))
        #expect(first.contains("Part 1 of 2"))
        #expect(try !seriesNav(first).contains("rel=\"prev\""))
        #expect(try seriesNav(first).contains("rel=\"next\" href=\"/posts/p2/\""))
        #expect(!(try #require(result.text("posts/other/index.html"))).contains("series-nav"))
    }

    @Test func aSiteWithoutSeriesHasNoSeriesPages() throws {
        let result = try build(["content/posts/a.md": post("A", date: "2025-01-01")])
        #expect(result.text("series/index.html") == nil)
        #expect(!(try #require(result.text("index.html"))).contains("/series/"))
    }

    @Test func badDaysAndClashesAreReportedAtTheirLine() {
        var broken = files
        broken["content/posts/bad.md"] = post("Bad", date: "2025-03-03", extra: "series: 45-days-backend\nday: third\n")
        let failed = SiteBuilder(options: testOptions()).build(makeSource(broken))
        #expect(failed.messages.contains("content/posts/bad.md:5:1: error: `day` must be a whole number from 1 to 10000"))

        var clashing = files
        clashing["content/posts/again.md"] = post("Again", date: "2025-03-13", extra: "series: 45-days-backend\nday: 12\n")
        clashing["content/posts/late.md"] = post("Late", date: "2025-05-13", extra: "series: 45-days-backend\nday: 50\n")
        let warned = SiteBuilder(options: testOptions()).build(makeSource(clashing))
        #expect(warned.succeeded)
        #expect(warned.messages.contains { $0.hasPrefix("content/posts/") && $0.contains("day 12 of series `45-days-backend` is also") })
        #expect(
            warned.messages.contains(
                "content/posts/late.md:5:1: warning: day 50 is beyond the 45 days site.yml plans for series `45-days-backend`"))
    }
}
