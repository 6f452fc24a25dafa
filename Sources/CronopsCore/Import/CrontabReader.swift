/// Crontab text → `CrontabDocument`, reading each line as the dialect's daemon does
/// (cron-semantics.md §5): variable lines, job lines with five fields or a macro, a user column
/// in cron.d files, `%` and backslashes. What cron would not run, or cronops cannot carry, is a
/// located warning and is left out; the rest is read. Pure: text in, values out.
public enum CrontabReader {
    /// The longest command part Debian accepts (longer: "command too long", file rejected).
    static let commandLimit = 998
    /// The macros both daemons know, lower case only (`@reboot` aside).
    static let macros: Set<String> = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

    public static func read(_ text: String, file: String, format: CrontabFormat, dialect: CronDialect,
                            diagnostics d: inout Diagnostics) -> CrontabDocument {
        // Scalars, not Characters: "\r\n" is one Character, and cron splits on "\n" alone.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        var causes: [SourceLocation] = []
        if let last = lines.last, !last.isEmpty {
            // A last line without its newline: the daemon may drop the file, but the line is read.
            let at = SourceLocation(file: file, line: lines.count, column: last.count + 1)
            d.emit(.crontabNoFinalNewline(dialect: dialect, at: at))
            causes.append(at)
        } else {
            lines.removeLast()
        }

        var entries: [CrontabEntry] = []
        var environment: [CrontabVariable] = []
        var zone: String?
        var zoneKnown = true
        var comment: String?
        for (index, line) in lines.enumerated() {
            let scalars = Array(line)
            let start = scalars.firstIndex { !isBlank($0) } ?? scalars.count
            let location = SourceLocation(file: file, line: index + 1, column: start + 1)
            let aboveComment = comment
            comment = nil
            if start == scalars.count { continue }
            if scalars[start] == "#" {
                let body = String(String.UnicodeScalarView(scalars[(start + 1)...]))
                if looksLikeJob(body, format: format, dialect: dialect) {
                    d.emit(.crontabCommentedOutJob(at: location))
                } else if !JobNaming.isTemplateHeader(body) {
                    comment = body.trimmingBlanks()
                }
                continue
            }
            if let (name, value) = variable(scalars[start...]) {
                let v = CrontabVariable(name: name, value: value, location: location)
                if let i = environment.firstIndex(where: { $0.name == name }) { environment[i] = v } else { environment.append(v) }
                if name == "CRON_TZ" || name == "TZ" {
                    if dialect == .debian {
                        d.emit(.crontabZoneIgnored(v))
                    } else if name == "CRON_TZ" {
                        zone = ZoneTable.canonical(value)
                        zoneKnown = zone != nil
                        if !zoneKnown { d.emit(.crontabUnknownZone(v)) }
                    }
                }
                continue
            }
            switch job(scalars, from: start, file: file, line: index + 1, format: format) {
            case .broken(let reason, let at):
                d.emit(.crontabBrokenLine(reason, dialect: dialect, at: at))
                causes.append(at)
            case .reboot:
                d.emit(.crontabReboot(at: location))
            case .job(let schedule, let scheduleText, let user, let command):
                guard zoneKnown else { continue }
                if case .failure(let error) = CronSchedule.parse(scheduleText.value) {
                    d.emit(.crontabScheduleRejected(schedule.value, error, at: scheduleText.location))
                    continue
                }
                if dialect == .debian, let (problem, offset) = debianScheduleProblem(scheduleText.value) {
                    let at = scheduleText.location.advanced(by: offset)
                    switch problem {
                    case .rejected(let reason):
                        d.emit(.crontabBrokenLine(reason, dialect: dialect, at: at))
                        causes.append(at)
                    case .truncated(let term, let read):
                        d.emit(.crontabScheduleTruncated(term: term, read: read, at: at))
                    }
                    continue
                }
                if let cr = command.value.unicodeScalars.firstIndex(of: "\r") {
                    let offset = command.value.unicodeScalars.distance(from: command.value.unicodeScalars.startIndex, to: cr)
                    d.emit(.crontabCarriageReturn(at: command.location.advanced(by: offset)))
                    continue
                }
                if format == .cronD, let directory = runPartsDirectory(command.value) {
                    d.emit(.crontabRunParts(directory: directory, at: command.location))
                    continue
                }
                let read = CronEscaping.read(command.value, for: dialect)
                if let stdin = read.stdin, let offset = read.percentOffset {
                    d.emit(.crontabUnescapedPercent(runs: read.command, stdin: stdin, written: command.value, dialect: dialect,
                                                    at: command.location.advanced(by: offset)))
                    continue
                }
                entries.append(CrontabEntry(schedule: schedule, user: user, command: Located(read.command, at: command.location),
                                            written: command.value, comment: aboveComment, environment: environment,
                                            zone: zone, location: location))
            }
        }
        let ignored = dialect == .debian && !causes.isEmpty
        if ignored { d.emit(.crontabIgnoredByDaemon(file: file, causes: causes)) }
        return CrontabDocument(file: file, format: format, dialect: dialect, entries: entries, ignoredByDaemon: ignored)
    }

