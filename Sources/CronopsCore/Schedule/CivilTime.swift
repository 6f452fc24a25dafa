/// Proleptic Gregorian calendar arithmetic on whole seconds, without Foundation: the
/// evaluator turns "local seconds since 1970-01-01T00:00" into fields millions of times a
/// second, and Foundation's Calendar would both be slow and bring ICU's zone data along.
public struct CivilDate: Hashable, Sendable, Comparable {
    public var year: Int
    /// 1–12
    public var month: Int
    /// 1–31
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int64 { Civil.days(year: year, month: month, day: day) }

    public init(daysSinceEpoch days: Int64) { self = Civil.date(days: days) }

    /// 1 = Monday … 7 = Sunday (ISO), like Python's `isoweekday()`.
    public var isoWeekday: Int { Civil.isoWeekday(days: daysSinceEpoch) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `2027-03-28`
    public var iso: String {
        Civil.pad(year, 4) + "-" + Civil.pad(month, 2) + "-" + Civil.pad(day, 2)
    }
}

/// A wall-clock reading with no zone attached (Python's naive `datetime`).
public struct CivilDateTime: Hashable, Sendable {
    public var date: CivilDate
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(_ date: CivilDate, hour: Int, minute: Int, second: Int = 0) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    public init(localSeconds s: Int64) {
        let days = Civil.floorDiv(s, 86_400)
        // Not `s - days * 86_400`: near Int64.min that product is below Int64.min.
        let secs = Int((s % 86_400 + 86_400) % 86_400)
        self.init(CivilDate(daysSinceEpoch: days), hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60)
    }

    public var localSeconds: Int64 {
        date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// `2027-03-28T02:30:00`
    public var iso: String {
        date.iso + "T" + Civil.pad(hour, 2) + ":" + Civil.pad(minute, 2) + ":" + Civil.pad(second, 2)
    }

    /// `02:30`
    public var hhmm: String { Civil.pad(hour, 2) + ":" + Civil.pad(minute, 2) }
}

enum Civil {
    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    @inline(__always)
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    @inline(__always)
    static func date(days: Int64) -> CivilDate {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return CivilDate(year: Int(y), month: Int(m), day: Int(d))
    }

    /// 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday.
    @inline(__always)
    static func isoWeekday(days: Int64) -> Int {
        Int(((days + 3) % 7 + 7) % 7) + 1
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
