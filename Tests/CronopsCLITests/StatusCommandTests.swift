@testable import CronopsCLI
import CronopsCore
import CronopsMonitor
import CronopsTestSupport
import Foundation
import Testing

/// A status board with every state on two hosts, against the Healthchecks double, at a fixed
/// instant two days before Berlin's spring DST change.
enum StatusTestKit {
    /// 2027-03-26T10:00:00Z, a Friday.
    static let now = Date(timeIntervalSince1970: 1_806_055_200)
    static let project = HealthchecksFixtureSpec.project
    static let hostile = #"<script>alert("x")</script> & <img src=x onerror=alert(1)> '"#

    static func job(_ name: String, _ schedule: String, zone: String = "UTC", hosts: [String], monitor: MonitorMode = .perHost,
                    description: String = "") -> Job {
        guard case .success(let parsed) = CronSchedule.parse(schedule) else { preconditionFailure(schedule) }
        return Job(name: name, description: description, command: "/bin/true", schedule: parsed, timezone: zone, hosts: hosts,
                   monitor: monitor, location: SourceLocation(file: "jobs/\(name).yaml", line: 2, column: 3))
    }

    static func spec(apiURL: String) -> Spec {
        let jobs = [
            job("invoice-processor", "0 2 * * *", zone: "Europe/Berlin", hosts: ["billing-1"], description: "Send the invoices generated overnight"),
            job("crm-sync", "0 * * * *", hosts: ["app-1", "billing-1"]),
            job("db-backup", "30 2 * * *", zone: "Europe/Berlin", hosts: ["billing-1"], description: hostile),
            job("weekly-report", "0 6 * * 1", hosts: ["app-1"]),
            job("cleanup", "*/15 * * * *", hosts: ["app-1"]),
            job("usage-digest", "0 7 * * *", hosts: ["app-1"]),
            job("legacy-export", "0 3 * * *", hosts: ["app-1"]),
            job("cache-warm", "0 2 * * *", zone: "Europe/Berlin", hosts: ["billing-1"], monitor: .off),
            job("nightly-etl", "0 2 * * *", zone: "Europe/Berlin", hosts: ["billing-1"]),
        ]
        let at = SourceLocation(file: "cronops.yaml", line: 1, column: 1)
        let monitor = MonitorSettings(provider: .healthchecks, apiURL: apiURL, apiKeyEnv: "HC_API_KEY", requestsPerMinute: 6000,
                                      prune: false, statePath: ".cronops/state.json")
        return Spec(project: project, root: "repo", projectFile: "repo/cronops.yaml", monitor: monitor, routes: [],
                    hosts: [Host(name: "app-1", location: at), Host(name: "billing-1", timezone: "Europe/Berlin", location: at)],
                    jobs: jobs.sorted { $0.name < $1.name })
    }

    /// The checks and pings of the board.
    static func seed(_ store: HealthchecksStore) async {
        let tag = "cronops:\(project)"
        let t = now
        let invoice = await store.seed(name: "invoice-processor", slug: "invoice-processor", tags: tag)
        await store.ping(invoice, "start", at: t.addingTimeInterval(-8 * 3600))
        await store.ping(invoice, "fail", at: t.addingTimeInterval(-8 * 3600 + 42), body: """
            FAILED: invoice-processor exited 0; a rule failed
            ✗ --expect-json 'sent == generated': false (sent = 0, generated = 3)
            exit status: 0
            duration: 42 s
            --- output (stdout and stderr as they arrived) ---
            {"generated": 3, "sent": 0}
            """)
        let syncApp = await store.seed(name: "crm-sync on app-1", slug: "crm-sync__app-1", tags: tag)
        await store.ping(syncApp, "start", at: t.addingTimeInterval(-3600))
        await store.ping(syncApp, "success", at: t.addingTimeInterval(-3600 + 75))
        let syncBilling = await store.seed(name: "crm-sync on billing-1", slug: "crm-sync__billing-1", tags: tag)
        await store.ping(syncBilling, "success", at: t.addingTimeInterval(-7200))
        await store.ping(syncBilling, "start", at: t.addingTimeInterval(-30))
        let backup = await store.seed(name: "db-backup", slug: "db-backup", tags: tag)
        await store.ping(backup, "success", at: t.addingTimeInterval(-30 * 3600))
        await store.setStatus(backup, "grace")
        await store.seed(name: "weekly-report", slug: "weekly-report", tags: tag)
        let cleanup = await store.seed(name: "cleanup", slug: "cleanup", tags: tag)
        await store.ping(cleanup, "success", at: t.addingTimeInterval(-86_400))
        await store.setStatus(cleanup, "paused")
        await store.seed(name: "legacy-export", slug: "legacy-export", tags: "someone-else")
        let etl = await store.seed(name: "nightly-etl", slug: "nightly-etl", tags: tag)
        await store.ping(etl, "fail", at: t.addingTimeInterval(-9 * 3600), body: "FAILED: nightly-etl exited with status 3\n✗ --stderr-forbids '<b>(?i)error</b>': stderr has: \(hostile)\nexit status: 3\n")
    }

