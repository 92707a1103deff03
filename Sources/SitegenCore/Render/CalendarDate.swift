import Foundation

/// A moment as the site's readers see it: the calendar fields in the site's time zone, and the formats the
/// theme and feeds print. Computed arithmetically, so no formatter is created or shared.
public struct CalendarDate: Sendable, Equatable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Seconds east of UTC in force at that moment.
    public let utcOffset: Int

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The calendar fields of `date` in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondsOfDay = local - days * 86_400
        (year, month, day) = CivilDay(number: days).civil
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
        utcOffset = offset
    }

    /// "March 13, 2025".
    public var display: String { "\(monthName) \(day), \(year)" }

    /// "March".
    public var monthName: String { Self.monthNames[month - 1] }

    /// "2025-03-13".
    public var isoDay: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    /// "2025-03-13T10:30:00+01:00" (RFC 3339).
    public var iso8601: String {
        let sign = utcOffset < 0 ? "-" : "+"
        let magnitude = abs(utcOffset)
        let zone = utcOffset == 0 ? "Z" : "\(sign)\(pad(magnitude / 3600)):\(pad(magnitude % 3600 / 60))"
        return "\(isoDay)T\(pad(hour)):\(pad(minute)):\(pad(second))\(zone)"
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
