import CronopsCLI
import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// `cronops import` on a corpus of real-world-style crontabs (Fixtures/import/<case>/input,
/// optional `args`), each with a golden repository and stderr (CRONOPS_RECORD=1 re-records),
/// and a round trip: the repository validates, `cronops crontab` gives lines Debian's
/// `crontab -n` accepts, that hand `cronops exec` the original command, at the original instants.
@Suite struct ImportCommandTests {
    static let fixtures = TestPaths.repo("Tests/CronopsCLITests/Fixtures/import")
    static let zoneDirectory = TestPaths.repo("Tests/CronopsCoreTests/Fixtures/cronsim/zoneinfo").path
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? []).sorted()

    static func arguments(_ name: String) -> [String] {
        let text = (try? String(contentsOf: fixtures.appendingPathComponent("\(name)/args"), encoding: .utf8)) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// Every file below `dir`, relative paths sorted.
    static func tree(_ dir: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: dir.path)
        var out: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(path)
            }
        }
        return out.sorted()
    }

    @Test func theCorpusHasEnoughCases() {
        #expect(Self.cases.count >= 25)
    }

    @Test(arguments: cases)
    func importsMatchTheirGoldenRepositoryAndRoundTrip(name: String) async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let caseDir = Self.fixtures.appendingPathComponent(name)
        let out = dir.appendingPathComponent("repo")
        let result = try await runCronops(["import", "input", "--host", "web-1", "--out", out.path] + Self.arguments(name),
                                          cwd: caseDir)
        #expect(result.status == 0, "\(result.stderr)")
        try Golden.check(result.stderr.replacingOccurrences(of: out.path, with: "OUT"), file: caseDir.appendingPathComponent("stderr.txt"))
        let produced = Self.tree(out)
        let expectedDir = caseDir.appendingPathComponent("expected")
        if ProcessInfo.processInfo.environment["CRONOPS_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: expectedDir)
            try FileManager.default.createDirectory(at: expectedDir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        } else {
            #expect(produced == Self.tree(expectedDir), "the files written")
        }
        for path in produced {
            try Golden.check(try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8),
                             file: expectedDir.appendingPathComponent(path))
        }

        // Again: the same bytes.
        let again = dir.appendingPathComponent("again")
        _ = try await runCronops(["import", "input", "--host", "web-1", "--out", again.path] + Self.arguments(name), cwd: caseDir)
        for path in produced {
            #expect(try Data(contentsOf: out.appendingPathComponent(path)) == Data(contentsOf: again.appendingPathComponent(path)), "\(path)")
        }

        try await roundTrip(repo: out, input: caseDir.appendingPathComponent("input"), name: name)
    }

    /// The imported repository, run the way cron would run its fragment, does what the input did.
    func roundTrip(repo: URL, input: URL, name: String) async throws {
        let env = ["TZDIR": Self.zoneDirectory]
        let validate = try await runCronops(["validate", repo.path], environment: env)
        #expect(validate.status == 0, "\(name): \(validate.stderr)")
        let crontab = try await runCronops(["crontab", "--config", repo.path, "--host", "web-1"], environment: env)
        #expect(crontab.status == 0, "\(name): \(crontab.stderr)")

        let args = Self.arguments(name)
        let dialect: CronDialect = args.contains("cronie") ? .cronie : .debian
        let format: CrontabFormat = args.contains("cron.d") ? .cronD : .crontab
        let hostZone = args.firstIndex(of: "--timezone").map { args[$0 + 1] } ?? "UTC"
        var d = Diagnostics()
        let original = CrontabReader.read(try String(contentsOf: input, encoding: .utf8), file: "input", format: format,
                                          dialect: dialect, diagnostics: &d)
        let fragment = CrontabReader.read(crontab.stdout, file: "fragment", format: format, dialect: dialect, diagnostics: &d)
        #expect(fragment.entries.count == original.entries.count, "\(name): one line per imported job")

        // Debian's own parser accepts the fragment (user column dropped for cron.d, as docs/crontab.md does).
        let check = repo.appendingPathComponent("check.crontab")
        let userless = crontab.stdout.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard format == .cronD, let first = line.first, first.isNumber || first == "*" || first == "@" else { return String(line) }
            var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            words.remove(at: line.hasPrefix("@") ? 1 : 5)
            return words.joined(separator: " ")
        }.joined(separator: "\n")
        try userless.write(to: check, atomically: true, encoding: .utf8)
        let dryRun = try await runProcess(URL(fileURLWithPath: "/usr/bin/crontab"), ["-n", check.path])
        #expect(dryRun.status == 0, "\(name): crontab -n: \(dryRun.stderr)")

        let zones = SystemZones.cachedLoader(directory: Self.zoneDirectory)
        let start = Int64(1_767_225_600) // 2026-01-01T00:00Z
        let end = start + 366 * 86_400
        var unmatched = original.entries
        for line in fragment.entries {
            // What `sh -c` makes of the line: the wrapper's arguments, the last the job's command.
            let printArgs = line.command.value.replacingOccurrences(of: "/usr/local/bin/cronops ", with: "printf '%s\\0' ")
            let printed = try await runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", printArgs])
            let words = printed.stdout.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            let command = words.last ?? ""
            guard let index = unmatched.firstIndex(where: {
                (MonitorUnwrapping.unwrap($0.command.value)?.command ?? $0.command.value) == command && $0.user?.value == line.user?.value
            }) else {
                Issue.record("\(name): the line runs \(command), which no input line runs")
                continue
            }
            let source = unmatched.remove(at: index)
            let shell = words.firstIndex(of: "--shell").map { words[$0 + 1] } ?? "/bin/sh"
            #expect(shell == source.environment.last { $0.name == "SHELL" }?.value ?? "/bin/sh", "\(name): \(command)")

            // The same instants over a year: the fragment's line in its zone, the input line in its own.
            let imported = try CronSchedule.parse(line.schedule.value).get()
            let originalSchedule = try CronSchedule.parse(source.schedule.value).get()
            let importedZone = try #require(zones(line.zone ?? hostZone))
            let originalZone = try #require(zones(source.zone ?? hostZone))
            #expect(imported.runs(afterUTC: start, through: end, in: importedZone) == originalSchedule.runs(afterUTC: start, through: end, in: originalZone),
                    "\(name): \(source.schedule.value)")
        }
        #expect(unmatched.isEmpty, "\(name): not run by the fragment: \(unmatched.map(\.command.value))")
    }

    @Test func aCrontabOnStandardInput() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Self.fixtures.appendingPathComponent("user-bash/input").path
        let script = "cat \"$1\" | \"$2\" import - --host web-1 --out \"$3\""
        let result = try await runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", input, TestPaths.cronopsBinary.path,
                                                                           dir.appendingPathComponent("repo").path])
        #expect(result.status == 0, "\(result.stderr)")
        let jobs = try String(contentsOf: dir.appendingPathComponent("repo/jobs/stdin.yaml"), encoding: .utf8)
        let golden = try String(contentsOf: Self.fixtures.appendingPathComponent("user-bash/expected/jobs/input.yaml"), encoding: .utf8)
        #expect(jobs == golden.replacingOccurrences(of: "from input for", with: "from <stdin> for").replacingOccurrences(of: "# input:", with: "# <stdin>:"))
    }

    @Test func aDirectoryThatIsNotEmptyIsRefusedAndLeftAlone() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "keep\n".write(to: dir.appendingPathComponent("README"), atomically: true, encoding: .utf8)
        let input = Self.fixtures.appendingPathComponent("user-basic/input").path
        let result = try await runCronops(["import", input, "--host", "web-1", "--out", dir.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--out \(dir.path) is not empty"))
        #expect(result.stderr.contains("nothing was written"))
        #expect(Self.tree(dir) == ["README"])
    }

    @Test func strictMakesReportedLinesFatalAndWritesNothing() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Self.fixtures.appendingPathComponent("user-reboot/input").path
        let result = try await runCronops(["import", input, "--host", "web-1", "--out", dir.appendingPathComponent("repo").path, "--strict"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("warning[W403]"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("repo").path))
        #expect(Self.tree(dir).isEmpty, "no staging directory is left behind")
    }

    @Test func badFlagsAndUnreadableFilesAreClearErrors() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCronops(["import", dir.appendingPathComponent("missing").path, "--host", "Web 1", "--timezone", "Mars/Base",
                                           "--out", dir.appendingPathComponent("repo").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--host 'Web 1'"))
        #expect(result.stderr.contains("--timezone 'Mars/Base' is not a zone"))
        let missing = try await runCronops(["import", dir.appendingPathComponent("missing").path, "--host", "web-1",
                                            "--out", dir.appendingPathComponent("repo").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read \(dir.appendingPathComponent("missing").path): No such file or directory"), "\(missing.stderr)")
        let binary = dir.appendingPathComponent("blob")
        try Data([0x30, 0x20, 0xFF, 0xFE, 0x0A]).write(to: binary)
        let notText = try await runCronops(["import", binary.path, "--host", "web-1", "--out", dir.appendingPathComponent("repo").path])
        #expect(notText.status == 1)
        #expect(notText.stderr.contains("is not valid UTF-8 text"))
        // A 1 GiB (sparse) file: refused after reading one byte past the 8 MiB limit.
        let huge = dir.appendingPathComponent("huge")
        FileManager.default.createFile(atPath: huge.path, contents: nil)
        #expect(truncate(huge.path, 1 << 30) == 0)
        let tooBig = try await runCronops(["import", huge.path, "--host", "web-1", "--out", dir.appendingPathComponent("repo").path])
        #expect(tooBig.status == 1)
        #expect(tooBig.stderr.contains("huge is over 8 MiB: not a crontab"))
        #expect(Self.tree(dir) == ["blob", "huge"])
    }

    @Test func theFormatFollowsThePath() {
        #expect(ImportPaths.defaultFormat("/etc/crontab") == .cronD)
        #expect(ImportPaths.defaultFormat("etc/cron.d/app") == .cronD)
        #expect(ImportPaths.defaultFormat("backup/etc/cron.d/app") == .cronD)
        #expect(ImportPaths.defaultFormat("crontab") == .crontab)
        #expect(ImportPaths.defaultFormat("/var/spool/cron/crontabs/deploy") == .crontab)
        #expect(ImportPaths.defaultFormat("-") == .crontab)
    }
}
