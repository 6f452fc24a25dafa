/// Reading the fields of an (already valid) cronsim expression term by term, so that the
/// emitter can write them in a form every cron daemon reads with the same meaning.
extension CronFieldKind {
    /// A number or (in month and day-of-week) a three-letter name, as the schedule parser
    /// spells them.
    func value(_ text: Substring) -> Int? {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let number = Int(text), writtenRange.contains(number) else { return nil }
            return number
        }
        let word = text.uppercased()
        switch self {
        case .month: return ScheduleParser.monthNames.firstIndex(of: word).map { $0 + 1 }
        case .dayOfWeek: return ScheduleParser.dayNames.firstIndex(of: word)
        default: return nil
        }
    }
}

/// One comma-separated term of a field, in a daemon-neutral form.
enum CrontabTerm: Equatable, Sendable {
    /// `*` or `*/step`.
    case star(step: Int)
    /// `lo-hi/step`; a single value is `lo-lo/1`.
    case range(lo: Int, hi: Int, step: Int)
    /// `L`, `LW`, `5L`, `MON#2`: not expressible in Debian's cron.
    case calendarExtension

    /// Reads one term of `field`; nil when it is not a term cronsim would accept.
    static func parse(_ text: Substring, in field: CronFieldKind) -> CrontabTerm? {
        if field == .dayOfMonth, text.hasPrefix("L") { return .calendarExtension }
        if field == .dayOfWeek, text.contains("L") || text.contains("#") { return .calendarExtension }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parsed >= 1, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
            step = parsed
        }
        let base = parts[0]
        if base == "*" { return .star(step: step) }
        let ends = base.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let lo = field.value(ends[0]) else { return nil }
        if ends.count == 2 {
            guard let hi = field.value(ends[1]), lo <= hi else { return nil }
            // cronsim reads `a-a/n` as `a/n`: from a to the end of the field (7-7/20 is 7,27,47).
            if lo == hi && parts.count == 2 { return .range(lo: lo, hi: field.writtenRange.upperBound, step: step) }
            return .range(lo: lo, hi: hi, step: step)
        }
        // cronsim: `a/n` runs from a to the end of the field.
        return .range(lo: lo, hi: parts.count == 2 ? field.writtenRange.upperBound : lo, step: step)
    }

    /// The term in the form Debian and cronie read with cronsim's meaning: numbers only, no
    /// `a/n`, no names in steps.
    var portableText: String? {
        switch self {
        case .star(let step): step == 1 ? "*" : "*/\(step)"
        case let .range(lo, hi, _) where lo == hi: "\(lo)"
        case let .range(lo, hi, step): step == 1 ? "\(lo)-\(hi)" : "\(lo)-\(hi)/\(step)"
        case .calendarExtension: nil
        }
    }
}

/// A valid expression split into its five fields and their terms.
struct CrontabFieldTerms: Sendable {
    var terms: [[CrontabTerm]]

    init?(expression: String) {
        let fields = expression.uppercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count == 5 else { return nil }
        var terms: [[CrontabTerm]] = []
        for (field, text) in zip(CronFieldKind.allCases, fields) {
            var fieldTerms: [CrontabTerm] = []
            for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let term = CrontabTerm.parse(piece, in: field) else { return nil }
                fieldTerms.append(term)
            }
            terms.append(fieldTerms)
        }
        self.terms = terms
    }

    /// Each field as Debian and cronie read it with cronsim's meaning, or nil when one uses
    /// `L`, `LW`, `nL` or `#`. A field that starts with `*` still starts with `*`, so the
    /// day-of-month/day-of-week AND/OR rule is kept.
    var portableFields: [String]? {
        var out: [String] = []
        for field in CronFieldKind.allCases {
            guard let text = portableField(field) else { return nil }
            out.append(text)
        }
        return out
    }

    func portableField(_ field: CronFieldKind) -> String? {
        var pieces: [String] = []
        for term in terms[field.rawValue] {
            guard let text = term.portableText else { return nil }
            pieces.append(text)
        }
        return pieces.joined(separator: ",")
    }
}
