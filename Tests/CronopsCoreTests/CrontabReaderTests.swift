import CronopsTestSupport
import Testing
@testable import CronopsCore

/// `CrontabReader`: a crontab read the way its daemon reads it, every refusal located.
@Suite struct CrontabReaderTests {
    static let file = "crontab"

    func read(_ m: MarkedText, format: CrontabFormat = .crontab, dialect: CronDialect = .debian)
        -> (CrontabDocument, [Diagnostic]) {
        var d = Diagnostics()
        let doc = CrontabReader.read(m.text, file: Self.file, format: format, dialect: dialect, diagnostics: &d)
        return (doc, d.all)
    }

    func at(_ m: MarkedText, _ marker: String) -> CronopsCore.SourceLocation? { m.location(marker, file: Self.file) }

    @Test func variablesAsCronReadsThem() throws {
        let m = MarkedText("""
        ⟨shell⟩SHELL=/bin/bash
        PATH = /usr/local/bin:/usr/bin:/bin
        MAILTO="ops@example.com"
          QUOTED = 'a b '
        EQ=a=b
        HOMEDIR=$HOME/x
        PATH=/opt/bin:$PATH
        0 1 * * * /usr/local/bin/backup.sh

        """)
        let (doc, diagnostics) = read(m)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let entry = try #require(doc.entries.first)
        #expect(entry.environment.map(\.name) == ["SHELL", "PATH", "MAILTO", "QUOTED", "EQ", "HOMEDIR"], "each name once, in first-set order")
        let values = Dictionary(uniqueKeysWithValues: entry.environment.map { ($0.name, $0.value) })
        #expect(values["PATH"] == "/opt/bin:$PATH", "the last value wins, never expanded")
        #expect(values["MAILTO"] == "ops@example.com", "matching quotes are stripped")
        #expect(values["QUOTED"] == "a b ", "blanks inside quotes stay")
        #expect(values["EQ"] == "a=b")
        #expect(values["HOMEDIR"] == "$HOME/x")
        #expect(entry.environment.first?.location == at(m, "shell"))
        #expect(!doc.ignoredByDaemon)
    }

    @Test func variablesApplyOnlyToTheLinesBelow() throws {
        let (doc, _) = read(MarkedText("0 1 * * * a.sh\nMODE=live\n0 2 * * * b.sh\n"))
        #expect(doc.entries.map { $0.environment.map(\.name) } == [[], ["MODE"]])
    }

    @Test func jobLinesKeepTheirCommandExactly() throws {
        let m = MarkedText("""
        # Nightly backup
        0\t1  * * *  ⟨cmd⟩FOO=1 /usr/local/bin/backup.sh --full # not a comment \t
        @daily ⟨daily⟩/usr/bin/cleanup

        # unrelated

        */5 * * * * /usr/bin/poll
        # Poll the queue
        */5 * * * * /usr/bin/poll-queue

        """)
        let (doc, diagnostics) = read(m)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(doc.entries.map(\.schedule.value) == ["0 1 * * *", "@daily", "*/5 * * * *", "*/5 * * * *"])
        #expect(doc.entries[0].command.value == "FOO=1 /usr/local/bin/backup.sh --full # not a comment \t")
        #expect(doc.entries[0].command.location == at(m, "cmd"))
        #expect(doc.entries[1].command.location == at(m, "daily"))
        #expect(doc.entries.map(\.comment) == ["Nightly backup", nil, nil, "Poll the queue"], "only a comment directly above names a job")
    }

    @Test func cronDLinesHaveAUserColumnAfterTheFieldsOrTheMacro() throws {
        let m = MarkedText("""
        17 *\t* * *\t⟨u1⟩root    cd / && /usr/local/bin/hourly --report
        @weekly ⟨u2⟩www-data /usr/bin/php /var/www/cron.php
        ⟨bad⟩30 2 * * * postgres

        """)
        let (doc, diagnostics) = read(m, format: .cronD)
        #expect(doc.entries.map { $0.user?.value } == ["root", "www-data"])
        #expect(doc.entries.map { $0.user?.location } == [at(m, "u1"), at(m, "u2")])
        #expect(doc.entries[0].command.value == "cd / && /usr/local/bin/hourly --report")
        #expect(diagnostics.map(\.code) == ["W400", "W401"], "\(diagnostics)")
        #expect(diagnostics.first?.message == "cron cannot read this line (it has no command); not imported")
        #expect(doc.ignoredByDaemon)
    }

