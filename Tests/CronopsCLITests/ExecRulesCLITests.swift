import CronopsTestSupport
import Foundation
import Testing

let pingKey = "k3y-never-printed"

/// `cronops exec` against a real ping receiver: the flags of the shared command line, the pings
/// and the exit status.
@Suite struct ExecRulesCLITests {
    func run(_ job: String, _ flags: [String], _ command: String, receiver: PingReceiver,
             transport: [String: String] = [:]) async throws -> WrapperRun {
        try await WrapperProcess.run([job, "--ping-url", receiver.baseURL] + flags + ["--", command],
                                     environment: ["CRONOPS_PING_KEY": pingKey].merging(transport) { a, _ in a })
    }

    @Test(arguments: transports)
    func theInvoiceIncidentEndsInAFailurePingAndStatus120(_ transport: [String: String]) async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let result = try await run("invoice-processor", ["--expect-json", "sent == generated", "--expect-json", "failed == 0"],
                                   #"echo 'Generated: 3'; echo '{"generated": 3, "sent": 0, "failed": 3}'"#, receiver: receiver,
                                   transport: transport)
        #expect(result.status == 120)
        #expect(result.stdoutText == "Generated: 3\n{\"generated\": 3, \"sent\": 0, \"failed\": 3}\n")
        #expect(result.stderrText.contains("✗ --expect-json 'sent == generated': false (sent = 0, generated = 3)"))
        let pings = await receiver.waitForPings(count: 2)
        #expect(pings.map(\.path) == ["/\(pingKey)/invoice-processor/start", "/\(pingKey)/invoice-processor/fail"])
        #expect(pings.allSatisfy { $0.method == "POST" })
        let rid = pings.first?.query["rid"]
        #expect(rid != nil && UUID(uuidString: rid!) != nil)
        #expect(pings.last?.query["rid"] == rid)
        let body = pings.last?.bodyText ?? ""
        #expect(body.hasPrefix("FAILED: invoice-processor exited 0; 2 of 2 rules failed\n"))
        #expect(body.contains("✗ --expect-json 'failed == 0': false (failed = 3)"))
        #expect(body.hasSuffix("{\"generated\": 3, \"sent\": 0, \"failed\": 3}\n"))
    }

    @Test func theFirewallIncidentEndsInAFailurePingAndStatus120() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let result = try await run("crm-sync", ["--stderr-forbids", "ConnectionError"],
                                   "echo 'syncing 120 contacts'; echo 'ConnectionError: HTTPSConnectionPool(host=crm.example.com, port=443): Read timed out' >&2; exit 0",
                                   receiver: receiver)
        #expect(result.status == 120)
        #expect(result.stderrText.hasPrefix("ConnectionError: HTTPSConnectionPool"))
        let pings = await receiver.waitForPings(count: 2)
        #expect(pings.last?.path == "/\(pingKey)/crm-sync/fail")
        #expect(pings.last?.bodyText.contains("✗ --stderr-forbids ConnectionError: stderr has: ConnectionError: HTTPSConnectionPool") == true)
    }

    /// Each rule flag, once with a command that satisfies it and once with one that does not.
    @Test(arguments: [
        (["--expect-exit", "0", "--expect-exit", "3"], "exit 3", "exit 4", "/4"),
        (["--expect-json", "ok == true and len(items) == 2"], #"echo '{"ok": true, "items": [1, 2]}'"#, #"echo '{"ok": true, "items": []}'"#, "/fail"),
        (["--stdout-contains", "Generated:"], "echo Generated: 3", "echo generated 3", "/fail"),
        (["--stdout-matches", "Sent: [1-9][0-9]*"], "echo Sent: 42", "echo Sent: 0", "/fail"),
        (["--stdout-forbids", "(?i)traceback"], "echo all good", "echo 'Traceback (most recent call last):'", "/fail"),
        (["--stderr-forbids", "Timeout"], "echo fine >&2", "echo Timeout >&2", "/fail"),
        (["--stderr-empty"], "echo out", "echo warning >&2", "/fail"),
    ])
    func eachRulePassesAndFails(_ flags: [String], _ good: String, _ bad: String, _ failurePath: String) async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let passing = try await run("good", flags, good, receiver: receiver)
        #expect(passing.status == (good == "exit 3" ? 3 : 0), "\(flags) \(passing.stderrText)")
        #expect(passing.stderrText.contains("cronops") == false)
        let failing = try await run("bad", flags, bad, receiver: receiver)
        #expect(failing.status == (bad == "exit 4" ? 4 : 120), "\(flags) \(failing.stderrText)")
        #expect(failing.stderrText.contains("✗ \(flags[flags.count - (flags.count == 1 ? 1 : 2)])"), "\(failing.stderrText)")
        let pings = await receiver.waitForPings(count: 4)
        let finals = pings.filter { !$0.path.hasSuffix("/start") }.map(\.path).sorted()
        #expect(finals == ["/\(pingKey)/bad\(failurePath)", "/\(pingKey)/good/0"])
    }

    /// The duration the rules read is fixed through `CRONOPS_EXEC_DURATION`: no timing margin.
    @Test(arguments: [("--min-duration", "90", "30"), ("--max-duration", "30", "90")])
    func durationRulesReadTheRunsDuration(_ flag: String, _ good: String, _ bad: String) async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        func run(_ job: String, seconds: String) async throws -> WrapperRun {
            try await WrapperProcess.run([job, "--ping-url", receiver.baseURL, flag, "1m", "--", "true"],
                                         environment: ["CRONOPS_PING_KEY": pingKey, "CRONOPS_EXEC_DURATION": seconds])
        }
        let passing = try await run("good", seconds: good)
        #expect(passing.status == 0, "\(passing.stderrText)")
        let failing = try await run("bad", seconds: bad)
        #expect(failing.status == 120)
        #expect(failing.stderrText.contains("✗ \(flag) 1m"), "\(failing.stderrText)")
        let finals = await receiver.waitForPings(count: 4).filter { !$0.path.hasSuffix("/start") }
        #expect(finals.map(\.path).sorted() == ["/\(pingKey)/bad/fail", "/\(pingKey)/good/0"])
    }

    /// On the real clock, only the side that a lower bound decides: a run that sleeps 1.2 s
    /// took at least 1 s however loaded the machine is, and one that sleeps 1.5 s took more.
    @Test func durationRulesMeasureTheRealRun() async throws {
        let atLeast = try await WrapperProcess.run(["slow", "--min-duration", "1s", "--", "sleep 1.2"])
        #expect(atLeast.status == 0, "\(atLeast.stderrText)")
        let tooLong = try await WrapperProcess.run(["slow", "--max-duration", "1s", "--", "sleep 1.5"])
        #expect(tooLong.status == 120)
        #expect(tooLong.stderrText.contains("✗ --max-duration 1s"), "\(tooLong.stderrText)")
    }

    @Test func slugNamesTheCheckAndKeyFileWorks() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let dir = try TestPaths.temporaryDirectory().path
        try "file-key-1\n".write(toFile: dir + "/key", atomically: true, encoding: .utf8)
        let result = try await WrapperProcess.run(["db-backup", "--slug", "db-backup__host-1", "--ping-url", receiver.baseURL,
                                                   "--ping-key-file", dir + "/key", "--", "true"])
        #expect(result.status == 0)
        let pings = await receiver.waitForPings(count: 2)
        #expect(pings.map(\.path) == ["/file-key-1/db-backup__host-1/start", "/file-key-1/db-backup__host-1/0"])
        #expect(pings.last?.bodyText.hasPrefix("OK: db-backup exited 0") == true)
    }

    @Test func envFlagsReachTheJobButThePingKeyDoesNot() async throws {
        let receiver = try await PingReceiver.start()
        defer { Task { await receiver.stop() } }
        let result = try await run("env", ["--env", "MODE=live", "--env", "ODD=a b=c"],
                                   #"printf '%s|%s|%s\n' "$MODE" "$ODD" "${CRONOPS_PING_KEY-unset}""#, receiver: receiver)
        #expect(result.stdoutText == "live|a b=c|unset\n")
    }

    @Test func withoutPingURLItRunsAndChecksWithoutNetwork() async throws {
        let result = try await WrapperProcess.run(["local", "--expect-json", "sent == 1", "--", #"echo '{"sent": 0}'"#])
        #expect(result.status == 120)
        #expect(result.stderrText.contains("false (sent = 0)"))
        #expect(!result.stderrText.contains("ping"))
    }

    @Test func usageErrorsExit64WithoutRunningAnything() async throws {
        let dir = try TestPaths.temporaryDirectory().path
        let rule = MarkedText("sent ⟨op⟩= 1")
        let result = try await WrapperProcess.run(["job", "--max-runtime", "5 minutes", "--expect-json", rule.text, "--",
                                                   "touch \(dir)/ran"])
        #expect(result.status == 64)
        #expect(result.stderrText.contains("--max-runtime '5 minutes'"))
        #expect(result.stderrText.contains("--expect-json 'sent = 1': at column \(rule.markers["op"]!.column): '=' is not an operator"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/ran"))
        let help = try await WrapperProcess.run(["--help"])
        #expect(help.stdoutText.contains("120               the job exited 0 but a rule failed"))
    }
}
