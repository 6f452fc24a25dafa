/// What every per-host emitter (systemd units, Kubernetes CronJobs) does around its own
/// writer: pick the named hosts of its kind (all of them when no name is given; an unknown
/// name is a diagnostic, a host of another kind is left to its own emitter), build each
/// host's output on its own worker, and report a problem shared by several hosts once.
enum HostEmission {
    static func run<Output: Sendable>(_ spec: Spec, hosts names: [String]?, kind: HostKind, diagnostics: inout Diagnostics,
                                      _ build: @Sendable (Host) -> (Output, Diagnostics)) -> [Output] {
        var found: [Host] = []
        for name in names ?? spec.hosts.filter({ $0.kind == kind }).map(\.name) {
            if let host = spec.host(named: name) {
                if host.kind == kind { found.append(host) }
            } else {
                diagnostics.emit(.crontabUnknownHost(name, known: spec.hosts.map(\.name)))
            }
        }
        let hosts = found.sorted { $0.name < $1.name }
        let written = parallelMap(hosts.count, threads: ParallelWork.worthThreads(jobs: spec.jobs.count)) { build(hosts[$0]) }
        var outputs: [Output] = []
        for (output, found) in written {
            // A job on several hosts has the same problem on each: say it once.
            for diagnostic in found.all where !diagnostics.all.contains(diagnostic) { diagnostics.emit(diagnostic) }
            outputs.append(output)
        }
        return outputs
    }
}

/// A job's schedule rewritten for a scheduler (systemd's OnCalendar=, a CronJob's schedule),
/// computed once per zone and expression and shared by every host and job that use them.
struct ScheduleTranslations<Translation: Sendable>: Sendable {
    enum Problem: Error { case unknownZone, unsupported }

    let cache = MemoCache<Result<Translation, Problem>>()
    let options: CrontabOptions
    /// nil when the scheduler has no form for the schedule.
    let make: @Sendable (CronSchedule, _ zone: String, ZoneRules, _ window: Range<Int64>) -> Translation?

    /// The translation of `job`'s schedule, or nil after reporting why there is none: an
    /// unknown zone, or `unsupported` (the emitter's own diagnostic).
    func translation(for job: Job, diagnostics: inout Diagnostics, unsupported: () -> Diagnostic) -> Translation? {
        let window = options.zoneWindow, zones = options.zones, make = make
        let result = cache.value(for: "\(job.timezone) \(job.schedule.expression)") { _ in
            guard let rules = zones(job.timezone) else { return .failure(.unknownZone) }
            guard let translation = make(job.schedule, job.timezone, rules, window) else { return .failure(.unsupported) }
            return .success(translation)
        }
        switch result {
        case .success(let translation): return translation
        case .failure(.unknownZone):
            diagnostics.emit(.crontabUnknownZone(job.timezone, owner: "job '\(job.name)'", at: job.location(of: "timezone")))
        case .failure(.unsupported):
            diagnostics.emit(unsupported())
        }
        return nil
    }
}

/// One file an emitter writes into a host's directory.
public struct GeneratedFile: Sendable, Equatable {
    public var name: String
    /// Newline-terminated, deterministic.
    public var text: String
}