    enum JobLine {
        /// `schedule` is what the job keeps; `scheduleText` the fields as written, for positions.
        case job(schedule: Located<String>, scheduleText: Located<String>, user: Located<String>?, command: Located<String>)
        case reboot
        case broken(String, at: SourceLocation)
    }

    /// A job line from its first non-blank character: fields split on spaces and tabs only.
    static func job(_ s: [Unicode.Scalar], from start: Int, file: String, line: Int, format: CrontabFormat) -> JobLine {
        func at(_ i: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: i + 1) }
        func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(s[r])) }
        func word(from i: Int) -> Range<Int> {
            var end = i
            while end < s.count, !isBlank(s[end]) { end += 1 }
            return i..<end
        }
        func skipBlanks(from i: Int) -> Int {
            var j = i
            while j < s.count, isBlank(s[j]) { j += 1 }
            return j
        }
        var i = start
        let schedule: Located<String>, scheduleText: Located<String>
        if s[i] == "@" {
            let macro = word(from: i)
            let name = text(macro)
            if name == "@reboot" { return .reboot }
            guard macros.contains(name) else {
                return .broken("'\(name)' is not a schedule cron knows; it knows @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly and @reboot, in lower case", at: at(i))
            }
            schedule = Located(name, at: at(i))
            scheduleText = schedule
            i = macro.upperBound
        } else {
            var fields: [String] = []
            var end = i
            while fields.count < 5 {
                let j = skipBlanks(from: end)
                guard j < s.count else {
                    return .broken("it has \(fields.count) of the 5 time fields and no command", at: at(start))
                }
                let w = word(from: j)
                fields.append(text(w))
                end = w.upperBound
            }
            schedule = Located(fields.joined(separator: " "), at: at(start))
            scheduleText = Located(text(start..<end), at: at(start))
            i = end
        }
        var user: Located<String>?
        if format == .cronD {
            let j = skipBlanks(from: i)
            guard j < s.count else { return .broken("it has no user column and no command", at: at(j)) }
            let w = word(from: j)
            user = Located(text(w), at: at(j))
            i = w.upperBound
        }
        let commandStart = skipBlanks(from: i)
        guard commandStart < s.count else { return .broken("it has no command", at: at(commandStart)) }
        let command = text(commandStart..<s.count)
        if command.utf8.count > commandLimit {
            return .broken("its command is \(command.utf8.count) bytes long; Debian's cron accepts \(commandLimit)", at: at(commandStart))
        }
        return .job(schedule: schedule, scheduleText: scheduleText, user: user, command: Located(command, at: at(commandStart)))
    }

    /// A variable line, as Debian's `load_env` reads it: NAME (may be quoted), blanks, `=`,
    /// blanks, VALUE; a value in matching quotes loses them and nothing but blanks may follow;
    /// an unquoted value loses its trailing blanks and may not be empty. nil: not a variable line.
    static func variable(_ s: ArraySlice<Unicode.Scalar>) -> (String, String)? {
        var i = s.startIndex
        var name = String.UnicodeScalarView()
        if s[i] == "\"" || s[i] == "'" {
            let quote = s[i]
            i += 1
            while i < s.endIndex, s[i] != quote { name.append(s[i]); i += 1 }
            guard i < s.endIndex else { return nil }
            i += 1
        } else {
            while i < s.endIndex, s[i] != "=", !isBlank(s[i]) { name.append(s[i]); i += 1 }
        }
        guard !name.isEmpty else { return nil }
        while i < s.endIndex, isBlank(s[i]) { i += 1 }
        guard i < s.endIndex, s[i] == "=" else { return nil }
        i += 1
        while i < s.endIndex, isBlank(s[i]) { i += 1 }
        guard i < s.endIndex else { return nil }
        if s[i] == "\"" || s[i] == "'" {
            let quote = s[i]
            var value = String.UnicodeScalarView()
            var j = i + 1
            while j < s.endIndex, s[j] != quote { value.append(s[j]); j += 1 }
            if j < s.endIndex {
                // Closed: only blanks may follow.
                guard s[(j + 1)...].allSatisfy(isBlank) else { return nil }
                return (String(name), String(value))
            }
            // Unclosed: the quote is an ordinary character of an unquoted value.
        }
        var end = s.endIndex
        while end > i, isBlank(s[end - 1]) { end -= 1 }
        return (String(name), String(String.UnicodeScalarView(s[i..<end])))
    }

    enum DebianScheduleProblem: Equatable {
        /// Debian's parser refuses the term ("bad day-of-month"): the whole file is dropped.
        case rejected(String)
        /// Debian reads the longest valid prefix of the term and skips the rest.
        case truncated(term: String, read: String)
    }

    /// Syntax cronsim reads but Debian's cron refuses or reads otherwise (cron-semantics.md §4):
    /// `N/step`, `L`, `LW`, `nW`, `nL`, `#`, `?`; with the term's offset in `fields`.
    static func debianScheduleProblem(_ fields: String) -> (DebianScheduleProblem, Int)? {
        let s = Array(fields.unicodeScalars)
        var i = 0, field = 0
        while i < s.count, field < 5 {
            while i < s.count, isBlank(s[i]) { i += 1 }
            var termStart = i
            while i <= s.count {
                if i == s.count || s[i] == "," || isBlank(s[i]) {
                    let term = String(String.UnicodeScalarView(s[termStart..<i])).uppercased()
                    if let problem = debianTermProblem(term, field: field) { return (problem, termStart) }
                    if i == s.count || isBlank(s[i]) { break }
                    termStart = i + 1
                }
                i += 1
            }
            field += 1
        }
        return nil
    }

    static func debianTermProblem(_ term: String, field: Int) -> DebianScheduleProblem? {
        let names = ["minute", "hour", "day-of-month", "month", "day-of-week"]
        let digits = { (t: Substring) in !t.isEmpty && t.allSatisfy(\.isNumber) }
        if let hash = term.firstIndex(of: "#") {
            return .truncated(term: term, read: String(term[..<hash]))
        }
        if term.contains("?") { return .rejected("'?' in the \(names[field]) field") }
        if field == 2, term == "L" || term == "LW" || (term.hasSuffix("W") && digits(term.dropLast())) {
            return .rejected("'\(term)' in the day-of-month field is not Debian syntax")
        }
        if field == 4, term.hasSuffix("L"), digits(term.dropLast()) {
            return .rejected("'\(term)' in the day-of-week field is not Debian syntax")
        }
        if let slash = term.firstIndex(of: "/") {
            let base = term[..<slash]
            if base != "*" && !base.contains("-") {
                return .rejected("'\(term)': Debian takes a step only after '*' or a range (write \(base)-\(field == 0 ? "59" : field == 1 ? "23" : field == 2 ? "31" : field == 3 ? "12" : "7")/\(term[term.index(after: slash)...]))")
            }
        }
        return nil
    }

    /// The directory a distribution's `run-parts` line of /etc/crontab runs (`/etc/cron.daily`).
    static func runPartsDirectory(_ command: String) -> String? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let i = words.firstIndex(of: "run-parts") else { return nil }
        let target = words[(i + 1)...].first { !$0.hasPrefix("-") } ?? "?"
        return String(target.reversed().drop(while: { $0 == ";" || $0 == ")" }).reversed())
    }

    /// A comment whose text is a job line with a schedule cronops reads (`# 0 1 * * * backup.sh`).
    static func looksLikeJob(_ body: String, format: CrontabFormat, dialect: CronDialect) -> Bool {
        let s = Array(body.unicodeScalars)
        guard let start = s.firstIndex(where: { !isBlank($0) }), s[start] == "@" || s[start].properties.numericType != nil || s[start] == "*" else {
            return false
        }
        if case .job(_, let text, _, _) = job(s, from: start, file: "", line: 0, format: format),
           case .success = CronSchedule.parse(text.value) {
            return true
        }
        return false
    }

    static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }
}

extension String {
    /// Without leading and trailing spaces and tabs (the blanks cron skips).
    func trimmingBlanks() -> String {
        let s = unicodeScalars
        guard let first = s.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = s.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(s[first...last])
    }
}
