import ArgumentParser
import CronopsCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

extension OverlapPolicy: ExpressibleByArgument {}

/// `cronops exec JOB [flags] -- 'COMMAND'`: what cron runs (SPEC §2.6). It reads no repository:
/// every setting is a flag, so it starts fast and works on hosts without the repo.
struct ExecCommand: StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        _superCommandName: CronopsCommand.name,
        abstract: "Run a job, check that it did its work, and ping the monitor (what cron runs).",
        discussion: """
        Runs /bin/sh -c COMMAND (or --shell PATH -c COMMAND), passing its stdout and stderr through unchanged, then checks the \
        rules and pings <ping-url>/<ping key>/<slug> (/start before, then /0, /<exit code>, /fail or \
        /log). The ping key comes from --ping-key-file or CRONOPS_PING_KEY and is never printed. \
        Without --ping-url nothing is sent. With --run-log PATH (the local provider) each ping \
        is also appended to PATH as one JSON line (docs/monitor.md). A monitor that is slow or down never changes the \
        outcome: pings time out, retry a little, and a warning goes to stderr.

        Exit status:
          the job's own     when it exited non-zero (128+N when killed by signal N)
          0                 the job exited 0 and every rule passed (or --only-at: not due;
                            --overlap skip: the previous run still holds the lock)
          120               the job exited 0 but a rule failed (details on stderr)
          124               stopped after --max-runtime, or --overlap wait gave up
          125               the job could not be started at all
          64                bad flags (nothing was run)
        """
    )

    @Argument(help: "The job's name (names the lock and --tolerate state files).")
    var job: String

    @Option(parsing: .unconditional, help: "Check slug used in ping URLs (default: JOB).")
    var slug: String?

    @Option(name: .customLong("ping-url"), parsing: .unconditional, help: "Ping base, e.g. https://hc-ping.com; absent = no pings.")
    var pingURL: String?

    @Option(parsing: .unconditional, help: "File holding the project ping key (default: env CRONOPS_PING_KEY).")
    var pingKeyFile: String?

    @Option(parsing: .unconditional, help: "Append every ping to this run log (the local provider's; an absolute path).")
    var runLog: String?

    @Option(parsing: .unconditional, help: "Run only when SCHEDULE is due this minute in --tz (exit 0 silently otherwise).")
    var onlyAt: String?

    @Option(parsing: .unconditional, help: "IANA zone --only-at is read in.")
    var tz: String?

    @Option(parsing: .unconditional, help: "An environment variable holding the Kubernetes Job's name (<cronjob>-<minutes since 1970>): --only-at checks that scheduled minute, not now.")
    var scheduledFrom: String?

    @Option(help: "skip | wait | allow: what to do while the previous run still runs.")
    var overlap: OverlapPolicy = .allow

    @Option(parsing: .unconditional, help: "Stop the job (SIGTERM to its process group, SIGKILL 5 s later) after this long, e.g. 2h.")
    var maxRuntime: String?

    @Option(parsing: .unconditionalSingleValue, help: "NAME=VALUE for the job's environment (repeatable).")
    var env: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "An exit status that counts as success (repeatable; default 0).")
    var expectExit: [Int32] = []

    @Option(parsing: .unconditionalSingleValue, help: "A rule over stdout's JSON, e.g. 'sent == generated' (repeatable).")
    var expectJson: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "Text stdout must contain (repeatable).")
    var stdoutContains: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "A regex stdout must match (repeatable).")
    var stdoutMatches: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "A regex stdout must not match (repeatable).")
    var stdoutForbids: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: "A regex stderr must not match (repeatable).")
    var stderrForbids: [String] = []

    @Flag(help: "Stderr must be empty.")
    var stderrEmpty = false

    @Option(parsing: .unconditional, help: "The run must take at least this long.")
    var minDuration: String?

    @Option(parsing: .unconditional, help: "The run must take at most this long.")
    var maxDuration: String?

    @Option(help: "Report the first N consecutive failures as /log only.")
    var tolerate: Int = 0

    @Option(parsing: .unconditional, help: "Where locks and --tolerate counters live (default /var/lib/cronops; for other users $XDG_STATE_HOME/cronops or ~/.local/state/cronops).")
    var stateDir: String?

    @Option(parsing: .unconditional, help: "The shell that runs COMMAND as SHELL -c COMMAND (an absolute path; default /bin/sh).")
    var shell: String?

    @Option(help: "Run a failed attempt again up to N more times (not after a signal the wrapper forwarded).")
    var retry: Int = 0

    @Option(parsing: .unconditional, help: "Wait this long before the first retry (default 30s).")
    var retryDelay: String?

    @Option(parsing: .unconditional, help: "Multiply the wait by this after each retry (default 1).")
    var retryBackoff: String?

    @Option(parsing: .unconditional, help: "Wait this long after the guard and the lock, before the start ping (the job's jitter on this host).")
    var startDelay: String?

    @Flag(help: "A manual run (what `cronops run` adds): every ping body says so.")
    var manual = false

    @Argument(parsing: .postTerminator, help: "-- 'COMMAND': the job's shell command line, as one string.")
    var command: [String] = []

    /// The flags as written; `ExecArguments` builds the same value without ArgumentParser.
    var flags: ExecFlags {
        var flags = ExecFlags(job: job, command: command, slug: slug, pingURL: pingURL, pingKeyFile: pingKeyFile,
                              onlyAt: onlyAt, timezone: tz, overlap: overlap, maxRuntime: maxRuntime, env: env,
                              expectExit: expectExit, expectJSON: expectJson, stdoutContains: stdoutContains,
                              stdoutMatches: stdoutMatches, stdoutForbids: stdoutForbids, stderrForbids: stderrForbids,
                              stderrEmpty: stderrEmpty, minDuration: minDuration, maxDuration: maxDuration,
                              tolerate: tolerate, stateDir: stateDir, shell: shell)
        flags.retry = retry
        flags.retryDelay = retryDelay
        flags.retryBackoff = retryBackoff
        flags.startDelay = startDelay
        flags.manual = manual
        flags.runLog = runLog
        flags.scheduledFrom = scheduledFrom
        return flags
    }

    func execute() throws -> CommandOutcome {
        CommandOutcome(status: Self.execute(flags))
    }

    /// Runs the wrapper with `flags`, from ArgumentParser or from `ExecArguments`' fast path.
    static func execute(_ flags: ExecFlags) -> Int32 {
        let environment = Self.inheritedEnvironment()
        let resolved = ExecSettings.resolve(flags)
        let hooks = ExecTestHooks.read(environment)
        guard case let .success(settings) = resolved, case let .success(hooks) = hooks else {
            var problems: [String] = []
            if case let .failure(error) = resolved { problems += error.problems }
            if case let .failure(malformed) = hooks { problems += malformed.problems }
            for problem in problems { Terminal.err("cronops exec: error: \(problem)\n") }
            return WrapperStatus.usage
        }
        // Output the job never sees (a closed pipe) must not kill the wrapper before it reports.
        signal(SIGPIPE, SIG_IGN)
        let runner = ExecRunner(settings: settings, environment: environment, now: hooks.now ?? Date(), hooks: hooks)
        return runner.run()
    }

    static func inheritedEnvironment() -> [String] {
        var out: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            out.append(String(cString: entry))
            pointer += 1
        }
        return out
    }
}
