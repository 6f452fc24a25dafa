import FoundationEssentials
import CronopsCore

/// Environment variables only tests set (docs/exec.md, "Test hooks"): they fix what a test
/// cannot otherwise control without sleeping or depending on the calendar. Read here, at the
/// edge, and passed in as values; nothing below the command line reads the environment for them.
struct ExecTestHooks: Equatable {
    /// `CRONOPS_EXEC_NOW=<ISO-8601 instant>`: the "now" `--only-at` checks.
    var now: Date?
    /// `CRONOPS_EXEC_DRAIN=<seconds>`: how long output is still relayed after the job's own
    /// process exited (default `ExecLimits.drainAfterExit`).
    var drainAfterExit: Double?
    /// `CRONOPS_EXEC_KILL_GRACE=<seconds>`: between SIGTERM and SIGKILL (default `ExecLimits.killGrace`).
    var killGrace: Double?
    /// `CRONOPS_EXEC_DURATION=<seconds>`: the run's duration as the rules and the ping see it,
    /// whatever the clock measured (`--min-duration`/`--max-duration` without timing margins).
    var duration: Double?
    /// `CRONOPS_EXEC_WAITS=<file>`: the waits of `--start-delay` and `--retry-delay` are not
    /// slept but appended to this file, one `<what> <seconds>` line each.
    var waitsFile: String?
    /// `CRONOPS_EXEC_RUN_LOG_LIMIT=<bytes>`: the size past which `--run-log` compacts (default
    /// `RunLogStore.defaultLimit`), so a test crosses a compaction with a few runs.
    var runLogLimit: Int?

    struct Malformed: Error, Equatable {
        var problems: [String]
    }

    static let names = (now: "CRONOPS_EXEC_NOW", drain: "CRONOPS_EXEC_DRAIN",
                        killGrace: "CRONOPS_EXEC_KILL_GRACE", duration: "CRONOPS_EXEC_DURATION",
                        waits: "CRONOPS_EXEC_WAITS", runLogLimit: "CRONOPS_EXEC_RUN_LOG_LIMIT")

    /// The hooks set in `environment` (`NAME=VALUE` strings), or every malformed one.
    static func read(_ environment: [String]) -> Result<ExecTestHooks, Malformed> {
        // Only the hooks' own variables, found by their bytes: splitting every variable into
        // Characters and hashing it into a dictionary was a fifth of a wrapped `true`'s work.
        var values: [String: String] = [:]
        for entry in environment where entry.utf8.starts(with: "CRONOPS_EXEC_".utf8) {
            guard let eq = entry.utf8.firstIndex(of: UInt8(ascii: "=")) else { continue }
            values[String(entry[..<eq])] = String(entry[entry.utf8.index(after: eq)...])
        }
        var hooks = ExecTestHooks()
        var problems: [String] = []
        if let text = values[names.now] {
            if let date = InstantText.date(utc: text) {
                hooks.now = date
            } else {
                problems.append("\(names.now)='\(text)' is not an ISO-8601 instant such as 2028-02-29T00:00:10Z")
            }
        }
        func seconds(_ name: String) -> Double? {
            guard let text = values[name] else { return nil }
            guard let value = Double(text), value.isFinite, value >= 0, value <= 86_400 else {
                problems.append("\(name)='\(text)' is not a number of seconds between 0 and 86400")
                return nil
            }
            return value
        }
        hooks.drainAfterExit = seconds(names.drain)
        hooks.killGrace = seconds(names.killGrace)
        hooks.duration = seconds(names.duration)
        hooks.waitsFile = values[names.waits].flatMap { $0.isEmpty ? nil : $0 }
        if let text = values[names.runLogLimit] {
            if let bytes = Int(text), bytes > 0 { hooks.runLogLimit = bytes } else {
                problems.append("\(names.runLogLimit)='\(text)' is not a positive number of bytes")
            }
        }
        return problems.isEmpty ? .success(hooks) : .failure(Malformed(problems: problems))
    }
}
