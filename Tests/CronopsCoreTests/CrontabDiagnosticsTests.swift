import Foundation
import Testing
@testable import CronopsCore

/// What cron cannot carry is a located diagnostic, and never a line in a fragment.
@Suite struct CrontabDiagnosticsTests {
    typealias S = CrontabSample

    @Test func newlineInCommandIsAnErrorAtTheCommand() {
        let job = S.job("multi", command: "echo one\necho two", line: 7)
        let emission = S.emit(S.spec(jobs: [job, S.job("fine")]))
        #expect(emission.diagnostics.all.map(\.code) == ["E301"])
        let diagnostic = emission.diagnostics.all[0]
        #expect(diagnostic.location == job.location(of: "command"))
        #expect(diagnostic.message.contains("multi") && diagnostic.message.contains("command"))
        #expect(!emission.fragments[0].text.contains("exec multi"))
    }

    @Test func aJobOnSeveralHostsIsReportedOnce() {
        let spec = S.spec(jobs: [S.job("multi", command: "a\nb", hosts: ["web-1", "web-2"])], hosts: [S.host(), S.host("web-2")])
        #expect(S.emit(spec).diagnostics.all.map(\.code) == ["E301"])
    }

    @Test func carriageReturnAndNulAreErrors() {
        let emission = S.emit(S.spec(jobs: [
            S.job("cr", command: "echo a\rb"),
            S.job("nul", command: "echo a\u{0}b"),
            S.job("env") { $0.env = [EnvVar(name: "X", value: "a\nb")] },
            S.job("rule") { $0.validate.stdoutContains = ["line\nbreak"] },
        ]))
        let found = emission.diagnostics.all.map { "\($0.code) \($0.location!.line)" }.sorted()
        let cr = S.job("cr").location(of: "command").line
        #expect(found == ["E301 \(cr)", "E301 \(S.job("env").location(of: "env").line)",
                          "E301 \(S.job("rule").location(of: "validate").line)", "E302 \(cr)"])
    }

    @Test func commandOverDebiansLimitIsAnError() {
        let fits = S.job("fits", command: String(repeating: "a", count: 700))
        let tooLong = S.job("too-long", command: String(repeating: "b", count: 1000))
        let emission = S.emit(S.spec(jobs: [fits, tooLong]))
        #expect(emission.diagnostics.all.map(\.code) == ["E303"])
        #expect(emission.diagnostics.all[0].location == tooLong.location(of: "command"))
        #expect(emission.diagnostics.all[0].message.contains("998"))
        let lines = S.jobLines(emission.fragments[0].text)
        #expect(lines.count == 1)
    }

    /// The limit counts the command part as cron sees it: escapes and UTF-8 bytes included.
    @Test func limitCountsEscapedBytes() throws {
        let prefix = "/usr/local/bin/cronops exec p --slug p --ping-url https://hc-ping.com --ping-key-file /etc/cronops/acme-prod.ping-key -- ''"
        let room = CrontabLimits.commandBytes - prefix.utf8.count
        let exactly = S.job("p", command: String(repeating: "x", count: room))
        let fragment = S.fragment(S.spec(jobs: [exactly]))
        let part = S.commandPart(S.jobLines(fragment.text)[0], format: .cronD)
        #expect(part.utf8.count == CrontabLimits.commandBytes)
        try DebianCrontabCheck.expectAccepted(fragment)
        let percent = S.job("p", command: String(repeating: "x", count: room - 1) + "%")
        #expect(S.emit(S.spec(jobs: [percent])).diagnostics.all.map(\.code) == ["E303"])
        let unicode = S.job("p", command: String(repeating: "x", count: room - 1) + "é")
        #expect(S.emit(S.spec(jobs: [unicode])).diagnostics.all.map(\.code) == ["E303"])
    }

    /// The emitter's limit is Debian's: one byte more and crontab -n refuses the file.
    @Test func debianRejectsOneByteMore() throws {
        let command = String(repeating: "y", count: CrontabLimits.commandBytes + 1)
        let rejected = try DebianCrontabCheck.run("* * * * * \(command)\n")
        #expect(!rejected.ok)
        let accepted = try DebianCrontabCheck.run("* * * * * \(command.dropLast())\n")
        #expect(accepted.ok, "\(accepted.output)")
    }

    @Test func hostValuesCronCannotReadAreErrors() {
        var host = S.host(mailto: "a\"b'c ")
        host.path = "/bin\n/usr/bin"
        let emission = S.emit(S.spec(jobs: [], hosts: [host]))
        #expect(emission.diagnostics.all.map(\.code) == ["E304", "E304"])
    }

    /// Debian ignores a crontab of more than 10,000 lines (6 header lines, 4 per job here).
    @Test func tooManyLinesForOneHost() {
        let jobs = (0..<2500).map { S.job(String(format: "job-%04d", $0)) }
        let emission = S.emit(S.spec(jobs: jobs))
        #expect(emission.diagnostics.all.map(\.code) == ["E308"])
        #expect(emission.diagnostics.all[0].location == S.host().location)
        let fewer = S.emit(S.spec(jobs: Array(jobs.prefix(2498))))
        #expect(fewer.diagnostics.all.isEmpty)
    }

    /// `validate` counts lines without writing them: guarded candidate lines and the CRON_TZ
    /// lines around a job in another zone count exactly as in the written text.
    @Test(arguments: [(CronDialect.debian, "0 0 L * *", "UTC"), (.cronie, "30 2 * * *", "Europe/Berlin")])
    func countedLinesAreTheWrittenLines(dialect: CronDialect, schedule: String, zone: String) throws {
        let jobs = (0..<2_100).map { S.job(String(format: "job-%04d", $0), schedule, zone: zone) }
        let emission = S.emit(S.spec(jobs: jobs, hosts: [S.host(cron: dialect)]))
        let written = emission.fragments[0].text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(written > CrontabLimits.lines)
        #expect(emission.diagnostics.all.map(\.code) == ["E308"])
        #expect(emission.diagnostics.all.first?.message.contains("would have \(written) lines") == true)
    }

    @Test func badUserForCronD() {
        let emission = S.emit(S.spec(jobs: [S.job("a") { $0.user = "two words" }]))
        #expect(emission.diagnostics.all.map(\.code) == ["E305"])
    }

    @Test func unknownZone() {
        let emission = S.emit(S.spec(jobs: [S.job("a", zone: "Mars/Olympus")]))
        #expect(emission.diagnostics.all.map(\.code) == ["E306"])
        #expect(emission.diagnostics.all[0].location == S.job("a").location(of: "timezone"))
        let hostZone = S.emit(S.spec(jobs: [S.job("a"), S.job("b")], hosts: [S.host(zone: "Mars/Olympus")]))
        #expect(hostZone.diagnostics.all.map(\.code) == ["E306"], "reported once for the host, not per job")
    }
}
