/// The cronsim 2.7 grammar (cron-semantics.md §1) plus Healthchecks' own rules, with every
/// error pointing at the term that caused it.
///
/// Terms are checked in cronsim's order (`nL`, then `#`, then `/`, then `-`, then `L`/`LW`,
/// then a single value), so an expression is accepted exactly when cronsim accepts it, with
/// one deliberate difference: cronsim upper-cases with Python's Unicode rules, which turns
/// `ſun` (long s) into `SUN`; cronops accepts ASCII letters only.
enum ScheduleParser {
    static let maximumLength = 100
    static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    static let macroTokens = macros.mapValues { tokens(Array($0.unicodeScalars)) }
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
    /// Three upper-case ASCII letters packed into one number, for comparing names without Strings.
    static let monthKeys = monthNames.map(key)
    static let dayKeys = dayNames.map(key)
    static func key(_ name: String) -> UInt32 { name.unicodeScalars.reduce(0) { $0 << 8 | $1.value } }

    static func parse(_ text: String) -> Result<CronSchedule, ScheduleError> {
        do {
            let schedule = try build(text)
            try checkFires(schedule)
            return .success(schedule)
        } catch {
            return .failure(error)
        }
    }

    /// A run of text between whitespace, with its Unicode-scalar offset.
    struct Token {
        var scalars: [Unicode.Scalar]
        var offset: Int
        var text: String { String(String.UnicodeScalarView(scalars)) }
    }

    /// Python's `str.isspace()`, which is what splits fields in cronsim and Healthchecks.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }

    static func tokens(_ scalars: [Unicode.Scalar]) -> [Token] {
        var result: [Token] = []
        var current: Token?
        for (i, s) in scalars.enumerated() {
            if isSpace(s) {
                if let c = current { result.append(c); current = nil }
            } else if current == nil {
                current = Token(scalars: [s], offset: i)
            } else {
                current!.scalars.append(s)
            }
        }
        if let c = current { result.append(c) }
        return result
    }

    static func build(_ text: String) throws(ScheduleError) -> CronSchedule {
        let scalars = Array(text.unicodeScalars)
        let tokens = tokens(scalars)
        guard let first = tokens.first else {
            throw ScheduleError(offset: 0, length: scalars.count,
                                message: "schedule is empty: write 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily")
        }
        if first.scalars.first == "@" {
            return try expandMacro(text, tokens: tokens)
        }
        if tokens.count != 5 {
            throw fieldCountError(tokens, scalars: scalars)
        }
        let expressionLength = tokens.reduce(4) { $0 + $1.scalars.count }
        if expressionLength > maximumLength {
            // Point at the term holding the 101st character of what Healthchecks is sent.
            var seen = 0
            var culprit = tokens[4]
            for t in tokens {
                if seen + t.scalars.count > maximumLength { culprit = t; break }
                seen += t.scalars.count + 1
            }
            throw ScheduleError(offset: culprit.offset, length: culprit.scalars.count,
                                message: "schedule is \(expressionLength) characters long; Healthchecks accepts at most \(maximumLength): shorten the lists (ranges and steps say the same in fewer characters)")
        }
        return try assemble(source: text, macro: nil, tokens: tokens, baseOffsetFor: { $0.offset })
    }

    static func fieldCountError(_ tokens: [Token], scalars: [Unicode.Scalar]) -> ScheduleError {
        let names = "minute hour day-of-month month day-of-week"
        if tokens.count > 5 {
            let extra = tokens[5]
            let end = tokens.last!.offset + tokens.last!.scalars.count
            let hint = tokens.count == 6
                ? " (cronsim's leading seconds field is not accepted by Healthchecks)"
                : ""
            return ScheduleError(offset: extra.offset, length: end - extra.offset,
                                 message: "schedule has \(tokens.count) fields; expected 5 (\(names))\(hint)")
        }
        let start = tokens[0].offset
        let end = tokens.last!.offset + tokens.last!.scalars.count
        return ScheduleError(offset: start, length: end - start,
                             message: "schedule has \(tokens.count) field\(tokens.count == 1 ? "" : "s"); expected 5 (\(names))")
    }

