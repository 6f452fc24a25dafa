import ArgumentParser
@testable import CronopsCLI
import Foundation

/// What ArgumentParser itself lists for a subcommand (its tool-info dump): each long option
/// with its kind, and how many positional arguments. The fast paths (`ExecArguments`,
/// `PlainParsable`) are checked against it, so an option added to a command cannot silently
/// send its lines the slow way, nor be read wrongly.
struct ArgumentParserDump {
    struct Option: Equatable {
        var flag: Bool
        var repeating: Bool
    }

    var options: [String: Option] = [:]
    var positionals = 0

    init(_ subcommand: String) throws {
        var dump = ""
        do {
            _ = try CronopsCommand.parseAsRoot([subcommand, "--experimental-dump-help"])
        } catch {
            dump = CronopsCommand.fullMessage(for: error)
        }
        guard let root = try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any],
              let tool = root["command"] as? [String: Any],
              let command = Self.find(subcommand, in: tool),
              let arguments = command["arguments"] as? [[String: Any]]
        else { throw Unreadable(dump: String(dump.prefix(300))) }
        for argument in arguments {
            let kind = argument["kind"] as? String
            if kind == "positional" {
                positionals += 1
                continue
            }
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { name -> String? in
                name["kind"] as? String == "long" ? "--" + (name["name"] as? String ?? "") : nil
            }
            // ArgumentParser's own flags, always left to it.
            for name in names where name != "--help" && name != "--version" {
                options[name] = Option(flag: kind == "flag", repeating: argument["isRepeating"] as? Bool ?? false)
            }
        }
    }

    struct Unreadable: Error {
        var dump: String
    }

    private static func find(_ name: String, in command: [String: Any]) -> [String: Any]? {
        if command["commandName"] as? String == name { return command }
        return (command["subcommands"] as? [[String: Any]] ?? []).lazy.compactMap { find(name, in: $0) }.first
    }
}

extension PlainArguments.Kind {
    var dumped: ArgumentParserDump.Option {
        ArgumentParserDump.Option(flag: self == .flag, repeating: self == .repeating)
    }
}
