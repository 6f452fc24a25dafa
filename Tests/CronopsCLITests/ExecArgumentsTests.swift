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
        let dump = try ArgumentParserDump("exec")
        #expect(dump.options.count > 20, "the dump lists exec's options")
        #expect(dump.options == ExecArguments.Field.byName.mapValues(\.kind.dumped))
        #expect(dump.positionals == 2, "the job and the command after --")
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
        var lines = RandomArgumentLines(
            random: SeededRandom(seed: 0x5EED_14), names: ExecArguments.Field.allCases.map(\.name),
            values: ["job", "help", "exec", "3", "007", "-1", "+2", "wait", "skip", "allow", "never", "", "-", "--",
                     "a b", "x=y", "30 2 * * *", "ü", "2h", "1.5", "99999999999"],
            odd: ["--help", "-h", "--version", "--nope", "--slug=x", "--", "", "-", "help", "job"])
        var accepted = 0
        for _ in 0..<1_200 {
            var line: [String] = lines.random.below(4) == 0 ? [] : [lines.pick(["job", "nightly-backup", "help", "exec"])]
            line += lines.words()
            if lines.random.below(3) > 0 { line += ["--", lines.pick(lines.values), lines.pick(lines.odd)] }
            guard let fast = ExecArguments.parse(line[...]) else { continue }
            accepted += 1
            #expect(fast == viaArgumentParser(line), "\(line)")
        }
        #expect(accepted > 150, "too few random lines took the fast path to compare")
    }
}
