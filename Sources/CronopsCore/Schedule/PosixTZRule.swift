/// The POSIX TZ string at the end of a TZif v2+ file (`CET-1CEST,M3.5.0,M10.5.0/3`): the rule
/// for instants after the file's last transition. Debian may ship "slim" files whose table
/// stops at the last rule change, so the footer decides most future instants.
///
/// Semantics follow CPython's `zoneinfo` (which is what cronsim runs with), including its
/// reading of the rarely used zero-based `n` day form.
struct PosixTZRule: Sendable, Hashable {
    /// Seconds east of UTC.
    var standardOffset: Int64
    var dst: DST?

    struct DST: Sendable, Hashable {
        var offset: Int64
        /// In local standard time.
        var start: DayRule
        /// In local daylight time.
        var end: DayRule
    }

    enum DayKind: Sendable, Hashable {
        /// `Mm.w.d`: weekday d (0 = Sunday) of week w (5 = last) of month m.
        case monthWeek(month: Int, week: Int, weekday: Int)
        /// `Jn`: day 1–365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0–365 counting February 29.
        case zeroBased(Int)
    }

    struct DayRule: Sendable, Hashable {
        var kind: DayKind
        /// Seconds after local midnight; may be negative or beyond 24 h (TZif v3).
        var time: Int64

        /// Local seconds since 1970 at which the rule fires in `year`.
        func localSeconds(year: Int) -> Int64 {
            let day: Int64
            switch kind {
            case let .monthWeek(month, week, weekday):
                let first = Civil.days(year: year, month: month, day: 1)
                let firstWeekday = Int64(Civil.isoWeekday(days: first) % 7) // 0 = Sunday
                var dom = (Int64(weekday) - firstWeekday + 7) % 7 + 1 + Int64(week - 1) * 7
                if dom > Int64(Civil.daysInMonth(year: year, month: month)) { dom -= 7 }
                day = first + dom - 1
            case let .julian(n):
                var d = Int64(n)
                if d >= 59 && Civil.isLeap(year) { d += 1 }
                day = Civil.days(year: year, month: 1, day: 1) + d - 1
            case let .zeroBased(n):
                day = Civil.days(year: year, month: 1, day: 1) + Int64(n) - 1
            }
            return day * 86_400 + time
        }
    }

    /// Transitions (UTC instant, offset from then on) that the rule makes in `year`, in order.
    func transitions(year: Int) -> [(utc: Int64, offset: Int64)] {
        guard let (first, second) = transitionPair(year: year) else { return [] }
        return [first, second]
    }

    /// The same two transitions without an array, for `ZoneRules`, which expands five
    /// centuries of them for every zone it loads (an array a year was a third of that work).
    func transitionPair(year: Int) -> ((utc: Int64, offset: Int64), (utc: Int64, offset: Int64))? {
        guard let dst else { return nil }
        let start = dst.start.localSeconds(year: year) - standardOffset
        let end = dst.end.localSeconds(year: year) - dst.offset
        return start < end ? ((start, dst.offset), (end, standardOffset)) : ((end, standardOffset), (start, dst.offset))
    }

    /// The offset in force at the very start of `year` (before its first transition).
    func offsetBefore(year: Int) -> Int64 {
        guard dst != nil else { return standardOffset }
        return transitions(year: year - 1).last?.offset ?? standardOffset
    }

    /// The rule, or nil when `text` is not one (see `init(_:)` for why).
    static func parse(_ text: String) -> PosixTZRule? { try? PosixTZRule(Array(text.utf8)) }
}

// In an extension, so that the memberwise initializer stays.
extension PosixTZRule {
    /// Parses `std offset [dst [offset] ,start[/time] ,end[/time]]`. Every number is range
    /// checked as it is read (offsets up to 24:59:59, rule times up to ±167 h as RFC 8536
    /// allows, months 1–12, weeks 1–5, weekdays 0–6, days 1–365 or 0–365), so the
    /// arithmetic in `localSeconds` and `transitions` stays far from overflowing.
    init(_ text: [UInt8]) throws(PosixTZError) {
        var scanner = Scanner(text)
        try scanner.name("standard time")
        let std = try scanner.offsetIfPresent(maxHours: 24) ?? 0
        self.init(standardOffset: -std, dst: nil)
        if scanner.atEnd { return }
        try scanner.name("daylight saving time")
        let dstOffset = try scanner.offsetIfPresent(maxHours: 24).map { -$0 } ?? standardOffset + 3600
        try scanner.expect(",", "a ',' and the rule for the start of daylight saving time")
        let start = try scanner.dayRule()
        try scanner.expect(",", "a ',' and the rule for the end of daylight saving time")
        let end = try scanner.dayRule()
        guard scanner.atEnd else { throw scanner.error("unexpected text after the end rule") }
        dst = DST(offset: dstOffset, start: start, end: end)
    }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { i >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[i] }

