import CronopsCore
import CronopsMonitor
import Foundation

/// `cronops apply` once the spec is loaded: read the saved plan (if any), apply with progress
/// per action on stderr, then a summary on stdout; exit 1 on any failure.
enum ApplyRunner {
    struct Options: Sendable {
        var planFile: String?
        var prune = false
        /// Leave out the plan printed before applying (progress and the summary stay).
        var quiet = false
    }

    static func run(spec: Spec, options: Options, context: MonitorContext, io: MonitorIO) async -> Int32 {
        var saved: Plan?
        if let path = options.planFile {
            do {
                saved = try PlanCodec.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch let error as PlanCodec.DecodeError {
                io.report("error: \(path): \(error)\n")
                return 1
            } catch {
                io.report("error: cannot read the plan file \(path): \(error.localizedDescription)\n")
                return 1
            }
        }
        let report: MonitorSync.ApplyReport
        do {
            let provider = try Providers.make(for: spec, context: context)
            report = try await MonitorSync.apply(
                spec: spec, savedPlan: saved, provider: provider, prune: options.prune || spec.monitor.prune,
                readOnlyEnv: spec.monitor.apiKeyEnv,
                announce: { plan in if !options.quiet { io.report(PlanRenderer.text(plan, color: false)) } },
                progress: { result in io.report(progressLine(result)) })
        } catch {
            io.report("error: \(error)\n")
            return 1
        }
        io.report(report.diagnostics)
        if report.blocked {
            io.report("error: the plan has \(report.diagnostics.errorCount) error(s); nothing was sent\n")
            return 1
        }
        io.print(report.sentence + "\n")
        return report.failed > 0 ? 1 : 0
    }

    static func progressLine(_ result: MonitorSync.ActionResult) -> String {
        let action = result.action
        let mark = result.error == nil ? PlanRenderer.mark(action.kind) : "!"
        if let error = result.error {
            return "  \(mark) \(action.kind.rawValue) \(action.slug) failed: \(error)\n"
        }
        return "  \(mark) \(action.kind.rawValue) \(action.slug): \(result.detail)\n"
    }
}
