import ArgumentParser
import CronopsCore

/// The root command only lists the subcommands; each lives in its own file.
public struct CronopsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cronops",
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
