import ArgumentParser
@testable import CronopsCLI
import Foundation
import Testing

/// `CronopsMain.parseSubcommand`: a line parsed by its subcommand alone is the command the
/// root would have parsed; help, the version and every error are left to the root.
@Suite struct SubcommandParseTests {
    /// Everything a parsed command holds (its property wrappers included), as text.
    func dumped(_ command: any ParsableCommand) -> String {
        var text = ""
        dump(command, to: &text)
        return text
    }

    @Test func readsValidLinesAsTheRootDoes() throws {
        let lines: [[String]] = [
            ["validate", "--quiet", "examples/acme"], ["validate", "--format", "json", "--strict", "--config", "x"],
            ["next", "30 2 * * *", "--tz", "Europe/Berlin", "--count", "1"], ["next", "@daily", "--json", "--after", "2027-01-01T00:00:00Z"],
            ["next", "help"], ["validate", "help"], ["crontab", "--host", "web-1"], ["generate", "--out-dir", "dist"], ["plan", "--verbose"],
            ["version"], ["exec", "job", "--slug=s", "--", "true"], ["run", "backup", "--host", "db-1"],
        ]
        for line in lines {
            let fast = try #require(CronopsMain.parseSubcommand(line), "\(line)")
            let root = try CronopsCommand.parseAsRoot(line)
            #expect(type(of: fast) == type(of: root), "\(line)")
            #expect(dumped(fast) == dumped(root), "\(line)")
        }
    }

    @Test func leavesHelpVersionAndErrorsToTheRoot() {
        let lines: [[String]] = [
            [], ["--help"], ["--version"], ["help", "next"], ["nope"], ["next"], ["next", "--help"], ["next", "-h"],
            ["next", "--version"], ["next", "* * * * *", "--count", "x"], ["validate", "--format", "yaml"],
            ["validate", "--generate-completion-script", "bash"], ["exec", "--help"], ["next", "--experimental-dump-help"],
        ]
        for line in lines {
            #expect(CronopsMain.parseSubcommand(line) == nil, "\(line)")
        }
    }
}
