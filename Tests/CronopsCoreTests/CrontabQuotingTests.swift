import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCore

/// The command and every flag value must reach the wrapper as one argument each, byte for
/// byte, after cron's own un-escaping and /bin/sh.
@Suite struct CrontabQuotingTests {
    static let trickyCommands = [
        "python3 /app/run.py --json-output",
        "cd /srv && ./backup.sh | gzip > /tmp/out.gz 2>&1",
        "echo \"it's $HOME\" 'single' `date`",
        "date +%F_%H%M && printf '100%%\\n'",
        #"printf 'a\\b\%c' \\\\ \\% \"x\\\"y\""#,
        #"echo \\%"#,
        #"echo back\"#,
        "echo ünïcødé ✓ — 日本 e\u{301}'\u{301} \\\u{301}",
        "echo $((1+2)); exit 0 # not a comment in cron",
        "*/5 looks like a field; echo '-- --only-at'",
        "   leading and trailing blanks   ",
        "",
        "-n starts with a dash",
        "tab\there",
    ]

    /// A stand-in for the wrapper that prints its arguments NUL-terminated.
    static func fakeWrapper() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("cronops").path
        try ChildProcess.writeExecutable("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n", to: path)
        return path
    }

    /// The NUL-terminated words `/bin/sh -c COMMAND` prints (the fake wrapper's arguments, or printf's).
    static func argv(runningShellCommand command: String) throws -> [String] {
        let result = try ChildProcess.runBlocking("/bin/sh", ["-c", command])
        #expect(result.status == 0, "\(result.stderrText)")
        var words = result.stdoutText.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        #expect(words.last == "")
        words.removeLast()
        return words
    }

    @Test(arguments: [CronDialect.debian, .cronie], [CrontabFormat.cronD, .crontab])
    func trickyCommandsRoundTripThroughCronAndShell(dialect: CronDialect, format: CrontabFormat) throws {
        let wrapper = try Self.fakeWrapper()
        defer { try? FileManager.default.removeItem(atPath: (wrapper as NSString).deletingLastPathComponent) }
        let rule = try RuleExpression.parse("sent == generated").get()
        for (index, command) in Self.trickyCommands.enumerated() {
            let job = CrontabSample.job("job-\(index)", command: command) { job in
                job.env = [EnvVar(name: "GREETING", value: "hi % there \\ 'quoted' \"double\" $HOME")]
                job.validate.stdoutJSON = [rule]
                job.validate.stdoutMatches = [#"Sent: [1-9][0-9]*\%"#, "-starts-with-dash"]
                job.validate.stderrForbids = ["(?i)traceback"]
                job.maxRuntime = TimeSpan(seconds: 7200)
                job.overlap = .skip
            }
            let spec = CrontabSample.spec(jobs: [job], hosts: [CrontabSample.host(cron: dialect, format: format, cronops: wrapper)])
            let fragment = CrontabSample.fragment(spec)
            let lines = CrontabSample.jobLines(fragment.text)
            #expect(lines.count == 1)
            guard lines.count == 1 else { continue }
            let commandPart = CrontabSample.commandPart(lines[0], format: format)
            let (shellCommand, stdin) = CronEscaping.unescape(commandPart, for: dialect)
            #expect(stdin == nil, "a % ended the command early: \(commandPart)")
            let received = try Self.argv(runningShellCommand: shellCommand)
            let expected = WrapperInvocation(job: job, host: spec.hosts[0], spec: spec, onlyAt: false,
                                             paths: CrontabOptions(zones: { _ in nil }).wrapperPaths(spec: spec)).words.dropFirst().map(\.text)
            #expect(received == expected, "line: \(lines[0])")
            #expect(received.last == command)
            #expect(received.contains("--max-runtime") && received.contains("2h"))
            #expect(received.contains("--stdout-matches=-starts-with-dash"))
            #expect(received.contains("GREETING=hi % there \\ 'quoted' \"double\" $HOME"))
        }
    }

    /// Random words over the characters that matter to cron and the shell, with a fixed seed.
    @Test(arguments: [CronDialect.debian, .cronie])
    func randomWordsRoundTrip(dialect: CronDialect) throws {
        let alphabet = Array("ab '\"\\%$`!*?;&|<>(){}[]#~=-\té✓\u{301}")
        var random = SeededRandom(seed: 0x5eed)
        let words = (0..<60).map { _ in String((0..<(1 + random.below(12))).map { _ in alphabet[random.below(alphabet.count)] }) }
        // One shell run for all of them: each word becomes one argument of printf.
        let line = CronEscaping.escape("printf '%s\\0' " + ShellQuoting.join(words), for: dialect)
        let (command, stdin) = CronEscaping.unescape(line, for: dialect)
        #expect(stdin == nil)
        #expect(try Self.argv(runningShellCommand: command) == words)
        let check = try DebianCrontabCheck.run("* * * * * \(line)\n")
        #expect(check.ok, "\(check.output)")
    }

    /// `validate` measures lines instead of building them: the measure must be the length of
    /// the text `crontab` writes, for every kind of word.
    @Test(arguments: [CronDialect.debian, .cronie])
    func quotedLengthIsTheLengthOfTheEscapedWord(dialect: CronDialect) {
        let alphabet = Array("ab '\"\\%$=-_./é✓\u{301}")
        var random = SeededRandom(seed: 0xc0ffee)
        let words = ["", "plain", "a%b", "\\%", "'", "\\\\%%", "x=y"]
            + (0..<2_000).map { _ in String((0..<random.below(10)).map { _ in alphabet[random.below(alphabet.count)] }) }
        for word in words {
            for always in [false, true] {
                let built = CronEscaping.escape(ShellQuoting.quote(word, always: always), for: dialect)
                #expect(ShellQuoting.quotedLength(word, always: always, escapedFor: dialect) == built.utf8.count,
                        "\(word.debugDescription) always: \(always)")
            }
        }
    }

    @Test func everyPercentIsEscaped() {
        let job = CrontabSample.job("report", command: "date +%F > /tmp/%s.log")
        let line = CrontabSample.jobLines(CrontabSample.fragment(CrontabSample.spec(jobs: [job])).text)[0]
        #expect(line.hasSuffix(#"-- 'date +\%F > /tmp/\%s.log'"#))
        let unescaped = line.replacingOccurrences(of: "\\%", with: "")
        #expect(!unescaped.contains("%"))
    }

    @Test func backslashesFollowTheDialect() {
        let command = #"printf 'a\tb'"#
        let debian = CronEscaping.escape(ShellQuoting.quote(command), for: .debian)
        let cronie = CronEscaping.escape(ShellQuoting.quote(command), for: .cronie)
        #expect(debian == #"'printf '\\''a\\tb'\\'''"#)
        #expect(cronie == #"'printf '\''a\tb'\'''"#)
        #expect(CronEscaping.unescape(debian, for: .debian).command == ShellQuoting.quote(command))
        #expect(CronEscaping.unescape(cronie, for: .cronie).command == ShellQuoting.quote(command))
    }

    /// cronie pairs a backslash with the next character, so `\` right before `\%` would eat
    /// the escape: the quoting splits the word there.
    @Test func cronieBackslashBeforePercent() {
        let quoted = ShellQuoting.quote(#"a\%b"#)
        #expect(quoted == #"'a\''%b'"#)
        let escaped = CronEscaping.escape(quoted, for: .cronie)
        let decoded = CronEscaping.unescape(escaped, for: .cronie)
        #expect(decoded.command == quoted && decoded.stdin == nil)
    }

    /// The decoders model what the daemons do (Debian's was checked against cron 3.0pl1-162
    /// running real jobs): the first bare `%` starts stdin.
    @Test func unescapeModelsTheDaemons() {
        #expect(CronEscaping.unescape(#"a\\b\%c\d%in%put"#, for: .debian).command == #"a\b%c\d"#)
        #expect(CronEscaping.unescape(#"a\\b\%c\d%in%put"#, for: .debian).stdin == "in%put")
        #expect(CronEscaping.unescape(#"a\\b\%c\d%in%put"#, for: .cronie).command == #"a\\b%c\d"#)
        #expect(CronEscaping.unescape(#"a\\b\%c\d%in%put"#, for: .cronie).stdin == "in%put")
        #expect(CronEscaping.unescape(#"K\\%L"#, for: .debian).command == #"K\"#)
        #expect(CronEscaping.unescape(#"K\\%L"#, for: .debian).stdin == "L")
        #expect(CronEscaping.unescape(#"M\"#, for: .debian).command == #"M\"#)
        #expect(CronEscaping.unescape(#"M\"#, for: .debian).stdin == nil)
    }

    @Test func plainWordsStayBare() {
        #expect(ShellQuoting.quote("/usr/local/bin/cronops") == "/usr/local/bin/cronops")
        #expect(ShellQuoting.quote("a=b") == "'a=b'")
        #expect(ShellQuoting.quote("") == "''")
        #expect(ShellQuoting.quote("it's") == #"'it'\''s'"#)
    }
}