    static func expandMacro(_ text: String, tokens: [Token]) throws(ScheduleError) -> CronSchedule {
        let first = tokens[0]
        let name = first.text
        if tokens.count > 1 {
            let extra = tokens[1]
            let end = tokens.last!.offset + tokens.last!.scalars.count
            throw ScheduleError(offset: extra.offset, length: end - extra.offset,
                                message: "a macro such as \(name) stands alone; remove what follows it or write 5 fields")
        }
        if name == "@reboot" {
            throw ScheduleError(offset: first.offset, length: first.scalars.count,
                                message: "@reboot has no run times that a monitor could expect; use a 5-field schedule")
        }
        guard let expanded = macroTokens[name] else {
            let known = macros.keys.sorted().joined(separator: ", ")
            if macros[name.lowercased()] != nil {
                throw ScheduleError(offset: first.offset, length: first.scalars.count,
                                    message: "macros are lower case: write \(name.lowercased()) (cron rejects \(name))")
            }
            throw ScheduleError(offset: first.offset, length: first.scalars.count,
                                message: "unknown macro '\(name)'; known macros: \(known)")
        }
        return try assemble(source: text, macro: name, tokens: expanded, baseOffsetFor: { _ in first.offset })
    }

    static func assemble(source: String, macro: String?, tokens: [Token],
                         baseOffsetFor: (Token) -> Int) throws(ScheduleError) -> CronSchedule {
        var sets: [FieldValues] = []
        var fields: [CronField] = []
        for kind in CronFieldKind.allCases {
            let token = tokens[kind.rawValue]
            let offset = baseOffsetFor(token)
            fields.append(CronField(kind: kind, text: token.text, offset: offset))
            var parser = FieldParser(kind: kind, scalars: token.scalars, offset: offset)
            sets.append(try parser.parseField())
        }
        let dom = sets[2]
        // cronsim 2.7: a smallest day-of-month above 29 that no selected month has is an
        // error, even when day-of-week would select days (2.8 relaxed this to AND mode only).
        if !dom.lastDay, !dom.lastWeekday, let smallest = dom.plain.min, smallest > 29 {
            let longest = sets[3].plain.values.map { Civil.daysInMonth(year: 2000, month: $0) }.max() ?? 31
            if smallest > longest {
                throw ScheduleError(offset: fields[2].offset, length: fields[2].text.unicodeScalars.count,
                                    message: "day-of-month: no selected month has a day \(smallest), so the schedule never fires (use L for the last day of the month)")
            }
        }
        var dowPlain = CronValueSet()
        for v in sets[4].plain { dowPlain.insert(v % 7) }
        var dowLast = CronValueSet()
        for v in sets[4].lastWeekdays { dowLast.insert(v % 7) }
        let nth = Set(sets[4].nth.map { NthWeekday(weekday: $0.weekday % 7, n: $0.n) }).sorted()
        return CronSchedule(source: source, macro: macro, fields: fields, minutes: sets[0].plain, hours: sets[1].plain,
                            daysOfMonth: dom.plain, months: sets[3].plain, daysOfWeek: dowPlain,
                            lastDayOfMonth: dom.lastDay, lastWeekdayOfMonth: dom.lastWeekday,
                            lastWeekdaysOfMonth: dowLast, nthWeekdays: nth)
    }

    /// Healthchecks rejects a schedule whose first run from 2000-01-01 (naive, so no DST
    /// logic) cannot be found within cronsim's 50-year horizon.
    static func checkFires(_ schedule: CronSchedule) throws(ScheduleError) {
        let start = CivilDateTime(CivilDate(year: 2000, month: 1, day: 1), hour: 0, minute: 0).localSeconds
        var iterator = CronsimIterator(schedule: schedule, zone: .utc, startUTC: start, naive: true)
        if iterator.next() == nil {
            let dom = schedule.fields[2], dow = schedule.fields[4]
            let length = dow.offset + dow.text.unicodeScalars.count - dom.offset
            throw ScheduleError(offset: schedule.macro == nil ? dom.offset : 0,
                                length: schedule.macro == nil ? length : schedule.source.unicodeScalars.count,
                                message: "day-of-month and day-of-week: no day matches both '\(dom.text)' and '\(dow.text)' within 50 years (they combine with AND because one starts with '*'), so the schedule never fires")
        }
    }
}

/// What one field selects, before folding day-of-week 7 into 0.
struct FieldValues {
    var plain = CronValueSet()
    var lastDay = false
    var lastWeekday = false
    var lastWeekdays = CronValueSet()
    var nth: [(weekday: Int, n: Int)] = []
}

struct FieldParser {
    let kind: CronFieldKind
    let scalars: [Unicode.Scalar]
    let offset: Int

    init(kind: CronFieldKind, scalars: [Unicode.Scalar], offset: Int) {
        self.kind = kind
        // ASCII upper-casing only (see ScheduleParser).
        self.scalars = scalars.map { $0.value >= 0x61 && $0.value <= 0x7A ? Unicode.Scalar($0.value - 32)! : $0 }
        self.offset = offset
    }

    typealias Span = Range<Int>

    func text(_ span: Span) -> String { String(String.UnicodeScalarView(scalars[span])) }

    func error(_ span: Span, _ reason: String) -> ScheduleError {
        ScheduleError(offset: offset + span.lowerBound, length: max(1, span.count), message: "\(kind.name): \(reason)")
    }

