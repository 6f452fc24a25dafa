/// Spec → one crontab fragment per host (SPEC §2.5). Pure: no files, no clock, no environment.
public enum CrontabEmitter {
    /// Fragments for `hosts` (all hosts when nil), sorted by host name. Unknown host names and
    /// every job that cannot be written are diagnostics; with errors, write nothing.
    public static func emit(_ spec: Spec, hosts names: [String]? = nil,
                            options: CrontabOptions) -> CrontabEmission {
        run(spec, hosts: names, options: options, text: true)
    }

    /// The diagnostics `emit` would give for every host, without building any text: what
    /// `validate` needs to promise that `cronops crontab` will write the files. The same
    /// writer runs, counting lines and measuring commands instead of keeping them, so the two
    /// cannot disagree.
    public static func check(_ spec: Spec, options: CrontabOptions) -> Diagnostics {
        run(spec, hosts: nil, options: options, text: false).diagnostics
    }

    private static func run(_ spec: Spec, hosts names: [String]?, options: CrontabOptions, text: Bool) -> CrontabEmission {
        var diagnostics = Diagnostics()
        var found: [Host] = []
        for name in names ?? spec.hosts.filter({ $0.kind == .cron }).map(\.name) {
            if let host = spec.host(named: name) {
                // Other kinds have no crontab: `cronops generate` writes their files.
                if host.kind == .cron { found.append(host) } else if names != nil {
                    diagnostics.emit(.systemdHostForCrontab(host: host.name, kind: host.kind, at: host.location))
                }
            } else {
                diagnostics.emit(.crontabUnknownHost(name, known: spec.hosts.map(\.name)))
            }
        }
        let hosts = found.sorted { $0.name < $1.name }
        let jobsByHost = jobIndices(spec, hosts: hosts)
        // Each host's fragment is independent: write them on all cores, then report in host
        // order so the output and the diagnostics do not depend on scheduling.
        let plans = MemoCache<CrontabSchedulePlan?>()
        let descriptions = MemoCache<String>()
        // Each host's writer is its own; what they share is Sendable (the zone loader the CLI
        // passes in, and the memo caches, lock inside).
        let written = parallelMap(hosts.count, threads: ParallelWork.worthThreads(jobs: spec.jobs.count)) { i -> (text: String, diagnostics: Diagnostics, jobNames: [String]) in
            var writer = FragmentWriter(spec: spec, host: hosts[i], options: options, plans: plans,
                                        descriptions: descriptions, keepsText: text)
            return (writer.write(jobs: jobsByHost[i]), writer.diagnostics, writer.jobNames)
        }
        var fileNames: [String: String] = [:]
        var fragments: [CrontabFragment] = []
        for (host, part) in zip(hosts, written) {
            let fileName = CrontabFileName.name(project: spec.project, host: host.name)
            if let other = fileNames[fileName] {
                diagnostics.emit(.crontabFileNameClash(host: host.name, other: other, fileName: fileName, at: host.location))
            }
            fileNames[fileName] = host.name
            // A job on several hosts has the same problem on each: say it once.
            for diagnostic in part.diagnostics.all where !diagnostics.all.contains(diagnostic) { diagnostics.emit(diagnostic) }
            fragments.append(CrontabFragment(host: host.name, fileName: fileName, format: host.format,
                                             text: part.text, jobs: part.jobNames))
        }
        return CrontabEmission(fragments: fragments, diagnostics: diagnostics)
    }

    /// For each host, the indices of its jobs in name order. One pass over the jobs for all
    /// hosts, and no job copied: a job is a large value and there are thousands.
    private static func jobIndices(_ spec: Spec, hosts: [Host]) -> [[Int]] {
        var byName: [String: [Int]] = [:]
        for host in hosts { byName[host.name] = [] }
        for i in spec.jobs.indices {
            var seen: Set<String> = []
            for name in spec.jobs[i].hosts where byName[name] != nil && seen.insert(name).inserted {
                byName[name]!.append(i)
            }
        }
        let jobs = spec.jobs
        return hosts.map { host in
            let list = byName[host.name] ?? []
            // Spec keeps its jobs sorted by name already; sort only when a caller built it otherwise.
            let sorted = zip(list, list.dropFirst()).allSatisfy { jobs[$0].name < jobs[$1].name }
            return sorted ? list : list.sorted { jobs[$0].name < jobs[$1].name }
        }
    }
}

