import ArgumentParser

public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// Options every command that reads the repository takes.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("cronops.yaml, or the directory that holds it.", valueName: "path"))
    public var config: String?

    @Option(name: .long, help: "Colour on a terminal: auto, always or never (NO_COLOR is honoured).")
    public var color: ColorChoice = .auto

    @Flag(name: .long, help: "Print only errors and results.")
    public var quiet = false

    @Flag(name: .long, help: "Print more about what is being done (secrets stay masked).")
    public var verbose = false

    public init() {}
}