    mutating func parseField() throws(ScheduleError) -> FieldValues {
        var values = FieldValues()
        if scalars.count == 1, scalars[0] == "*" {
            values.plain = CronValueSet(kind.writtenRange)
            return values
        }
        var start = 0
        for i in 0...scalars.count where i == scalars.count || scalars[i] == "," {
            let span = start..<i
            if span.isEmpty {
                // Point at the comma that has nothing before or after it.
                let at = i < scalars.count ? i : max(0, i - 1)
                throw error(at..<(at + 1), "empty item in the list (a comma at the start, the end, or doubled)")
            }
            try parseTerm(span, into: &values)
            start = i + 1
        }
        return values
    }

    func firstIndex(of c: Unicode.Scalar, in span: Span) -> Int? {
        span.first { scalars[$0] == c }
    }

    func isDigits(_ span: Span) -> Bool {
        !span.isEmpty && span.allSatisfy { scalars[$0].value >= 0x30 && scalars[$0].value <= 0x39 }
    }

    /// cronsim's `Field.parse` for one term, in its order.
    func `is`(_ span: Span, _ literal: StaticString) -> Bool {
        guard span.count == literal.utf8CodeUnitCount else { return false }
        var i = 0
        for j in span {
            if scalars[j].value != UInt32(literal.utf8Start[i]) { return false }
            i += 1
        }
        return true
    }

    func parseTerm(_ span: Span, into values: inout FieldValues) throws(ScheduleError) {
        var term: String { text(span) }
        if `is`(span, "*") {
            for v in kind.writtenRange { values.plain.insert(v) }
            return
        }
        if kind == .dayOfWeek, firstIndex(of: "L", in: span) != nil {
            let digits = span.lowerBound..<(span.upperBound - 1)
            guard isDigits(digits), scalars[span.upperBound - 1] == "L" else {
                throw error(span, "'\(term)' is not valid: 'L' in day-of-week must follow a weekday number, as in '5L' (the last Friday of the month)")
            }
            values.lastWeekdays.insert(try value(digits))
            return
        }
        if kind == .dayOfWeek, let hash = firstIndex(of: "#", in: span) {
            let nthSpan = (hash + 1)..<span.upperBound
            let n = try number(nthSpan, what: "the n in '\(term)'")
            guard (1...5).contains(n) else {
                throw error(nthSpan, "'\(term)': the n in 'weekday#n' must be 1–5")
            }
            let weekday = try value(span.lowerBound..<hash)
            values.nth.append((weekday, n))
            return
        }
        if let slash = firstIndex(of: "/", in: span) {
            let stepSpan = (slash + 1)..<span.upperBound
            let step = try number(stepSpan, what: "the step in '\(term)'")
            guard step > 0 else { throw error(stepSpan, "step must be 1 or more in '\(term)'") }
            if slash == span.lowerBound {
                throw error(span, "'\(term)': a step needs something to step through, such as '*\(term)'")
            }
            var items = FieldValues()
            try parseTerm(span.lowerBound..<slash, into: &items)
            if items.lastDay || items.lastWeekday {
                // cronsim ignores a step after L or LW.
                values.lastDay = values.lastDay || items.lastDay
                values.lastWeekday = values.lastWeekday || items.lastWeekday
                return
            }
            let sorted = items.plain.values
            if sorted.count == 1 {
                // `a/n` (and `a-a/n`) run from a to the field's end.
                for v in stride(from: sorted[0], through: kind.writtenRange.upperBound, by: step) { values.plain.insert(v) }
            } else {
                for v in stride(from: 0, to: sorted.count, by: step) { values.plain.insert(sorted[v]) }
            }
            return
        }
        if let dash = firstIndex(of: "-", in: span) {
            if kind == .dayOfMonth, firstIndex(of: "L", in: span) != nil {
                throw error(span, "'\(term)' is not supported: 'L' cannot take part in a range or an offset; only 'L' (last day) and 'LW' (last weekday) are")
            }
            if dash == span.lowerBound || dash == span.upperBound - 1 {
                throw error(span, "range '\(term)' is missing its \(dash == span.lowerBound ? "start" : "end"); write it as 'a-b'")
            }
            let low = try value(span.lowerBound..<dash)
            let high = try value((dash + 1)..<span.upperBound)
            guard low <= high else {
                throw error(span, "range '\(term)' runs backwards; ranges do not wrap around (write '\(wrapped(low: span.lowerBound..<dash, high: (dash + 1)..<span.upperBound, highValue: high))' instead)")
            }
            for v in low...high { values.plain.insert(v) }
            return
        }
        if kind == .dayOfMonth, `is`(span, "LW") { values.lastWeekday = true; return }
        if kind == .dayOfMonth, `is`(span, "L") { values.lastDay = true; return }
        values.plain.insert(try value(span))
    }