/// Builds the text of one host's fragment.
struct FragmentWriter {
    let spec: Spec
    let host: Host
    let options: CrontabOptions
    private(set) var diagnostics = Diagnostics()
    private(set) var jobNames: [String] = []
    /// A reference, so that a line's text can be built from `self` while it is added.
    private let sink: LineSink
    private var relations: [String: ZoneRelation] = [:]
    private let plans: MemoCache<CrontabSchedulePlan?>
    private let paths: WrapperInvocation.Paths
    private var localPlans: [PlanKey: CrontabSchedulePlan?] = [:]
    /// Each schedule in words, shared by the hosts' writers.
    private let descriptions: MemoCache<String>
    private var hostZoneReported = false

    init(spec: Spec, host: Host, options: CrontabOptions, plans: MemoCache<CrontabSchedulePlan?>,
         descriptions: MemoCache<String>, keepsText: Bool) {
        self.spec = spec
        self.host = host
        self.options = options
        self.plans = plans
        self.descriptions = descriptions
        self.sink = LineSink(keepsText: keepsText)
        self.paths = options.wrapperPaths(spec: spec)
    }

    private var keepsText: Bool { sink.keepsText }

    /// The fragment's text ("" without `keepsText`); `jobs` are indices into `spec.jobs`.
    mutating func write(jobs: [Int]) -> String {
        writeHeader()
        if jobs.isEmpty {
            line("")
            line("# No job runs on this host.")
        }
        for i in jobs { writeJob(spec.jobs[i]) }
        if sink.count > CrontabLimits.lines {
            diagnostics.emit(.crontabTooManyLines(host: host.name, lines: sink.count, at: host.location))
        }
        return keepsText ? sink.lines.joined(separator: "\n") + "\n" : ""
    }

    /// Every line goes through here: counted always, its text built only when kept.
    private func line(_ text: @autoclosure () -> String) {
        sink.count += 1
        if sink.keepsText { sink.lines.append(text()) }
    }

