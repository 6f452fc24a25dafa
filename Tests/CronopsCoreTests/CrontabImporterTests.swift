import Testing
@testable import CronopsCore

/// Crontab documents → repository files; the files compile into jobs that run what cron runs.
@Suite struct CrontabImporterTests {
    struct Imported {
        var files: [ImportedFile]
        var diagnostics: [Diagnostic]
        var documents: [CrontabDocument]
        var spec: Spec?
        var compileDiagnostics: [Diagnostic]
    }

    func importing(_ texts: [(String, String)], format: CrontabFormat = .crontab, dialect: CronDialect = .debian,
                   zone: String = "UTC") -> Imported {
        var reported = Diagnostics()
        let documents = texts.map { CrontabReader.read($0.1, file: $0.0, format: format, dialect: dialect, diagnostics: &reported) }
        var d = reported
        let options = ImportOptions(host: "web-1", project: "web-1", dialect: dialect, format: format, timezone: zone)
        let files = CrontabImporter.files(documents, options: options, reported: reported, diagnostics: &d)
        let (spec, compiled) = compile(project: files[0].text,
                                       jobs: Dictionary(uniqueKeysWithValues: files.dropFirst().map { ($0.path, $0.text) }))
        return Imported(files: files, diagnostics: d.all, documents: documents, spec: spec, compileDiagnostics: compiled.all)
    }

