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

    /// The shade of every day square of the heatmap whose title id is `id`, by ISO date, read back from the
    /// `M x y` squares of its paths; the legend, below the seven weekday rows, is left out.
    private func shades(in html: String, id: String, first: CivilDay) throws -> [String: Int] {
        let start = try #require(html.range(of: "aria-labelledby=\"\(id)\""))
        let svg = String(html[start.upperBound...]).components(separatedBy: "</svg>")[0]
        let offset = first.weekday
        var result: [String: Int] = [:]
        for path in svg.components(separatedBy: "<path class=\"hm-").dropFirst() {
            let level = try #require(Int(path.prefix(1)))
            let data = path.components(separatedBy: "d=\"")[1].prefix { $0 != "\"" }
            for square in data.split(separator: "M") {
                let numbers = square.prefix { $0 != "h" }.split(separator: " ").compactMap { Int($0) }
                let (x, y) = (numbers[0], numbers[1])
                let row = (y - ActivityHeatmap.headerHeight) / ActivityHeatmap.step
                guard row < 7 else { continue }
                let column = (x - ActivityHeatmap.labelWidth) / ActivityHeatmap.step
                let day = CivilDay(number: first.number - offset + column * 7 + row).civil
                let iso = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
                #expect(result[iso] == nil, "\(iso) drawn twice")
                result[iso] = level
            }
        }
        return result
    }

    @Test func theArchiveHasACalendarPerYearWithEachDaysShade() throws {
        let result = try build()
        let archive = try #require(result.text("archive/index.html"))
        let year2025 = try shades(in: archive, id: "heatmap-2025", first: CivilDay(year: 2025, month: 1, day: 1))
        #expect(year2025.count == 365)
        #expect(year2025["2025-01-01"] == 0)
        #expect(year2025["2025-03-13"] == 2, "two posts that day in the site's time zone")
        #expect(year2025["2025-12-31"] == 1)
        #expect(year2025.values.filter { $0 > 0 }.count == 2)
        let year2024 = try shades(in: archive, id: "heatmap-2024", first: CivilDay(year: 2024, month: 1, day: 1))
        #expect(year2024.count == 366)
        #expect(year2024["2024-02-29"] == 1)
        #expect(archive.contains("<title id=\"heatmap-2025\">3 posts on 2 days in 2025</title>"))
        #expect(archive.contains("<details class=\"archive-year\" open>"), "the newest year is open")
        #expect(archive.contains("<details class=\"archive-year\">\n  <summary><h2>2024"), "older years are closed")
        for label in [">Mon<", ">Wed<", ">Fri<", ">Jan<", ">Dec<", ">Less<", ">More<"] { #expect(archive.contains(label)) }
        #expect(!archive.contains("<rect"), "one path per shade, no element per day")
    }

    @Test func theHomePageShowsTheLastTwelveMonths() throws {
        let result = try build()
        let home = try #require(result.text("index.html"))
        // Built at 2026-01-01 00:00 UTC, still December 31 in New York: back to the Monday of 2024-12-30.
        let recent = try shades(in: home, id: "heatmap-recent", first: CivilDay(year: 2024, month: 12, day: 30))
        #expect(recent.count == 367)
        #expect(recent["2024-12-30"] == 0)
        #expect(recent["2025-12-31"] == 1)
        #expect(recent["2026-01-01"] == nil)
        #expect(recent["2025-03-13"] == 2)
        #expect(recent["2024-02-29"] == nil, "older than 12 months")
        #expect(home.contains("<title id=\"heatmap-recent\">3 posts on 2 days in the 12 months to December 31, 2025</title>"))
        #expect(!home.contains("heatmap-2024"), "the full history is on the archive")
        let monthLabels = home.components(separatedBy: "heatmap-recent")[2].components(separatedBy: "<text class=\"heatmap-label\"")
            .dropFirst().map { $0.components(separatedBy: ">")[1].prefix(3) }.filter { !["Mon", "Wed", "Fri", "Les", "Mor"].contains($0) }
        #expect(
            monthLabels == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
            "the two days of December 2024 get no label")
    }

    @Test func aLongHistoryKeepsTheHomePageLight() throws {
        var files = ["site.yml": "title: Long\ntimezone: UTC\n"]
        for index in 0..<(14 * 120) {
            let day = CivilDay(number: CivilDay(year: 2012, month: 1, day: 1).number + index * 3).civil
            let date = String(format: "%04d-%02d-%02d", day.year, day.month, day.day)
            files["content/posts/p\(index).md"] = post("Post \(index)", date: date, extra: "tags: [a, b]\n")
        }
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        try #require(result.succeeded, "\(result.messages)")
        let home = try #require(result.text("index.html"))
        #expect(home.utf8.count <= 40_000, "home page is \(home.utf8.count) bytes")
        let archive = try #require(result.text("archive/index.html"))
        #expect(archive.components(separatedBy: "<details class=\"archive-year\"").count - 1 == 14)
    }

    @Test func daysSitInTheirWeekdayRow() throws {
        let counts = ActivityHeatmap.counts(
            of: [Date(timeIntervalSince1970: 1_741_824_000)], zone: try #require(TimeZone(identifier: "UTC")))
        let svg = ActivityHeatmap.year(2025, counts: counts)
        // 2025-01-01 was a Wednesday (row 2, week 0); 2025-03-13 a Thursday (row 3), in week 10.
        let (left, top, step) = (ActivityHeatmap.labelWidth, ActivityHeatmap.headerHeight, ActivityHeatmap.step)
        let shadeOne = try #require(svg.components(separatedBy: "<path class=\"hm-1\" d=\"").dropFirst().first)
        #expect(shadeOne.hasPrefix("M\(left + 10 * step) \(top + 3 * step)h"))
        #expect(svg.contains("<path class=\"hm-0\" d=\"M\(left) \(top + 2 * step)h"))
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
                "<g role=\"listitem\"><a href=\"/projects/running/\" class=\"gantt-row\" aria-label=\"Running &amp; &lt;co&gt;: January 1, 2025 – today, active\"><text class=\"gantt-label\" x=\"0\" y=\"65\">Running &amp; &lt;co&gt;</text>"
            ))
        #expect(page.contains("<title>Running &amp; &lt;co&gt;: January 1, 2025 – today, active</title>"))
        #expect(page.contains("role=\"list\" aria-labelledby=\"gantt-title\""), "links in a list, not inside role=img")
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
