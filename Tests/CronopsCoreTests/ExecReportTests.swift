import Testing
@testable import CronopsCore

private func report(_ o: RunOutcome, _ f: ExecFlags = flags { _ in }, previous: Int = 0, tolerate: Int = 0) -> ExecReport {
    let r = rules(f)
    return ExecReport.make(job: "invoices", rules: r, outcome: o, verdict: ExecVerdict.evaluate(r, o),
                           previousFailures: previous, tolerate: tolerate)
}

@Suite struct ExecReportTests {
    @Test func successPingsZeroAndExitsZero() {
        let r = report(outcome(stdout: "hello\n"))
        #expect(r.ping == .success)
        #expect(r.exitStatus == 0)
        #expect(r.stderrSummary.isEmpty)
        #expect(r.body.hasPrefix("OK: invoices exited 0; its exit status was expected\n"))
        #expect(r.body.hasSuffix("--- output (stdout and stderr as they arrived) ---\nhello\n"))
    }

    @Test func exitZeroWithAFailedRuleExits120AndPingsFail() {
        let r = report(outcome(stdout: "{\"sent\": 0, \"generated\": 3}"), flags { $0.expectJSON = ["sent == generated"] })
        #expect(r.ping == .fail)
        #expect(r.exitStatus == WrapperStatus.ruleFailed)
        #expect(r.body.contains("FAILED: invoices exited 0; a rule failed"))
        #expect(r.body.contains("✗ --expect-json 'sent == generated': false (sent = 0, generated = 3)"))
        #expect(r.stderrSummary.contains("exiting with status 120"))
    }

    /// The run log records the verdict as fields (`RunFailure`): exactly what the body says.
    @Test func theVerdictFieldsAreWhatTheBodySays() {
        let r = report(outcome(.exited(3), stdout: "{\"sent\": 0, \"generated\": 3}"),
                       flags { $0.expectJSON = ["sent == generated", "generated > 5"] })
        #expect(r.headline == r.body.split(separator: "\n").first.map(String.init))
        #expect(r.failedRules == ["--expect-exit 0: the job exited with status 3",
                                  "--expect-json 'sent == generated': false (sent = 0, generated = 3)",
                                  "--expect-json 'generated > 5': false (generated = 3)"])
        for rule in r.failedRules { #expect(r.body.contains("\n✗ \(rule)\n")) }
        #expect(r.exitStatusText == "3" && r.body.contains("\nexit status: 3\n"))
        let ok = report(outcome(stdout: "hello\n"))
        #expect(ok.failedRules.isEmpty && ok.headline.hasPrefix("OK: ") && ok.exitStatusText == "0")
    }

    @Test func nonZeroExitKeepsItsStatusAndPingsIt() {
        let r = report(outcome(.exited(2)))
        #expect(r.ping == .exitStatus(2))
        #expect(r.exitStatus == 2)
        #expect(r.body.hasPrefix("FAILED: invoices exited with status 2\n"))
    }

    @Test func expectedNonZeroExitIsASuccessWithTheJobsStatus() {
        let r = report(outcome(.exited(3)), flags { $0.expectExit = [0, 3] })
        #expect(r.ping == .success)
        #expect(r.exitStatus == 3)
    }

    @Test func signalsAndTimeLimitsPingFail() {
        let killed = report(outcome(.signaled(9)))
        #expect(killed.ping == .fail)
        #expect(killed.exitStatus == 137)
        let timedOut = report(outcome(.signaled(15), killedAfter: TimeSpan(seconds: 60)))
        #expect(timedOut.ping == .fail)
        #expect(timedOut.exitStatus == WrapperStatus.timedOut)
        #expect(timedOut.body.hasPrefix("FAILED: invoices was stopped after --max-runtime 1m\n"))
    }

    @Test func toleratedFailuresAreLoggedThenAlert() {
        #expect(Tolerance.next(previousFailures: 0, failed: true, tolerate: 2) == (1, true))
        #expect(Tolerance.next(previousFailures: 1, failed: true, tolerate: 2) == (2, true))
        #expect(Tolerance.next(previousFailures: 2, failed: true, tolerate: 2) == (3, false))
        #expect(Tolerance.next(previousFailures: 7, failed: false, tolerate: 2) == (0, false))
        #expect(Tolerance.next(previousFailures: 0, failed: true, tolerate: 0) == (1, false))

        let first = report(outcome(.exited(1)), previous: 0, tolerate: 2)
        #expect(first.ping == .log)
        #expect(first.exitStatus == 1)
        #expect(first.consecutiveFailures == 1)
        #expect(first.body.hasPrefix("TOLERATED FAILED: invoices exited with status 1 (failure 1 of 2 allowed by --tolerate 2)"))
        let third = report(outcome(.exited(1)), previous: 2, tolerate: 2)
        #expect(third.ping == .exitStatus(1))
        #expect(third.body.contains("consecutive failures: 3 (--tolerate 2)"))
        let success = report(outcome(), previous: 3, tolerate: 2)
        #expect(success.ping == .success)
        #expect(success.consecutiveFailures == 0)
    }
}

@Suite struct ExecPingBodyTests {
    @Test func keepsTheEndOfLongOutputWithinTheServersLimit() {
        var tail = TailBuffer(capacity: 10_000)
        let lines = (1...5_000).map { "line \($0)\n" }.joined()
        tail.append(Array(lines.utf8))
        let body = PingBody.render(headline: "FAILED: x", details: ["✗ rule: reason"], output: tail)
        #expect(body.utf8.count <= 10_000)
        #expect(body.hasSuffix("line 5000\n"))
        #expect(body.contains("--- output: last "))
        #expect(body.contains(" of \(lines.utf8.count) bytes"))
        #expect(body.hasPrefix("FAILED: x\n✗ rule: reason\n"))
    }

    @Test func isAlwaysValidUTF8AndWithinTheLimit() {
        var tail = TailBuffer(capacity: 10_000)
        tail.append((0..<30_000).map { UInt8(truncatingIfNeeded: $0 &* 131) })
        let body = PingBody.render(headline: "OK", details: [], output: tail)
        #expect(String(validating: Array(body.utf8), as: UTF8.self) != nil)
        #expect(body.utf8.count <= 10_000)
    }

    @Test func manyFailedRulesCannotPushTheOutputOut() {
        let details = (1...200).map { "✗ --expect-json 'x\($0) == 1': " + String(repeating: "y", count: 100) }
        let body = PingBody.render(headline: "FAILED", details: details, output: capture("THE END\n"))
        #expect(body.contains("(more lines left out)"))
        #expect(body.hasSuffix("THE END\n"))
        #expect(body.utf8.count <= 10_000)
    }

    @Test func saysWhenThereWasNoOutput() {
        #expect(PingBody.render(headline: "OK", details: [], output: TailBuffer(capacity: 10)) == "OK\n(no output)\n")
    }

    @Test func cutsOnACharacterBoundary() {
        #expect(PingBody.suffix("aé😀", maxBytes: 5) == "😀")
        #expect(PingBody.suffix("aé😀", maxBytes: 6) == "é😀")
    }
}
