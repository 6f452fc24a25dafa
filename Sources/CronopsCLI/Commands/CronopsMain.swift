import ArgumentParser

/// What a command ends with: its exit status, and what it built, handed back so that
/// `main.swift` can end the process without taking it apart (freeing 10,000 jobs object by
/// object took some 15 ms of `validate`; the kernel takes the memory back at once).
public struct CommandOutcome: Sendable {
    public let status: Int32
    let built: (any Sendable)?

    init(status: Int32, built: (any Sendable)? = nil) {
        self.status = status
        self.built = built
    }
}

/// A command that returns its status instead of ending the process, so that it can run
/// in-process (tests) and only `main.swift` ends the process.
protocol StatusCommand: ParsableCommand {
    func execute() throws -> CommandOutcome
}

extension StatusCommand {
    func run() throws {
        let outcome = try execute()
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }
}

/// The process's entry: parse, run, and return the exit status; never `exit()`s.
public enum CronopsMain {
    public static func run(_ arguments: [String]) -> CommandOutcome {
        // What cron runs on every tick skips ArgumentParser when the line is in the plain form
        // the generators write (`ExecArguments` says why and which lines).
        if arguments.first == "exec", let flags = ExecArguments.parse(arguments.dropFirst()) {
            return CommandOutcome(status: ExecCommand.execute(flags))
        }
        do {
            var command = try CronopsCommand.parseAsRoot(arguments)
            if let command = command as? any StatusCommand { return try command.execute() }
            try command.run()
            return CommandOutcome(status: 0)
        } catch {
            // What ArgumentParser's own `exit(withError:)` prints: help and --version to stdout,
            // usage errors to stderr; an `ExitCode` thrown by a command prints nothing.
            let code = CronopsCommand.exitCode(for: error)
            let text = CronopsCommand.fullMessage(for: error)
            if !text.isEmpty {
                if code.isSuccess { Terminal.out(text + "\n") } else { Terminal.err(text + "\n") }
            }
            return CommandOutcome(status: code.rawValue)
        }
    }
}
