import ArgumentParser

/// SEAM: replaced by the issue that builds `cronops plan`.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "(not built yet)")

    func run() throws {
        Terminal.err("cronops plan is not built yet\n")
        throw ExitCode.failure
    }
}
