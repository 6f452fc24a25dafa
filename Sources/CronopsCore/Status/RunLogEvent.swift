import FoundationEssentials

/// One line of the local provider's run log (`runs.jsonl`, docs/monitor.md#run-log): a ping the
/// wrapper would have sent to Healthchecks, recorded instead of sent. The local provider replays
/// these lines the way the server processes pings (`LocalCheckState`).
public struct RunLogEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case start, success, fail, log
        /// Written by compaction in place of older lines of one slug: `count` pings that the
        /// server would have counted (`n_pings`) but that no longer change the state.
        case pruned
    }

    public var kind: Kind
    public var at: Date
    /// The check's slug (the ping URL's last part); the job's name when the line has no `--slug`.
    public var slug: String
    public var job: String
    /// The run id the ping carries as `?rid=` (nil for a ping sent without one, as `/log` of a
    /// skipped run).
    public var runID: String?
    public var manual: Bool
    /// Wall-clock seconds the job ran, as the wrapper measured it (finishing pings only).
    public var duration: Double?
    /// `/<code>`: the exit status the failure ping carries; nil for `/fail` and the others.
    public var exitCode: Int?
    /// The verdict of a failing (or tolerated) run, as `RunFailure` documents its fields.
    public var headline: String?
    public var failedRules: [String]
    public var exitStatus: String?
    /// `pruned` lines only: how many pings they stand for.
    public var count: Int

    public init(kind: Kind, at: Date, slug: String, job: String, runID: String? = nil, manual: Bool = false,
                duration: Double? = nil, exitCode: Int? = nil, headline: String? = nil, failedRules: [String] = [],
                exitStatus: String? = nil, count: Int = 1) {
        self.kind = kind
        self.at = at
        self.slug = slug
        self.job = job
        self.runID = runID
        self.manual = manual
        self.duration = duration
        self.exitCode = exitCode
        self.headline = headline
        self.failedRules = failedRules
        self.exitStatus = exitStatus
        self.count = count
    }

    /// Pings a line stands for (`n_pings`).
    public var pings: Int { kind == .pruned ? count : 1 }

    /// The verdict this line carries (failures, and tolerated or retried runs' `log` lines);
    /// `LocalCheckState` reports it only for a `fail`.
    public var failure: RunFailure? {
        guard let headline else { return nil }
        return RunFailure(at: at, headline: headline, failedRules: failedRules, exitStatus: exitStatus, manual: manual)
    }
}

/// The run log's line format, version 1: one JSON object per line, keys sorted, no spaces.
public enum RunLogLine {
    public static let version = 1
    /// No line is longer (newline included): one `write(2)` each, and a reader never has to
    /// hold more than this for one line. Long verdicts are cut to fit (`encode`).
    public static let maximumBytes = 4096
    /// Longest kept text of one verdict field, in UTF-8 bytes, before the line's own bound.
    static let fieldBytes = 512
    /// Rules listed before the rest are summarised as `… and N more`.
    static let maximumRules = 8

    /// The line, newline-terminated, at most `maximumBytes` long: the verdict's texts are cut
    /// (and its rules summarised) as far as needed, never the state fields.
    public static func encode(_ event: RunLogEvent) -> [UInt8] {
        var shrunk = event
        shrunk.headline = event.headline.map { cut($0, fieldBytes) }
        shrunk.exitStatus = event.exitStatus.map { cut($0, 64) }
        shrunk.slug = cut(event.slug, 256)
        shrunk.job = cut(event.job, 256)
        var rules = event.failedRules.prefix(maximumRules).map { cut($0, fieldBytes) }
        if event.failedRules.count > maximumRules { rules.append("… and \(event.failedRules.count - maximumRules) more") }
        shrunk.failedRules = rules
        // Escaping (a control character is six bytes) can still overflow: shorten in stages,
        // the last of which keeps only the state fields and always fits.
        let stages: [(inout RunLogEvent) -> Void] = [
            { e in e.failedRules = e.failedRules.isEmpty ? [] : [cut(e.failedRules[0], 128)] + (event.failedRules.count > 1 ? ["… and \(event.failedRules.count - 1) more"] : []) },
            { e in e.headline = e.headline.map { cut($0, 128) }; e.failedRules = event.failedRules.isEmpty ? [] : ["\(event.failedRules.count) rules failed"] },
            { e in e.slug = cut(e.slug, 100); e.job = cut(e.job, 100); e.headline = e.headline.map { cut($0, 32) }; e.exitStatus = e.exitStatus.map { cut($0, 16) }; e.failedRules = [] },
        ]
        var line = render(shrunk)
        for stage in stages where line.count > maximumBytes {
            stage(&shrunk)
            line = render(shrunk)
        }
        return line
    }

