import Testing
@testable import CronopsCore

func capture(_ text: String, capacity: Int = 1 << 20) -> TailBuffer {
    var buffer = TailBuffer(capacity: capacity)
    buffer.append(Array(text.utf8))
    return buffer
}

func outcome(_ termination: Termination = .exited(0), stdout: String = "", stderr: String = "",
             duration: Double = 1, killedAfter: TimeSpan? = nil, signal: Int32? = nil) -> RunOutcome {
    RunOutcome(termination: termination, killedAfterMaxRuntime: killedAfter, forwardedSignal: signal, duration: duration,
               stdout: capture(stdout), stderr: capture(stderr), combinedTail: capture(stdout + stderr, capacity: 10_000))
}

func rules(_ flags: ExecFlags) -> ExecRules {
    try! ExecSettings.resolve(flags).get().rules
}

func flags(_ configure: (inout ExecFlags) -> Void) -> ExecFlags {
    var f = ExecFlags(job: "job", command: ["true"])
    configure(&f)
    return f
}

@Suite struct ExecVerdictTests {
    @Test func theInvoiceIncidentFailsBothJSONRules() {
        let r = rules(flags { $0.expectJSON = ["sent == generated", "failed == 0", "generated >= 1"] })
        let v = ExecVerdict.evaluate(r, outcome(stdout: "Generated: 3\n{\"generated\": 3, \"sent\": 0, \"failed\": 3}\n"))
        #expect(v.failures == [
            RuleFailure(rule: "--expect-json 'sent == generated'", reason: "false (sent = 0, generated = 3)"),
            RuleFailure(rule: "--expect-json 'failed == 0'", reason: "false (failed = 3)"),
        ])
        #expect(v.jsonOrigin == "stdout line 2")
    }

    @Test func theFirewallIncidentFailsOnStderr() {
        let r = rules(flags { $0.stderrForbids = ["ConnectionError", "(?i)timeout"] })
        let v = ExecVerdict.evaluate(r, outcome(stderr: "syncing\nConnectionError: HTTPSConnectionPool(host='crm') timed out\n"))
        #expect(v.failures == [RuleFailure(rule: "--stderr-forbids ConnectionError",
                                           reason: "stderr has: ConnectionError: HTTPSConnectionPool(host='crm') timed out")])
    }

    /// Each rule, with one output that passes it and one that fails it.
    @Test(arguments: [
        (flags { $0.expectExit = [0, 3] }, outcome(.exited(3)), outcome(.exited(1)), "the job exited with status 1"),
        (flags { _ in }, outcome(.exited(0)), outcome(.signaled(9)), "killed by SIGKILL"),
        (flags { $0.expectJSON = ["ok == true"] }, outcome(stdout: "{\"ok\": true}"), outcome(stdout: "no json"), "no line of it is a JSON object"),
        (flags { $0.stdoutContains = ["Generated:"] }, outcome(stdout: "Generated: 3"), outcome(stdout: "generated: 3"), "does not contain it"),
        (flags { $0.stdoutMatches = ["Sent: [1-9][0-9]*"] }, outcome(stdout: "Sent: 12"), outcome(stdout: "Sent: 0"), "no match in stdout"),
        (flags { $0.stdoutMatches = ["^done$"] }, outcome(stdout: "a\ndone\nb"), outcome(stdout: "not done"), "no match"),
        (flags { $0.stdoutForbids = ["(?i)traceback"] }, outcome(stdout: "fine"), outcome(stdout: "x\nTraceback (most recent call last):\ny"), "stdout has: Traceback (most recent call last):"),
        (flags { $0.stderrForbids = ["Timeout"] }, outcome(stderr: "timeout"), outcome(stderr: "Timeout!"), "stderr has: Timeout!"),
        (flags { $0.stderrEmpty = true }, outcome(stdout: "x"), outcome(stderr: "warn\n"), "stderr has 5 bytes"),
        (flags { $0.minDuration = "5s" }, outcome(duration: 5), outcome(duration: 0.25), "finished in 0.25 s, sooner than 5s"),
        (flags { $0.maxDuration = "1m" }, outcome(duration: 60), outcome(duration: 61), "took 1 m 1 s, longer than 1m"),
    ])
    func eachRulePassesAndFails(_ f: ExecFlags, _ good: RunOutcome, _ bad: RunOutcome, _ reason: String) {
        let r = rules(f)
        #expect(ExecVerdict.evaluate(r, good).passed)
        let failures = ExecVerdict.evaluate(r, bad).failures
        #expect(failures.count == 1)
        #expect(failures.first?.reason.contains(reason) == true, "\(failures)")
    }

    @Test func maxRuntimeAndForwardedSignalsAreNamed() {
        let r = rules(flags { _ in })
        let killed = ExecVerdict.evaluate(r, outcome(.signaled(15), killedAfter: TimeSpan(seconds: 7200)))
        #expect(killed.failures == [RuleFailure(rule: "--max-runtime 2h", reason: "still running after 2h; stopped by the wrapper")])
        let stopped = ExecVerdict.evaluate(r, outcome(.signaled(15), signal: 15))
        #expect(stopped.failures.first?.reason == "stopped by SIGTERM sent to the wrapper")
    }

    @Test func jsonRulesReadTheKeptEndWhenStdoutWasTooLong() {
        var stdout = TailBuffer(capacity: 64)
        stdout.append(Array((String(repeating: "log line\n", count: 100) + "{\"sent\": 1}\n").utf8))
        let o = RunOutcome(termination: .exited(0), duration: 1, stdout: stdout, stderr: capture(""), combinedTail: capture(""))
        let r = rules(flags { $0.expectJSON = ["sent == 1"]; $0.stdoutContains = ["never"] })
        let v = ExecVerdict.evaluate(r, o)
        #expect(v.failures == [RuleFailure(rule: "--stdout-contains never", reason: "the last 64 bytes of stdout does not contain it")])
        #expect(ByteCount.format(ExecLimits.ruleCapture) == "4 MiB")
    }
}
