import Foundation
import SitegenMarkdown

/// The project timeline on `/projects/`: an inline SVG Gantt chart with a bar per project from its start to its
/// end, coloured by status (CSS classes `gantt-planned`, `gantt-active`, `gantt-done`), each bar linking to the
/// project's page and titled with its dates.
enum ProjectTimeline {
    /// When a project ran: `started` or its first post, to `finished`, else today while it is active, else its
    /// last post. `nil` when it has neither a start nor posts.
    struct Span {
        var start: Date
        var end: Date
        var isOngoing: Bool
    }

    static func span(of project: Project, posts: [Post], now: Date) -> Span? {
        let postDates = project.posts.map { posts[$0].date }
        guard let start = project.started ?? postDates.min() else { return nil }
        if let finished = project.finished { return Span(start: start, end: max(start, finished), isOngoing: false) }
        if project.status == .active { return Span(start: start, end: max(start, now), isOngoing: true) }
        return Span(start: start, end: max(start, postDates.max() ?? start), isOngoing: false)
    }

    /// "3 months", "1 year, 2 months", "12 days".
    static func durationLabel(_ span: Span, zone: TimeZone) -> String {
        let days = CivilDay(CalendarDate(span.end, in: zone)).number - CivilDay(CalendarDate(span.start, in: zone)).number + 1
        if days < 60 { return countLabel(days, "day") }
        let months = Int((Double(days) / 30.44).rounded())
        if months < 12 { return countLabel(months, "month") }
        let years = months / 12
        return months % 12 == 0 ? countLabel(years, "year") : "\(countLabel(years, "year")), \(countLabel(months % 12, "month"))"
    }

    static let labelWidth = 170
    static let chartWidth = 560
    static let rowHeight = 26
    static let axisHeight = 22

    /// The chart, or an empty string when no project has dates.
    static func svg(site: Site, now: Date, url: SiteURL) -> String {
        let zone = site.config.timeZone
        let rows = site.projects.compactMap { project in span(of: project, posts: site.posts, now: now).map { (project, $0) } }
            .sorted { ($0.1.start, $0.0.title) < ($1.1.start, $1.0.title) }
        guard let first = rows.map(\.1.start).min(), let last = rows.map(\.1.end).max() else { return "" }
        let from = first.timeIntervalSince1970
        let length = max(last.timeIntervalSince1970 - from, 30 * 86_400)
        func x(_ date: Date) -> Int { labelWidth + Int((date.timeIntervalSince1970 - from) / length * Double(chartWidth)) }
        let width = labelWidth + chartWidth + 10
        let height = axisHeight + rows.count * rowHeight
        var svg = """
            <svg class="gantt" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="list" \
            aria-labelledby="gantt-title" xmlns="http://www.w3.org/2000/svg">
            <title id="gantt-title">Timeline of \(countLabel(rows.count, "project"))</title>

            """
        let firstYear = CalendarDate(first, in: zone).year
        let lastYear = CalendarDate(last, in: zone).year
        for year in firstYear...lastYear {
            let day = CivilDay(year: year, month: 1, day: 1)
            let date = Date(timeIntervalSince1970: Double(day.number) * 86_400 - Double(zone.secondsFromGMT()))
            let position = year == firstYear ? labelWidth : x(date)
            guard position >= labelWidth, position <= labelWidth + chartWidth else { continue }
            svg +=
                "<line aria-hidden=\"true\" class=\"gantt-tick\" x1=\"\(position)\" y1=\"\(axisHeight - 6)\" x2=\"\(position)\" y2=\"\(height)\"/>"
            svg += "<text aria-hidden=\"true\" class=\"gantt-year\" x=\"\(position + 3)\" y=\"\(axisHeight - 9)\">\(year)</text>\n"
        }
        for (row, (project, span)) in rows.enumerated() {
            let top = axisHeight + row * rowHeight
            let start = x(span.start)
            let barWidth = max(4, x(span.end) - start)
            let status = project.status?.rawValue ?? "none"
            let dates =
                "\(CalendarDate(span.start, in: zone).display) – \(span.isOngoing ? "today" : CalendarDate(span.end, in: zone).display)"
            let title = escapeHTML("\(project.title): \(dates)\(project.status.map { ", \($0.label.lowercased())" } ?? "")")
            // A list of real links, each named by its project and dates, rather than links hidden in an image.
            svg +=
                "<g role=\"listitem\"><a href=\"\(escapeHTML(url.path(project.route.path)))\" class=\"gantt-row\" aria-label=\"\(title)\">"
            svg += "<text class=\"gantt-label\" x=\"0\" y=\"\(top + 17)\">\(escapeHTML(project.title))</text>"
            svg += "<rect class=\"gantt-bar gantt-\(status)\" x=\"\(start)\" y=\"\(top + 5)\" width=\"\(barWidth)\" height=\"16\" rx=\"4\" "
            svg += "data-start=\"\(CalendarDate(span.start, in: zone).isoDay)\" data-end=\"\(CalendarDate(span.end, in: zone).isoDay)\">"
            svg += "<title>\(title)</title></rect></a></g>\n"
        }
        return svg + "</svg>"
    }
}
