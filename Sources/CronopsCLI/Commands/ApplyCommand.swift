import ArgumentParser
import CronopsCore
import CronopsMonitor
import FoundationEssentials

struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        _superCommandName: CronopsCommand.name,
        abstract: "Make the monitor match the repository: owned checks only, rate-limited, retried, idempotent.",
        discussion: "Without PLAN.json it plans and applies in one go; with one it refuses a stale plan. Exit 1 if any change failed or was not attempted because the monitor stopped answering (run again to converge).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A plan saved with `cronops plan --out`.", valueName: "PLAN.json"))
    var planFile: String?

    @Flag(name: .long, help: "Delete owned checks that no job defines any more (also monitor.prune).")
    var prune = false

    func run() throws {
        let session = try MonitorSession.open(global, colorOut: false)
        let options = ApplyRunner.Options(planFile: planFile, prune: prune, quiet: global.quiet, verbose: global.verbose)
        let code = runBlocking { await ApplyRunner.run(spec: session.spec, options: options, context: session.context, io: session.io) }
        if code != 0 { throw ExitCode(code) }
    }
}
