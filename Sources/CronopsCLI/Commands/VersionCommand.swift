import ArgumentParser
import FoundationEssentials

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        _superCommandName: CronopsCommand.name,
        abstract: "Print the version of cronops (also `cronops --version`).",
        discussion: "--json prints {\"swift\", \"target\", \"version\"} for scripts and bug reports.")

    @Flag(name: .long, help: "Print the version, the Swift compiler and the target as JSON.")
    var json = false

    struct Info: Encodable {
        var version = CronopsVersion.current
        var swift = CronopsVersion.swift
        var target = CronopsVersion.target
    }

    func run() throws {
        guard json else { return Terminal.out(CronopsVersion.current + "\n") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        Terminal.out(String(decoding: try encoder.encode(Info()), as: UTF8.self) + "\n")
    }
}
