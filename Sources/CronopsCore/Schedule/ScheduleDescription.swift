/// An English sentence for a schedule: the same words cronsim's `explain()` produces, which
/// is what Healthchecks shows beside a cron check, so `cronops next` and the monitor's page
/// describe a schedule alike ("At 01:00 every day", "Every fifth minute of every hour").
extension CronSchedule {
    public func describe() -> String {
        let upper = fields.map { String(String.UnicodeScalarView($0.text.unicodeScalars.map(Explain.upper))) }
        return Explain.Expression(upper).explain()
    }
}

/// A port of cronsim 2.7's `explain.py`, kept in its shape so the two can be compared line
/// by line; the corpus checks every sentence against it.
enum Explain {
    static func upper(_ s: Unicode.Scalar) -> Unicode.Scalar {
        s.value >= 0x61 && s.value <= 0x7A ? Unicode.Scalar(s.value - 32)! : s
    }

    struct Sequence: Equatable {
        var start: Int? = nil
        var stop: Int? = nil
        var step = 1
        var nth: Int? = nil
        var isStar: Bool { start == nil && step == 1 }
        var isSingle: Bool { start != nil && start == stop }
    }

    static func join(_ l: [String]) -> String {
        if l.count == 1 { return l[0] }
        if l.count == 2 { return "\(l[0]) and \(l[1])" }
        return l.dropLast().joined(separator: ", ") + ", and " + l[l.count - 1]
    }

