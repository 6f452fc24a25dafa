import ArgumentParser

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check the repository offline and print every problem.")

    func run() throws {
        Terminal.err("cronops validate is not built yet\n")
        throw ExitCode.failure
    }
}
