import CronopsCore
import CronopsFiles
import CronopsMonitor
import FoundationEssentials

/// `cronops apply` once the spec is loaded: read the saved plan (if any), apply with progress
/// per action on stderr, then a summary on stdout; exit 1 unless every change was made.
enum ApplyRunner {
    struct Options: Sendable {
        var planFile: String?
        var prune = false
        /// Leave out the plan printed before applying (progress and the summary stay).
        var quiet = false
        /// List every change not attempted, not only the first `shownNotAttempted`.
        var verbose = false
    }

    /// How many not-attempted changes are listed without --verbose.
    static let shownNotAttempted = 10

    static func run(spec: Spec, options: Options, context: MonitorContext, io: MonitorIO) async -> Int32 {
        var saved: Plan?
        if let path = options.planFile {
            let bytes: [UInt8]
            switch FileReader.read(path, limit: Int.max - 1) {
            case let .success(read): bytes = read
            case let .failure(failure):
                io.report("error: cannot read the plan file \(path): \(failure.reason)\n")
                return 1
            }
            do {
                saved = try PlanCodec.decode(Data(bytes))
            } catch {
                io.report("error: \(path): \(error)\n")
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
            // The message may quote the server: show its control characters, do not send them.
            io.report("error: \(Escaping.plainText("\(error)"))\n")
            return 1
        }
        io.report(report.diagnostics)
        if report.blocked {
            io.report("error: the plan has \(report.diagnostics.errorCount) error(s); nothing was sent\n")
            return 1
        }
        io.report(notAttemptedLines(report.notAttempted, all: options.verbose))
        io.print(report.sentence + "\n")
        return report.complete ? 0 : 1
    }

    /// Slugs and messages come from the repository and the server: control characters are
    /// shown, not sent to the terminal.
    static func progressLine(_ result: MonitorSync.ActionResult) -> String {
        let action = result.action
        let slug = Escaping.plainText(action.slug)
        switch result.outcome {
        case .done(let detail):
            return "  \(PlanRenderer.mark(action.kind)) \(action.kind.rawValue) \(slug): \(Escaping.plainText(detail))\n"
        case .failed(let error):
            return "  ! \(action.kind.rawValue) \(slug) failed: \(Escaping.plainText(error))\n"
        case .notAttempted:
            return "  ? \(action.kind.rawValue) \(slug): not attempted\n"
        }
    }

    /// The changes a stopped apply did not send, in plan order: the first few, or all.
    static func notAttemptedLines(_ actions: [PlanAction], all: Bool) -> String {
        let shown = all ? actions : Array(actions.prefix(shownNotAttempted))
        var out = shown.map { progressLine(MonitorSync.ActionResult(action: $0, outcome: .notAttempted)) }.joined()
        if shown.count < actions.count {
            out += "  ... and \(actions.count - shown.count) more not attempted (--verbose lists them all)\n"
        }
        return out
    }
}
