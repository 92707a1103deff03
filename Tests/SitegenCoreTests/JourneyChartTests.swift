import Foundation
import Testing

@testable import SitegenCore

/// The activity heatmap and the project timeline, read back from the SVG the pages embed.
@Suite struct JourneyChartTests {
    let files: [String: String] = [
        "site.yml": "title: Charts\ntimezone: America/New_York\n",
        "content/posts/a.md": post("A", date: "2024-02-29", extra: "project: done-one\n"),
        "content/posts/b.md": post("B", date: "2025-03-13 09:00", extra: "project: running\n"),
        "content/posts/c.md": post("C", date: "2025-03-13 22:30", extra: "project: running\n"),
        "content/posts/d.md": post("D", date: "2025-12-31", extra: "project: done-one\n"),
        "content/projects/running.md": "---\ntitle: Running & <co>\nstatus: active\nstarted: 2025-01-01\n---\nR.\n",
        "content/projects/done-one.md": "---\ntitle: Done one\nstatus: done\nstarted: 2024-02-01\nfinished: 2024-04-30\n---\nD.\n",
        "content/projects/idea.md": "---\ntitle: Idea\nstatus: planned\n---\nNo dates, no posts.\n",
    ]

    private func build() throws -> BuildResult {
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        try #require(result.succeeded, "\(result.messages)")
        return result
    }

    /// `data-date` and `data-count` of every square, grouped by the year group they are in.
    private func cells(_ html: String) -> [Int: [(date: String, count: Int)]] {
        var byYear: [Int: [(String, Int)]] = [:]
        for group in html.components(separatedBy: "<g class=\"heatmap-year\" data-year=\"").dropFirst() {
            let year = Int(group.prefix { $0 != "\"" }) ?? 0
            for rect in group.components(separatedBy: "data-date=\"").dropFirst() {
                let date = String(rect.prefix { $0 != "\"" })
                let count = Int(rect.components(separatedBy: "data-count=\"").dropFirst().first?.prefix { $0 != "\"" } ?? "") ?? -1
                byYear[year, default: []].append((date, count))
            }
        }
        return byYear
    }

    @Test func theHeatmapHasOneSquarePerDayWithThatDaysPosts() throws {
        let result = try build()
        let home = try #require(result.text("index.html"))
        let years = cells(home)
        #expect(years.keys.sorted() == [2024, 2025])
        #expect(years[2024]?.count == 366)
        #expect(years[2025]?.count == 365)
        #expect(years[2024]?.first?.date == "2024-01-01")
        #expect(years[2025]?.last?.date == "2025-12-31")
        #expect(Set(years[2025]?.map(\.date) ?? []).count == 365, "no day twice")
        let counts = Dictionary(uniqueKeysWithValues: years.values.flatMap { $0 }.map { ($0.date, $0.count) })
        #expect(counts["2024-02-29"] == 1)
        #expect(counts["2025-03-13"] == 2, "two posts that day in the site's time zone")
        #expect(counts["2025-12-31"] == 1)
        #expect(counts.values.reduce(0, +) == 4)
        #expect(home.contains("class=\"hm-2\" data-date=\"2025-03-13\" data-count=\"2\"><title>2 posts on March 13, 2025</title>"))
        #expect(home.contains("<title>No posts on January 1, 2025</title>"))
        #expect(home.contains("<title id=\"heatmap-title\">4 posts over 2 years, one square per day</title>"))
        #expect(try #require(result.text("archive/index.html")).contains("<svg class=\"heatmap\""))
    }

    @Test func daysSitInTheirWeekdayRow() throws {
        let svg = ActivityHeatmap.svg(dates: [Date(timeIntervalSince1970: 1_741_824_000)], zone: try #require(TimeZone(identifier: "UTC")))
        // 2025-01-01 was a Wednesday (row 2); 2025-03-13 a Thursday (row 3), in week 10.
        let step = ActivityHeatmap.cell + ActivityHeatmap.gap
        #expect(
            svg.contains(
                "<rect x=\"\(ActivityHeatmap.labelWidth)\" y=\"\(2 * step)\" width=\"11\" height=\"11\" rx=\"2\" class=\"hm-0\" data-date=\"2025-01-01\""
            ))
        #expect(
            svg.contains(
                "<rect x=\"\(ActivityHeatmap.labelWidth + 10 * step)\" y=\"\(3 * step)\" width=\"11\" height=\"11\" rx=\"2\" class=\"hm-1\" data-date=\"2025-03-13\""
            ))
    }

    @Test func theProjectTimelineHasABarPerDatedProject() throws {
        let result = try build()
        let page = try #require(result.text("projects/index.html"))
        let bars = page.components(separatedBy: "<rect class=\"gantt-bar ").dropFirst().map { String($0.prefix { $0 != ">" }) }
        #expect(bars.count == 2, "the planned project has no dates")
        #expect(bars[0].hasPrefix("gantt-done\""))
        #expect(bars[0].contains("data-start=\"2024-02-01\" data-end=\"2024-04-30\""))
        #expect(bars[1].hasPrefix("gantt-active\""))
        #expect(
            bars[1].contains("data-start=\"2025-01-01\" data-end=\"2025-12-31\""),
            "an active project runs to today, 2026-01-01 UTC: \(bars[1])")
        #expect(
            page.contains(
                "<a href=\"/projects/running/\" class=\"gantt-row\"><text class=\"gantt-label\" x=\"0\" y=\"65\">Running &amp; &lt;co&gt;</text>"
            ))
        #expect(page.contains("<title>Running &amp; &lt;co&gt;: January 1, 2025 – today, active</title>"))
    }

    @Test func aProjectPageShowsItsDurationPostCountAndStatus() throws {
        let result = try build()
        let done = try #require(result.text("projects/done-one/index.html"))
        #expect(done.contains("<span class=\"duration\">3 months</span> · 2 posts"))
        #expect(done.contains("<span class=\"badge status-done\">Done</span>"))
        let running = try #require(result.text("projects/running/index.html"))
        #expect(running.contains("– today · <span class=\"duration\">1 year</span>"))
        #expect(
            ProjectTimeline.durationLabel(
                .init(start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 86_400 * 11), isOngoing: false),
                zone: try #require(TimeZone(identifier: "UTC"))) == "12 days")
    }
}
