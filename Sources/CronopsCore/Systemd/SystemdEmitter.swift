/// Spec → a `.service` and a `.timer` per job for each systemd host. Pure: no files, no clock,
/// no environment. Each run goes through `cronops exec` with the same `WrapperInvocation` a
/// cron line renders.
public enum SystemdEmitter {
    /// Units for the named hosts (every systemd host when nil), sorted by host name; a named
    /// cron host has none (`CrontabEmitter` writes its file). Unknown names and every job that
    /// cannot be written are diagnostics; with errors, write nothing.
    public static func emit(_ spec: Spec, hosts names: [String]? = nil, options: CrontabOptions) -> SystemdEmission {
        var diagnostics = Diagnostics()
        let calendars = ScheduleTranslations(options: options, make: SystemdCalendar.make)
        let units = HostEmission.run(spec, hosts: names, kind: .systemd, diagnostics: &diagnostics) { host in
            var writer = UnitWriter(spec: spec, host: host, options: options, calendars: calendars)
            return writer.write()
        }
        diagnostics.append(contentsOf: warnings(spec))
        return SystemdEmission(hosts: units, diagnostics: diagnostics)
    }

    /// What `validate` reports about systemd hosts: what `emit` would refuse, and the settings
    /// that cannot mean there what they mean on cron.
    public static func check(_ spec: Spec, options: CrontabOptions) -> Diagnostics {
        emit(spec, options: options).diagnostics
    }

    /// Once per job, at the setting, naming its first systemd host.
    static func warnings(_ spec: Spec) -> Diagnostics {
        var diagnostics = Diagnostics()
        let systemdHosts = Set(spec.hosts.filter { $0.kind == .systemd }.map(\.name))
        guard !systemdHosts.isEmpty else { return diagnostics }
        for job in spec.jobs {
            guard let host = job.hosts.sorted().first(where: systemdHosts.contains) else { continue }
            switch job.overlap {
            case .allow: diagnostics.emit(.systemdOverlapAllow(job: job.name, host: host, at: job.location(of: "overlap")))
            case .wait: diagnostics.emit(.systemdOverlapWait(job: job.name, host: host, at: job.location(of: "overlap")))
            case .skip: break
            }
        }
        return diagnostics
    }

}

/// One systemd host's unit files.
public struct SystemdHostUnits: Sendable, Equatable {
    public typealias File = GeneratedFile

    public var host: String
    /// Sorted by name: for each job its `.service` then its `.timer`.
    public var files: [File]
    /// Names of the jobs it runs.
    public var jobs: [String]
    /// The timers to enable, sorted: every job's but a suspended one's.
    public var timers: [String] = []

    /// The list a deploy script compares with what is installed, one unit file name a line.
    public static let listName = "units.txt"
    public var listText: String { files.map { $0.name + "\n" }.joined() }
    /// The timers to enable (`systemctl enable --now $(cat timers.txt)`); a suspended job's
    /// timer is installed but left out, so it is disabled and never fires.
    public static let timersName = "timers.txt"
    public var timersText: String { timers.map { $0 + "\n" }.joined() }
}

public struct SystemdEmission: Sendable {
    public var hosts: [SystemdHostUnits]
    public var diagnostics: Diagnostics
}

/// Builds one host's units.
private struct UnitWriter {
    let spec: Spec
    let host: Host
    let options: CrontabOptions
    let calendars: ScheduleTranslations<SystemdCalendar>
    var diagnostics = Diagnostics()

    init(spec: Spec, host: Host, options: CrontabOptions, calendars: ScheduleTranslations<SystemdCalendar>) {
        self.spec = spec
        self.host = host
        self.options = options
        self.calendars = calendars
    }

    mutating func write() -> (SystemdHostUnits, Diagnostics) {
        var files: [SystemdHostUnits.File] = []
        var jobs: [String] = []
        var timers: [String] = []
        let paths = options.wrapperPaths(spec: spec)
        for job in spec.jobs where job.hosts.contains(host.name) {
            if let pair = units(for: job, paths: paths) {
                files += pair
                jobs.append(job.name)
                if job.suspension == nil { timers += pair.map(\.name).filter { $0.hasSuffix(".timer") } }
            }
        }
        var units = SystemdHostUnits(host: host.name, files: files.sorted { $0.name < $1.name }, jobs: jobs)
        units.timers = timers.sorted()
        return (units, diagnostics)
    }

