import ArgumentParser
import CronopsCore

/// The root command only lists the subcommands; each lives in its own file.
public struct CronopsCommand: ParsableCommand {
    /// Also each subcommand's `_superCommandName`: when `CronopsMain.parseSubcommand` parses a
    /// subcommand alone, that names it `cronops NAME` and spares it ArgumentParser's check for
    /// `--generate-completion-script` (which parses two more commands: 5.4 of the 10 million
    /// instructions of parsing `validate`, callgrind). Under the root it changes nothing:
    /// ArgumentParser reads it from the first command of the stack only.
    static let name = "cronops"

    public static let configuration = CommandConfiguration(
        commandName: name,
        abstract: "Git-ops compiler for scheduled jobs: one YAML record per job drives its crontab line and its monitor.",
        discussion: """
        Exit codes: 0 success, 1 errors (invalid repository, failed API call), 2 only with \
        `plan --detailed-exitcode` when changes are pending, or `status --detailed-exitcode` \
        when a job is late, down or missing. Diagnostics and progress go to \
        stderr, results to stdout.
        """,
        version: CronopsVersion.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, CrontabCommand.self, GenerateCommand.self,
            HealthStatusCommand.self, ExecCommand.self, RunCommand.self, NextCommand.self, ImportCommand.self, VersionCommand.self,
        ]
    )

    public init() {}
}
