/// A schedule as Healthchecks (cronsim 2.7) understands it, parsed once and ready to evaluate.
///
/// Everything the crontab emitter needs to rewrite it for another cron is public and
/// read-only: the five field texts, the selected values per field, the cronsim extensions in
/// use, the day-of-month/day-of-week combination rule and the DST mode.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// As written in the job file.
    public let source: String
    /// Five fields, macros expanded, one space between fields: what the monitor is sent and
    /// what `plan` compares.
    public let expression: String
    /// The macro the source used (`@daily`), if any.
    public let macro: String?
    /// minute, hour, day-of-month, month, day-of-week; texts after macro expansion.
    public let fields: [CronField]

    /// Minutes 0–59 at which the schedule fires.
    public let minutes: CronValueSet
    /// Hours 0–23.
    public let hours: CronValueSet
    /// Plain days of the month 1–31 (without `L`/`LW`).
    public let daysOfMonth: CronValueSet
    /// Months 1–12.
    public let months: CronValueSet
    /// Plain weekdays 0–6, 0 = Sunday (a written `7` is folded into 0; without `nL`/`#`).
    public let daysOfWeek: CronValueSet
    /// `L` in day-of-month: the last day of the month.
    public let lastDayOfMonth: Bool
    /// `LW` in day-of-month: the last weekday (Monday–Friday) of the month.
    public let lastWeekdayOfMonth: Bool
    /// `nL` in day-of-week: the last such weekday of the month (0–6, 0 = Sunday).
    public let lastWeekdaysOfMonth: CronValueSet
    /// `d#n` in day-of-week: the n-th such weekday of the month.
    public let nthWeekdays: [NthWeekday]

    /// Whether the day-of-month field text starts with `*`.
    public var dayOfMonthStartsWithStar: Bool { fields[2].text.hasPrefix("*") }
    /// Whether the day-of-week field text starts with `*`.
    public var dayOfWeekStartsWithStar: Bool { fields[4].text.hasPrefix("*") }
    /// cronsim and Vixie cron: a day must match both day fields when either starts with `*`,
    /// otherwise either of them.
    public var combinesDaysWithAnd: Bool { dayOfMonthStartsWithStar || dayOfWeekStartsWithStar }
    /// Whether `L`, `LW`, `nL` or `#` is used (none of which Debian cron understands).
    public var usesExtensions: Bool {
        lastDayOfMonth || lastWeekdayOfMonth || !lastWeekdaysOfMonth.isEmpty || !nthWeekdays.isEmpty
    }

    /// How runs behave across DST changes (cron-semantics.md §3.1): fixed-time unless the
    /// minute or the hour field starts with `*`.
    public var dstMode: DSTMode {
        fields[0].text.hasPrefix("*") || fields[1].text.hasPrefix("*") ? .wildcard : .fixedTime
    }

    public func field(_ kind: CronFieldKind) -> CronField { fields[kind.rawValue] }

    public var description: String { expression }

    public static func parse(_ text: String) -> Result<CronSchedule, ScheduleError> {
        ScheduleParser.parse(text)
    }

    init(source: String, macro: String?, fields: [CronField], minutes: CronValueSet, hours: CronValueSet,
         daysOfMonth: CronValueSet, months: CronValueSet, daysOfWeek: CronValueSet, lastDayOfMonth: Bool,
         lastWeekdayOfMonth: Bool, lastWeekdaysOfMonth: CronValueSet, nthWeekdays: [NthWeekday]) {
        self.source = source
        self.macro = macro
        self.fields = fields
        self.expression = fields.map(\.text).joined(separator: " ")
        self.minutes = minutes
        self.hours = hours
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.daysOfWeek = daysOfWeek
        self.lastDayOfMonth = lastDayOfMonth
        self.lastWeekdayOfMonth = lastWeekdayOfMonth
        self.lastWeekdaysOfMonth = lastWeekdaysOfMonth
        self.nthWeekdays = nthWeekdays
    }
}

public enum DSTMode: String, Sendable, Hashable {
    /// Iterates on the local wall clock: a wall time skipped in spring runs once at the end of
    /// the gap, a repeated wall time in autumn runs only in its first pass.
    case fixedTime = "fixed-time"
    /// Steps through real instants: skipped wall times never run, repeated ones run twice.
    case wildcard
}

public enum CronFieldKind: Int, Sendable, Hashable, CaseIterable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// As cronsim's messages and the docs name it.
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The values a number may take in this field as written (day-of-week allows 7 = Sunday).
    public var writtenRange: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }
}

/// One of the five fields, as written (after macro expansion).
public struct CronField: Sendable, Hashable {
    public let kind: CronFieldKind
    public let text: String
    /// Unicode-scalar offset of the field in `CronSchedule.source` (0 for a macro).
    public let offset: Int
}

/// `d#n`: the n-th weekday d of the month.
public struct NthWeekday: Sendable, Hashable, Comparable {
    /// 0–6, 0 = Sunday.
    public let weekday: Int
    /// 1–5.
    public let n: Int

    public static func < (a: NthWeekday, b: NthWeekday) -> Bool { (a.weekday, a.n) < (b.weekday, b.n) }
}

/// A set of small non-negative integers (0–63) kept as a bit mask: membership is one AND.
public struct CronValueSet: Sendable, Hashable, Sequence, CustomStringConvertible {
    public private(set) var bits: UInt64

    public init() { bits = 0 }
    public init<S: Sequence>(_ values: S) where S.Element == Int {
        bits = 0
        for v in values { insert(v) }
    }

    @inline(__always)
    public func contains(_ value: Int) -> Bool { value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0 }
    public mutating func insert(_ value: Int) { bits |= 1 << UInt64(value) }
    public var isEmpty: Bool { bits == 0 }
    public var count: Int { bits.nonzeroBitCount }
    public var min: Int? { bits == 0 ? nil : bits.trailingZeroBitCount }
    public var max: Int? { bits == 0 ? nil : 63 - bits.leadingZeroBitCount }
    /// Ascending.
    public var values: [Int] { (0..<64).filter { contains($0) } }

    public func makeIterator() -> IndexingIterator<[Int]> { values.makeIterator() }
    public var description: String { values.map(String.init).joined(separator: ",") }

    /// The smallest member ≥ `value`, if any.
    @inline(__always)
    func first(atLeast value: Int) -> Int? {
        guard value < 64 else { return nil }
        let rest = bits >> UInt64(value)
        return rest == 0 ? nil : value + rest.trailingZeroBitCount
    }
}

/// Why a schedule is rejected, pointing at the offending term.
public struct ScheduleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Offset in characters (Unicode scalars, as YAML columns count) from the start of the
    /// schedule text.
    public var offset: Int
    /// How many characters the caret should cover (at least 1).
    public var length: Int
    /// Names the field and the reason ("day-of-week: '8' is out of range 0–7 …").
    public var message: String

    public init(offset: Int, length: Int, message: String) {
        self.offset = offset
        self.length = max(1, length)
        self.message = message
    }

    public var description: String { message }
}
