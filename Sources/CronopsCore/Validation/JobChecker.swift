import FoundationEssentials

struct JobContext: Sendable {
    // Repositories repeat a few schedules, rules and patterns across thousands of jobs:
    // each distinct text is parsed once per run.
    let patterns = MemoCache<String?>()
    let schedules = MemoCache<Result<CronSchedule, ScheduleError>>()
    let rules = MemoCache<Result<RuleExpression, RuleSyntaxError>>()
    var projectFile: String
    var project: String
    var routes: [Route]
    var hosts: [Host]
    var defaults: RawJobFields
    let hostNames: Set<String>

    init(projectFile: String, project: String, routes: [Route], hosts: [Host], defaults: RawJobFields) {
        self.projectFile = projectFile
        self.project = project
        self.routes = routes
        self.hosts = hosts
        self.defaults = defaults
        self.hostNames = Set(hosts.map(\.name))
    }
}

/// One raw job → `Job`. Precedence (job > defaults > built-in) is resolved here and only here.
enum JobChecker {
    static let graceRange = 60...31_536_000
    static let graceRangeText = "between 1m and 365d (Healthchecks' limits)"

    static func check(_ raw: RawJob, context: JobContext, diagnostics d: inout Diagnostics) -> Job? {
        let errorsBefore = d.errorCount
        let name = raw.name
        if let problem = Names.jobNameProblem(name.value) {
            d.emit(.invalidName(kind: "job", name, problem: problem))
        }
        let f = raw.fields
        let defaults = context.defaults
        // The job's own value, else the project default: the one place precedence is decided.
        let zoneField = f.timezone ?? defaults.timezone, hostsField = f.hosts ?? defaults.hosts
        let monitorField = f.monitor ?? defaults.monitor, overlapField = f.overlap ?? defaults.overlap
        let userField = f.user ?? defaults.user, graceField = f.grace ?? defaults.grace
        let maxRuntimeField = f.maxRuntime ?? defaults.maxRuntime, tagsField = f.tags ?? defaults.tags
        let alertsField = f.alerts ?? defaults.alerts, tolerateField = f.tolerate ?? defaults.tolerate
        let validateField = f.validate ?? defaults.validate, suspendField = f.suspend ?? defaults.suspend, shellField = f.shell ?? defaults.shell
        let retryField = f.retry ?? defaults.retry, jitterField = f.jitter ?? defaults.jitter

        var fieldLocations = FieldLocations()
        fieldLocations.reserveCapacity(16)
        func note(_ key: String, _ location: SourceLocation?) { if let location { fieldLocations[key] = location } }

        let command = f.command
        if let command {
            note("command", command.location)
            if command.value.withUTF8Bytes({ $0.allSatisfy { $0 == 32 || $0 == 9 } }) {
                d.emit(.invalidValue("'command' of job '\(name.value)'", command.location, "is empty"))
            } else if command.value.withUTF8Bytes({ $0.contains { $0 == 10 || $0 == 13 || $0 == 0 } }) {
                d.emit(.invalidValue("'command' of job '\(name.value)'", command.location,
                                     "spans several lines; cron runs one line: put the steps in a script and call it"))
            }
        } else {
            d.emit(.missingJobField("command", job: name))
        }

        var schedule: CronSchedule?
        if let s = f.schedule {
            note("schedule", s.location)
            switch context.schedules.value(for: s.value, CronSchedule.parse) {
            case .success(let parsed): schedule = parsed
            case .failure(let error): d.emit(.invalidSchedule(s, error))
            }
        } else {
            d.emit(.missingJobField("schedule", job: name))
        }

        var timezone = "UTC"
        if let z = zoneField {
            note("timezone", z.location)
            timezone = SpecChecker.checkZone(z, &d) ?? "UTC"
        }

        var hosts: [String] = []
                if let list = hostsField {
            note("hosts", list.location)
            var seen: [String: SourceLocation] = [:]
            for h in list.value {
                if let first = seen[h.value] { d.emit(.duplicateEntry(kind: "host", h, first: first)); continue }
                seen[h.value] = h.location
                if context.hostNames.contains(h.value) { hosts.append(h.value) } else {
                    d.emit(.unknownReference(kind: "host", h, known: context.hosts.map(\.name).sorted(), definedIn: context.projectFile))
                }
            }
        } else {
            d.emit(.noHosts(job: name))
        }

        let monitor = choice(monitorField, MonitorMode.self, what: "'monitor'", default: .perHost, &d, note)
        let overlap = choice(overlapField, OverlapPolicy.self, what: "'overlap'", default: .allow, &d, note)

        var user = "root"
        if let u = userField {
            note("user", u.location)
            if Names.isUserName(u.value) { user = u.value } else {
                d.emit(.invalidValue("'user' '\(u.value)'", u.location, "is not a valid Unix user name"))
            }
        }

        var grace = TimeSpan(seconds: 3600)
        if let g = graceField {
            note("grace", g.location)
            if let span = duration(g, what: "'grace'", &d) {
                if graceRange.contains(span.seconds) { grace = span } else {
                    d.emit(.durationOutOfRange(g, what: "'grace'", range: graceRangeText))
                }
            }
        }
        var maxRuntime: TimeSpan?
        if let m = maxRuntimeField {
            note("max_runtime", m.location)
            if let span = duration(m, what: "'max_runtime'", &d) {
                if (1...graceRange.upperBound).contains(span.seconds) { maxRuntime = span } else {
                    d.emit(.durationOutOfRange(m, what: "'max_runtime'", range: "between 1s and 365d"))
                }
            }
        }

        var tags: [String] = []
        if let list = tagsField {
            note("tags", list.location)
            for t in list.value {
                if t.value.isEmpty || Names.containsWhitespace(t.value) {
                    d.emit(.invalidValue("tag '\(t.value)'", t.location, "must be one word: Healthchecks separates tags with spaces"))
                } else if t.value.hasPrefix("cronops:") {
                    d.emit(.invalidValue("tag '\(t.value)'", t.location, "uses the prefix 'cronops:', which marks the checks cronops owns"))
                } else if !tags.contains(t.value) {
                    tags.append(t.value)
                }
            }
            let joined = (tags + ["cronops:\(context.project)"]).joined(separator: " ")
            let total = joined.utf8.allSatisfy { $0 < 0x80 } ? joined.utf8.count : joined.count
            if total > 500 { d.emit(.tagsTooLong(total: total, at: list.location)) }
        }

        var alerts: [String] = []
        if let list = alertsField {
            note("alerts", list.location)
            for a in list.value {
                if context.routes.contains(where: { $0.name == a.value }) {
                    if !alerts.contains(a.value) { alerts.append(a.value) }
                } else {
                    d.emit(.unknownReference(kind: "route", a, known: context.routes.map(\.name).sorted(), definedIn: context.projectFile))
                }
            }
        }

        var env: [String: EnvVar] = [:]
        for source in [defaults.env, f.env] {
            guard let source else { continue }
            note("env", source.location)
            for (n, v) in source.value {
                if !Names.isEnvName(n.value) {
                    d.emit(.invalidValue("environment variable name '\(n.value)'", n.location, "must be letters, digits and '_', not starting with a digit"))
                } else if v.value.withUTF8Bytes({ $0.contains { $0 == 10 || $0 == 13 || $0 == 0 } }) {
                    d.emit(.invalidValue("the value of \(n.value)", v.location, "spans several lines; a crontab line cannot carry it"))
                } else {
                    env[n.value] = EnvVar(name: n.value, value: v.value)
                }
            }
        }

        // nil leaves the host's shell in force (`Job.shell(on:)`): a job may run on hosts that differ.
        var shell: String?
        if let s = shellField {
            note("shell", s.location)
            shell = SpecChecker.checkShell(s, what: "'shell' of job '\(name.value)'", &d)
        }

        var tolerate = 0
        if let t = tolerateField {
            note("tolerate", t.location)
            if (0...1000).contains(t.value) { tolerate = t.value } else { d.emit(.outOfRange(t, what: "'tolerate'", range: 0...1000)) }
        }

        var previousNames: [String] = []
        if let list = f.previousNames {
            note("previous_names", list.location)
            for p in list.value {
                if let problem = Names.jobNameProblem(p.value) {
                    d.emit(.invalidName(kind: "previous", p, problem: problem))
                } else if p.value == name.value {
                    d.emit(.invalidValue("previous name '\(p.value)'", p.location, "is the job's own name"))
                } else if !previousNames.contains(p.value) {
                    previousNames.append(p.value)
                }
            }
        }

        var suspension: Suspension?
        if let s = suspendField {
            note("suspend", s.location)
            switch s.value {
            case .flag(true): suspension = Suspension()
            case .flag(false): break
            case .reason(let reason):
                if reason.withUTF8Bytes({ $0.allSatisfy { $0 == 32 || $0 == 9 } }) {
                    d.emit(.invalidValue("'suspend' of job '\(name.value)'", s.location, "is an empty reason: say why, or write true", fixIt: "suspend: true"))
                } else if reason.withUTF8Bytes({ $0.contains { $0 < 32 && $0 != 9 } }) {
                    d.emit(.invalidValue("the reason in 'suspend' of job '\(name.value)'", s.location,
                                         "spans several lines; it is written into a crontab comment line: keep it to one"))
                } else {
                    suspension = Suspension(reason: reason)
                }
            }
        }

        var retry: JobRetry?
        if let r = retryField {
            note("retry", r.location)
            retry = checkRetry(r, &d)
        }
        var jitter: TimeSpan?
        if let j = jitterField {
            note("jitter", j.location)
            if let span = duration(j, what: "'jitter'", &d) {
                if (1...86_400).contains(span.seconds) { jitter = span } else {
                    d.emit(.durationOutOfRange(j, what: "'jitter'", range: "between 1s and 1d"))
                }
            }
        }

        var image: String?
        if let i = f.image {
            note("image", i.location)
            image = SpecChecker.checkImage(i, what: "'image' of job '\(name.value)'", &d)
        }

        var rules = OutputRules()
        if let v = validateField {
            note("validate", v.location)
            rules = OutputRulesChecker.check(v, context: context, &d)
        }

        if monitor == .perHost && hosts.count > 1 {
            for host in hosts where name.value.count + 2 + host.count > 100 {
                d.emit(.slugTooLong("\(name.value)__\(host)", job: name))
            }
        }

        guard d.errorCount == errorsBefore, let command, let schedule else { return nil }
        let job = Job(name: name.value, description: f.description?.value ?? "", command: command.value, schedule: schedule,
                   timezone: timezone, hosts: hosts, monitor: monitor, user: user, grace: grace, maxRuntime: maxRuntime,
                   overlap: overlap, tags: tags, alerts: alerts, env: env.values.sorted { $0.name < $1.name },
                   tolerate: tolerate, previousNames: previousNames, adopt: f.adopt?.value ?? false,
                   shell: shell, validate: rules, suspension: suspension, retry: retry, jitter: jitter,
                   image: image, location: name.location, fieldLocations: fieldLocations)
        let needed = DesiredChecks.requiredGrace(for: job)
        if needed > graceRange.upperBound, retry != nil || jitter != nil {
            let at = job.fieldLocations["retry"] ?? job.fieldLocations["jitter"] ?? name.location
            d.emit(.invalidValue("job '\(name.value)'", at,
                                 "needs a grace of \(TimeSpan(seconds: needed)) to cover every attempt of 'retry' (each up to max_runtime, with the waits) and 'jitter'; Healthchecks allows at most 365d",
                                 fixIt: "fewer retry attempts, a shorter max_runtime or retry.delay"))
            return nil
        }
        return job
    }