    private static func render(_ e: RunLogEvent) -> [UInt8] {
        // Keys in sorted order, written by hand: no encoder set-up per ping, and a stable layout.
        var out = "{\"at\":\"\(RunLogTime.format(e.at))\""
        if e.kind == .pruned { out += ",\"count\":\(e.count)" }
        if let d = e.duration, d.isFinite { out += ",\"duration\":\(seconds(d))" }
        if let c = e.exitCode { out += ",\"exitCode\":\(c)" }
        if let s = e.exitStatus { out += ",\"exitStatus\":\(Escaping.jsonString(s))" }
        if !e.failedRules.isEmpty { out += ",\"failedRules\":[" + e.failedRules.map { Escaping.jsonString($0) }.joined(separator: ",") + "]" }
        if let h = e.headline { out += ",\"headline\":\(Escaping.jsonString(h))" }
        out += ",\"job\":\(Escaping.jsonString(e.job)),\"kind\":\"\(e.kind.rawValue)\""
        if e.manual { out += ",\"manual\":true" }
        if let rid = e.runID { out += ",\"rid\":\(Escaping.jsonString(rid))" }
        out += ",\"slug\":\(Escaping.jsonString(e.slug)),\"v\":\(version)}\n"
        return Array(out.utf8)
    }

    /// Milliseconds are enough: the server's durations are whole seconds.
    private static func seconds(_ value: Double) -> String {
        let millis = (max(0, value) * 1000).rounded()
        return FixedPoint.format(millis / 1000, places: 3)
    }

