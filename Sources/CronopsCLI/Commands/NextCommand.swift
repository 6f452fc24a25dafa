import ArgumentParser

/// SEAM: replaced by the issue that builds `cronops next`.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "next", abstract: "(not built yet)")

    func run() throws {
        Terminal.err("cronops next is not built yet\n")
        throw ExitCode.failure
    }
}