    static func choice<T: RawRepresentable & CaseIterable>(
        _ value: Located<String>?, _ type: T.Type, what: String, default fallback: T,
        _ d: inout Diagnostics, _ note: (String, SourceLocation?) -> Void
    ) -> T where T.RawValue == String {
        guard let value else { return fallback }
        note(String(what.dropFirst().dropLast()), value.location)
        if let v = T(rawValue: value.value) { return v }
        d.emit(.invalidChoice(value, what: what, choices: T.allCases.map(\.rawValue)))
        return fallback
    }

    /// `retry:`: 1 to 10 more attempts, a delay of at most a day, a backoff of 1 to 10.
    static func checkRetry(_ r: RawRetry, _ d: inout Diagnostics) -> JobRetry? {
        let errors = d.errorCount
        guard let attempts = r.attempts else {
            d.emit(.invalidValue("'retry'", r.location, "needs 'attempts': how many times a failed run is tried again",
                                 fixIt: "retry: { attempts: 2, delay: 30s }"))
            return nil
        }
        if !(1...10).contains(attempts.value) { d.emit(.outOfRange(attempts, what: "'retry.attempts'", range: 1...10)) }
        var delay = TimeSpan(seconds: 30)
        if let text = r.delay, let span = duration(text, what: "'retry.delay'", &d) {
            if (0...86_400).contains(span.seconds) { delay = span } else {
                d.emit(.durationOutOfRange(text, what: "'retry.delay'", range: "at most 1d"))
            }
        }
        var backoff = 1.0
        if let b = r.backoff {
            if b.value >= 1 && b.value <= 10 { backoff = b.value } else {
                d.emit(.invalidValue("'retry.backoff' \(b.value)", b.location, "must be between 1 (the same delay each time) and 10"))
            }
        }
        return d.errorCount == errors ? JobRetry(attempts: attempts.value, delay: delay, backoff: backoff) : nil
    }