    /// The two ranges a backwards `a-b` was probably meant as, in the user's own notation.
    func wrapped(low: Span, high: Span, highValue: Int) -> String {
        let lowText = text(low), highText = text(high)
        let named = !isDigits(low) || !isDigits(high)
        func range(_ a: String, _ b: String) -> String { a == b ? a : "\(a)-\(b)" }
        if kind == .dayOfWeek, highValue == 0 {
            return "\(lowText)-7' (7 is Sunday too)" + (named ? " or '\(range(lowText, "SAT")),\(highText)" : "")
        }
        let first: String, last: String
        switch kind {
        case .month where named: (first, last) = ("JAN", "DEC")
        case .dayOfWeek where named: (first, last) = ("SUN", "SAT")
        // 7 is Sunday as well, so the second part can start at Monday.
        case .dayOfWeek: (first, last) = ("1", "7")
        default: (first, last) = (String(kind.writtenRange.lowerBound), String(kind.writtenRange.upperBound))
        }
        return range(lowText, last) + "," + range(first, highText)
    }

    /// A step or an n: ASCII digits only.
    func number(_ span: Span, what: String) throws(ScheduleError) -> Int {
        guard isDigits(span) else {
            throw error(span.isEmpty ? (span.lowerBound - 1)..<span.lowerBound : span,
                        span.isEmpty ? "\(what) is missing" : "\(what) must be a number, not '\(text(span))'")
        }
        return digitsValue(span) ?? Int.max
    }

    func digitsValue(_ span: Span) -> Int? {
        var v = 0
        for i in span {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(scalars[i].value - 0x30))
            if o1 || o2 { return nil }
            v = a
        }
        return v
    }

    /// A single value: a name of this field or an in-range number (cronsim's `Field.int`).
    func value(_ span: Span) throws(ScheduleError) -> Int {
        var t: String { text(span) }
        if span.count == 3, kind == .month || kind == .dayOfWeek, span.allSatisfy({ scalars[$0].isASCII }) {
            let key = scalars[span.lowerBound].value << 16 | scalars[span.lowerBound + 1].value << 8 | scalars[span.lowerBound + 2].value
            if kind == .month, let i = ScheduleParser.monthKeys.firstIndex(of: key) { return i + 1 }
            if kind == .dayOfWeek, let i = ScheduleParser.dayKeys.firstIndex(of: key) { return i }
        }
        let range = kind.writtenRange
        guard isDigits(span) else {
            let shown = span.isEmpty ? (max(0, span.lowerBound - 1)..<max(1, span.lowerBound)) : span
            throw error(shown, reasonForNonNumber(t))
        }
        guard let v = digitsValue(span), range.contains(v) else {
            throw error(span, "'\(t)' is out of range \(range.lowerBound)–\(range.upperBound)\(kind == .dayOfWeek ? " (0 and 7 are Sunday)" : "")")
        }
        return v
    }

    func reasonForNonNumber(_ t: String) -> String {
        let allowed: String
        switch kind {
        case .month: allowed = "a number 1–12 or a name JAN–DEC"
        case .dayOfWeek: allowed = "a number 0–7 or a name SUN–SAT"
        default: allowed = "a number \(kind.writtenRange.lowerBound)–\(kind.writtenRange.upperBound)"
        }
        if t.isEmpty { return "a value is missing here; expected \(allowed)" }
        if t == "?" { return "'?' is not supported (Quartz syntax); use '*'" }
        if t == "H" || t.hasPrefix("H(") { return "'H' (Jenkins hash) is not supported; pick a fixed value" }
        if t.contains("~") { return "'\(t)': '~' (random) is not supported; pick a fixed value" }
        if kind == .dayOfMonth, t.hasSuffix("W") {
            return "'\(t)': nearest-weekday 'W' is not supported; only 'L' (last day) and 'LW' (last weekday) are"
        }
        if kind == .dayOfMonth, t.hasPrefix("L") {
            return "'\(t)' is not supported; 'L' (last day) and 'LW' (last weekday) stand alone"
        }
        if t.contains("L") {
            return "'\(t)': 'L' is only allowed in day-of-month ('L', 'LW') and day-of-week ('5L')"
        }
        if kind != .month, ScheduleParser.monthNames.contains(t) {
            return "'\(t)' is a month name; the \(kind.name) field takes \(allowed)"
        }
        if kind != .dayOfWeek, ScheduleParser.dayNames.contains(t) {
            return "'\(t)' is a day name; the \(kind.name) field takes \(allowed)"
        }
        return "'\(t)' is not valid; expected \(allowed)"
    }
}
