import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCore

/// systemd's own tools, run as a process: `systemd-analyze calendar` evaluates OnCalendar=
/// expressions and `systemd-analyze verify` loads unit files (.ci/run installs systemd).
enum SystemdAnalyze {
    static let path = "/usr/bin/systemd-analyze"

    struct Run {
        var status: Int32
        var output: String
    }

    /// Through the suites' one process runner; stdout and stderr together, as systemd prints
    /// its verdicts on either.
    static func run(_ arguments: [String]) throws -> Run {
        // Elapses printed in UTC, whatever the machine's zone; no pager, no colour.
        let result = try ChildProcess.runBlocking(path, arguments,
                                                  environment: ["TZ": "UTC", "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0", "PATH": "/usr/bin:/bin"])
        return Run(status: result.status, output: result.stdoutText + result.stderrText)
    }

    /// The first `iterations` elapses strictly after `base` (UTC seconds) of each expression,
    /// in the order given. Throws with systemd's words when it rejects one.
    static func elapses(_ expressions: [String], after base: Int64, iterations: Int) throws -> [[Int64]] {
        let result = try run(["calendar", "--base-time=@\(base)", "--iterations=\(iterations)"] + expressions)
        guard result.status == 0 else { throw Failure(text: "systemd-analyze calendar \(expressions): \(result.output)") }
        var blocks: [[Int64]] = []
        for line in result.output.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("Normalized form:") { blocks.append([]); continue }
            guard text.hasPrefix("Next elapse:") || text.hasPrefix("Iter. #") else { continue }
            guard let colon = text.firstIndex(of: ":"), !blocks.isEmpty else { continue }
            let stamp = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if stamp == "never" { continue }
            guard let seconds = utcSeconds(stamp) else { throw Failure(text: "unreadable elapse '\(stamp)'") }
            blocks[blocks.count - 1].append(seconds)
        }
        guard blocks.count == expressions.count else {
            throw Failure(text: "systemd-analyze calendar gave \(blocks.count) answers for \(expressions.count) expressions:\n\(result.output)")
        }
        return blocks
    }

    /// `Thu 2026-01-01 01:30:00 UTC` → seconds since 1970.
    static func utcSeconds(_ stamp: String) -> Int64? {
        let parts = stamp.split(separator: " ")
        guard parts.count == 4, parts[3] == "UTC" else { return nil }
        let date = parts[1].split(separator: "-").compactMap { Int64($0) }
        let time = parts[2].split(separator: ":").compactMap { Int64($0) }
        guard date.count == 3, time.count == 3 else { return nil }
        return daysFromCivil(date[0], date[1], date[2]) * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `systemd-analyze verify` on unit files in `directory`: ok only with no output at all.
    static func verify(_ files: [String], in directory: URL) throws -> Run {
        try run(["verify", "--man=no"] + files.map { directory.appendingPathComponent($0).path })
    }

    struct Failure: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }
}

/// systemd's reading of a quoted command line or Environment= value, written from the rules
/// of systemd.syntax(7) and systemd.service(5) "Command lines" (independently of the quoting
/// code): specifiers `%%` → `%`, in commands `$$` → `$`, then words split at blanks, double
/// or single quotes removed, and C escapes read. Anything it does not know is a failure, so a
/// quoting that leans on undocumented behaviour fails the test.
enum SystemdUnquote {
    static func words(_ value: String, command: Bool) -> [String]? {
        var bytes = Array(value.utf8)
        guard let specifiers = undouble(bytes, UInt8(ascii: "%")) else { return nil }
        bytes = specifiers
        if command {
            guard let undone = undouble(bytes, UInt8(ascii: "$")) else { return nil }
            bytes = undone
        }
        var words: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: " ") { i += 1; continue }
            let quote = bytes[i]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            i += 1
            var word: [UInt8] = []
            while true {
                guard i < bytes.count else { return nil }
                let byte = bytes[i]
                if byte == quote { i += 1; break }
                if byte == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { return nil }
                    let next = bytes[i + 1]
                    switch next {
                    case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'"): word.append(next); i += 2
                    case UInt8(ascii: "n"): word.append(10); i += 2
                    case UInt8(ascii: "t"): word.append(9); i += 2
                    case UInt8(ascii: "x"):
                        guard i + 3 < bytes.count, let value = UInt8(String(decoding: bytes[(i + 2)...(i + 3)], as: UTF8.self), radix: 16),
                              value != 0 else { return nil }
                        word.append(value); i += 4
                    default: return nil
                    }
                    continue
                }
                word.append(byte)
                i += 1
            }
            guard i == bytes.count || bytes[i] == UInt8(ascii: " ") else { return nil }
            words.append(word)
        }
        return words.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every `c` must be doubled (a single one would be a specifier or a variable): `cc` → `c`.
    private static func undouble(_ bytes: [UInt8], _ c: UInt8) -> [UInt8]? {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == c {
                guard i + 1 < bytes.count, bytes[i + 1] == c else { return nil }
                out.append(c)
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