    @Test func debianUnescapesPercentAndBackslashCronieOnlyPercent() throws {
        let text = MarkedText(#"0 1 * * * tar czf /b/$(date +\%F).tgz /etc && echo a\\b"# + "\n")
        let (debian, _) = read(text, dialect: .debian)
        let (cronie, _) = read(text, dialect: .cronie)
        #expect(debian.entries.first?.command.value == #"tar czf /b/$(date +%F).tgz /etc && echo a\b"#)
        #expect(cronie.entries.first?.command.value == #"tar czf /b/$(date +%F).tgz /etc && echo a\\b"#)
        #expect(debian.entries.first?.written == #"tar czf /b/$(date +\%F).tgz /etc && echo a\\b"#)
    }

    @Test func anUnescapedPercentIsRefusedWhereItIs() throws {
        let m = MarkedText("""
        0 1 * * * /usr/bin/backup > /var/log/b-$(date +⟨pct⟩%F).log 2>&1
        */10 * * * * sleep $(( RANDOM \\% 60 )); /usr/bin/poll

        """)
        let (doc, diagnostics) = read(m)
        #expect(doc.entries.map(\.command.value) == ["sleep $(( RANDOM % 60 )); /usr/bin/poll"])
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.code == "W404")
        #expect(d.location == at(m, "pct"))
        #expect(d.message == "this '%' ends the command: cron runs '/usr/bin/backup > /var/log/b-$(date +' today and sends 'F).log 2>&1' to its standard input; not imported")
        #expect(d.fixIt == #"/usr/bin/backup > /var/log/b-$(date +\%F).log 2>&1"#)
        #expect(!doc.ignoredByDaemon, "cron runs the cut command: the file itself is fine")
    }

    @Test func rebootCommentedOutJobsAndRejectedSchedulesAreReported() throws {
        let m = MarkedText("""
        ⟨reboot⟩@reboot /usr/local/bin/start-agent
        ⟨off⟩# 0 3 * * * /usr/local/bin/old-job
        0 0 ⟨feb⟩30 2 * /usr/local/bin/never
        0 ⟨rev⟩22-2 * * * /usr/local/bin/night
        0 4 * * * /usr/local/bin/kept

        """)
        let (doc, diagnostics) = read(m)
        #expect(doc.entries.map(\.command.value) == ["/usr/local/bin/kept"])
        #expect(doc.entries.first?.comment == nil, "a commented-out job is not a name")
        #expect(diagnostics.map(\.code) == ["W403", "W406", "W405", "W405"], "\(diagnostics)")
        #expect(diagnostics.map(\.location) == [at(m, "reboot"), at(m, "off"), at(m, "feb"), at(m, "rev")])
        #expect(!doc.ignoredByDaemon, "Debian reads all of these lines")
    }

    @Test func cronieReadsCronTZForTheLinesBelowDebianIgnoresIt() throws {
        let m = MarkedText("""
        0 1 * * * a.sh
        ⟨tz⟩CRON_TZ=Japan
        0 2 * * * b.sh
        CRON_TZ=Europe/Berlin
        0 3 * * * c.sh
        ⟨bad⟩CRON_TZ=Mars/Olympus
        0 4 * * * d.sh

        """)
        let (cronie, cronieDiagnostics) = read(m, dialect: .cronie)
        #expect(cronie.entries.map(\.zone) == [nil, "Asia/Tokyo", "Europe/Berlin"], "a legacy alias is canonicalised")
        #expect(cronieDiagnostics.map(\.code) == ["W408"])
        #expect(cronieDiagnostics.first?.location == at(m, "bad"))

        let (debian, debianDiagnostics) = read(m, dialect: .debian)
        #expect(debian.entries.map(\.zone) == [nil, nil, nil, nil], "Debian schedules every line in its own zone")
        #expect(debianDiagnostics.map(\.code) == ["W407", "W407", "W407"])
        #expect(debianDiagnostics.first?.location == at(m, "tz"))
        #expect(debian.entries[1].environment.map(\.name) == ["CRON_TZ"], "it still reaches the environment")
    }