    static func duration(_ value: Located<String>, what: String, _ d: inout Diagnostics) -> TimeSpan? {
        switch TimeSpan.parse(value.value) {
        case .success(let span): return span
        case .failure(let error):
            d.emit(.invalidDuration(value, what: what, error))
            return nil
        }
    }
}

/// `validate:` → `OutputRules`: expressions parsed and patterns compiled now, so the wrapper
/// never meets a rule it cannot run.
enum OutputRulesChecker {
    static func check(_ v: RawValidate, context: JobContext, _ d: inout Diagnostics) -> OutputRules {
        let cache = context.patterns
        var rules = OutputRules()
        if let codes = v.exitCodes {
            for c in codes where !(0...255).contains(c.value) {
                d.emit(.outOfRange(c, what: "exit code", range: 0...255))
            }
            let valid = codes.map(\.value).filter { (0...255).contains($0) }
            if codes.isEmpty {
                d.emit(.invalidValue("'validate.exit_codes'", v.location, "is empty: no run could pass"))
            }
            var unique: [Int32] = []
            for c in valid where !unique.contains(Int32(c)) { unique.append(Int32(c)) }
            rules.exitCodes = unique
        }
        for rule in v.stdoutJSON ?? [] {
            switch context.rules.value(for: rule.value, RuleExpression.parse) {
            case .success(let expression): rules.stdoutJSON.append(expression)
            case .failure(let error): d.emit(.invalidRule(rule, error))
            }
        }
        rules.stdoutContains = (v.stdoutContains ?? []).map(\.value)
        rules.stdoutMatches = patterns(v.stdoutMatches, what: "'validate.stdout.matches'", cache, &d)
        rules.stdoutForbids = patterns(v.stdoutForbids, what: "'validate.stdout.forbids'", cache, &d)
        rules.stderrForbids = patterns(v.stderrForbids, what: "'validate.stderr.forbids'", cache, &d)
        rules.stderrEmpty = v.stderrEmpty?.value ?? false
        if let m = v.minDuration { rules.minDuration = JobChecker.duration(m, what: "'validate.duration.min'", &d) }
        if let m = v.maxDuration { rules.maxDuration = JobChecker.duration(m, what: "'validate.duration.max'", &d) }
        if let lo = rules.minDuration, let hi = rules.maxDuration, lo > hi, let rawMin = v.minDuration, let rawMax = v.maxDuration {
            d.emit(.durationsInverted(min: rawMin, max: rawMax))
        }
        return rules
    }

    static func patterns(_ list: [Located<String>]?, what: String, _ cache: MemoCache<String?>, _ d: inout Diagnostics) -> [String] {
        (list ?? []).compactMap { p in
            if p.value.isEmpty {
                d.emit(.invalidValue("\(what) pattern", p.location, "is empty and would match everything"))
                return nil
            }
            if let reason = cache.value(for: p.value, regexProblem) {
                d.emit(.invalidRegex(p, what: what, reason: reason))
                return nil
            }
            return p.value
        }
    }

    /// Why `pattern` does not compile as a Swift regular expression, or nil when it does.
    static func regexProblem(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
