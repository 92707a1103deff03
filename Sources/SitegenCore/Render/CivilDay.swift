/// A day of the proleptic Gregorian calendar as a count of days since 1970-01-01, for calendar arithmetic
/// without Foundation's Calendar (Howard Hinnant's `days_from_civil`).
struct CivilDay: Hashable, Comparable, Sendable {
    let number: Int

    init(number: Int) { self.number = number }

    init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        number = era * 146_097 + dayOfEra - 719_468
    }

    init(_ date: CalendarDate) { self.init(year: date.year, month: date.month, day: date.day) }

    /// 0 for Monday through 6 for Sunday.
    var weekday: Int { ((number % 7) + 7 + 3) % 7 }

    static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.number < rhs.number }
}
