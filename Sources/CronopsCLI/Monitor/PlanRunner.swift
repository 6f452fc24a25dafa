import CronopsCore
import CronopsFiles
import CronopsMonitor
import FoundationEssentials

/// `cronops plan` once the spec is loaded: fetch, diff, render, save, exit code.
enum PlanRunner {
    struct Options: Sendable {
        var format: PlanFormat = .text
        var out: String?
        var detailedExitCode = false
        var prune = false
        var quiet = false
    }

    static func run(spec: Spec, options: Options, context: MonitorContext, io: MonitorIO) async -> Int32 {
        let outcome: MonitorSync.PlanOutcome
        do {
            let provider = try Providers.make(for: spec, context: context)
            outcome = try await MonitorSync.plan(spec: spec, provider: provider, prune: options.prune || spec.monitor.prune)
        } catch {
            // The message may quote the server: show its control characters, do not send them.
            io.report("error: \(Escaping.plainText("\(error)"))\n")
            return 1
        }
        io.report(outcome.diagnostics)
        if outcome.diagnostics.hasErrors {
            io.report("error: the plan has \(outcome.diagnostics.errorCount) error(s); nothing can be applied until they are fixed\n")
            return 1
        }
        let plan = outcome.plan
        if let path = options.out {
            do {
                try AtomicFile.write(bytes: Array(PlanCodec.encode(plan)) + [0x0a], to: path)
            } catch {
                io.report("error: cannot write the plan to \(path): \(error.reason)\n")
                return 1
            }
        }
        io.print(PlanRenderer.render(plan, as: options.format, color: io.color && options.format == .text))
        if let path = options.out, options.format != .json, !options.quiet {
            io.report("Saved the plan to \(path); apply it with `cronops apply \(path)`.\n")
        }
        return options.detailedExitCode && plan.hasChanges ? 2 : 0
    }
}
