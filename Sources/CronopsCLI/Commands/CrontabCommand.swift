import ArgumentParser
import CronopsCore
import FoundationEssentials

struct CrontabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crontab",
        _superCommandName: CronopsCommand.name,
        abstract: "Write the crontab or cron.d fragment of each host; every line calls `cronops exec`.",
        discussion: """
        --host NAME prints one host's fragment on stdout. --all --out-dir DIR writes one file per \
        host (cronops-<project>-<host>, a name /etc/cron.d accepts), each atomically, and only \
        when the repository and every job line are valid. --host NAME --merge FILE replaces the \
        block between '# BEGIN cronops <project>' and '# END cronops <project>' in a user \
        crontab (appending it when absent) and keeps every other byte. Output is deterministic.
        The wrapper reads the ping key from --ping-key-file (default /etc/cronops/<project>.ping-key).
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Print (or merge) this host's fragment.", valueName: "name"))
    var host: String?

    @Flag(name: .long, help: "Write every host's fragment (needs --out-dir).")
    var all = false

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Directory for --all.", valueName: "dir"))
    var outDir: String?

    @Option(name: .long, help: ArgumentHelp("User crontab file to update in place (with --host).", valueName: "file"))
    var merge: String?

    @Option(name: .customLong("ping-key-file"),
            help: ArgumentHelp("Where the wrapper reads the ping key on the hosts (default /etc/cronops/<project>.ping-key).", valueName: "path"))
    var pingKeyFile: String?

    func validate() throws {
        if all == (host != nil) { throw ValidationError("give either --host NAME or --all --out-dir DIR") }
        if all, outDir == nil { throw ValidationError("--all needs --out-dir DIR") }
        if !all, outDir != nil { throw ValidationError("--out-dir goes with --all") }
        if merge != nil, all { throw ValidationError("--merge works on one host: use --host NAME --merge FILE") }
    }

    func run() throws {
        let (spec, sources) = try global.loadValidRepository()
        let target: CrontabTarget
        if let host, let merge {
            target = .merge(host: host, file: merge)
        } else if let host {
            target = .stdout(host: host)
        } else {
            target = .directory(outDir ?? ".")
        }
        let options = CrontabOptions.here(spec: spec, zones: SystemZones.cachedLoader(), pingKeyFile: pingKeyFile)
        let outcome = CrontabRun(spec: spec, options: options).run(target)
        global.report(outcome.diagnostics, sources: sources)
        if outcome.diagnostics.hasErrors {
            Terminal.err("cronops crontab: nothing was written\n")
            throw ExitCode.failure
        }
        Terminal.out(outcome.stdout)
        if !global.quiet {
            for path in outcome.written { Terminal.err("wrote \(path)\n") }
        }
    }
}
