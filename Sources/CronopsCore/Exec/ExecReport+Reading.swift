import FoundationEssentials

/// Reading back the ping body `ExecReport.make` writes, for `cronops status`: the monitor
/// keeps the body of the last `/fail` (or tolerated `/log`) ping, and that body is the only
/// place that says which rule failed. The layout read here is the one written there:
///
/// ```
/// MANUAL RUN (cronops run, ann on build-1)      ← only for `cronops run`
/// FAILED: invoices exited 0; a rule failed       ← headline
/// ✗ --expect-json 'sent == generated': false (sent = 0, generated = 3)
/// exit status: 0
/// duration: 1.2 s
/// --- output (stdout and stderr as they arrived) ---   or (no output)
/// ```
///
/// A body some other program sent (a job pinging by hand) has no such lines: its first line
/// is the headline and nothing else is claimed.
extension RunFailure {
    /// nil for an empty body. Lines are only read up to the output marker, so nothing the job
    /// printed can pose as a failed rule.
    public static func parse(body: String, at: Date) -> RunFailure? {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        while let first = lines.first, first.trimmed(of: " \t").isEmpty { lines.removeFirst() }
        guard !lines.isEmpty else { return nil }
        var manual = false
        if lines[0].hasPrefix(manualPrefix) {
            manual = true
            lines.removeFirst()
            guard !lines.isEmpty else { return RunFailure(at: at, headline: "(empty)", manual: true) }
        }
        let headline = PingBody.clip(lines.removeFirst(), toBytes: 300)
        var rules: [String] = []
        var exitStatus: String?
        for line in lines {
            if line.hasPrefix("--- output") || line == "(no output)" { break }
            if line.hasPrefix(rulePrefix) {
                rules.append(String(line.dropFirst(rulePrefix.count)))
            } else if line.hasPrefix(exitPrefix), exitStatus == nil {
                exitStatus = String(line.dropFirst(exitPrefix.count))
            }
        }
        return RunFailure(at: at, headline: headline, failedRules: rules, exitStatus: exitStatus, manual: manual)
    }

    /// What `ExecRunner` puts first in every body of a `cronops run`; `parse` knows a
    /// manual run by its prefix.
    public static func manualRunMark(user: String, host: String) -> String {
        "\(manualPrefix)cronops run, \(user) on \(host))\n"
    }
    static let manualPrefix = "MANUAL RUN ("
    static let rulePrefix = "✗ "
    static let exitPrefix = "exit status: "

    /// The few words a summary line gives for this failure: the first failed rule other than
    /// the exit status or time limit, as written on the wrapper's command line (`'sent ==
    /// generated'`), else how the job ended (`exited with status 3`), else the headline.
    public var shortReason: String {
        for entry in failedRules {
            let (flag, argument) = Self.splitRule(entry)
            if flag == "--expect-exit" || flag == "--max-runtime" { continue }
            return argument ?? flag
        }
        for prefix in ["TOLERATED FAILED: ", "FAILED: "] where headline.hasPrefix(prefix) {
            // `FAILED: <job> <how it ended>[; …]`: job names have no spaces.
            let rest = headline.dropFirst(prefix.count)
            guard let space = rest.firstIndex(of: " ") else { break }
            let ended = rest[rest.index(after: space)...]
            return String(ended.prefix { $0 != ";" && $0 != "(" }).trimmed(of: " ")
        }
        return headline
    }

    /// `--expect-json 'a: b == 1': false (…)` → (`--expect-json`, `'a: b == 1'`): the argument
    /// is one shell word (ShellQuoting's single quotes, `'\''` for a quote), so a colon inside
    /// it does not end the rule.
    static func splitRule(_ entry: String) -> (flag: String, argument: String?) {
        let scalars = Array(entry.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] != " ", scalars[i] != ":" { i += 1 }
        let flag = String(String.UnicodeScalarView(scalars[0..<i]))
        guard i < scalars.count, scalars[i] == " " else { return (flag, nil) }
        let start = i + 1
        i = start
        while i < scalars.count {
            switch scalars[i] {
            case "'":
                i += 1
                while i < scalars.count, scalars[i] != "'" { i += 1 }
                i += 1
            case "\\":
                i += 2
            case ":" where i + 1 == scalars.count || scalars[i + 1] == " ":
                return (flag, String(String.UnicodeScalarView(scalars[start..<i])))
            default:
                i += 1
            }
        }
        let end = min(i, scalars.count)
        return (flag, start < end ? String(String.UnicodeScalarView(scalars[start..<end])) : nil)
    }
}
