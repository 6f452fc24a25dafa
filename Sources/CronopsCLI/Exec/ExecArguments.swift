import CronopsCore

/// `cronops exec`'s arguments read without ArgumentParser, for the lines cron runs.
///
/// Why: building ArgumentParser's command tree (every subcommand's options, found by
/// reflection, each property's protocol conformances looked up in a binary that holds some
/// 6,000 of them) was 77% of the instructions of `cronops exec JOB -- true` (callgrind:
/// 19 of 24.5 million), about 4 ms on every tick of every job. See docs/exec.md, "Cost".
///
/// It reads only the plain form (`PlainArguments`) that `WrapperInvocation` writes: `JOB`,
/// `--name value` pairs, the two flags, then `--` and the command. Anything else, or a number
/// or policy that does not read, returns nil and ArgumentParser parses the line as it always
/// did, so help, errors and every unusual form stay exactly what ArgumentParser makes of
/// them. Whatever it
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

        var kind: PlainArguments.Kind { isFlag ? .flag : repeatable ? .repeating : .single }

        static let byName: [String: Field] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    }

    /// The flags of `exec ARGUMENTS` (without the leading `exec`), or nil when ArgumentParser
    /// must read them.
    static func parse(_ arguments: ArraySlice<String>) -> ExecFlags? {
        // The one positional is the job's name; it is required.
        // Kinds from `byName`, the one table of names, which every cron tick builds anyway.
        guard let words = PlainArguments.read(arguments, kind: { Field.byName[$0]?.kind }, positionals: 1, takesCommand: true),
              let job = words.positionals.first
        else { return nil }
        var flags = ExecFlags(job: job, command: words.command ?? [])
        for (name, values) in words.values {
            guard let field = Field.byName[name] else { return nil }
            switch field {
            case .manual: flags.manual = true
            case .stderrEmpty: flags.stderrEmpty = true
            default:
                for value in values {
                    guard set(field, value, in: &flags) else { return nil }
                }
            }
        }
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
            guard let code = PlainArguments.digits(value).flatMap({ Int32($0) }) else { return false }
            flags.expectExit.append(code)
        case .expectJSON: flags.expectJSON.append(value)
        case .stdoutContains: flags.stdoutContains.append(value)
        case .stdoutMatches: flags.stdoutMatches.append(value)
        case .stdoutForbids: flags.stdoutForbids.append(value)
        case .stderrForbids: flags.stderrForbids.append(value)
        case .minDuration: flags.minDuration = value
        case .maxDuration: flags.maxDuration = value
        case .tolerate:
            guard let count = PlainArguments.digits(value).flatMap({ Int($0) }) else { return false }
            flags.tolerate = count
        case .stateDir: flags.stateDir = value
        case .shell: flags.shell = value
        case .retry:
            guard let count = PlainArguments.digits(value).flatMap({ Int($0) }) else { return false }
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
}
