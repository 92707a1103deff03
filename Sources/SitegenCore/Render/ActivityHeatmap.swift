import Foundation

/// The activity heatmap: an inline SVG calendar with a row of weeks per year (newest year first), a square per
/// day shaded by how many posts were published that day, and a `<title>` on every square for screen readers and
/// hover. Colours come from the theme's CSS classes `hm-0` to `hm-4`.
enum ActivityHeatmap {
    static let cell = 11
    static let gap = 2
    static let labelWidth = 36
    static let yearHeight = 7 * (cell + gap) + 14

    /// The SVG for the days of `dates` in `zone`; empty when there are none.
    static func svg(dates: [Date], zone: TimeZone) -> String {
        var counts: [CivilDay: Int] = [:]
        for date in dates { counts[CivilDay(CalendarDate(date, in: zone)), default: 0] += 1 }
        let years = Set(dates.map { CalendarDate($0, in: zone).year }).sorted(by: >)
        guard !years.isEmpty else { return "" }
        let width = labelWidth + 54 * (cell + gap)
        let height = years.count * yearHeight
        let total = dates.count
        var svg = """
            <svg class="heatmap" viewBox="0 0 \(width) \(height)" width="\(width)" height="\(height)" role="img" \
            aria-labelledby="heatmap-title" xmlns="http://www.w3.org/2000/svg">
            <title id="heatmap-title">\(countLabel(total, "post")) over \(countLabel(years.count, "year")), one square per day</title>

            """
        svg.reserveCapacity(years.count * 366 * 120)
        for (row, year) in years.enumerated() {
            let top = row * yearHeight
            svg += "<g class=\"heatmap-year\" data-year=\"\(year)\">"
            svg += "<text class=\"heatmap-label\" x=\"0\" y=\"\(top + 3 * (cell + gap) + cell)\">\(year)</text>\n"
            let first = CivilDay(year: year, month: 1, day: 1)
            let last = CivilDay(year: year + 1, month: 1, day: 1)
            var month = 1
            var day = 1
            for number in first.number..<last.number {
                let civil = CivilDay(number: number)
                let column = (number - first.number + first.weekday) / 7
                let x = labelWidth + column * (cell + gap)
                let y = top + civil.weekday * (cell + gap)
                let count = counts[civil] ?? 0
                let level = count == 0 ? 0 : min(4, count)
                let iso = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
                let label =
                    "\(count == 0 ? "No posts" : countLabel(count, "post")) on \(CalendarDate.monthNames[month - 1]) \(day), \(year)"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" class=\"hm-\(level)\" "
                svg += "data-date=\"\(iso)\" data-count=\"\(count)\"><title>\(label)</title></rect>\n"
                day += 1
                if day > daysIn(month: month, year: year) {
                    day = 1
                    month += 1
                }
            }
            svg += "</g>\n"
        }
        return svg + "</svg>"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        CivilDay(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1).number
            - CivilDay(year: year, month: month, day: 1).number
    }
}
