/// One rule that did not hold, named as the flag that set it.
public struct RuleFailure: Equatable, Sendable {
    /// The rule as a flag, e.g. `--expect-json 'sent == generated'`.
    public var rule: String
    /// Why, with the values seen (`false (sent = 0, generated = 3)`).
    public var reason: String

    public init(rule: String, reason: String) {
        self.rule = rule
        self.reason = reason
    }
}

/// The wrapper's judgement of one run (SPEC §2.6 step 6).
public struct ExecVerdict: Equatable, Sendable {
    public var failures: [RuleFailure]
    /// Which JSON the `--expect-json` rules read, when there are any and some JSON was found.
    public var jsonOrigin: String?
    public var ruleCount: Int

    public var passed: Bool { failures.isEmpty }

    /// Evaluates every rule, in flag order (exit status and run time first), reporting every
    /// failure, not just the first.
    public static func evaluate(_ rules: ExecRules, _ outcome: RunOutcome) -> ExecVerdict {
        var failures: [RuleFailure] = []
        var jsonOrigin: String?

        if let limit = outcome.killedAfterMaxRuntime {
            failures.append(RuleFailure(rule: "--max-runtime \(limit)", reason: "still running after \(limit); stopped by the wrapper"))
        } else if let signal = outcome.forwardedSignal, case .signaled = outcome.termination {
            failures.append(RuleFailure(rule: "--expect-exit \(expectedList(rules))",
                                        reason: "stopped by \(SignalName.of(signal)) sent to the wrapper"))
        } else {
            switch outcome.termination {
            case let .exited(code) where !rules.expectExit.contains(code):
                failures.append(RuleFailure(rule: "--expect-exit \(expectedList(rules))", reason: "the job exited with status \(code)"))
            case let .signaled(signal):
                failures.append(RuleFailure(rule: "--expect-exit \(expectedList(rules))",
                                            reason: "the job was killed by \(SignalName.of(signal))"))
            default: break
            }
        }

        if !rules.expectJSON.isEmpty {
            switch RuleDocument.select(from: outcome.stdout.bytes, complete: outcome.stdout.isComplete) {
            case let .success(document):
                jsonOrigin = document.originDescription
                for rule in rules.expectJSON {
                    switch rule.evaluate(in: document.value) {
                    case .passed: break
                    case let .failed(seen):
                        failures.append(RuleFailure(rule: "--expect-json \(ShellQuoting.quote(rule.source, argument: true))", reason: "false (\(seen))"))
                    case let .error(message):
                        failures.append(RuleFailure(rule: "--expect-json \(ShellQuoting.quote(rule.source, argument: true))", reason: message))
                    }
                }
            case let .failure(error):
                for rule in rules.expectJSON {
                    failures.append(RuleFailure(rule: "--expect-json \(ShellQuoting.quote(rule.source, argument: true))", reason: error.message))
                }
            }
        }

        let stdoutText = rules.readsStdout ? String(decoding: outcome.stdout.bytes, as: UTF8.self) : ""
        let scope = outcome.stdout.isComplete ? "stdout" : "the last \(ByteCount.format(outcome.stdout.capacity)) of stdout"
        for text in rules.stdoutContains where !stdoutText.contains(text) {
            failures.append(RuleFailure(rule: "--stdout-contains \(ShellQuoting.quote(text, argument: true))", reason: "\(scope) does not contain it"))
        }
        for pattern in rules.stdoutMatches where !pattern.matches(stdoutText) {
            failures.append(RuleFailure(rule: "--stdout-matches \(ShellQuoting.quote(pattern.source, argument: true))", reason: "no match in \(scope)"))
        }
        for pattern in rules.stdoutForbids {
            if let line = firstMatchingLine(pattern, stdoutText) {
                failures.append(RuleFailure(rule: "--stdout-forbids \(ShellQuoting.quote(pattern.source, argument: true))", reason: "stdout has: \(line)"))
            }
        }
        if rules.readsStderr {
            let stderrText = String(decoding: outcome.stderr.bytes, as: UTF8.self)
            for pattern in rules.stderrForbids {
                if let line = firstMatchingLine(pattern, stderrText) {
                    failures.append(RuleFailure(rule: "--stderr-forbids \(ShellQuoting.quote(pattern.source, argument: true))", reason: "stderr has: \(line)"))
                }
            }
        }
        if rules.stderrEmpty, outcome.stderr.totalBytes > 0 {
            failures.append(RuleFailure(rule: "--stderr-empty", reason: "stderr has \(outcome.stderr.totalBytes) byte\(outcome.stderr.totalBytes == 1 ? "" : "s")"))
        }
        if let min = rules.minDuration, outcome.duration < Double(min.seconds) {
            failures.append(RuleFailure(rule: "--min-duration \(min)", reason: "finished in \(DurationText.format(outcome.duration)), sooner than \(min)"))
        }
        if let max = rules.maxDuration, outcome.duration > Double(max.seconds) {
            failures.append(RuleFailure(rule: "--max-duration \(max)", reason: "took \(DurationText.format(outcome.duration)), longer than \(max)"))
        }
        return ExecVerdict(failures: failures, jsonOrigin: jsonOrigin, ruleCount: rules.count)
    }

    static func expectedList(_ rules: ExecRules) -> String {
        rules.expectExit.map(String.init).joined(separator: ",")
    }

    /// The first line holding a match, shortened: what a reader needs to find the problem.
    static func firstMatchingLine(_ pattern: TextPattern, _ text: String) -> String? {
        guard let match = text.firstMatch(of: pattern.regex) else { return nil }
        let start = text[..<match.range.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let end = text[match.range.lowerBound...].firstIndex(of: "\n") ?? text.endIndex
        let line = text[start..<end].trimmed(of: " \t\r")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}

/// Signal names for messages (`SIGTERM` reads better than 15 at 2 am).
public enum SignalName {
    public static func of(_ signal: Int32) -> String {
        let names: [Int32: String] = [1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 6: "SIGABRT", 9: "SIGKILL",
                                      11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM"]
        return names[signal] ?? "signal \(signal)"
    }
}

/// Run times for people: `0.25 s`, `1 m 3 s`.
public enum DurationText {
    public static func format(_ seconds: Double) -> String {
        if seconds < 60 {
            return seconds < 10 ? "\((seconds * 100).rounded() / 100) s" : "\(Int(seconds.rounded())) s"
        }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        return h > 0 ? "\(h) h \(m) m \(s) s" : "\(m) m \(s) s"
    }
}


extension StringProtocol {
    /// Without the given scalars at either end (scalars, so "\r\n" in `characters` means both).
    func trimmed(of characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        var s = Substring(self).unicodeScalars
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

/// Sizes for people: `64 bytes`, `4 MiB`.
public enum ByteCount {
    public static func format(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
