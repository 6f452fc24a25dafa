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
            var command = try plainCommand(arguments) ?? parseSubcommand(arguments) ?? CronopsCommand.parseAsRoot(arguments)
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

    /// `NAME ARGUMENTS` in the plain form of a command that has one (`PlainArguments`), or nil.
    static func plainCommand(_ arguments: [String]) -> (any ParsableCommand)? {
        switch arguments.first {
        case "validate": ValidateCommand.plain(arguments.dropFirst())
        case "next": NextCommand.plain(arguments.dropFirst())
        default: nil
        }
    }

    /// `NAME ARGUMENTS` parsed by subcommand NAME alone, or nil when it refuses them (an
    /// error, or a request for help or the version), and then the root parses the line again,
    /// so every message is the one it always was. Parsing from the root makes ArgumentParser
    /// reflect over every subcommand's options before it reads one word (about 16 of the 22
    /// million instructions of `cronops next --count 1`); a subcommand alone, only its own.
    /// Right for this tree: subcommands have no subcommands, aliases or parent options.
    static func parseSubcommand(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let name = arguments.first,
              let type = CronopsCommand.configuration.subcommands.first(where: { $0.configuration.commandName == name })
        else { return nil }
        // A request for help comes back as ArgumentParser's HelpCommand, not thrown: the root
        // answers it, as it answers every other refusal, so help has one source.
        guard let command = try? type.parseAsRoot(Array(arguments.dropFirst())), Swift.type(of: command) == type else { return nil }
        return command
    }
}
