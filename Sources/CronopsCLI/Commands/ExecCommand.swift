import ArgumentParser

/// SEAM: replaced by the issue that builds `cronops exec`.
struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "(not built yet)")

    func run() throws {
        Terminal.err("cronops exec is not built yet\n")
        throw ExitCode.failure
    }
}
