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
        guard let dst else { return [] }
        let start = dst.start.localSeconds(year: year) - standardOffset
        let end = dst.end.localSeconds(year: year) - dst.offset
        return start < end ? [(start, dst.offset), (end, standardOffset)] : [(end, standardOffset), (start, dst.offset)]
    }

    /// The offset in force at the very start of `year` (before its first transition).
    func offsetBefore(year: Int) -> Int64 {
        guard dst != nil else { return standardOffset }
        return transitions(year: year - 1).last?.offset ?? standardOffset
    }

    static func parse(_ text: String) -> PosixTZRule? {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.skipName() else { return nil }
        let std = scanner.offset() ?? 0
        var rule = PosixTZRule(standardOffset: -std, dst: nil)
        if scanner.atEnd { return rule }
        guard scanner.skipName() else { return nil }
        var dstOffset = -std + 3600
        if let parsed = scanner.offset() { dstOffset = -parsed }
        guard scanner.take(UInt8(ascii: ",")), let start = scanner.dayRule(),
              scanner.take(UInt8(ascii: ",")), let end = scanner.dayRule(), scanner.atEnd else { return nil }
        rule.dst = DST(offset: dstOffset, start: start, end: end)
        return rule
    }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { i >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[i] }

        mutating func take(_ c: UInt8) -> Bool {
            if peek == c { i += 1; return true }
            return false
        }

        /// `CET` or `<+0545>`.
        mutating func skipName() -> Bool {
            if take(UInt8(ascii: "<")) {
                while let c = peek, c != UInt8(ascii: ">") { i += 1 }
                return take(UInt8(ascii: ">"))
            }
            let begin = i
            while let c = peek, !(c >= 0x30 && c <= 0x39), c != UInt8(ascii: "+"), c != UInt8(ascii: "-"),
                  c != UInt8(ascii: ","), c != UInt8(ascii: ":") { i += 1 }
            return i - begin >= 3
        }

        mutating func integer() -> Int64? {
            var v: Int64 = 0
            let begin = i
            while let c = peek, c >= 0x30 && c <= 0x39 { v = v * 10 + Int64(c - 0x30); i += 1 }
            return i > begin ? v : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds.
        mutating func offset() -> Int64? {
            var sign: Int64 = 1
            if take(UInt8(ascii: "-")) { sign = -1 } else { _ = take(UInt8(ascii: "+")) }
            guard let h = integer() else { return nil }
            var total = h * 3600
            if take(UInt8(ascii: ":")) {
                guard let m = integer() else { return nil }
                total += m * 60
                if take(UInt8(ascii: ":")) {
                    guard let s = integer() else { return nil }
                    total += s
                }
            }
            return sign * total
        }

        mutating func dayRule() -> DayRule? {
            let kind: DayKind
            if take(UInt8(ascii: "M")) {
                guard let m = integer(), take(UInt8(ascii: ".")), let w = integer(), take(UInt8(ascii: ".")),
                      let d = integer(), (1...12).contains(m), (1...5).contains(w), (0...6).contains(d) else { return nil }
                kind = .monthWeek(month: Int(m), week: Int(w), weekday: Int(d))
            } else if take(UInt8(ascii: "J")) {
                guard let n = integer(), (1...365).contains(n) else { return nil }
                kind = .julian(Int(n))
            } else {
                guard let n = integer(), (0...365).contains(n) else { return nil }
                kind = .zeroBased(Int(n))
            }
            var time: Int64 = 7200
            if take(UInt8(ascii: "/")) {
                guard let t = offset() else { return nil }
                time = t
            }
            return DayRule(kind: kind, time: time)
        }
    }
}
