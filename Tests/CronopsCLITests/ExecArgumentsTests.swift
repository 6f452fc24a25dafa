import ArgumentParser
@testable import CronopsCLI
import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// `ExecArguments`, the fast path that reads `cronops exec` lines without ArgumentParser: it
/// knows every option `ExecCommand` declares, reads whatever it accepts exactly as
/// ArgumentParser does, and leaves everything else (help, errors, unusual forms) to it.
@Suite struct ExecArgumentsTests {
    /// What ArgumentParser makes of `exec ARGUMENTS`: the flags, or nil when it refuses them
    /// (or answers with help).
    func viaArgumentParser(_ arguments: [String]) -> ExecFlags? {
        guard let command = try? CronopsCommand.parseAsRoot(["exec"] + arguments) else { return nil }
        return (command as? ExecCommand)?.flags
    }

    /// The names and kinds ArgumentParser itself lists for `exec` (its tool-info dump) are the
    /// fast path's, so an option added to `ExecCommand` cannot silently send every cron line
    /// the slow way (nor be read wrongly).
    @Test func knowsEveryOptionExecCommandDeclares() throws {
        var dump = ""
        do {
            _ = try CronopsCommand.parseAsRoot(["exec", "--experimental-dump-help"])
        } catch {
            dump = CronopsCommand.fullMessage(for: error)
        }
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])
        func find(_ command: [String: Any]) -> [String: Any]? {
            if command["commandName"] as? String == "exec" { return command }
            return (command["subcommands"] as? [[String: Any]] ?? []).lazy.compactMap(find).first
        }
        let tool = try #require(root["command"] as? [String: Any])
        let exec = try #require(find(tool))
        var options: [String: (flag: Bool, repeating: Bool)] = [:]
        for argument in try #require(exec["arguments"] as? [[String: Any]]) {
            let kind = argument["kind"] as? String
            guard kind != "positional" else { continue }
            let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { name -> String? in
                name["kind"] as? String == "long" ? "--" + (name["name"] as? String ?? "") : nil
            }
            // ArgumentParser's own flags, always left to it.
            for name in names where name != "--help" && name != "--version" {
                options[name] = (kind == "flag", argument["isRepeating"] as? Bool ?? false)
            }
        }
        #expect(options.count > 20, "the dump lists exec's options: \(dump.prefix(300))")
        #expect(Set(options.keys) == Set(ExecArguments.Field.allCases.map(\.name)))
        for field in ExecArguments.Field.allCases {
            #expect(options[field.name]?.flag == field.isFlag, "\(field.name)")
            #expect(options[field.name]?.repeating == field.repeatable, "\(field.name)")
        }
    }

    /// Every option, alone and all together, in the form `WrapperInvocation` writes.
    @Test func readsEveryOptionAsArgumentParserDoes() throws {
        func value(_ field: ExecArguments.Field) -> String {
            switch field {
            case .overlap: "wait"
            case .expectExit, .tolerate, .retry: "3"
            case .env: "TZ=UTC"
            case .onlyAt: "30 2 * * *"
            default: "value of \(field.name)"
            }
        }
        var all: [String] = ["nightly"]
        for field in ExecArguments.Field.allCases {
            let words = field.isFlag ? [field.name] : [field.name, value(field)]
            all += words
            if field.repeatable { all += words }
            let line = ["nightly"] + words + ["--", "echo hi"]
            let fast = try #require(ExecArguments.parse(line[...]), "\(line)")
            #expect(fast == viaArgumentParser(line), "\(line)")
        }
        let line = all + ["--", "run.sh", "--help", "-x", ""]
        let fast = try #require(ExecArguments.parse(line[...]))
        #expect(fast == viaArgumentParser(line))
        #expect(fast.command == ["run.sh", "--help", "-x", ""])
        #expect(fast.expectExit == [3, 3] && fast.overlap == .wait && fast.manual && fast.stderrEmpty)
        // The job may come after options, and the command may be missing (ExecSettings says so).
        for line in [["--slug", "s", "job", "--", "true"], ["job"], ["job", "--"], ["help", "--", "true"]] {
            let fast = try #require(ExecArguments.parse(line[...]), "\(line)")
            #expect(fast == viaArgumentParser(line), "\(line)")
        }
    }

    /// Lines the fast path leaves to ArgumentParser: help, errors and the forms it does not read.
    @Test func leavesEveryOtherLineToArgumentParser() {
        let lines: [[String]] = [
            [], ["--help"], ["-h"], ["job", "--help", "--", "true"], ["--version"], ["job", "--experimental-dump-help"],
            ["job", "--slug=s", "--", "true"], ["job", "--slug", "-s", "--", "true"], ["job", "--slug"], ["job", "--slug", ""],
            ["job", "--tolerate", "-1"], ["job", "--tolerate", "+1"], ["job", "--tolerate", "x"], ["job", "--retry", "1.5"],
            ["job", "--expect-exit", "99999999999"], ["job", "--overlap", "never"], ["job", "--slug", "a", "--slug", "b"],
            ["job", "--manual", "--manual"], ["job", "--nope", "--", "true"], ["job", "-x"], ["job", "other", "--", "true"],
            ["", "--", "true"], ["--", "true"],
        ]
        for line in lines {
            #expect(ExecArguments.parse(line[...]) == nil, "\(line)")
        }
    }

    /// A differential check over random lines built from names, values and oddities: whatever
    /// the fast path accepts, ArgumentParser accepts too and reads identically.
    @Test func agreesWithArgumentParserOnRandomLines() {
        var random = SeededRandom(seed: 0x5EED_14)
        let names = ExecArguments.Field.allCases.map(\.name)
        let odd = ["--help", "-h", "--version", "--nope", "--slug=x", "--", "", "-", "help", "job"]
        let values = ["job", "help", "exec", "3", "007", "-1", "+2", "wait", "skip", "allow", "never", "", "-", "--",
                      "a b", "x=y", "30 2 * * *", "ü", "2h", "1.5", "99999999999"]
        func pick(_ words: [String]) -> String { words[random.below(words.count)] }
        var accepted = 0
        for _ in 0..<1_200 {
            var line: [String] = random.below(4) == 0 ? [] : [pick(["job", "nightly-backup", "help", "exec"])]
            for _ in 0..<random.below(6) {
                switch random.below(10) {
                case 0: line.append(pick(odd))
                case 1: line.append(pick(values))
                case 2: line.append(pick(names))
                default: line += [pick(names), pick(values)]
                }
            }
            if random.below(3) > 0 { line += ["--", pick(values), pick(odd)] }
            guard let fast = ExecArguments.parse(line[...]) else { continue }
            accepted += 1
            #expect(fast == viaArgumentParser(line), "\(line)")
        }
        #expect(accepted > 150, "too few random lines took the fast path to compare")
    }
}
