import ArgumentParser
import CronopsCore
import FoundationEssentials

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        _superCommandName: CronopsCommand.name,
        abstract: "Write every host's artifacts under DIR/<host>/: a crontab fragment, systemd units or Kubernetes CronJobs.",
        discussion: """
        A cron host gets the fragment `cronops crontab` writes (cronops-<project>-<host>). A \
        systemd host gets cronops-<project>-<job>.service and .timer for each of its jobs, and \
        units.txt listing them, so a deploy script can remove the units of jobs that are gone. A \
        kubernetes host gets a batch/v1 CronJob (<project>-<job>.yaml) for each of its jobs and a \
        kustomization.yaml listing them (kubectl apply -k DIR/<host>). \
        --host NAME (repeatable) limits the output to those hosts. Each file is written \
        atomically, and nothing is written unless the repository and every unit are valid. \
        Output is deterministic.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Directory to write into (must exist).", valueName: "dir"))
    var outDir: String

    @Option(name: .long, help: ArgumentHelp("Only this host (repeatable).", valueName: "name"))
    var host: [String] = []

    @Option(name: .customLong("ping-key-file"),
            help: ArgumentHelp("Where the wrapper reads the ping key on the hosts (default /etc/cronops/<project>.ping-key).", valueName: "path"))
    var pingKeyFile: String?

    func run() throws {
        let (spec, sources) = try global.loadValidRepository()
        let options = CrontabOptions.here(spec: spec, zones: SystemZones.cachedLoader(), pingKeyFile: pingKeyFile)
        let outcome = GenerateRun(spec: spec, options: options).run(outDir: outDir, hosts: host.isEmpty ? nil : host)
        global.report(outcome.diagnostics, sources: sources)
        if outcome.diagnostics.hasErrors {
            Terminal.err("cronops generate: nothing was written\n")
            throw ExitCode.failure
        }
        if !global.quiet {
            for path in outcome.written { Terminal.err("wrote \(path)\n") }
        }
    }
}