    /// Every imported job runs the line's exact command, schedule, user, shell and environment.
    func expectFaithful(_ imported: Imported, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(imported.compileDiagnostics.isEmpty, "\(imported.compileDiagnostics)", sourceLocation: sourceLocation)
        let spec = try #require(imported.spec, sourceLocation: sourceLocation)
        let host = try #require(spec.hosts.first, sourceLocation: sourceLocation)
        let entries = imported.documents.flatMap(\.entries)
        #expect(spec.jobs.count == entries.count, sourceLocation: sourceLocation)
        for entry in entries {
            let command = MonitorUnwrapping.unwrap(entry.command.value)?.command ?? entry.command.value
            guard let job = spec.jobs.first(where: { $0.command == command && $0.location.line > 0 &&
                                                     $0.schedule.source == entry.schedule.value }) else {
                Issue.record("no job runs \(entry.command.value) at \(entry.schedule.value)", sourceLocation: sourceLocation)
                continue
            }
            let vars = CrontabImporter.variables(entry)
            #expect(job.shell(on: host) == vars["SHELL"]?.value ?? "/bin/sh", sourceLocation: sourceLocation)
            #expect(job.timezone == entry.zone ?? host.timezone, sourceLocation: sourceLocation)
            if let user = entry.user { #expect(job.user == user.value, sourceLocation: sourceLocation) }
            // The environment the job sees: the host's PATH unless its own, plus the rest.
            var seen: [String: String] = Dictionary(uniqueKeysWithValues: job.env.map { ($0.name, $0.value) })
            seen["PATH"] = seen["PATH"] ?? host.path
            #expect(seen["PATH"] == vars["PATH"]?.value ?? "/usr/bin:/bin", sourceLocation: sourceLocation)
            for v in entry.environment where !["SHELL", "MAILTO", "PATH", "CRON_TZ"].contains(v.name) {
                #expect(seen[v.name] == v.value, "\(v.name)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func hostSettingsComeFromTheFileAndCronsDefaultPathIsWritten() throws {
        let imported = importing([("crontab", """
        SHELL=/bin/bash
        MAILTO=""
        0 1 * * * /usr/local/bin/backup.sh

        """)])
        try expectFaithful(imported)
        let host = try #require(imported.spec?.hosts.first)
        #expect(host.shell == "/bin/bash")
        #expect(host.path == "/usr/bin:/bin", "cron's default, not cronops' /usr/local/bin:/usr/bin:/bin")
        #expect(host.mailto == "")
        #expect(imported.files[0].text.contains("    path: '/usr/bin:/bin'\n"))
    }

    @Test func valuesOneHostSettingCannotHoldGoToTheJobs() throws {
        let imported = importing([("crontab", """
        0 1 * * * /usr/local/bin/first.sh
        PATH=/opt/app/bin:/usr/bin:/bin
        SHELL=/bin/bash
        MODE = "live run"
        0 2 * * * /usr/local/bin/second.sh
        MAILTO=ops@example.com
        0 3 * * * /usr/local/bin/third.sh

        """), ("other", "0 4 * * * /usr/local/bin/fourth.sh\n")])
        try expectFaithful(imported)
        let spec = try #require(imported.spec)
        #expect(spec.job(named: "first")?.env == [])
        #expect(spec.job(named: "second")?.env == [EnvVar(name: "MODE", value: "live run"), EnvVar(name: "PATH", value: "/opt/app/bin:/usr/bin:/bin")])
        #expect(spec.job(named: "second")?.shell == "/bin/bash")
        #expect(spec.job(named: "first")?.shell == nil)
        #expect(imported.diagnostics.map(\.code) == ["W409"], "one MAILTO per fragment: \(imported.diagnostics)")
        #expect(imported.files.map(\.path) == ["cronops.yaml", "jobs/crontab.yaml", "jobs/other.yaml"])
    }

    @Test func aFileThatSetsNoPathKeepsCronsDefaultWhenTheHostsDiffers() throws {
        let imported = importing([("a", "PATH=/opt/bin:/bin\n0 1 * * * one\n"), ("b", "0 2 * * * two\n")])
        try expectFaithful(imported)
        #expect(imported.spec?.job(named: "two")?.env == [EnvVar(name: "PATH", value: "/usr/bin:/bin")])
    }

    @Test func namesFromTheCommentAboveElseTheProgramUniqueInFileOrder() throws {
        let imported = importing([("crontab", """
        # Nightly backup!
        0 1 * * * /usr/local/bin/backup.sh --full
        0 * * * * /usr/local/bin/backup.sh --incremental
        30 * * * * /usr/local/bin/backup.sh --incremental
        */5 * * * * cd /srv/app && nice -n 10 FOO=1 ./bin/sync.py --fast

        """)])
        try expectFaithful(imported)
        #expect(imported.spec?.jobs.map(\.name).sorted() == ["backup", "backup-2", "nightly-backup", "sync"])
        #expect(imported.spec?.job(named: "nightly-backup")?.description == "Nightly backup!")
        #expect(JobNaming.slug("  Ünïcode -- Stuff__x ") == "n-code-stuff-x")
        #expect(JobNaming.slug("###") == nil)
        #expect(JobNaming.program("A=1 B=2") == nil)
        #expect(JobNaming.program("/usr/bin/env python3 /srv/app/manage.py clearsessions") == "manage")
        #expect(JobNaming.program("cd /x && /usr/bin/nice -n 19 bash ./nightly_job.sh") == "nightly-job")
        var taken: Set<String> = []
        #expect((0..<3).map { _ in JobNaming.unique(String(repeating: "a", count: 80), taken: &taken).count } == [80, 80, 80])
        #expect(taken.count == 3)
    }

    @Test func cronDUsersAndCronieZonesAreKept() throws {
        let imported = importing([("cron.d/app", """
        CRON_TZ=Japan
        0 9 * * 1-5\tapp\t/srv/app/bin/report --daily
        CRON_TZ=UTC
        @hourly root /usr/sbin/logrotate /etc/logrotate.conf

        """)], format: .cronD, dialect: .cronie, zone: "Europe/Berlin")
        try expectFaithful(imported)
        let spec = try #require(imported.spec)
        #expect(spec.job(named: "report")?.timezone == "Asia/Tokyo")
        #expect(spec.job(named: "report")?.user == "app")
        #expect(spec.job(named: "logrotate")?.timezone == "UTC")
        #expect(spec.job(named: "logrotate")?.schedule.expression == "0 * * * *")
        #expect(spec.hosts.first?.timezone == "Europe/Berlin")
    }

    @Test func hardCommandsSurviveTheYAML() throws {
        let commands = [#"echo "it's" 'a' \"b\" $HOME # not a comment: x"#, "  leading and trailing  ", "-starts-with-dash",
                        "true", "123", "@daily", "key: value", "tab\there", "ünïcödé ✓", #"back\slash\\ and \% and \n"#,
                        "[not, a, list]", "{not: a map}", "*/5 * * * *", "x\u{85}y\u{2028}z\u{7F}", "c1\u{9B} bom\u{FEFF}", "'", "\""]
        for command in commands {
            let yaml = "jobs:\n  x:\n    command: \(YAMLText.scalar(command))\n    schedule: '@daily'\n    hosts: [h]\n"
            let (spec, d) = compile(project: "version: 1\nproject: p\nhosts:\n  h: {}\n", jobs: ["j.yaml": yaml])
            if command.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) { continue }
            #expect(spec?.jobs.first?.command == command, "\(command) → \(YAMLText.scalar(command)): \(d.all)")
        }
        #expect(YAMLText.scalar("/usr/bin:/bin") == "'/usr/bin:/bin'")
        #expect(YAMLText.scalar("web-1") == "web-1")
        #expect(YAMLText.scalar("yes") == "'yes'")
    }

    @Test func monitoredLinesKeepTheirCheck() throws {
        let imported = importing([("crontab", """
        0 1 * * * /usr/local/bin/backup.sh && curl -fsS https://hc-ping.com/abcdefghijklmnopqrstuv/db-backup
        0 2 * * * runitor -uuid 0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b -- /usr/local/bin/report
        0 3 * * * cronitor exec d3x0c1 '/usr/local/bin/cleanup --old'

        """)])
        try expectFaithful(imported)
        let spec = try #require(imported.spec)
        #expect(spec.jobs.map(\.name) == ["cleanup", "db-backup", "report"])
        #expect(spec.job(named: "db-backup")?.adopt == true, "a slug URL: the job takes over that check")
        #expect(spec.job(named: "report")?.adopt == false)
        #expect(imported.files[1].text.contains("  # pinged Healthchecks check 0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b before import\n  report:\n"))
        #expect(imported.diagnostics.map(\.code) == ["W413", "W414"])
    }

    @Test func sameInputSameBytes() {
        let text = "SHELL=/bin/bash\n# Backup\n0 1 * * * backup.sh\n0 2 * * * backup.sh\n@reboot x\n"
        #expect(importing([("crontab", text)]).files == importing([("crontab", text)]).files)
    }

    @Test func reportedLinesBecomeCommentsInTheirFile() throws {
        let imported = importing([("crontab", "@reboot /usr/bin/agent\n0 1 * * * a.sh\n"), ("b", "0 1 * * * b.sh")])
        try expectFaithful(imported)
        let a = imported.files[1].text, b = imported.files[2].text
        #expect(a.contains("#   line 1: W403 '@reboot' runs once"))
        #expect(!a.contains("ignores this file"))
        #expect(b.contains("# Debian's cron ignores this file today: none of these jobs runs now.\n"))
        #expect(b.contains("#   line 1: W402 the file does not end with a newline"))
    }
}
