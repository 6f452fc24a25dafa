import ArgumentParser
import CronopsCore
import CronopsMonitor
import FoundationEssentials

extension StatusFormat: ExpressibleByArgument {}

/// `cronops status`: how every job is doing, from the monitor's point of view.
struct HealthStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        _superCommandName: CronopsCommand.name,
        abstract: "Show how every job is doing: up, running, late, down, paused, never ran, missing, not owned.",
        discussion: """
        The first line says what is wrong, if anything ("14 up, 1 down: invoice-processor \
        failed 'sent == generated' 3 h ago"). Then one line per job (per host for a per-host \
        check): its state, when it last ran (in the job's zone, and how long ago), how long it \
        took, when it runs next; under a failed job, the rules that failed and its exit status.

        Down means the last run failed or no run arrived within the grace; late means a run \
        is overdue but still within its grace; missing means the check does not exist on the \
        monitor (run `cronops apply`); not owned means a check with the job's slug exists but \
        is not this project's.

        Healthchecks: one list call, then for failing checks only (at most \
        --max-failure-bodies, newest first) their ping log and the body of the last failure. \
        A read-only API key is enough to see every state, but not why a job failed.

        Exit codes: 0 read fine, 1 error (nothing written). With --detailed-exitcode: 0 all \
        healthy, 2 something late, down or missing, 1 error: page on 2 from a scheduled CI job.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "text (default), json (stable, docs/status.md), markdown or html (one self-contained page).")
    var format: StatusFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write the report to this file (atomically) instead of stdout.", valueName: "file"))
    var out: String?

    @Flag(name: .long, help: "Exit 2 when something is late, down or missing (0 all healthy, 1 error).")
    var detailedExitcode = false

    @Option(name: .long, help: ArgumentHelp("Only the jobs on this host (repeat for several).", valueName: "name"))
    var host: [String] = []

    @Option(name: .customLong("max-failure-bodies"), help: ArgumentHelp("Read why at most this many failing checks failed (two requests each).", valueName: "n"))
    var maxFailureBodies = 20

    func validate() throws {
        guard (0...1000).contains(maxFailureBodies) else { throw ValidationError("--max-failure-bodies must be between 0 and 1000") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var now = Date()
        if let text = environment[StatusRunner.nowHook] {
            guard let date = InstantText.date(utc: text) else {
                Terminal.err("cronops status: \(StatusRunner.nowHook)='\(text)' is not an ISO-8601 instant such as 2026-11-27T16:00:00Z\n")
                throw ExitCode.failure
            }
            now = date
        }
        let session = try MonitorSession.open(global)
        let options = StatusRunner.Options(format: format, out: out, detailedExitCode: detailedExitcode, hosts: host,
                                           maxFailureBodies: maxFailureBodies, quiet: global.quiet)
        let code = runBlocking { [now] in
            await StatusRunner.run(spec: session.spec, options: options, context: session.context, io: session.io, now: now)
        }
        if code != 0 { throw ExitCode(code) }
    }
}
