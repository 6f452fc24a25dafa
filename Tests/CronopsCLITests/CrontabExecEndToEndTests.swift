import CronopsCLI
import CronopsCore
import CronopsMonitor
import Foundation
import Testing

/// A crontab line as the emitter writes it, read the way Debian's cron reads it (the time and
/// user fields split off, `\%` and `\\` un-escaped, the rest handed to `/bin/sh -c`), must reach
/// the real `cronops exec` with the job's command and rules intact.
@Suite struct CrontabExecEndToEndTests {
    /// Quotes, `$`, `%`, a pipe, a redirection and a backslash: everything the quoting must carry.
    static let command = #"printf '%s|%s\n' "it's" "$MODE" | tr a-z A-Z; echo 100% done >&2; echo 'back\slash'"#

    /// A repository root with its `.cronops/` (the local provider's directory, where the run log goes).
    static func root() throws -> URL {
        let root = try TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".cronops"), withIntermediateDirectories: true)
        return root
    }

    func line(validate: String, command: String = Self.command, hostSettings: String = "", root: URL) throws -> String {
        var d = Diagnostics()
        let project = SourceFile(path: "cronops.yaml", text: """
        version: 1
        project: e2e
        hosts:
          h: { cron: debian, timezone: UTC, format: cron.d, cronops: \(TestPaths.cronopsBinary.path)\(hostSettings) }
        """)
        let job = SourceFile(path: "jobs/a.yaml", text: """
        jobs:
          tricky:
            command: '\(command.replacingOccurrences(of: "'", with: "''"))'
            schedule: "* * * * *"
            hosts: [h]
            env: { MODE: live }
            validate:
        \(validate)
        """)
        let spec = try #require(RepositoryCompiler.compile(project: project, jobFiles: [job], diagnostics: &d), "\(d.all)")
        var options = CrontabOptions(zones: { _ in ZoneRules.utc })
        options.repositoryRoot = root.path
        let emission = CrontabEmitter.emit(spec, options: options)
        #expect(emission.diagnostics.all.isEmpty, "\(emission.diagnostics.all)")
        let text = try #require(emission.fragments.first?.text)
        return try #require(text.split(separator: "\n").map(String.init).first { $0.hasPrefix("* * * * * root ") })
    }

    /// What cron does with the line: drop the 5 time fields and the user, un-escape, run in sh.
    func runAsCron(_ line: String) async throws -> CommandResult {
        let commandField = String(line.dropFirst("* * * * * root ".count))
        let (command, stdin) = CronEscaping.unescape(commandField, for: .debian)
        #expect(stdin == nil, "no unescaped % may end the command early")
        return try await runProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", command])
    }

    @Test func theWrapperRunsTheExactCommandAndItsRulesPass() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let line = try line(validate: "      stdout: { contains: [\"IT'S|LIVE\"] }\n      stderr: { forbids: ['(?i)error'] }", root: root)
        let result = try await runAsCron(line)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "IT'S|LIVE\nback\\slash\n", "the job's stdout passes through unchanged")
        #expect(result.stderr == "100% done\n", "the job's stderr passes through; the wrapper adds nothing on success")
    }

    /// `SHELL=/bin/bash` in a crontab becomes the host's `shell:`; the line passes `--shell` and
    /// the wrapper runs the command with bash, where `/bin/sh` would not understand it.
    @Test func theHostsShellRunsTheCommand() async throws {
        // `$0` of `SHELL -c COMMAND` is the shell the wrapper started, whatever /bin/sh links to.
        let command = #"echo "$0 $MODE""#
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let bashLine = try line(validate: "      exit_codes: [0]", command: command, hostSettings: ", shell: /bin/bash", root: root)
        #expect(bashLine.contains(" --shell /bin/bash "))
        let result = try await runAsCron(bashLine)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "/bin/bash live\n")
        let shLine = try line(validate: "      exit_codes: [0]", command: command, root: root)
        #expect(!shLine.contains("--shell"))
        let sh = try await runAsCron(shLine)
        #expect(sh.stdout == "/bin/sh live\n", "without it /bin/sh runs the command, as before")
    }

    @Test func aRuleThatFailsGivesTheWrappersStatus() async throws {
        let root = try Self.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let line = try line(validate: "      stderr: { forbids: ['100% done'] }", root: root)
        let result = try await runAsCron(line)
        #expect(result.status == 120, "exit 0 with a failed rule is 120: \(result.stderr)")
        #expect(result.stderr.contains("--stderr-forbids '100% done'"))
        // The local provider's line records the run where its monitor reads it.
        let log = try RunLogStore(path: root.appendingPathComponent(".cronops/runs.jsonl").path).read()
        #expect(log.problems.isEmpty, "\(log.problems)")
        #expect(log.events.map(\.kind) == [.start, .fail])
        #expect(log.events.last?.failedRules.count == 1)
        #expect(log.events.last?.failedRules.first?.hasPrefix("--stderr-forbids '100% done': ") == true)
        #expect(log.events.last?.exitStatus == "0")
        #expect(log.events.allSatisfy { $0.slug == "tricky" && $0.runID == log.events.first?.runID })
    }
}
