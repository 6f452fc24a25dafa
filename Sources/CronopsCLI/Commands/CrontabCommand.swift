import ArgumentParser

/// SEAM: replaced by the issue that builds `cronops crontab`.
struct CrontabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "crontab", abstract: "(not built yet)")

    func run() throws {
        Terminal.err("cronops crontab is not built yet\n")
        throw ExitCode.failure
    }
}