        func error(_ reason: String, at index: Int? = nil) -> PosixTZError {
            PosixTZError(reason: "at character \((index ?? i) + 1): " + reason, index: index ?? i)
        }

        mutating func take(_ c: UInt8) -> Bool {
            if peek == c { i += 1; return true }
            return false
        }

        mutating func expect(_ c: Unicode.Scalar, _ what: String) throws(PosixTZError) {
            guard take(UInt8(ascii: c)) else { throw error("expected \(what)") }
        }

        /// `CET` (three or more letters) or `<+0545>`.
        mutating func name(_ what: String) throws(PosixTZError) {
            let begin = i
            if take(UInt8(ascii: "<")) {
                while let c = peek, c != UInt8(ascii: ">") { i += 1 }
                guard take(UInt8(ascii: ">")) else { throw error("the \(what) name opened with '<' is never closed", at: begin) }
                return
            }
            while let c = peek, !(c >= 0x30 && c <= 0x39), c != UInt8(ascii: "+"), c != UInt8(ascii: "-"),
                  c != UInt8(ascii: ","), c != UInt8(ascii: ":"), c != UInt8(ascii: "<") { i += 1 }
            guard i - begin >= 3 else { throw error("expected the \(what) name (three or more letters, or <...>)", at: begin) }
        }

        /// Decimal digits as a number in `range`; digits past its end are consumed but never
        /// multiplied in, so "99999999999999999999" is an error, not an overflow.
        mutating func number(_ what: String, in range: ClosedRange<Int64>) throws(PosixTZError) -> Int64 {
            let begin = i
            var v: Int64 = 0
            while let c = peek, c >= 0x30 && c <= 0x39 {
                if v <= range.upperBound { v = v * 10 + Int64(c - 0x30) }
                i += 1
            }
            guard i > begin else { throw error("expected the \(what) (a number)") }
            guard range.contains(v) else {
                let digits = String(decoding: bytes[begin..<i], as: UTF8.self)
                throw error("\(what) \(digits) is out of range (\(range.lowerBound)–\(range.upperBound))", at: begin)
            }
            return v
        }

        /// `[+-]hh[:mm[:ss]]` in seconds, with `hh` at most `maxHours`; nil when no sign or
        /// digit follows.
        mutating func offsetIfPresent(maxHours: Int64) throws(PosixTZError) -> Int64? {
            guard let c = peek, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) else { return nil }
            return try offset(maxHours: maxHours)
        }

        mutating func offset(maxHours: Int64) throws(PosixTZError) -> Int64 {
            var sign: Int64 = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            var total = try number("hour", in: 0...maxHours) * 3600
            if take(UInt8(ascii: ":")) {
                total += try number("minute", in: 0...59) * 60
                if take(UInt8(ascii: ":")) { total += try number("second", in: 0...59) }
            }
            return sign * total
        }

        /// `Mm.w.d`, `Jn` or `n`, then an optional `/time`.
        mutating func dayRule() throws(PosixTZError) -> DayRule {
            let kind: DayKind
            if take(UInt8(ascii: "M")) {
                let m = try number("month", in: 1...12)
                try expect(".", "'.' and the week (Mm.w.d)")
                let w = try number("week", in: 1...5)
                try expect(".", "'.' and the weekday (Mm.w.d)")
                let d = try number("weekday", in: 0...6)
                kind = .monthWeek(month: Int(m), week: Int(w), weekday: Int(d))
            } else if take(UInt8(ascii: "J")) {
                kind = .julian(Int(try number("Julian day", in: 1...365)))
            } else {
                kind = .zeroBased(Int(try number("day of the year", in: 0...365)))
            }
            var time: Int64 = 7200
            if take(UInt8(ascii: "/")) { time = try offset(maxHours: 167) }
            return DayRule(kind: kind, time: time)
        }
    }
}

/// Why a POSIX TZ string is not one; `index` is the byte it points at.
struct PosixTZError: Error {
    var reason: String
    var index: Int
}
