import ArgumentParser

/// SEAM: replaced by the issue that builds `cronops apply`.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "(not built yet)")

    func run() throws {
        Terminal.err("cronops apply is not built yet\n")
        throw ExitCode.failure
    }
}
