import Foundation

/// Reads the dates writers put in front matter and file names: `2025-03-13`, `2025-03-13 10:30`,
/// `2025-03-13T10:30:00`, with an optional zone (`Z`, `UTC`, `+01:00`, `+0100`), and what Jekyll accepts beside
/// them: one-digit months, days and hours (`2019-4-5 9:00:00 -0500`) and English month names (`October 10, 2015`,
/// `10 Oct 2015`). Dates without a zone are in the site's
/// time zone. Works on UTF-8 bytes; no formatter is created.
public struct DateParser: Sendable {
    /// The zone for dates written without one.
    public let timeZone: TimeZone

    /// Creates a parser for the given zone.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The date, or `nil` when `text` is not one of the accepted forms or names an impossible day or time.
    public func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var cursor = 0
        /// A number of `fewest` to `most` digits, or `nil` with the cursor where it was.
        func number(_ fewest: Int, upTo most: Int? = nil) -> Int? {
            var value = 0
            var end = cursor
            while end < bytes.count, end - cursor < (most ?? fewest), bytes[end] >= 0x30, bytes[end] <= 0x39 {
                value = value * 10 + Int(bytes[end] - 0x30)
                end += 1
            }
            guard end - cursor >= fewest else { return nil }
            cursor = end
            return value
        }
        func skipWord(_ word: String) -> Bool {
            let letters = Array(word.utf8)
            guard cursor + letters.count <= bytes.count,
                zip(bytes[cursor..<cursor + letters.count], letters).allSatisfy({ $0 | 0x20 == $1 })
            else { return false }
            cursor += letters.count
            return true
        }
        func skip(_ byte: UInt8) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == byte else { return false }
            cursor += 1
            return true
        }
        /// An English month name, full or short (`October`, `Oct`, `Sept.`), as its number.
        func monthName() -> Int? {
            let start = cursor
            while cursor < bytes.count, bytes[cursor] | 0x20 >= 0x61, bytes[cursor] | 0x20 <= 0x7A { cursor += 1 }
            let word = bytes[start..<cursor].map { $0 | 0x20 }
            guard word.count >= 3, let month = Self.monthNames.firstIndex(where: { $0.starts(with: word) }) else {
                cursor = start
                return nil
            }
            _ = skip(UInt8(ascii: "."))
            return month + 1
        }
        func spacesAndComma() {
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == UInt8(ascii: ",") { cursor += 1 }
        }
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        let year: Int
        let month: Int
        let day: Int
        if let numericYear = number(4) {
            guard skip(UInt8(ascii: "-")), let numericMonth = number(1, upTo: 2), skip(UInt8(ascii: "-")),
                let numericDay = number(1, upTo: 2)
            else { return nil }
            (year, month, day) = (numericYear, numericMonth, numericDay)
        } else if let named = monthName() {
            // `October 10, 2015`, as Jekyll's blogs often write `updated:`.
            spacesAndComma()
            guard let writtenDay = number(1, upTo: 2) else { return nil }
            spacesAndComma()
            guard let writtenYear = number(4) else { return nil }
            (year, month, day) = (writtenYear, named, writtenDay)
        } else if let writtenDay = number(1, upTo: 2) {
            // `10 October 2015`
            spacesAndComma()
            guard let named = monthName() else { return nil }
            spacesAndComma()
            guard let writtenYear = number(4) else { return nil }
            (year, month, day) = (writtenYear, named, writtenDay)
        } else {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var offset: Int?
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "T") || bytes[cursor] == 0x20 {
            let mark = cursor
            cursor += 1
            if let h = number(1, upTo: 2), skip(UInt8(ascii: ":")), let m = number(2) {
                hour = h
                minute = m
                if skip(UInt8(ascii: ":")) {
                    guard let s = number(2) else { return nil }
                    second = s
                    if skip(UInt8(ascii: ".")) || skip(UInt8(ascii: ",")) {
                        while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 { cursor += 1 }
                    }
                }
            } else {
                cursor = mark
            }
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        _ = skip(0x20)
        if cursor < bytes.count {
            if skip(UInt8(ascii: "Z")) || skip(UInt8(ascii: "z")) || skipWord("utc") || skipWord("gmt") {
                offset = 0
            } else if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") {
                let sign = bytes[cursor] == UInt8(ascii: "-") ? -1 : 1
                cursor += 1
                guard let zoneHours = number(2) else { return nil }
                _ = skip(UInt8(ascii: ":"))
                let zoneMinutes = number(2) ?? 0
                guard zoneHours < 24, zoneMinutes < 60 else { return nil }
                offset = sign * (zoneHours * 3600 + zoneMinutes * 60)
            }
        }
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        guard cursor == bytes.count else { return nil }

        let local = Self.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        if let offset { return Date(timeIntervalSince1970: TimeInterval(local - offset)) }
        let guess = Date(timeIntervalSince1970: TimeInterval(local))
        let firstOffset = timeZone.secondsFromGMT(for: guess)
        let adjusted = Date(timeIntervalSince1970: TimeInterval(local - firstOffset))
        return Date(timeIntervalSince1970: TimeInterval(local - timeZone.secondsFromGMT(for: adjusted)))
    }

    /// The date a Jekyll-style `YYYY-MM-DD-` file-name prefix gives, at midnight in the site's zone.
    public func parseFileNamePrefix(_ fileName: String) -> Date? { fileNamePrefix(fileName)?.date }

    /// The date of a Jekyll-style file-name prefix, `YYYY-MM-DD-` or, as Jekyll also takes, `YYYY-M-D-`, and
    /// its length in bytes; `nil` when nothing follows it.
    public func fileNamePrefix(_ fileName: String) -> (date: Date, length: Int)? {
        let bytes = Array(fileName.utf8.prefix(12))
        var dashes: [Int] = []
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "-") {
            dashes.append(index)
            if dashes.count == 3 { break }
        }
        guard dashes.count == 3, dashes[0] == 4, (6...7).contains(dashes[1]), (8...10).contains(dashes[2]),
            dashes[2] - dashes[1] >= 2, fileName.utf8.count > dashes[2] + 1,
            let date = parse(String(decoding: bytes[0..<dashes[2]], as: UTF8.self))
        else { return nil }
        return (date, dashes[2] + 1)
    }

    /// The English months' names, lowercase; a date may write any start of three letters or more (`sept`).
    private static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ].map { Array($0.utf8) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
