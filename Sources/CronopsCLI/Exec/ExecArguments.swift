import CronopsCore

/// `cronops exec`'s arguments read without ArgumentParser, for the lines cron runs.
///
/// Why: building ArgumentParser's command tree (every subcommand's options, found by
/// reflection, each property's protocol conformances looked up in a binary that holds some
/// 6,000 of them) was 77% of the instructions of `cronops exec JOB -- true` (callgrind:
/// 19 of 24.5 million), about 4 ms on every tick of every job. See docs/exec.md, "Cost".
///
/// It reads only the plain form that `WrapperInvocation` writes: `JOB`, `--name value` pairs,
/// the two flags, then `--` and the command. Anything else (`--help`, `--name=value`, an
/// unknown or repeated name, a value that starts with `-` or is empty, a number or policy that
/// does not read) returns nil and ArgumentParser parses the line as it always did, so help,
/// errors and every unusual form stay exactly what ArgumentParser makes of them. Whatever it
/// accepts, ArgumentParser reads the same (`ExecArgumentsTests` checks every name and a
/// corpus of lines against `ExecCommand`).
enum ExecArguments {
    /// What a name sets; each case is one property of `ExecCommand`.
    enum Field: CaseIterable {
        case slug, pingURL, pingKeyFile, onlyAt, tz, overlap, maxRuntime, env, expectExit, expectJSON
        case stdoutContains, stdoutMatches, stdoutForbids, stderrForbids, stderrEmpty, minDuration, maxDuration
        case tolerate, stateDir, shell, retry, retryDelay, retryBackoff, startDelay, manual, runLog, scheduledFrom

        /// The name ArgumentParser derives from the property (`pingURL` is named explicitly).
        var name: String {
            switch self {
            case .slug: "--slug"
            case .pingURL: "--ping-url"
            case .pingKeyFile: "--ping-key-file"
            case .onlyAt: "--only-at"
            case .tz: "--tz"
            case .overlap: "--overlap"
            case .maxRuntime: "--max-runtime"
            case .env: "--env"
            case .expectExit: "--expect-exit"
            case .expectJSON: "--expect-json"
            case .stdoutContains: "--stdout-contains"
            case .stdoutMatches: "--stdout-matches"
            case .stdoutForbids: "--stdout-forbids"
            case .stderrForbids: "--stderr-forbids"
            case .stderrEmpty: "--stderr-empty"
            case .minDuration: "--min-duration"
            case .maxDuration: "--max-duration"
            case .tolerate: "--tolerate"
            case .stateDir: "--state-dir"
            case .shell: "--shell"
            case .retry: "--retry"
            case .retryDelay: "--retry-delay"
            case .retryBackoff: "--retry-backoff"
            case .startDelay: "--start-delay"
            case .manual: "--manual"
            case .runLog: "--run-log"
            case .scheduledFrom: "--scheduled-from"
            }
        }

        /// Repeatable options collect every value; the others may appear once here.
        var repeatable: Bool {
            switch self {
            case .env, .expectExit, .expectJSON, .stdoutContains, .stdoutMatches, .stdoutForbids, .stderrForbids: true
            default: false
            }
        }

        var isFlag: Bool { self == .stderrEmpty || self == .manual }

        static let byName: [String: Field] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    }

    /// The flags of `exec ARGUMENTS` (without the leading `exec`), or nil when ArgumentParser
    /// must read them.
    static func parse(_ arguments: ArraySlice<String>) -> ExecFlags? {
        var flags = ExecFlags(job: "", command: [])
        var job: String?
        var seen = Set<Field>()
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            index += 1
            if word == "--" {
                flags.command = Array(arguments[index...])
                break
            }
            guard !word.isEmpty else { return nil }
            guard word.hasPrefix("-") else {
                // The one positional: the job's name.
                guard job == nil else { return nil }
                job = word
                continue
            }
            guard let field = Field.byName[word], field.repeatable || seen.insert(field).inserted else { return nil }
            if field.isFlag {
                if field == .manual { flags.manual = true } else { flags.stderrEmpty = true }
                continue
            }
            guard index < arguments.endIndex else { return nil }
            let value = arguments[index]
            index += 1
            guard !value.isEmpty, !value.hasPrefix("-"), set(field, value, in: &flags) else { return nil }
        }
        guard let job else { return nil }
        flags.job = job
        return flags
    }

    /// Sets `field` to `value`; false when the value does not read as its type.
    private static func set(_ field: Field, _ value: String, in flags: inout ExecFlags) -> Bool {
        switch field {
        case .slug: flags.slug = value
        case .pingURL: flags.pingURL = value
        case .pingKeyFile: flags.pingKeyFile = value
        case .onlyAt: flags.onlyAt = value
        case .tz: flags.timezone = value
        case .overlap:
            guard let policy = OverlapPolicy(rawValue: value) else { return false }
            flags.overlap = policy
        case .maxRuntime: flags.maxRuntime = value
        case .env: flags.env.append(value)
        case .expectExit:
            guard let code = digits(value).flatMap({ Int32($0) }) else { return false }
            flags.expectExit.append(code)
        case .expectJSON: flags.expectJSON.append(value)
        case .stdoutContains: flags.stdoutContains.append(value)
        case .stdoutMatches: flags.stdoutMatches.append(value)
        case .stdoutForbids: flags.stdoutForbids.append(value)
        case .stderrForbids: flags.stderrForbids.append(value)
        case .minDuration: flags.minDuration = value
        case .maxDuration: flags.maxDuration = value
        case .tolerate:
            guard let count = digits(value).flatMap({ Int($0) }) else { return false }
            flags.tolerate = count
        case .stateDir: flags.stateDir = value
        case .shell: flags.shell = value
        case .retry:
            guard let count = digits(value).flatMap({ Int($0) }) else { return false }
            flags.retry = count
        case .retryDelay: flags.retryDelay = value
        case .retryBackoff: flags.retryBackoff = value
        case .startDelay: flags.startDelay = value
        case .runLog: flags.runLog = value
        case .scheduledFrom: flags.scheduledFrom = value
        case .stderrEmpty, .manual: return false
        }
        return true
    }

    /// Plain decimal digits only (no sign, no spaces): the form `WrapperInvocation` writes.
    private static func digits(_ value: String) -> String? {
        value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? value : nil
    }
}
