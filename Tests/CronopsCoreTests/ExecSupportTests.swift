import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCore

@Suite struct ExecSupportTests {
    @Test func tailBufferKeepsTheLastBytesAcrossWraps() {
        var buffer = TailBuffer(capacity: 5)
        buffer.append(Array("abc".utf8))
        #expect(buffer.bytes == Array("abc".utf8))
        #expect(buffer.isComplete)
        buffer.append(Array("defg".utf8))
        #expect(buffer.bytes == Array("cdefg".utf8))
        buffer.append(Array("hi".utf8))
        #expect(buffer.bytes == Array("efghi".utf8))
        buffer.append(Array("0123456789".utf8))
        #expect(buffer.bytes == Array("56789".utf8))
        #expect(buffer.totalBytes == 19)
        #expect(!buffer.isComplete)
        var none = TailBuffer(capacity: 0)
        none.append(Array("abc".utf8))
        #expect(none.bytes.isEmpty && none.totalBytes == 3)
    }

    @Test func tailBufferMatchesANaiveSuffixForRandomChunks() {
        var generator = SystemRandomNumberGenerator()
        for capacity in [1, 7, 64, 1000] {
            var buffer = TailBuffer(capacity: capacity)
            var all: [UInt8] = []
            for _ in 0..<200 {
                let chunk = (0..<Int.random(in: 0...150, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
                buffer.append(chunk)
                all += chunk
                #expect(buffer.bytes == Array(all.suffix(capacity)))
            }
        }
    }

    @Test func pingURLsAndMasking() throws {
        let target = try PingTarget.make(base: "https://hc-ping.com/", key: " s3cr3t-Key_1\n", slug: "invoices__billing-1").get()
        #expect(target.url(.start, runID: "r1") == "https://hc-ping.com/s3cr3t-Key_1/invoices__billing-1/start?rid=r1")
        #expect(target.url(.success, runID: nil) == "https://hc-ping.com/s3cr3t-Key_1/invoices__billing-1/0")
        #expect(target.url(.exitStatus(3), runID: nil).hasSuffix("/3"))
        #expect(target.url(.fail, runID: nil).hasSuffix("/fail"))
        #expect(target.url(.log, runID: nil).hasSuffix("/log"))
        #expect(target.maskedURL(.fail, runID: "r") == "https://hc-ping.com/<ping-key>/invoices__billing-1/fail?rid=r")
        #expect(target.redact("GET https://x/s3cr3t-Key_1/y failed") == "GET https://x/<ping-key>/y failed")
    }

    @Test func badPingSettingsNeverEchoTheKey() {
        guard case let .failure(e1) = PingTarget.make(base: "https://hc-ping.com", key: "has space secret", slug: "a") else {
            Issue.record("a key with a space must be refused")
            return
        }
        #expect(!e1.message.contains("secret"))
        guard case .failure = PingTarget.make(base: "ftp://x", key: "k", slug: "a") else { Issue.record("ftp"); return }
        guard case .failure = PingTarget.make(base: "https://x", key: "", slug: "a") else { Issue.record("empty key"); return }
    }

    @Test func retryPolicyStopsAtTheBudget() {
        let policy = PingRetryPolicy(attemptTimeout: 5, maxAttempts: 3, backoff: [0.5, 1.5], budget: 12)
        #expect(policy.timeout(attempt: 1, elapsed: 0) == 5)
        #expect(policy.delay(after: .networkError("refused"), attempt: 1, elapsed: 0.01) == 0.5)
        #expect(policy.delay(after: .status(503), attempt: 2, elapsed: 6) == 1.5)
        #expect(policy.timeout(attempt: 3, elapsed: 10) == 2)
        #expect(policy.timeout(attempt: 4, elapsed: 0) == nil)
        #expect(policy.timeout(attempt: 2, elapsed: 11.8) == nil)
        #expect(policy.delay(after: .status(404), attempt: 1, elapsed: 0) == nil)
        #expect(policy.delay(after: .status(200), attempt: 1, elapsed: 0) == nil)
        #expect(policy.delay(after: .status(429), attempt: 1, elapsed: 0) == 0.5)
        #expect(policy.delay(after: .networkError("x"), attempt: 3, elapsed: 0) == nil)
        // Worst case, every attempt timing out: the budget bounds the total.
        for p in [PingRetryPolicy.start, .final] {
            var elapsed = 0.0
            var attempt = 1
            while let t = p.timeout(attempt: attempt, elapsed: elapsed) {
                elapsed += t
                guard let wait = p.delay(after: .networkError("timeout"), attempt: attempt, elapsed: elapsed) else { break }
                elapsed += wait
                attempt += 1
            }
            #expect(elapsed <= p.budget)
        }
    }

    @Test func stateFilesAndDefaults() {
        #expect(ExecStateFiles.defaultDirectory(isRoot: true, environment: ["HOME": "/root"]) == "/var/lib/cronops")
        #expect(ExecStateFiles.defaultDirectory(isRoot: false, environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/h"]) == "/x/state/cronops")
        #expect(ExecStateFiles.defaultDirectory(isRoot: false, environment: ["HOME": "/home/u"]) == "/home/u/.local/state/cronops")
        #expect(ExecStateFiles.lockFile(directory: "/s", job: "a") == "/s/a.lock")
        #expect(ExecStateFiles.parseFailures("3\n") == 3)
        #expect(ExecStateFiles.parseFailures("garbage") == 0)
        #expect(!ExecStateFiles.isValidJobName("../etc/passwd"))
        #expect(!ExecStateFiles.isValidJobName(".hidden"))
        #expect(ExecStateFiles.isValidJobName("invoice-processor"))
    }

    @Test func settingsReportEveryProblemAtOnce() {
        let rule = MarkedText("sent ⟨op⟩= 1")
        let bad = ExecFlags(job: "a/b", command: [], onlyAt: "0 1 * * *", maxRuntime: "5 minutes", env: ["1X=2", "NOEQ"],
                            expectExit: [300], expectJSON: [rule.text], stdoutMatches: ["(unclosed"], minDuration: "-1m",
                            tolerate: -1)
        guard case let .failure(error) = ExecSettings.resolve(bad) else {
            Issue.record("should fail")
            return
        }
        let text = error.problems.joined(separator: "\n")
        for expected in ["job name a/b", "no command", "--max-runtime '5 minutes'", "--min-duration -1m", "--expect-json 'sent = 1': at column \(rule.markers["op"]!.column)",
                         "--stdout-matches '(unclosed'", "--env 1X=2", "--env NOEQ", "--expect-exit 300", "--tolerate -1", "--only-at needs --tz"] {
            #expect(text.contains(expected), "missing: \(expected)\n\(text)")
        }
        guard case let .failure(e2) = ExecSettings.resolve(ExecFlags(job: "a", command: ["echo", "hi"])) else { return }
        #expect(e2.problems == ["the command must be one quoted string after '--' (got 2 words); write -- 'echo hi'"])
    }

    @Test func jobEnvironmentAppliesEnvFlagsAndDropsThePingKey() throws {
        let s = try ExecSettings.resolve(ExecFlags(job: "a", command: ["true"], env: ["MODE=live", "EMPTY=", "EQ=a=b"])).get()
        let env = s.jobEnvironment(inherited: ["PATH=/bin", "MODE=test", "CRONOPS_PING_KEY=secret"])
        #expect(env == ["PATH=/bin", "MODE=live", "EMPTY=", "EQ=a=b"])
    }
}