    private mutating func units(for job: Job, paths: WrapperInvocation.Paths) -> [SystemdHostUnits.File]? {
        let stem = SystemdUnitName.stem(project: spec.project, job: job.name)
        guard stem.utf8.count + ".service".utf8.count <= SystemdUnitName.maxLength else {
            diagnostics.emit(.systemdUnitNameTooLong(job: job.name, name: stem + ".service", at: job.location))
            return nil
        }
        guard let calendar = calendars.translation(for: job, diagnostics: &diagnostics, unsupported: {
            .systemdUnsupportedSchedule(job: job.name, schedule: job.schedule.expression, at: job.location(of: "schedule"))
        }) else { return nil }
        var guarded = false
        if case .guarded = calendar { guarded = true }
        let invocation = WrapperInvocation(job: job, host: host, spec: spec, onlyAt: guarded, paths: paths)
        let execStart: String
        switch invocation.systemdCommandLine() {
        case .success(let line): execStart = line
        case .failure(let nul):
            diagnostics.emit(.systemdNul(job: job.name, field: nul.field, at: job.location(of: nul.field)))
            return nil
        }
        var environment: [String] = []
        for (name, value) in [("PATH", host.path)] + job.env.map({ ($0.name, $0.value) }) {
            guard let quoted = SystemdQuoting.quote("\(name)=\(value)", for: .environment) else {
                diagnostics.emit(.systemdNul(job: job.name, field: "env", at: job.location(of: "env")))
                return nil
            }
            environment.append(quoted)
        }
        if host.scope == .system {
            guard !job.user.isEmpty, !job.user.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f }),
                  !job.user.contains("%") else {
                diagnostics.emit(.systemdBadUser(job: job.name, user: job.user, at: job.location(of: "user")))
                return nil
            }
        }

        let comment = CrontabComment.sanitize
        let header = [
            "# Generated by cronops (`cronops generate`) from \(comment(ProjectPath.relative(spec.projectFile, root: spec.root))), project \(comment(spec.project)), for host \(comment(host.name)).",
            "# Do not edit: change the job files and generate it again.",
            "# \(job.name) (\(comment(ProjectPath.relative(job.location.file, root: spec.root))):\(job.location.line)): \"\(job.schedule.expression)\" in \(comment(job.timezone))",
        ]
        var service = header + ["[Unit]", "Description=cronops job \(job.name) (project \(spec.project))", "", "[Service]", "Type=oneshot"]
        if host.scope == .system { service.append("User=\(job.user)") }
        service += environment.map { "Environment=\($0)" }
        // The wrapper enforces max_runtime (SIGTERM, SIGKILL 5 s later); this is only a
        // backstop. Without it a oneshot service is killed after systemd's default 90 s.
        service.append("TimeoutStartSec=\(job.maxRuntime.map { String($0.seconds + 30) } ?? "infinity")")
        service.append("# command: \(comment(job.command))")
        service.append("ExecStart=\(execStart)")

        var timer = header
        if let suspension = job.suspension {
            // Installed but not in timers.txt, and without [Install]: `systemctl enable` cannot
            // turn it on by mistake; removing 'suspend' brings both back.
            timer.append("# SUSPENDED (\(comment(suspension.reason ?? "no reason given"))): this timer is not enabled (it is left out of \(SystemdHostUnits.timersName)). Remove 'suspend' to run the job again.")
        }
        timer += ["[Unit]", "Description=cronops timer of job \(job.name) (project \(spec.project))", "", "[Timer]"]
        switch calendar {
        case .native(let lines):
            timer += lines.map { "OnCalendar=\($0)" }
        case let .guarded(lines, reason):
            timer.append("# Not expressible exactly (\(comment(reason))): these fire at every minute the job can be due, and --only-at runs it only when it is.")
            timer += lines.map { "OnCalendar=\($0)" }
        }
        // Elapses within the second the calendar names (the wrapper's guard checks the
        // minute); cron neither delays nor catches up runs.
        timer += ["AccuracySec=1s", "RandomizedDelaySec=0", "Persistent=false", "Unit=\(stem).service"]
        if job.suspension == nil { timer += ["", "[Install]", "WantedBy=timers.target"] }
        return [SystemdHostUnits.File(name: stem + ".service", text: service.joined(separator: "\n") + "\n"),
                SystemdHostUnits.File(name: stem + ".timer", text: timer.joined(separator: "\n") + "\n")]
    }
}
