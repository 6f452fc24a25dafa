import CronopsTestSupport
import Foundation
import Testing

/// `cronops generate` end to end: the real binary on real repositories.
@Suite struct GenerateCommandTests {
    static let acme = TestPaths.repo("examples/acme")

    static func run(_ arguments: [String], cwd: URL) async throws -> CommandResult {
        try await CrontabCommandTests.run(arguments, cwd: cwd)
    }

    /// Every regular file under `directory`, relative, sorted.
    static func tree(_ directory: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    static func text(_ directory: URL, _ path: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func writesEveryHostOfAcmeUnderItsOwnDirectory() async throws {
        let out = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await Self.run(["generate", "--out-dir", out.path], cwd: Self.acme)
        #expect(result.status == 0, "\(result.stderr)")
        let units = ["cronops-acme-prod-usage-digest.service", "cronops-acme-prod-usage-digest.timer"]
        #expect(Self.tree(out) == ["app-1/cronops-acme-prod-app-1", "billing-1/cronops-acme-prod-billing-1"]
            + ["acme-prod-cache-warm.yaml", "acme-prod-search-reindex.yaml", "kustomization.yaml"].map { "prod-cluster/" + $0 }
            + units.map { "reports-1/" + $0 } + ["reports-1/timers.txt", "reports-1/units.txt"])
        // Cron hosts get exactly what `cronops crontab` writes.
        for (host, name) in [("app-1", "cronops-acme-prod-app-1"), ("billing-1", "cronops-acme-prod-billing-1")] {
            try Golden.check(TestPaths.stable(try Self.text(out, "\(host)/\(name)"), root: Self.acme), file: Golden.fixture("crontab/acme-\(name)"))
        }
        for name in units {
            try Golden.check(TestPaths.stable(try Self.text(out, "reports-1/\(name)"), root: Self.acme), file: Golden.fixture("generate/acme-reports-1-\(name)"))
        }
        #expect(try Self.text(out, "reports-1/units.txt") == units.joined(separator: "\n") + "\n")
        #expect(try Self.text(out, "reports-1/timers.txt") == "cronops-acme-prod-usage-digest.timer\n")

        // Deterministic: a second run writes the same bytes.
        let again = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: again) }
        let second = try await Self.run(["generate", "--out-dir", again.path], cwd: Self.acme)
        #expect(second.status == 0)
        for path in Self.tree(out) { #expect(try Self.text(out, path) == Self.text(again, path), "\(path)") }
    }

    @Test func hostOptionsLimitTheOutputAndAnUnknownHostWritesNothing() async throws {
        let out = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let one = try await Self.run(["generate", "--out-dir", out.path, "--host", "reports-1"], cwd: Self.acme)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(Self.tree(out).allSatisfy { $0.hasPrefix("reports-1/") } && Self.tree(out).count == 4)

        let empty = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let bad = try await Self.run(["generate", "--out-dir", empty.path, "--host", "reports-1", "--host", "nope"], cwd: Self.acme)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error[E300]: no host named 'nope'"))
        #expect(bad.stderr.contains("nothing was written"))
        #expect(Self.tree(empty).isEmpty)
    }

    @Test func crontabPointsSystemdHostsToGenerate() async throws {
        let result = try await Self.run(["crontab", "--host", "reports-1"], cwd: Self.acme)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[E504]") && result.stderr.contains("cronops generate --out-dir DIR --host reports-1"))
        #expect(result.stdout.isEmpty)
    }

    /// A repository whose wrapper path exists on this machine, so systemd-analyze verify can
    /// load the units whole (it checks that ExecStart's program is there).
    @Test func generatedUnitsPassSystemdAnalyzeVerify() async throws {
        let repo = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try """
        version: 1
        project: demo
        monitor: { provider: healthchecks, ping_url: "https://hc.example.com/ping" }
        hosts:
          timers: { kind: systemd, cronops: /bin/sh }
          mine: { kind: systemd, scope: user, cronops: /bin/sh }
        """.write(to: repo.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        try """
        jobs:
          nightly:
            command: 'echo "100% of $HOME" \\\\ done; printf ''%s\\n'' ü'
            schedule: "30 2 * * *"
            timezone: Europe/Berlin
            hosts: [timers, mine]
            overlap: skip
            max_runtime: 1h
            env: { MODE: "a b%c$d" }
          last-friday:
            command: /app/close-books
            schedule: "0 18 * * 5L"
            hosts: [timers]
            overlap: allow
          paused:
            command: /app/paused
            schedule: "0 6 * * *"
            hosts: [timers]
            overlap: skip
            suspend: "vendor down"
        """.write(to: repo.appendingPathComponent("jobs/jobs.yaml"), atomically: true, encoding: .utf8)
        let validated = try await Self.run(["validate"], cwd: repo)
        #expect(validated.status == 0, "warnings only: \(validated.stderr)")
        #expect(validated.stderr.contains("jobs/jobs.yaml:14:14: warning[W500]"), "\(validated.stderr)")
        let out = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await Self.run(["generate", "--out-dir", out.path], cwd: repo)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning[W500]"), "overlap: allow cannot hold on systemd")
        for host in ["timers", "mine"] {
            let listed = try Self.text(out, "\(host)/units.txt").split(separator: "\n").map(String.init)
            #expect(listed == Self.tree(out.appendingPathComponent(host)).filter { $0 != "units.txt" && $0 != "timers.txt" })
            // Every timer is enabled but a suspended job's, which is installed without [Install].
            let enabled = try Self.text(out, "\(host)/timers.txt").split(separator: "\n").map(String.init)
            #expect(enabled == listed.filter { $0.hasSuffix(".timer") && !$0.contains("paused") })
            let verify = try await ChildProcess.run("/usr/bin/systemd-analyze",
                                                    ["verify", "--man=no"] + listed.map { out.appendingPathComponent("\(host)/\($0)").path },
                                                    environment: ["SYSTEMD_PAGER": "", "PATH": "/usr/bin:/bin"])
            let output = verify.stdoutText + verify.stderrText
            #expect(verify.status == 0 && output.isEmpty, "systemd-analyze verify on \(host): \(output)")
        }
        let paused = try Self.text(out, "timers/cronops-demo-paused.timer")
        #expect(paused.contains("# SUSPENDED (vendor down): this timer is not enabled"))
        #expect(!paused.contains("[Install]") && !paused.contains("WantedBy="))
        #expect(try Self.text(out, "timers/cronops-demo-nightly.timer").contains("[Install]\nWantedBy=timers.target\n"))
        let service = try Self.text(out, "timers/cronops-demo-nightly.service")
        #expect(service.contains("User=root\n"))
        #expect(!(try Self.text(out, "mine/cronops-demo-nightly.service")).contains("User="))
    }
}