    @Test func aMissingFinalNewlineOrABrokenLineMakesDebianIgnoreTheFile() throws {
        let m = MarkedText("0 1 * * * a.sh\n⟨broken⟩@often b.sh\n0 2 * * * c.sh⟨eof⟩")
        let (debian, d) = read(m)
        #expect(debian.entries.map(\.command.value) == ["a.sh", "c.sh"], "the rest is imported")
        #expect(debian.ignoredByDaemon)
        #expect(d.map(\.code) == ["W402", "W400", "W401"])
        #expect(d[0].location == at(m, "eof"))
        #expect(d[1].location == at(m, "broken"))
        #expect(d[2].location == CronopsCore.SourceLocation(file: Self.file, line: 1, column: 1))
        #expect(d[2].notes.map(\.location) == [at(m, "eof"), at(m, "broken")])

        let (cronie, c) = read(m, dialect: .cronie)
        #expect(!cronie.ignoredByDaemon)
        #expect(c.map(\.code) == ["W402", "W400"])
    }

    @Test func aCarriageReturnIsReportedWhereItIs() {
        let m = MarkedText("0 1 * * * /usr/bin/a⟨cr⟩\r\n0 2 * * * /usr/bin/b\n")
        let (doc, d) = read(m)
        #expect(doc.entries.map(\.command.value) == ["/usr/bin/b"])
        #expect(d.map(\.code) == ["W411"])
        #expect(d.first?.location == at(m, "cr"))
    }

    @Test func runPartsLinesOfEtcCrontabAreNotJobsAndTemplateHeadersAreNotNames() {
        let m = MarkedText("""
        # m h dom mon dow user\tcommand
        17 * * * * root ⟨rp⟩cd / && run-parts --report /etc/cron.hourly
        25 6 * * * root test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }
        # m h  dom mon dow   command
        0 1 * * * root /usr/local/bin/mine

        """)
        let (doc, d) = read(m, format: .cronD)
        #expect(doc.entries.map(\.command.value) == ["/usr/local/bin/mine"])
        #expect(doc.entries.first?.comment == nil)
        #expect(d.map(\.code) == ["W412", "W412"])
        #expect(d.first?.location == at(m, "rp"))
        #expect(d.map(\.message).allSatisfy { $0.contains("/etc/cron.") })
        #expect(d.last?.message.hasPrefix("this line runs every script in /etc/cron.daily (run-parts)") == true)
    }

    @Test func scheduleSyntaxDebianRefusesOrReadsOtherwise() {
        let m = MarkedText("""
        ⟨step⟩5/15 * * * * a.sh
        0 0 ⟨last⟩L * * b.sh
        0 0 * * ⟨hash⟩MON#2 c.sh
        0 0 * * 1,⟨fri⟩5L d.sh
        5-59/15 * * * * e.sh
        0 0 * JUL,APR WED f.sh

        """)
        let (debian, d) = read(m)
        #expect(debian.entries.map(\.command.value) == ["e.sh", "f.sh"], "names with L or W are not L or W")
        #expect(d.map(\.code) == ["W400", "W400", "W415", "W400", "W401"], "\(d)")
        #expect(d.prefix(4).map(\.location) == [at(m, "step"), at(m, "last"), at(m, "hash"), at(m, "fri")])
        #expect(d[0].message.contains("write 5-59/15"))
        #expect(d[2].message.hasPrefix("Debian's cron reads 'MON#2' as 'MON'"))
        let (cronie, c) = read(m, dialect: .cronie)
        #expect(cronie.entries.count == 6, "only Debian's parser is modelled here; cronie's limits are not checked yet: \(c)")
    }

    @Test func whatIsNotAVariableLine() {
        for line in ["MAILTO=", "A = \"x\" y", "=value", "0 1 * * * A=b"] {
            #expect(CrontabReader.variable(ArraySlice(line.unicodeScalars)) == nil, "\(line)")
        }
        #expect(CrontabReader.variable(ArraySlice("'N A'=\"v\"  ".unicodeScalars))! == ("N A", "v"))
        #expect(CrontabReader.variable(ArraySlice("X=\"open".unicodeScalars))! == ("X", "\"open"), "an unclosed quote is a character")
    }

    @Test func escapePercentsFixesOnlyThePercentsThatCut() {
        #expect(CronEscaping.escapePercents(#"date +%F; echo \%x 100%"#, for: .debian) == #"date +\%F; echo \%x 100\%"#)
        #expect(CronEscaping.escapePercents(#"a\\%b"#, for: .debian) == #"a\\\%b"#)
        let fixed = CronEscaping.escapePercents("printf '%s %d' x 1", for: .cronie)
        #expect(CronEscaping.unescape(fixed, for: .cronie) == ("printf '%s %d' x 1", nil))
    }
}
