import ArgumentParser
import CronopsCore
import CronopsMonitor
import Foundation

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the monitor match the repository: owned checks only, rate-limited, retried, idempotent.",
        discussion: "Without PLAN.json it plans and applies in one go; with one it refuses a stale plan. Exit 1 if any change failed (run again to converge).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A plan saved with `cronops plan --out`.", valueName: "PLAN.json"))
    var planFile: String?

    @Flag(name: .long, help: "Delete owned checks that no job defines any more (also monitor.prune).")
    var prune = false

    func run() throws {
        let spec = try global.loadValidSpec()
        let environment = ProcessInfo.processInfo.environment
        let context = MonitorContext.live(environment: environment, spec: spec, verbose: global.verbose)
        let io = MonitorIO.terminal(color: false, secret: context.secret(for: spec))
        let options = ApplyRunner.Options(planFile: planFile, prune: prune, quiet: global.quiet)
        let code = runBlocking { await ApplyRunner.run(spec: spec, options: options, context: context, io: io) }
        if code != 0 { throw ExitCode(code) }
    }
}
