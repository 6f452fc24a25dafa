import ArgumentParser
import CronopsCore
import CronopsMonitor
import FoundationEssentials

extension PlanFormat: ExpressibleByArgument {}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        _superCommandName: CronopsCommand.name,
        abstract: "Show what `apply` would change on the monitor (field-level diff).",
        discussion: "Reads the server once (one list call, one channels call). Exit codes: 0 ok, 1 error; with --detailed-exitcode 0 no changes, 2 changes pending.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text, markdown (a PR comment) or json.")
    var format: PlanFormat = .text

    @Option(name: .long, help: ArgumentHelp("Save the plan (with a fingerprint of the server state) for `cronops apply PLAN.json`.", valueName: "PLAN.json"))
    var out: String?

    @Flag(name: .long, help: "Exit 0 when nothing changes, 2 when changes are pending, 1 on errors.")
    var detailedExitcode = false

    @Flag(name: .long, help: "Plan deletions of owned checks no job defines (also monitor.prune).")
    var prune = false

    func run() throws {
        let session = try MonitorSession.open(global)
        let options = PlanRunner.Options(format: format, out: out, detailedExitCode: detailedExitcode, prune: prune, quiet: global.quiet)
        let code = runBlocking { await PlanRunner.run(spec: session.spec, options: options, context: session.context, io: session.io) }
        if code != 0 { throw ExitCode(code) }
    }
}

extension MonitorContext {
    /// The real network, clock and environment; retry notices go to stderr, masked.
    static func live(environment: [String: String], spec: Spec, verbose: Bool) -> MonitorContext {
        var context = MonitorContext(environment: environment, transport: CurlTransport())
        let secret = context.secret(for: spec)
        let write: @Sendable (String) -> Void = { line in Terminal.err("  " + SecretMask.redact(secret?.mask(line) ?? line) + "\n") }
        context.log = write
        context.zones = SystemZones.cachedLoader()
        if verbose { context.trace = write }
        return context
    }
}
