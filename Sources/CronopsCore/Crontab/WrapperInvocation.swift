/// The `cronops exec` command line for one job on one host, as argument words (before any
/// quoting). Follows the shared wrapper contract; defaults the wrapper already has
/// (`--overlap allow`, `--expect-exit 0`, `--tolerate 0`) are left out to keep lines short.
struct WrapperInvocation: Sendable, Equatable {
    /// One argument and the job field it comes from (for diagnostics).
    struct Word: Sendable, Equatable {
        var text: String
        var field: String?
    }

    var words: [Word]

    /// The check slug of `job` on `host` (SPEC §2.3): `<job>__<host>` for a per-host job on
    /// several hosts, the job name otherwise.
    static func slug(job: Job, host: String) -> String {
        job.monitor == .perHost && job.hosts.contains(where: { $0 != job.hosts[0] }) ? "\(job.name)__\(host)" : job.name
    }

    /// Where the wrapper reports: Healthchecks' ping key file, or the local provider's run log.
    /// `pingKeyFile` nil: no `--ping-key-file`, the wrapper reads CRONOPS_PING_KEY (a Kubernetes
    /// pod gets it from a Secret). `runLog` nil: nothing to record into (a pod cannot reach the
    /// local provider's file).
    struct Paths: Sendable, Equatable {
        var pingKeyFile: String?
        var runLog: String?
    }

    /// `scheduledFrom`: with `onlyAt`, the environment variable that holds the Kubernetes Job's
    /// name, whose minute `--only-at` checks instead of the clock's (a pod may start late).
    init(job: Job, host: Host, spec: Spec, onlyAt: Bool, scheduledFrom: String? = nil, paths: Paths) {
        var words: [Word] = [Word(text: host.cronops, field: nil), Word(text: "exec", field: nil), Word(text: job.name, field: nil)]
        words.reserveCapacity(32)
        func flag(_ name: String, _ value: String, field: String? = nil) {
            // A value that starts with '-' would be read as an option by the wrapper's parser.
            if value.utf8.first == UInt8(ascii: "-") {
                words.append(Word(text: "\(name)=\(value)", field: field))
            } else {
                words.append(Word(text: name, field: nil))
                words.append(Word(text: value, field: field))
            }
        }
        if onlyAt {
            flag("--only-at", job.schedule.expression, field: "schedule")
            flag("--tz", job.timezone, field: "timezone")
            if let scheduledFrom { flag("--scheduled-from", scheduledFrom) }
        }
        if job.overlap != .allow { flag("--overlap", job.overlap.rawValue) }
        if let maxRuntime = job.maxRuntime { flag("--max-runtime", maxRuntime.description) }
        for variable in job.env { flag("--env", "\(variable.name)=\(variable.value)", field: "env") }
        if job.tolerate > 0 { flag("--tolerate", String(job.tolerate)) }
        let shell = job.shell(on: host)
        if shell != Host.defaultShell { flag("--shell", shell, field: "shell") }
        if let retry = job.retry {
            flag("--retry", String(retry.attempts), field: "retry")
            if retry.delay.seconds != 30 { flag("--retry-delay", retry.delay.description, field: "retry") }
            if retry.backoff != 1 { flag("--retry-backoff", Self.number(retry.backoff), field: "retry") }
        }
        if let jitter = job.jitter {
            let delay = Jitter.delay(project: spec.project, job: job.name, host: host.name, jitter: jitter)
            if delay.seconds > 0 { flag("--start-delay", delay.description, field: "jitter") }
        }

        let rules = job.validate
        if rules.exitCodes != [0] {
            for code in rules.exitCodes { flag("--expect-exit", String(code)) }
        }
        for expression in rules.stdoutJSON { flag("--expect-json", expression.source, field: "validate") }
        for text in rules.stdoutContains { flag("--stdout-contains", text, field: "validate") }
        for regex in rules.stdoutMatches { flag("--stdout-matches", regex, field: "validate") }
        for regex in rules.stdoutForbids { flag("--stdout-forbids", regex, field: "validate") }
        for regex in rules.stderrForbids { flag("--stderr-forbids", regex, field: "validate") }
        if rules.stderrEmpty { words.append(Word(text: "--stderr-empty", field: nil)) }
        if let minimum = rules.minDuration { flag("--min-duration", minimum.description) }
        if let maximum = rules.maxDuration { flag("--max-duration", maximum.description) }

        if job.monitor != .off {
            switch spec.monitor.provider {
            case .healthchecks:
                flag("--slug", Self.slug(job: job, host: host.name))
                flag("--ping-url", spec.monitor.pingURL)
                if let pingKeyFile = paths.pingKeyFile { flag("--ping-key-file", pingKeyFile) }
            case .local:
                // The local provider's "ping URL": the wrapper appends its pings to this file.
                // None where the file cannot be reached (a pod in a cluster): no slug either.
                if let runLog = paths.runLog {
                    flag("--slug", Self.slug(job: job, host: host.name))
                    flag("--run-log", runLog)
                }
            }
        }
        words.append(Word(text: "--", field: nil))
        words.append(Word(text: job.command, field: "command"))
        self.words = words
    }

    /// `2`, `1.5`: a backoff as people write it.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The words quoted for /bin/sh, then escaped for the dialect's `%` and `\` rules: the
    /// command part of the crontab line.
    func cronCommand(for dialect: CronDialect) -> String {
        // The job's command is always quoted, so it reads as one string even when it is one word.
        let quoted = words.dropLast().map { ShellQuoting.quote($0.text) } + [ShellQuoting.quote(words.last?.text ?? "", always: true)]
        return CronEscaping.escape(quoted.joined(separator: " "), for: dialect)
    }
}

extension WrapperInvocation {
    /// `cronCommand(for:).utf8.count`, counted without building the text (validate measures
    /// every line of every host against cron's limit).
    func cronCommandLength(for dialect: CronDialect) -> Int {
        var total = max(0, words.count - 1) // the spaces between words
        for (i, word) in words.enumerated() {
            total += ShellQuoting.quotedLength(word.text, always: i == words.count - 1, escapedFor: dialect)
        }
        return total
    }
}
