import ArgumentParser
@testable import CronopsCLI
import CronopsTestSupport
import Foundation
import Testing

/// `PlainParsable`: `validate` and `next` lines in the plain form are built without
/// ArgumentParser. The fast path knows every option each command declares, builds exactly the
/// command the root would parse (property wrappers included), and leaves everything else
/// (help, errors, unusual forms, values that do not read or validate) to ArgumentParser.
@Suite struct PlainArgumentsTests {
    static let commands: [(name: String, type: any PlainParsable.Type)] = [("validate", ValidateCommand.self), ("next", NextCommand.self)]

    /// Everything a parsed command holds, as text.
    func dumped(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    /// The fast path's command and the root's for one line: equal, or both refuse.
    func expectSameAsRoot(_ line: [String], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = CronopsMain.plainCommand(line) else { return false }
        guard let root = try? CronopsCommand.parseAsRoot(line) else {
            Issue.record("the fast path read \(line), ArgumentParser refuses it", sourceLocation: sourceLocation)
            return true
        }
        #expect(type(of: fast) == type(of: root), "\(line)", sourceLocation: sourceLocation)
        #expect(dumped(fast) == dumped(root), "\(line)", sourceLocation: sourceLocation)
        return true
    }

    @Test func knowsEveryOptionEachCommandDeclares() throws {
        for (name, type) in Self.commands {
            let dump = try ArgumentParserDump(name)
            #expect(dump.options == type.plainOptions.mapValues(\.dumped), "\(name)")
            #expect(dump.positionals == type.plainPositionals, "\(name)")
        }
    }

    @Test func readsPlainLinesAsTheRootDoes() {
        let lines: [[String]] = [
            ["validate"], ["validate", "examples/acme"], ["validate", "--quiet", "examples/acme"],
            ["validate", "--format", "json", "--strict", "--config", "x"], ["validate", "--color", "never", "--verbose", "--format", "github"],
            ["validate", "help"],
            ["next", "30 2 * * *", "--tz", "Europe/Berlin", "--count", "1"], ["next", "@daily", "--json", "--after", "2027-01-01T00:00:00Z"],
            ["next", "--job", "backup", "--host", "db-1", "--config", "examples/acme"], ["next", "* * * * *", "--count", "007"],
            ["next", "*/5 * * * *", "--throughput", "--count", "100000", "--quiet", "--color", "always"], ["next", "help"],
        ]
        for line in lines {
            #expect(expectSameAsRoot(line), "\(line) took the slow path")
        }
    }

    @Test func leavesEveryOtherLineToArgumentParser() {
        let lines: [[String]] = [
            ["validate", "--help"], ["validate", "-h"], ["validate", "--version"], ["validate", "--format", "yaml"],
            ["validate", "--format=json"], ["validate", "a", "b"], ["validate", "--strict", "--strict"], ["validate", "--config"],
            ["validate", "--config", ""], ["validate", "--config", "-x"], ["validate", "--color", "blue"], ["validate", ""],
            ["validate", "--generate-completion-script", "bash"], ["validate", "--", "x"], ["validate", "--experimental-dump-help"],
            ["next"], ["next", "* * * * *", "--job", "j"], ["next", "--host", "h", "* * * * *"], ["next", "--job", "j", "--tz", "UTC"],
            ["next", "* * * * *", "--count", "0"], ["next", "* * * * *", "--count", "100001"], ["next", "* * * * *", "--count", "+3"],
            ["next", "* * * * *", "--count", "x"], ["next", "* * * * *", "--count", "-1"], ["next", "-5 * * * *"],
            ["next", "* * * * *", "--nope"], ["next", "--help"], ["plan"], ["exec", "j", "--", "true"], [],
        ]
        for line in lines {
            #expect(CronopsMain.plainCommand(line) == nil, "\(line)")
        }
    }

    /// A differential check over random lines: whatever the fast path builds, ArgumentParser
    /// builds identically.
    @Test func agreesWithArgumentParserOnRandomLines() {
        var random = SeededRandom(seed: 0x9_1A1)
        let odd = ["--help", "-h", "--version", "--nope", "--count=3", "--", "", "-", "help", "-q"]
        let values = ["x", "help", "3", "007", "-1", "+2", "0", "100001", "json", "github", "text", "yaml", "never", "always",
                      "auto", "", "-", "a b", "30 2 * * *", "@daily", "Europe/Berlin", "2027-01-01T00:00:00Z", "ü"]
        var accepted = 0
        for _ in 0..<1_500 {
            let (name, type) = Self.commands[random.below(Self.commands.count)]
            var lines = RandomArgumentLines(random: random, names: Array(type.plainOptions.keys).sorted(), values: values, odd: odd)
            let line = [name] + lines.words()
            random = lines.random
            if expectSameAsRoot(line) { accepted += 1 }
        }
        #expect(accepted > 150, "too few random lines took the fast path to compare")
    }

    @Test func theReaderKeepsRepeatedValuesInOrderAndTheCommandAfterTheSeparator() throws {
        let words = try #require(PlainArguments.read(["a", "--env", "X=1", "--flag", "--env", "Y=2", "--", "run", "--flag"],
                                                     options: ["--env": .repeating, "--flag": .flag], positionals: 1, takesCommand: true))
        #expect(words.positionals == ["a"])
        #expect(words.values["--env"] == ["X=1", "Y=2"])
        #expect(words.has("--flag"))
        #expect(words.command == ["run", "--flag"])
        #expect(PlainArguments.read(["--", "x"], options: [:], positionals: 0, takesCommand: false) == nil)
    }
}