    private mutating func writeHeader() {
        let comment = CrontabComment.sanitize
        line("# Generated by cronops (`cronops crontab`) from \(comment(projectRelative(spec.projectFile))), project \(comment(spec.project)), for host \(comment(host.name)).")
        line("# Do not edit: change the job files and generate it again.")
        line("# cron: \(host.cron.rawValue), format: \(host.format.rawValue), time zone: \(comment(host.timezone))")
        line("SHELL=/bin/sh")
        environment("PATH", host.path)
        if let mailto = host.mailto { environment("MAILTO", mailto) }
        if host.cronops.isEmpty || host.cronops.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            diagnostics.emit(.crontabHostValue(host: host.name, field: "cronops", reason: "must be the path of the cronops binary on the host, on one line", at: host.location))
        }
    }

    private func projectRelative(_ path: String) -> String { ProjectPath.relative(path, root: spec.root) }

    private mutating func environment(_ name: String, _ value: String) {
        switch CrontabEnvironmentLine.render(name: name, value: value) {
        case .success(let text): line(text)
        case .failure(let unwritable):
            diagnostics.emit(.crontabHostValue(host: host.name, field: name == "CRON_TZ" ? "timezone" : name.lowercased(),
                                               reason: unwritable.reason, at: host.location))
        }
    }

    private mutating func writeJob(_ job: Job) {
        guard let relation = relation(to: job) else { return }
        guard let plan = plan(job, relation) else {
            diagnostics.emit(.crontabUnsupportedSchedule(job: job.name, schedule: job.schedule.expression, at: job.location(of: "schedule")))
            return
        }
        var guarded = false
        if case .guarded = plan { guarded = true }
        let invocation = WrapperInvocation(job: job, host: host, spec: spec, onlyAt: guarded, paths: paths)
        guard check(invocation, job: job) else { return }
        // Measured, not built, when no text is kept: the length is all the limit needs.
        let command = keepsText ? invocation.cronCommand(for: host.cron) : ""
        let length = keepsText ? command.utf8.count : invocation.cronCommandLength(for: host.cron)
        if length > CrontabLimits.commandBytes {
            diagnostics.emit(.crontabCommandTooLong(job: job.name, host: host.name, length: length,
                                                    at: job.location(of: "command")))
            return
        }
        var userColumn: [String] = []
        if host.format == .crontab, let written = job.fieldLocations["user"], written.fileID == job.location.fileID {
            diagnostics.emit(.crontabUserIgnored(job: job.name, user: job.user, host: host.name, at: written))
        }
        if host.format == .cronD {
            guard !job.user.isEmpty, !Names.containsWhitespace(job.user),
                  !job.user.withUTF8Bytes({ $0.contains { $0 < 0x20 } }) else {
                diagnostics.emit(.crontabBadUser(job: job.name, user: job.user, at: job.location(of: "user")))
                return
            }
            userColumn = [job.user]
        }

        let comment = CrontabComment.sanitize
        line("")
        line("# \(job.name) (\(comment(projectRelative(job.location.file))):\(job.location.line))")
        line("# \"\(job.schedule.expression)\" in \(comment(job.timezone)): \(words(job.schedule))")
        // A suspended job keeps its lines, commented out, so the diff that resumes it is one
        // line per entry; a comment is never a broken line whatever the command holds.
        let off = job.suspension == nil ? "" : "# "
        if let suspension = job.suspension {
            line("# SUSPENDED (\(comment(suspension.reason ?? "no reason given"))): the job does not run here and its check is paused. Remove 'suspend' to run it again.")
        }
        switch plan {
        case let .direct(fields, cronTZ):
            if let cronTZ, off.isEmpty { environment("CRON_TZ", cronTZ) }
            line(off + (fields + userColumn + [command]).joined(separator: " "))
            if cronTZ != nil, off.isEmpty { environment("CRON_TZ", host.timezone) }
        case let .guarded(candidateLines, reason):
            line("# Not expressible here (\(comment(reason))): these lines wake the wrapper at every minute the job can be due, and --only-at runs it only when it is.")
            for fields in candidateLines { line(off + (fields + userColumn + [command]).joined(separator: " ")) }
        }
        jobNames.append(job.name)
    }

    /// Repositories repeat a few schedules many times, on many hosts alike: each (schedule,
    /// job zone, host zone, dialect) is planned once per run, and looked up once per host in
    /// this writer's own table before the shared, locked one.
    private mutating func plan(_ job: Job, _ relation: ZoneRelation) -> CrontabSchedulePlan? {
        let local = PlanKey(zone: job.timezone, expression: job.schedule.expression)
        if let known = localPlans[local] { return known }
        let host = self.host
        let key = "\(host.cron.rawValue) \(host.timezone) \(job.timezone) \(job.schedule.expression)"
        let plan = plans.value(for: key) { _ in
            CrontabSchedulePlan.make(schedule: job.schedule, jobZone: job.timezone, host: host, relation: relation)
        }
        localPlans[local] = .some(plan)
        return plan
    }

    private struct PlanKey: Hashable {
        var zone: String
        var expression: String
    }

    /// The schedule in words, for a comment line.
    private func words(_ schedule: CronSchedule) -> String {
        descriptions.value(for: schedule.expression) { _ in CrontabComment.sanitize(schedule.describe()) }
    }

    /// The job's zone against the host's, computed once per zone (thousands of jobs share a few).
    private mutating func relation(to job: Job) -> ZoneRelation? {
        if let known = relations[job.timezone] { return known }
        guard let hostRules = options.zones(host.timezone) else {
            if !hostZoneReported {
                diagnostics.emit(.crontabUnknownZone(host.timezone, owner: "host '\(host.name)'", at: host.location))
                hostZoneReported = true
            }
            return nil
        }
        guard let jobRules = options.zones(job.timezone) else {
            diagnostics.emit(.crontabUnknownZone(job.timezone, owner: "job '\(job.name)'", at: job.location(of: "timezone")))
            return nil
        }
        let relation = ZoneRelation.between(job: jobRules, host: hostRules, window: options.zoneWindow)
        relations[job.timezone] = relation
        return relation
    }

    /// Line breaks and NULs cannot travel in a crontab line: a diagnostic at the job field.
    private mutating func check(_ invocation: WrapperInvocation, job: Job) -> Bool {
        var fine = true
        var reported: Set<String> = []
        // Bytes: the three characters are ASCII, never part of a multi-byte character.
        for word in invocation.words where word.text.withUTF8Bytes({ $0.contains { $0 == 10 || $0 == 13 || $0 == 0 } }) {
            let field = word.field ?? "name"
            guard !reported.contains(field) else { continue }
            if word.text.withUTF8Bytes({ $0.contains { $0 == 10 || $0 == 13 } }) {
                diagnostics.emit(.crontabLineBreak(job: job.name, field: field, at: job.location(of: field)))
            } else {
                diagnostics.emit(.crontabNul(job: job.name, field: field, at: job.location(of: field)))
            }
            reported.insert(field)
            fine = false
        }
        return fine
    }
}

/// One fragment's lines, or only their number.
private final class LineSink {
    let keepsText: Bool
    var lines: [String] = []
    var count = 0

    init(keepsText: Bool) { self.keepsText = keepsText }
}

/// Paths as generated files show them.
enum ProjectPath {
    /// A file path relative to the project directory, so the text does not depend on the
    /// directory cronops was run from.
    static func relative(_ path: String, root given: String) -> String {
        var root = given
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        if root.isEmpty || root == "." { return path.hasPrefix("./") ? String(path.dropFirst(2)) : path }
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}
