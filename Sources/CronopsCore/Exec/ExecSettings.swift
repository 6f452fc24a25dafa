/// The wrapper's command line as written (strings), before checking.
public struct ExecFlags: Sendable, Equatable {
    public var job: String
    public var command: [String]
    public var slug: String?
    public var pingURL: String?
    public var pingKeyFile: String?
    public var onlyAt: String?
    public var timezone: String?
    public var overlap: OverlapPolicy
    public var maxRuntime: String?
    public var env: [String]
    public var expectExit: [Int32]
    public var expectJSON: [String]
    public var stdoutContains: [String]
    public var stdoutMatches: [String]
    public var stdoutForbids: [String]
    public var stderrForbids: [String]
    public var stderrEmpty: Bool
    public var minDuration: String?
    public var maxDuration: String?
    public var tolerate: Int
    public var stateDir: String?
    public var shell: String?
    /// `--retry N`, `--retry-delay D`, `--retry-backoff B`.
    public var retry: Int = 0
    public var retryDelay: String?
    public var retryBackoff: String?
    /// `--start-delay D`: the job's jitter on this host, waited after the lock.
    public var startDelay: String?
    /// `--manual`: started by `cronops run`, not by the scheduler; the pings say so.
    public var manual = false
    /// `--run-log PATH`: the local provider's run log, where every ping is recorded.
    public var runLog: String?
    /// `--scheduled-from NAME`: the environment variable that holds the Kubernetes Job's name,
    /// `<cronjob>-<scheduled minute since 1970>`; `--only-at` checks that minute, not now.
    public var scheduledFrom: String?

    public init(job: String, command: [String], slug: String? = nil, pingURL: String? = nil, pingKeyFile: String? = nil,
                onlyAt: String? = nil, timezone: String? = nil, overlap: OverlapPolicy = .allow, maxRuntime: String? = nil,
                env: [String] = [], expectExit: [Int32] = [], expectJSON: [String] = [], stdoutContains: [String] = [],
                stdoutMatches: [String] = [], stdoutForbids: [String] = [], stderrForbids: [String] = [],
                stderrEmpty: Bool = false, minDuration: String? = nil, maxDuration: String? = nil, tolerate: Int = 0,
                stateDir: String? = nil, shell: String? = nil) {
        self.job = job
        self.command = command
        self.slug = slug
        self.pingURL = pingURL
        self.pingKeyFile = pingKeyFile
        self.onlyAt = onlyAt
        self.timezone = timezone
        self.overlap = overlap
        self.maxRuntime = maxRuntime
        self.env = env
        self.expectExit = expectExit
        self.expectJSON = expectJSON
        self.stdoutContains = stdoutContains
        self.stdoutMatches = stdoutMatches
        self.stdoutForbids = stdoutForbids
        self.stderrForbids = stderrForbids
        self.stderrEmpty = stderrEmpty
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.tolerate = tolerate
        self.stateDir = stateDir
        self.shell = shell
    }
}

/// The checked settings of one `cronops exec` run.
public struct ExecSettings: Sendable {
    public var job: String
    public var slug: String
    public var command: String
    public var rules: ExecRules
    public var maxRuntime: TimeSpan?
    public var overlap: OverlapPolicy
    public var env: [EnvVar]
    public var tolerate: Int
    public var retry: JobRetry?
    public var startDelay: TimeSpan?
    public var manual = false
    /// `--only-at` schedule text and `--tz` zone name, checked by the schedule engine.
    public var onlyAt: (schedule: String, zone: String)?
    /// `--scheduled-from NAME`: the variable whose Job name gives `--only-at` its minute.
    public var scheduledFrom: String?
    public var stateDir: String?
    public var pingURL: String?
    public var pingKeyFile: String?
    /// The local provider's run log (absolute path): each ping is appended to it as a line.
    public var runLog: String?
    /// The program that runs `command` as `SHELL -c COMMAND`.
    public var shell: String = Host.defaultShell

