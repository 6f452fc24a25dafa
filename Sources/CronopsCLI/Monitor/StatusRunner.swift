import CronopsCore
import CronopsFiles
import CronopsMonitor
import FoundationEssentials

/// `cronops status` once the spec is loaded: read the monitor, build the report, render,
/// write, exit code (0 read fine; 2 with --detailed-exitcode when something is late, down or
/// missing; 1 on any error, and then nothing is written).
enum StatusRunner {
    struct Options: Sendable {
        var format: StatusFormat = .text
        var out: String?
        var detailedExitCode = false
        var hosts: [String] = []
        /// Failing checks whose ping body is read for a reason (Healthchecks: two requests each).
        var maxFailureBodies = 20
        var quiet = false
    }

    /// The hidden `CRONOPS_STATUS_NOW=<ISO 8601>` hook: the instant end-to-end tests report at.
    static let nowHook = "CRONOPS_STATUS_NOW"

    static func run(spec: Spec, options: Options, context: MonitorContext, io: MonitorIO, now: Date,
                    zones: @escaping (String) -> ZoneRules? = SystemZones.cachedLoader()) async -> Int32 {
        let known = Set(spec.hosts.map(\.name))
        let unknown = options.hosts.filter { !known.contains($0) }
        if !unknown.isEmpty {
            let list = spec.hosts.map(\.name).joined(separator: ", ")
            io.report("error: --host \(unknown.map { "'\(Escaping.plainText($0))'" }.joined(separator: ", ")): no such host in \(spec.projectFile) (hosts: \(list.isEmpty ? "none" : list))\n")
            return 1
        }
        let snapshot: StatusSnapshot
        let provider: any MonitorProvider
        do {
            provider = try Providers.make(for: spec, context: context)
            guard let reader = provider as? MonitorStatusReader else {
                io.report("error: the \(provider.kind) monitor cannot report status yet\n")
                return 1
            }
            snapshot = try await reader.readStatus(now: now, maxFailureBodies: options.maxFailureBodies)
        } catch {
            io.report("error: cannot read the status from the monitor: \(Escaping.plainText("\(error)"))\n")
            return 1
        }
        let report = StatusReport.make(spec: spec, snapshot: snapshot, provider: provider.kind, target: provider.target, now: now,
                                       hosts: options.hosts, timelines: options.format == .html, zones: zones)
        let text = StatusRenderer.render(report, as: options.format, color: io.color && options.format == .text && options.out == nil,
                                         zones: zones)
        if let path = options.out {
            do {
                try AtomicFile.write(text, to: path)
            } catch {
                io.report("error: cannot write the status to \(path): \(error.reason)\n")
                return 1
            }
            if !options.quiet { io.report(report.summary + "\nWrote \(path).\n") }
        } else {
            io.print(text)
        }
        return options.detailedExitCode && report.hasProblems ? 2 : 0
    }
}