    static func run(_ spec: Spec, _ options: StatusRunner.Options, key: String = HealthchecksDouble.readWriteKey,
                    color: Bool = false) async -> (Int32, CapturedIO) {
        let captured = CapturedIO()
        let context = PlanTestKit.context(key: key, log: captured)
        let code = await StatusRunner.run(spec: spec, options: options, context: context,
                                          io: captured.io(color: color, secret: context.secret(for: spec)), now: now)
        return (code, captured)
    }
}

@Suite struct StatusCommandTests {
    typealias K = StatusTestKit

    /// One golden per format; the double's port is replaced so the files are stable.
    @Test(arguments: [(StatusFormat.text, "status.txt"), (.json, "status.json"), (.markdown, "status.md"), (.html, "status.html")])
    func goldenPerFormat(_ format: StatusFormat, _ file: String) async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            let (code, out) = await K.run(K.spec(apiURL: double.baseURL), .init(format: format))
            #expect(code == 0)
            #expect(out.stderr == "")
            try Golden.check(out.stdout.replacingOccurrences(of: double.baseURL, with: "http://hc.test"), file: Golden.fixture("status/" + file))
        }
    }

    @Test func theSummaryComesFirstAndNamesTheFailure() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            await double.store.clearLog()
            let (_, out) = await K.run(K.spec(apiURL: double.baseURL), .init())
            let first = out.stdout.split(separator: "\n").first.map(String.init)
            #expect(first == "1 up, 1 running, 1 late: db-backup (last run 30 h ago), 2 down: invoice-processor failed 'sent == generated' 7 h ago, nightly-etl failed '<b>(?i)error</b>' 9 h ago, 1 missing on the server: usage-digest, 1 never ran, 1 paused, 1 not owned, 1 unmonitored")
            // One list call, then pings + body for each of the two down checks.
            let targets = await double.store.requests.map(\.target)
            #expect(targets.count == 5 && targets.filter { $0 == "/api/v3/checks/" }.count == 1)
        }
    }

    @Test func detailedExitCodeIsTwoForProblemsZeroWhenHealthyOneOnErrors() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            let spec = K.spec(apiURL: double.baseURL)
            #expect(await K.run(spec, .init(detailedExitCode: true)).0 == 2)
            #expect(await K.run(spec, .init()).0 == 0)
            // Only the healthy host's up check: 0.
            var healthy = spec
            healthy.jobs = spec.jobs.filter { $0.name == "crm-sync" }
            let (code, out) = await K.run(healthy, .init(detailedExitCode: true, hosts: ["app-1"]))
            #expect(code == 0)
            #expect(out.stdout.hasPrefix("1 up\n"))
            // A late check alone is a problem.
            healthy.jobs = spec.jobs.filter { $0.name == "db-backup" }
            #expect(await K.run(healthy, .init(detailedExitCode: true)).0 == 2)
        }
        let gone = K.spec(apiURL: try await HealthchecksDouble.refusedURL())
        let (code, out) = await K.run(gone, .init(detailedExitCode: true))
        #expect(code == 1)
        #expect(out.stderr.contains("error: cannot read the status from the monitor: ") && out.stderr.contains("refused"), "\(out.stderr)")
        #expect(out.stdout == "")
    }

    @Test func serverErrorsAndTimeoutsExitOneWithAMessage() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            await double.store.inject(.serverError, pathPrefix: "/api/v3/checks/", times: 20)
            let (code, out) = await K.run(K.spec(apiURL: double.baseURL), .init(detailedExitCode: true))
            #expect(code == 1)
            #expect(out.stderr.contains("HTTP 500") && out.stdout == "")
            #expect(!out.stderr.contains(HealthchecksDouble.readWriteKey))
        }
        try await HealthchecksDouble.with { double in
            await double.goDown(.blackHole, afterWrites: 0)
            let (code, out) = await K.run(K.spec(apiURL: double.baseURL), .init())
            #expect(code == 1)
            #expect(out.stderr.contains("no answer within"))
            await double.store.endOutage()
        }
    }

    @Test func aReadOnlyKeyShowsStatesAndSaysOnceWhatItCannotSee() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            let (code, out) = await K.run(K.spec(apiURL: double.baseURL), .init(), key: HealthchecksDouble.readOnlyKey)
            #expect(code == 0)
            #expect(out.stdout.contains("2 down: invoice-processor last reported 7 h ago"))
            #expect(out.stdout.components(separatedBy: "read-only").count == 2)
            #expect(out.stdout.hasSuffix("note: \(HealthchecksProvider.readOnlyLimitation)\n"))
            #expect(!out.stdout.contains("✗"))
        }
    }

    @Test func outWritesTheFileAtomicallyAndUnknownHostsAreRefused() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("status.html").path
            let (code, out) = await K.run(K.spec(apiURL: double.baseURL), .init(format: .html, out: path))
            #expect(code == 0 && out.stdout == "")
            #expect(out.stderr.hasSuffix("Wrote \(path).\n"))
            let page = try String(contentsOfFile: path, encoding: .utf8)
            #expect(page.hasPrefix("<!doctype html>") && page.hasSuffix("</html>\n"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["status.html"])
            let (bad, refused) = await K.run(K.spec(apiURL: double.baseURL), .init(out: dir.appendingPathComponent("no/such/dir").path))
            #expect(bad == 1 && refused.stderr.contains("cannot write the status to"))
            let (unknown, said) = await K.run(K.spec(apiURL: double.baseURL), .init(hosts: ["app-9"]))
            #expect(unknown == 1)
            #expect(said.stderr == "error: --host 'app-9': no such host in repo/cronops.yaml (hosts: app-1, billing-1)\n")
        }
    }

    /// Colour only when asked for by the terminal check (the runner's `io.color`), never in a file.
    @Test func textIsColouredOnlyOnATerminal() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            let spec = K.spec(apiURL: double.baseURL)
            #expect(!(await K.run(spec, .init()).1.stdout.contains("\u{1b}[")))
            let coloured = await K.run(spec, .init(), color: true).1.stdout
            #expect(coloured.contains("\u{1b}[1;31mdown\u{1b}[0m") && coloured.contains("\u{1b}[32mup\u{1b}[0m"))
            #expect(!(await K.run(spec, .init(format: .json), color: true).1.stdout.contains("\u{1b}[")))
        }
        #expect(Terminal.useColor(.auto, fd: STDOUT_FILENO, environment: ["NO_COLOR": "1"]) == false)
    }

    /// Hostile job descriptions and failure reasons reach the page only as text.
    @Test func hostileTextIsEscapedInEveryFormat() async throws {
        try await HealthchecksDouble.with { double in
            await K.seed(double.store)
            let spec = K.spec(apiURL: double.baseURL)
            let page = await K.run(spec, .init(format: .html)).1.stdout
            #expect(!page.contains("<script>") && !page.contains("<img"))
            #expect(page.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"))
            #expect(!page.contains("<script") && page.components(separatedBy: "<pre>").count == page.components(separatedBy: "</pre>").count)
            let json = await K.run(spec, .init(format: .json)).1.stdout
            #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
            let markdown = await K.run(spec, .init(format: .markdown)).1.stdout
            // Outside code blocks no raw `<` is left for GitHub to read as HTML.
            var inFence = false
            for line in markdown.split(separator: "\n") {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle(); continue }
                if !inFence { #expect(!line.replacingOccurrences(of: "\\<", with: "").contains("<"), "\(line)") }
            }
            #expect(markdown.contains("stderr has: <script>alert(\"x\")</script>"))
        }
    }

    /// Through the binary: apply creates the checks, a failure arrives, then `status
    /// --detailed-exitcode` at a fixed instant (CRONOPS_STATUS_NOW) exits 2 and names it; a bad
    /// instant is refused.
    @Test func theBinaryReportsWhatApplyCreated() async throws {
        try await HealthchecksDouble.with { double in
            let dir = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try PlanTestKit.writeProject(dir, apiURL: double.baseURL)
            try "jobs:\n  good:\n    command: /bin/true\n    schedule: \"@daily\"\n  bad:\n    command: /bin/false\n    schedule: \"0 3 * * *\"\n"
                .write(to: dir.appendingPathComponent("jobs/a.yaml"), atomically: true, encoding: .utf8)
            let env = ["HC_API_KEY": HealthchecksDouble.readWriteKey, "CRONOPS_STATUS_NOW": "2027-03-26T10:00:00Z"]
            #expect(try await runCronops(["apply", "--config", dir.path, "--quiet"], environment: env).status == 0)
            let fresh = try await runCronops(["status", "--config", dir.path, "--detailed-exitcode"], environment: env)
            #expect(fresh.status == 0, "\(fresh.stderr)")
            #expect(fresh.stdout.hasPrefix("2 never ran\n"))
            let checks = await double.store.checks
            let bad = try #require(checks.first { $0.slug == "bad" })
            let good = try #require(checks.first { $0.slug == "good" })
            await double.store.ping(bad.uuid, "fail", at: StatusTestKit.now.addingTimeInterval(-7 * 3600), body: "FAILED: bad exited with status 1\nexit status: 1\n")
            await double.store.ping(good.uuid, "success", at: StatusTestKit.now.addingTimeInterval(-10 * 3600))
            let failing = try await runCronops(["status", "--config", dir.path, "--detailed-exitcode", "--format", "json"], environment: env)
            #expect(failing.status == 2, "\(failing.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(failing.stdout.utf8)) as? [String: Any])
            #expect(json["summary"] as? String == "1 up, 1 down: bad failed (exited with status 1) 7 h ago")
            #expect(json["healthy"] as? Bool == false)
            let bad2 = try await runCronops(["status", "--config", dir.path], environment: ["CRONOPS_STATUS_NOW": "soon"])
            #expect(bad2.status == 1 && bad2.stderr.contains("CRONOPS_STATUS_NOW='soon' is not an ISO-8601 instant"))
        }
    }
}
