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
    public var isoDay: String {
        guard Self.fourDigits.contains(year) else { return "\(pad(year, 4))-\(pad(month))-\(pad(day))" }
        // Ten bytes: a small string, made without an allocation (feeds, the sitemap and every page print it).
        return String(unsafeUninitializedCapacity: 10) { bytes in
            writeDay(into: bytes)
            return 10
        }
    }

    /// "2025-03-13T10:30:00+01:00" (RFC 3339).
    public var iso8601: String {
        let magnitude = abs(utcOffset)
        guard Self.fourDigits.contains(year), magnitude < 100 * 3600 else {
            let sign = utcOffset < 0 ? "-" : "+"
            let zone = utcOffset == 0 ? "Z" : "\(sign)\(pad(magnitude / 3600)):\(pad(magnitude % 3600 / 60))"
            return "\(isoDay)T\(pad(hour)):\(pad(minute)):\(pad(second))\(zone)"
        }
        let length = utcOffset == 0 ? 20 : 25
        return String(unsafeUninitializedCapacity: length) { bytes in
            writeDay(into: bytes)
            bytes[10] = UInt8(ascii: "T")
            Self.write(hour, 2, into: bytes, at: 11)
            bytes[13] = UInt8(ascii: ":")
            Self.write(minute, 2, into: bytes, at: 14)
            bytes[16] = UInt8(ascii: ":")
            Self.write(second, 2, into: bytes, at: 17)
            if utcOffset == 0 {
                bytes[19] = UInt8(ascii: "Z")
            } else {
                bytes[19] = utcOffset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
                Self.write(magnitude / 3600, 2, into: bytes, at: 20)
                bytes[22] = UInt8(ascii: ":")
                Self.write(magnitude % 3600 / 60, 2, into: bytes, at: 23)
            }
            return length
        }
    }

    /// The years ``isoDay`` writes as four digits directly.
    private static let fourDigits = 0...9999

    /// Writes "2025-03-13" at the start of `bytes`, for a year of four digits.
    private func writeDay(into bytes: UnsafeMutableBufferPointer<UInt8>) {
        Self.write(year, 4, into: bytes, at: 0)
        bytes[4] = UInt8(ascii: "-")
        Self.write(month, 2, into: bytes, at: 5)
        bytes[7] = UInt8(ascii: "-")
        Self.write(day, 2, into: bytes, at: 8)
    }

    /// Writes `value` (not negative, below 10 to the `width`) as `width` decimal digits at `start`.
    private static func write(_ value: Int, _ width: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for offset in stride(from: width - 1, through: 0, by: -1) {
            bytes[start + offset] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }

    private func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
