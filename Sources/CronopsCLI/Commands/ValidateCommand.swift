import ArgumentParser
import CronopsCore
import FoundationEssentials

struct ValidateCommand: StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        _superCommandName: CronopsCommand.name,
        abstract: "Check the repository offline and print every problem at once.",
        discussion: """
        Reads cronops.yaml and every job file below its 'jobs:' directories and reports each \
        problem with file:line:col. Writes nothing. Exits 1 when there are errors (or warnings \
        with --strict), 0 otherwise.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("cronops.yaml or its directory (same as --config).", valueName: "path"))
    var path: String?

    @Option(name: .long, help: "text (source line and caret, on stderr), json or github (workflow annotations), on stdout.")
    var format: DiagnosticFormat = .text

    @Flag(name: .long, help: "Fail on warnings too.")
    var strict = false

    func execute() -> CommandOutcome {
        let loaded = RepositoryLoader().load(config: path ?? global.config)
        var diagnostics = loaded.diagnostics
        if let spec = loaded.spec {
            diagnostics.append(contentsOf: Lints.run(spec))
        }
        let shown = diagnostics.sorted.filter { !global.quiet || $0.severity == .error }
        let environment = ProcessInfo.processInfo.environment
        switch format {
        case .text:
            let renderer = DiagnosticRenderer(sources: loaded.sources, color: Terminal.useColor(global.color, environment: environment))
            Terminal.err(renderer.render(shown, format: .text))
            if !global.quiet { Terminal.err(summary(loaded, diagnostics)) }
        case .json, .github:
            Terminal.out(DiagnosticRenderer(sources: loaded.sources).render(shown, format: format))
        }
        // What was built (every file's text, every job) goes back with the status, so that
        // main.swift can end the process without taking it apart.
        return CommandOutcome(status: diagnostics.isFatal(strict: strict) ? 1 : 0, built: loaded)
    }

    func summary(_ loaded: CompiledRepository, _ diagnostics: Diagnostics) -> String {
        let errors = diagnostics.errorCount, warnings = diagnostics.warningCount
        let files = "\(loaded.jobFileCount) job file\(loaded.jobFileCount == 1 ? "" : "s")"
        if errors == 0 && warnings == 0, let spec = loaded.spec {
            return "ok: \(spec.jobs.count) job\(spec.jobs.count == 1 ? "" : "s") in \(files), no problems\n"
        }
        let e = "\(errors) error\(errors == 1 ? "" : "s")", w = "\(warnings) warning\(warnings == 1 ? "" : "s")"
        return "\(e), \(w) in \(files)\(strict && warnings > 0 ? " (--strict: warnings fail)" : "")\n"
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

/// What CI and editors run on every change skips ArgumentParser (`PlainArguments` says why).
extension ValidateCommand: PlainParsable {
    static let plainOptions = GlobalOptions.plainOptions.merging(["--format": .single, "--strict": .flag]) { $1 }
    static let plainPositionals = 1

    static func make(_ words: PlainArguments) -> ValidateCommand? {
        guard let global = GlobalOptions(words),
              case let .some(format) = words.value("--format", as: DiagnosticFormat.init(rawValue:))
        else { return nil }
        var command = ValidateCommand()
        command.global = global
        command.path = words.positionals.first
        command.format = format ?? .text
        command.strict = words.has("--strict")
        return command
    }
}