    static let ordinals = [-1: "last", 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth",
                           6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth"]

    static func ordinal(_ x: Int) -> String { ordinals[x] ?? "\(x)th" }

    static func formatTime(_ h: Int, _ m: Int) -> String { Civil.pad(h, 2) + ":" + Civil.pad(m, 2) }

    enum Kind { case minute, hour, day, month, weekday }

    struct Field {
        let kind: Kind
        var parsed: [Sequence] = []
        var singleValue: Int?
        var zero: Bool { singleValue == 0 }
        var star: Bool { parsed.allSatisfy(\.isStar) }
        var anySingles: Bool { parsed.contains(where: \.isSingle) }
        var allSingles: Bool { parsed.allSatisfy(\.isSingle) }

        static let monthSymbols = ["_", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        static let monthLabels = ["_", "January", "February", "March", "April", "May", "June", "July", "August",
                                  "September", "October", "November", "December"]
        static let daySymbols = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]
        static let dayLabels = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

        var name: String {
            switch kind {
            case .minute: "minute"
            case .hour: "hour"
            case .day: "day of month"
            case .month: "month"
            case .weekday: "day of week"
            }
        }
        var minValue: Int { kind == .day || kind == .month ? 1 : 0 }
        var maxValue: Int {
            switch kind {
            case .minute: 59
            case .hour: 23
            case .day: 31
            case .month: 12
            case .weekday: 7
            }
        }

        init(_ kind: Kind, _ value: String) {
            self.kind = kind
            for seq in parse(value) where !parsed.contains(seq) { parsed.append(seq) }
            singleValue = parsed[0].start
            for seq in parsed where seq.start != singleValue || seq.stop != singleValue {
                singleValue = nil
                break
            }
        }

        func int(_ value: Substring) -> Int {
            let symbols = kind == .month ? Field.monthSymbols : kind == .weekday ? Field.daySymbols : []
            if let i = symbols.firstIndex(of: String(value)) { return i }
            return Int(value) ?? 0
        }

        func parse(_ value: String) -> [Sequence] {
            var out: [Sequence] = []
            for term in value.split(separator: ",", omittingEmptySubsequences: false) {
                if term == "*" {
                    out.append(Sequence())
                } else if kind == .weekday, term.hasSuffix("L") {
                    let v = int(term.dropLast())
                    out.append(Sequence(start: v, stop: v, nth: -1))
                } else if let hash = term.firstIndex(of: "#") {
                    let v = int(term[..<hash])
                    out.append(Sequence(start: v, stop: v, nth: Int(term[term.index(after: hash)...]) ?? 0))
                } else if let slash = term.firstIndex(of: "/") {
                    let base = term[..<slash]
                    let step = Int(term[term.index(after: slash)...]) ?? 1
                    if base == "*" {
                        out.append(Sequence(step: step))
                    } else if base == "LW" {
                        out.append(Sequence(start: -2, stop: -2, nth: -1))
                    } else if base == "L" {
                        out.append(Sequence(start: -1, stop: -1, nth: -1))
                    } else {
                        let start: Int, stop: Int
                        if let dash = base.firstIndex(of: "-") {
                            start = int(base[..<dash])
                            stop = int(base[base.index(after: dash)...])
                        } else {
                            start = int(base)
                            stop = maxValue
                        }
                        out.append(start <= minValue && stop >= maxValue
                            ? Sequence(step: step) : Sequence(start: start, stop: stop, step: step))
                    }
                } else if let dash = term.firstIndex(of: "-") {
                    let start = int(term[..<dash]), stop = int(term[term.index(after: dash)...])
                    if start + 1 == stop {
                        out.append(Sequence(start: start, stop: start))
                        out.append(Sequence(start: stop, stop: stop))
                    } else if start <= minValue && stop >= maxValue {
                        out.append(Sequence())
                    } else {
                        out.append(Sequence(start: start, stop: stop))
                    }
                } else if term == "LW" {
                    out.append(Sequence(start: -2, stop: -2, nth: -1))
                } else if term == "L" {
                    out.append(Sequence(start: -1, stop: -1, nth: -1))
                } else {
                    let v = int(term)
                    out.append(Sequence(start: v, stop: v))
                }
            }
            return out
        }

        func singles() -> [Int] { parsed.compactMap(\.start) }

        func label(_ i: Int) -> String {
            switch kind {
            case .month: Field.monthLabels[i]
            case .weekday: Field.dayLabels[i]
            default: String(i)
            }
        }

        func formatSingle(_ v: Int) -> String {
            switch kind {
            case .day: "the \(Explain.ordinal(v)) day of month"
            case .month, .weekday: label(v)
            default: "\(name) \(label(v))"
            }
        }

        func formatNth(_ v: Int, _ nth: Int) -> String {
            if kind == .day {
                if nth == -1 && v == -1 { return "the last day of the month" }
                if nth == -1 && v == -2 { return "the last weekday of the month" }
            }
            if nth == -1 { return "the last \(label(v)) of the month" }
            return "the \(Explain.ordinal(nth)) \(label(v)) of the month"
        }

        func formatEvery(_ step: Int) -> String {
            step == 1 ? "every \(name)" : "every \(Explain.ordinal(step)) \(name)"
        }

        func formatSeq(_ start: Int, _ stop: Int, _ step: Int) -> String {
            if kind == .weekday, step == 1 { return "\(label(start)) through \(label(stop))" }
            if step == 1 { return "every \(name) from \(label(start)) through \(label(stop))" }
            return "every \(Explain.ordinal(step)) \(name) from \(label(start)) through \(label(stop))"
        }

        func genericFormat() -> String {
            var parts: [String] = []
            for seq in parsed {
                if seq.start == nil {
                    parts.append(formatEvery(seq.step))
                } else if seq.stop != seq.start {
                    parts.append(formatSeq(seq.start!, seq.stop!, seq.step))
                } else if let nth = seq.nth {
                    parts.append(formatNth(seq.start!, nth))
                } else {
                    parts.append(formatSingle(seq.start!))
                }
            }
            return Explain.join(parts)
        }

        func format() -> String {
            if allSingles, parsed.count > 1 {
                switch kind {
                case .minute, .hour:
                    return "\(name)s \(Explain.join(singles().map(label)))"
                case .day where !singles().contains(-2):
                    return Explain.join(singles().map { "the \(Explain.ordinal($0))" }) + " day of month"
                default:
                    break
                }
            }
            return genericFormat()
        }

        var text: String {
            switch kind {
            case .minute: anySingles ? "at " + format() : format()
            case .hour: "past " + format()
            case .day, .weekday: "on " + format()
            case .month: "in " + format()
            }
        }
    }

    /// cronsim's `Expression` for a 5-field expression (its seconds field is always "0").
    struct Expression {
        let minute: Field, hour: Field, day: Field, month: Field, dow: Field
        let dayAnd: Bool

        init(_ parts: [String]) {
            minute = Field(.minute, parts[0])
            hour = Field(.hour, parts[1])
            day = Field(.day, parts[2])
            month = Field(.month, parts[3])
            dow = Field(.weekday, parts[4])
            dayAnd = parts[2].hasPrefix("*") || parts[4].hasPrefix("*")
        }

        /// Python truthiness: a single value of 0 counts as "no single value" here.
        static func truthy(_ v: Int?) -> Int? { v == 0 ? nil : v }

        func optimizedTimes() -> (String, Bool)? {
            if hour.allSingles, minute.allSingles {
                let minutes = minute.singles(), hours = hour.singles()
                if minutes.count * hours.count <= 4 {
                    var times: [String] = []
                    for h in hours.sorted() {
                        for m in minutes.sorted() { times.append(Explain.formatTime(h, m)) }
                    }
                    return ("at " + Explain.join(times), true)
                }
            }
            if let h = Expression.truthy(hour.singleValue), minute.parsed.count == 1 {
                let seq = minute.parsed[0]
                if let start = seq.start, let stop = seq.stop, seq.step == 1 {
                    return ("every minute from \(Explain.formatTime(h, start)) through \(Explain.formatTime(h, stop))", false)
                }
            }
            if hour.parsed.count == 1, minute.parsed.count == 1, minute.parsed[0].start == nil {
                let h = hour.parsed[0]
                if let start = h.start, let stop = h.stop, h.step == 1 {
                    return ("\(minute.text) from \(Explain.formatTime(start, 0)) through \(Explain.formatTime(stop, 59))", false)
                }
            }
            return nil
        }

        func optimizedDates() -> String? {
            guard dow.star else { return nil }
            if day.singleValue == -1 { return "on the last day of \(month.format())" }
            if day.singleValue == -2 { return "on the last weekday of \(month.format())" }
            if let m = Expression.truthy(month.singleValue), let d = Expression.truthy(day.singleValue) {
                _ = m
                return "on \(month.format()) \(d)"
            }
            if let d = Expression.truthy(day.singleValue) {
                return "on the \(Explain.ordinal(d)) day of \(month.format())"
            }
            return nil
        }

        func translateTime() -> (String, Bool) {
            if hour.star {
                if minute.star { return ("every minute", false) }
                if minute.singleValue == 0 { return ("at the start of every hour", false) }
                return ("\(minute.text) of every hour", false)
            }
            if let times = optimizedTimes() { return times }
            return ("\(minute.text) \(hour.text)", false)
        }

        func translateDate(allowEveryDay: Bool) -> String {
            if let dates = optimizedDates() { return dates }
            if allowEveryDay, day.star, dow.star, month.allSingles { return "every day \(month.text)" }
            var parts: [String] = []
            if !day.star { parts.append(day.text) }
            if !dow.star {
                if !day.star { parts.append(dayAnd ? "if it's" : "and") }
                parts.append(dow.text)
            }
            if !month.star { parts.append(month.text) }
            return parts.joined(separator: " ")
        }

        func explain() -> String {
            let (time, allowEveryDay) = translateTime()
            let date = translateDate(allowEveryDay: allowEveryDay)
            let result = !date.isEmpty ? "\(time) \(date)" : allowEveryDay ? "\(time) every day" : time
            return result.prefix(1).uppercased() + result.dropFirst()
        }
    }
}
