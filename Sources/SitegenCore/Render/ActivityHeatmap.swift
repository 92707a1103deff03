import Foundation

/// The activity heatmap: an inline SVG calendar of weeks (columns) by weekday (rows, Monday first), each day
/// shaded by how many posts were published that day, with month and weekday labels and a legend. It stays small
/// for any history: every day of one shade is part of one `<path>` (five in all), and one `<title>` sums the
/// calendar up for screen readers instead of one per day. The home page shows the last 12 months; the archive a
/// calendar per year. Colours come from the theme's CSS classes `hm-0` to `hm-4`.
enum ActivityHeatmap {
    static let cell = 10
    static let step = 13
    static let labelWidth = 30
    static let headerHeight = 14
    static let legendHeight = 20

    /// Posts per day, by ``CivilDay/number``, in `zone`.
    static func counts(of dates: [Date], zone: TimeZone) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for date in dates { counts[CivilDay(CalendarDate(date, in: zone)).number, default: 0] += 1 }
        return counts
    }

    /// The last 12 months: the 53 weeks up to the week of `now`, or of the latest post when none is that recent.
    /// Empty when there are no posts.
    static func recent(counts: [Int: Int], now: Date, zone: TimeZone) -> String {
        guard let latest = counts.keys.max() else { return "" }
        let today = CivilDay(CalendarDate(now, in: zone)).number
        let end = latest < today - 365 ? latest : today
        let first = end - 364 - CivilDay(number: end - 364).weekday
        return grid(
            from: first, through: end, counts: counts, id: "heatmap-recent",
            summary: { posts, days in "\(countLabel(posts, "post")) on \(countLabel(days, "day")) in the 12 months to \(label(end))" })
    }

    /// One calendar year, January to December.
    static func year(_ year: Int, counts: [Int: Int]) -> String {
        grid(
            from: CivilDay(year: year, month: 1, day: 1).number, through: CivilDay(year: year, month: 12, day: 31).number,
            counts: counts, id: "heatmap-\(year)",
            summary: { posts, days in "\(countLabel(posts, "post")) on \(countLabel(days, "day")) in \(year)" })
    }

    /// The SVG for the days `first...last`.
    static func grid(from first: Int, through last: Int, counts: [Int: Int], id: String, summary: (Int, Int) -> String)
        -> String
    {
        let offset = CivilDay(number: first).weekday
        let columns = (last - first + offset) / 7 + 1
        let width = labelWidth + columns * step
        let height = headerHeight + 7 * step + legendHeight
        var paths = Array(repeating: "", count: 5)
        var posts = 0
        var activeDays = 0
        for number in first...last {
            let count = counts[number] ?? 0
            posts += count
            if count > 0 { activeDays += 1 }
            let column = (number - first + offset) / 7
            let row = CivilDay(number: number).weekday
            paths[min(4, count)] += "M\(labelWidth + column * step) \(headerHeight + row * step)h\(cell)v\(cell)h-\(cell)z"
        }
        var svg = """
            <svg class="heatmap" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="img" \
            aria-labelledby="\(id)" xmlns="http://www.w3.org/2000/svg"><title id="\(id)">\(summary(posts, activeDays))</title>
            """
        // Month labels over the week in which each month starts, when there is room for them.
        var lastLabelColumn = -3
        let start = CivilDay(number: first).civil
        var (year, month) = (start.year, start.month)
        while true {
            let day = CivilDay(year: year, month: month, day: 1).number
            if day > last { break }
            let column = (max(day, first) - first + offset) / 7
            // A month the calendar shows less than three weeks of at its start leaves its label to the next.
            let shownDays = CivilDay(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1).number - first
            if column - lastLabelColumn >= 3, day >= first || shownDays >= 21 {
                svg += "<text class=\"heatmap-label\" x=\"\(labelWidth + column * step)\" y=\"10\">"
                svg += "\(CalendarDate.monthNames[month - 1].prefix(3))</text>"
                lastLabelColumn = column
            }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
            svg += "<text class=\"heatmap-label\" x=\"0\" y=\"\(headerHeight + row * step + cell - 1)\">\(name)</text>"
        }
        for (level, path) in paths.enumerated() where !path.isEmpty {
            svg += "<path class=\"hm-\(level)\" d=\"\(path)\"/>"
        }
        // The legend, bottom right: Less, the five shades, More.
        let legendTop = headerHeight + 7 * step + 6
        let legendLeft = width - 5 * step - 34
        svg += "<text class=\"heatmap-label\" x=\"\(legendLeft - 30)\" y=\"\(legendTop + cell - 1)\">Less</text>"
        for level in 0..<5 {
            svg += "<path class=\"hm-\(level)\" d=\"M\(legendLeft + level * step) \(legendTop)h\(cell)v\(cell)h-\(cell)z\"/>"
        }
        svg += "<text class=\"heatmap-label\" x=\"\(legendLeft + 5 * step + 2)\" y=\"\(legendTop + cell - 1)\">More</text>"
        return svg + "</svg>"
    }

    /// `March 13, 2025` for a day number.
    private static func label(_ number: Int) -> String {
        let date = CivilDay(number: number).civil
        return "\(CalendarDate.monthNames[date.month - 1]) \(date.day), \(date.year)"
    }
}