    /// `text` cut to at most `bytes` UTF-8 bytes on a character boundary, with `…` when cut.
    static func cut(_ text: String, _ bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > bytes - 3 { break }
            kept.append(character)
            used += size
        }
        return kept + "…"
    }

    public struct Malformed: Error, Equatable, Sendable {
        public var message: String
    }

    /// Reads one line (without its newline). A line of a later version, or one that is not a
    /// run-log object, is refused with the reason.
    public static func decode(_ line: some Collection<UInt8>) -> Result<RunLogEvent, Malformed> {
        guard line.count <= maximumBytes else {
            return .failure(Malformed(message: "longer than \(maximumBytes) bytes; not written by cronops exec"))
        }
        guard let line = try? JSONDecoder().decode(RunLogFields.self, from: Data(line)) else {
            return .failure(Malformed(message: "not a JSON object"))
        }
        guard let v = line.v else { return .failure(Malformed(message: "no format version (\"v\")")) }
        guard v == version else {
            return .failure(Malformed(message: "format version \(v); this cronops reads version \(version)"))
        }
        guard let kindText = line.kind, let kind = RunLogEvent.Kind(rawValue: kindText) else {
            return .failure(Malformed(message: "\"kind\" is missing or not one of \(RunLogEvent.Kind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard let atText = line.at, let at = RunLogTime.parse(atText) else {
            return .failure(Malformed(message: "\"at\" is missing or not an instant such as 2026-11-27T16:42:01.123Z"))
        }
        guard let slug = line.slug, !slug.isEmpty else { return .failure(Malformed(message: "\"slug\" is missing")) }
        let count = line.count ?? 1
        guard count >= 1 else { return .failure(Malformed(message: "\"count\" must be 1 or more")) }
        return .success(RunLogEvent(
            kind: kind, at: at, slug: slug, job: line.job ?? slug, runID: line.rid,
            manual: line.manual ?? false, duration: line.duration,
            exitCode: line.exitCode, headline: line.headline,
            failedRules: line.failedRules ?? [],
            exitStatus: line.exitStatus, count: count))
    }
}

/// `2026-11-27T16:42:01.123Z`: UTC, milliseconds, always the same width (sorts as text).
public enum RunLogTime {
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Civil.floorDiv(millis, 1000)
        let civil = CivilDateTime(localSeconds: seconds)
        return civil.iso + "." + Civil.pad(Int(millis - seconds * 1000), 3) + "Z"
    }

    /// The format above, with or without the milliseconds.
    public static func parse(_ text: String) -> Date? {
        let s = Array(text.utf8)
        guard s.count == 20 || s.count == 24, s.last == UInt8(ascii: "Z"), s[4] == 45, s[7] == 45, s[10] == 84,
              s[13] == 58, s[16] == 58 else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var value = 0
            for byte in s[r] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = n(0..<4), let month = n(5..<7), let day = n(8..<10), let hour = n(11..<13),
              let minute = n(14..<16), let second = n(17..<19), (1...12).contains(month),
              (1...Civil.daysInMonth(year: year, month: month)).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var millis = 0
        if s.count == 24 {
            guard s[19] == 46, let m = n(20..<23) else { return nil }
            millis = m
        }
        let local = CivilDateTime(CivilDate(year: year, month: month, day: day), hour: hour, minute: minute, second: second).localSeconds
        return Date(timeIntervalSince1970: Double(local) + Double(millis) / 1000)
    }
}

/// A run log file's bytes as lines: the events, and each line that could not be read, located.
public struct RunLogContents: Sendable, Equatable {
    public var events: [RunLogEvent] = []
    /// `runs.jsonl:123: not a JSON object`, one per skipped line.
    public var problems: [String] = []

    public init() {}

    /// Appends `bytes` (a file's contents) read as lines; `name` locates problems. Every line
    /// is written whole by one `write(2)`, so a last line without its newline was cut short
    /// (a full disk): it is reported and skipped like any malformed line.
    public mutating func read(_ bytes: [UInt8], name: String) {
        var lineNumber = 0
        var start = 0
        let newline = UInt8(ascii: "\n")
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: newline) ?? bytes.count
            let line = bytes[start..<end]
            if end == bytes.count {
                problems.append("\(name):\(lineNumber): the last line has no newline (cut short while written); skipped")
            } else if !line.isEmpty {
                switch RunLogLine.decode(line) {
                case let .success(event): events.append(event)
                case let .failure(malformed): problems.append("\(name):\(lineNumber): \(malformed.message); skipped")
                }
            }
            start = end + 1
        }
    }
}

/// One run-log line as read: every field optional, and a field of the wrong type read as absent
/// (as a reader of a log should), so `decode` can say which required field is missing.
private struct RunLogFields: Decodable {
    var v: Int?, kind: String?, at: String?, slug: String?, job: String?, rid: String?
    var manual: Bool?, duration: Double?, exitCode: Int?, headline: String?, failedRules: [String]?
    var exitStatus: String?, count: Int?

    enum CodingKeys: String, CodingKey {
        case v, kind, at, slug, job, rid, manual, duration, exitCode, headline, failedRules, exitStatus, count
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func field<T: Decodable>(_ key: CodingKeys) -> T? { (try? c.decodeIfPresent(T.self, forKey: key)) ?? nil }
        v = field(.v)
        kind = field(.kind)
        at = field(.at)
        slug = field(.slug)
        job = field(.job)
        rid = field(.rid)
        manual = field(.manual)
        duration = field(.duration)
        exitCode = field(.exitCode)
        headline = field(.headline)
        failedRules = field(.failedRules)
        exitStatus = field(.exitStatus)
        count = field(.count)
    }
}