    /// Checks every flag and reports every problem at once (exit 64), as a compiler would.
    public static func resolve(_ flags: ExecFlags) -> Result<ExecSettings, ExecUsageError> {
        var problems: [String] = []
        if !ExecStateFiles.isValidJobName(flags.job) {
            problems.append("job name \(ShellQuoting.quote(flags.job, argument: true)) is not valid; use letters, digits, '-', '_' and '.'")
        }
        var command = ""
        switch flags.command.count {
        case 0: problems.append("no command: write it after '--' as one quoted string, e.g. -- 'backup.sh --full'")
        case 1: command = flags.command[0]
        default:
            problems.append("the command must be one quoted string after '--' (got \(flags.command.count) words); write -- '\(flags.command.joined(separator: " "))'")
        }
        if command.isEmpty, flags.command.count == 1 { problems.append("the command after '--' is empty") }

        func duration(_ text: String?, _ flag: String) -> TimeSpan? {
            guard let text else { return nil }
            switch TimeSpan.parse(text) {
            case let .success(span) where span.seconds > 0: return span
            case .success: problems.append("\(flag) \(text): must be longer than 0s")
            case let .failure(error): problems.append("\(flag) \(ShellQuoting.quote(text, argument: true)): \(error.message)")
            }
            return nil
        }
        let maxRuntime = duration(flags.maxRuntime, "--max-runtime")
        let minDuration = duration(flags.minDuration, "--min-duration")
        let maxDuration = duration(flags.maxDuration, "--max-duration")

        var expressions: [RuleExpression] = []
        for text in flags.expectJSON {
            switch RuleExpression.parse(text) {
            case let .success(e): expressions.append(e)
            case let .failure(error):
                problems.append("--expect-json \(ShellQuoting.quote(text, argument: true)): at column \(error.offset + 1): \(error.message)")
            }
        }
        func patterns(_ sources: [String], _ flag: String) -> [TextPattern] {
            // No flag, no work: even an empty compactMap builds the Regex types' metadata at run
            // time, 0.3 of the 2.6 million instructions of a wrapped `true`.
            guard !sources.isEmpty else { return [] }
            return sources.compactMap { source in
                switch TextPattern.compile(source) {
                case let .success(p): return p
                case let .failure(error):
                    problems.append("\(flag) \(ShellQuoting.quote(source, argument: true)): not a valid regular expression: \(error.message)")
                    return nil
                }
            }
        }
        let matches = patterns(flags.stdoutMatches, "--stdout-matches")
        let forbids = patterns(flags.stdoutForbids, "--stdout-forbids")
        let stderrForbids = patterns(flags.stderrForbids, "--stderr-forbids")

        var env: [EnvVar] = []
        for item in flags.env {
            guard let eq = item.firstIndex(of: "="), isEnvName(item[..<eq]) else {
                problems.append("--env \(ShellQuoting.quote(item, argument: true)): write NAME=VALUE with NAME made of letters, digits and '_'")
                continue
            }
            env.append(EnvVar(name: String(item[..<eq]), value: String(item[item.index(after: eq)...])))
        }
        for code in flags.expectExit where !(0...255).contains(code) {
            problems.append("--expect-exit \(code): exit statuses are 0 to 255")
        }
        if flags.tolerate < 0 { problems.append("--tolerate \(flags.tolerate): must be 0 or more") }
        var retry: JobRetry?
        if flags.retry != 0 || flags.retryDelay != nil || flags.retryBackoff != nil {
            if !(1...10).contains(flags.retry) { problems.append("--retry \(flags.retry): must be 1 to 10 (more attempts after a failed one)") }
            var delay = TimeSpan(seconds: 30)
            if let text = flags.retryDelay {
                switch TimeSpan.parse(text) {
                case let .success(span): delay = span
                case let .failure(error): problems.append("--retry-delay \(ShellQuoting.quote(text, argument: true)): \(error.message)")
                }
            }
            var backoff = 1.0
            if let text = flags.retryBackoff {
                if let value = Double(text), value >= 1, value <= 10 { backoff = value } else {
                    problems.append("--retry-backoff \(ShellQuoting.quote(text, argument: true)): must be a number from 1 to 10")
                }
            }
            retry = JobRetry(attempts: flags.retry, delay: delay, backoff: backoff)
        }
        var startDelay: TimeSpan?
        if let text = flags.startDelay {
            switch TimeSpan.parse(text) {
            case let .success(span): startDelay = span
            case let .failure(error): problems.append("--start-delay \(ShellQuoting.quote(text, argument: true)): \(error.message)")
            }
        }
        var onlyAt: (String, String)?
        switch (flags.onlyAt, flags.timezone) {
        case let (schedule?, zone?): onlyAt = (schedule, zone)
        case (_?, nil): problems.append("--only-at needs --tz ZONE (the zone the schedule is read in)")
        case (nil, _?): problems.append("--tz only goes with --only-at")
        case (nil, nil): break
        }
        if flags.pingKeyFile != nil, flags.pingURL == nil {
            problems.append("--ping-key-file only goes with --ping-url")
        }
        if let slug = flags.slug, slug.isEmpty || !slug.unicodeScalars.allSatisfy(PingTarget.isURLSafe) {
            problems.append("--slug \(ShellQuoting.quote(slug, argument: true)) is not a valid slug; use a-z, 0-9, '-' and '_'")
        }
        if let shell = flags.shell, !shell.hasPrefix("/") || shell.hasSuffix("/") {
            problems.append("--shell \(ShellQuoting.quote(shell, argument: true)): must be the absolute path of a shell, e.g. /bin/bash")
        }
        if let min = minDuration, let max = maxDuration, min > max {
            problems.append("--min-duration \(min) is longer than --max-duration \(max)")
        }
        if let path = flags.runLog, !path.hasPrefix("/") || path.hasSuffix("/") {
            problems.append("--run-log \(ShellQuoting.quote(path, argument: true)): must be the absolute path of a file (the wrapper runs in cron's working directory)")
        }
        if let name = flags.scheduledFrom {
            if flags.onlyAt == nil {
                problems.append("--scheduled-from only goes with --only-at (it names the variable whose Job name gives the minute --only-at checks)")
            }
            if !isEnvName(name[...]) {
                problems.append("--scheduled-from \(ShellQuoting.quote(name, argument: true)): must be the name of an environment variable, e.g. CRONOPS_SCHEDULED_JOB")
            }
        }
        if flags.manual, flags.onlyAt != nil { problems.append("--manual runs the job now: it does not go with --only-at") }
        guard problems.isEmpty else { return .failure(ExecUsageError(problems: problems)) }

        let rules = ExecRules(expectExit: flags.expectExit, expectJSON: expressions, stdoutContains: flags.stdoutContains,
                              stdoutMatches: matches, stdoutForbids: forbids, stderrForbids: stderrForbids,
                              stderrEmpty: flags.stderrEmpty, minDuration: minDuration, maxDuration: maxDuration)
        var settings = ExecSettings(job: flags.job, slug: flags.slug ?? flags.job, command: command, rules: rules,
                                     maxRuntime: maxRuntime, overlap: flags.overlap, env: env, tolerate: flags.tolerate,
                                     retry: retry, startDelay: startDelay,
                                     onlyAt: onlyAt, stateDir: flags.stateDir, pingURL: flags.pingURL,
                                     pingKeyFile: flags.pingKeyFile, shell: flags.shell ?? Host.defaultShell)
        settings.manual = flags.manual
        settings.runLog = flags.runLog
        settings.scheduledFrom = flags.scheduledFrom
        return .success(settings)
    }

    static func isEnvName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The job's environment: the wrapper's own, then `--env` on top, without the ping key
    /// (the job has no use for it, and whatever it prints ends up in the ping body).
    public func jobEnvironment(inherited: [String]) -> [String] {
        let overridden = Set(env.map(\.name) + ["CRONOPS_PING_KEY"])
        let kept = inherited.filter { entry in
            guard let eq = entry.firstIndex(of: "=") else { return true }
            return !overridden.contains(String(entry[..<eq]))
        }
        return kept + env.map { "\($0.name)=\($0.value)" }
    }
}

public struct ExecUsageError: Error, Equatable, Sendable {
    public var problems: [String]
}
