import Foundation
import Testing
@testable import CronopsCore

/// The units of systemd hosts: their settings, the command reaching the wrapper byte for byte,
/// and systemd's own `systemd-analyze verify` accepting every one.
@Suite struct SystemdEmitterTests {
    static func host(_ name: String = "timers-1", scope: SystemdScope = .system, cronops: String = "/bin/true") -> CronopsCore.Host {
        Host(name: name, kind: .systemd, scope: scope, cronops: cronops, location: CrontabSample.location(10, file: "cronops.yaml"))
    }

    static func units(_ spec: Spec, host: String = "timers-1") throws -> [String: String] {
        let emission = SystemdEmitter.emit(spec, hosts: [host], options: CrontabSample.options())
        #expect(!emission.diagnostics.hasErrors, "\(emission.diagnostics.all)")
        let units = try #require(emission.hosts.first)
        return Dictionary(uniqueKeysWithValues: units.files.map { ($0.name, $0.text) })
    }

    static func setting(_ key: String, in text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    /// Commands and values that every layer could alter: specifiers, variables, quotes,
    /// backslashes, separators, line breaks, tabs, control characters, non-ASCII.
    static let nastyCommands = [
        "echo 100% done", "date +%F", "echo $HOME ${USER} $$", #"printf '%s\n' "a b""#, #"echo \"quoted\" \\ back\slash"#,
        "a; b && c || d | e > f < g", "echo 'single' \"double\" `tick`", "printf 'x\ny'\n", "tab\there", "bell\u{07}esc\u{1b}",
        "grüße → 日本語 🎉", "trailing backslash \\", "%%n %i %h %%", "$(rm -rf /) ${x:-y}", "  leading and trailing  ",
        "-dash first", "\"", "'", "\\x41 \\n \\t", "semi;colon", "#not a comment",
    ]

    @Test func serviceAndTimerCarryTheDocumentedSettings() throws {
        let job = CrontabSample.job("backup", "30 4 * * *", command: "/app/backup.sh", zone: "Europe/Berlin", hosts: ["timers-1"]) {
            $0.user = "postgres"
            $0.maxRuntime = TimeSpan(seconds: 3600)
            $0.overlap = .skip
            $0.env = [EnvVar(name: "MODE", value: "live 100%")]
        }
        let units = try Self.units(CrontabSample.spec(jobs: [job], hosts: [Self.host()]))
        #expect(units.keys.sorted() == ["cronops-acme-prod-backup.service", "cronops-acme-prod-backup.timer"])
        let service = try #require(units["cronops-acme-prod-backup.service"])
        #expect(Self.setting("Type", in: service) == ["oneshot"])
        #expect(Self.setting("User", in: service) == ["postgres"])
        #expect(Self.setting("Environment", in: service) == [#""PATH=/usr/local/bin:/usr/bin:/bin""#, #""MODE=live 100%%""#])
        #expect(Self.setting("TimeoutStartSec", in: service) == ["3630"], "a backstop 30 s above max_runtime")
        let exec = try #require(Self.setting("ExecStart", in: service).first)
        #expect(exec.hasPrefix(#""/bin/true" "exec" "backup" "--overlap" "skip" "--max-runtime" "1h" "--env" "MODE=live 100%%""#))
        let timer = try #require(units["cronops-acme-prod-backup.timer"])
        #expect(Self.setting("OnCalendar", in: timer) == ["*-*-* 04:30:00 Europe/Berlin"])
        #expect(Self.setting("Unit", in: timer) == ["cronops-acme-prod-backup.service"])
        #expect(Self.setting("AccuracySec", in: timer) == ["1s"])
        #expect(Self.setting("RandomizedDelaySec", in: timer) == ["0"])
        #expect(Self.setting("Persistent", in: timer) == ["false"])
        #expect(Self.setting("WantedBy", in: timer) == ["timers.target"])
    }

    @Test func userScopeHasNoUserAndNoMaxRuntimeMeansNoTimeout() throws {
        let job = CrontabSample.job("tick", hosts: ["timers-1"]) { $0.user = "app" }
        let units = try Self.units(CrontabSample.spec(jobs: [job], hosts: [Self.host(scope: .user)]))
        let service = try #require(units["cronops-acme-prod-tick.service"])
        #expect(Self.setting("User", in: service).isEmpty)
        #expect(Self.setting("TimeoutStartSec", in: service) == ["infinity"], "oneshot services are otherwise killed after 90 s")
    }

    @Test func guardedJobsGetUTCLinesAndTheOnlyAtGuard() throws {
        let job = CrontabSample.job("night", "30 2 * * *", zone: "Europe/Berlin", hosts: ["timers-1"])
        let units = try Self.units(CrontabSample.spec(jobs: [job], hosts: [Self.host()]))
        let timer = try #require(units["cronops-acme-prod-night.timer"])
        #expect(Self.setting("OnCalendar", in: timer).allSatisfy { $0.hasSuffix(" UTC") })
        let nightService = try #require(units["cronops-acme-prod-night.service"])
        let exec = try #require(Self.setting("ExecStart", in: nightService).first)
        #expect(exec.contains(#""--only-at" "30 2 * * *" "--tz" "Europe/Berlin""#))
    }

    @Test func theWrapperFlagsAreTheOnesOfTheCronLine() throws {
        // One definition: the words of the ExecStart line are the words the crontab line quotes.
        let job = CrontabSample.job("rules", "*/5 * * * *", command: "run it", hosts: ["timers-1", "web-1"]) {
            $0.tolerate = 2
            $0.overlap = .skip
            $0.validate.exitCodes = [0, 3]
            $0.validate.stdoutContains = ["ok"]
        }
        let spec = CrontabSample.spec(jobs: [job], hosts: [Self.host(cronops: "/usr/local/bin/cronops"), CrontabSample.host()])
        let units = try Self.units(spec)
        let service = try #require(units["cronops-acme-prod-rules.service"])
        let execStart = try #require(Self.setting("ExecStart", in: service).first)
        let words = try #require(SystemdUnquote.words(execStart, command: true))
        let systemdHost = try #require(spec.host(named: "timers-1"))
        let expected = WrapperInvocation(job: job, host: systemdHost, spec: spec, onlyAt: false,
                                         paths: CrontabOptions(zones: { _ in nil }).wrapperPaths(spec: spec)).words.map(\.text)
        #expect(words == expected)
        let cronLine = try #require(CrontabSample.jobLines(CrontabSample.fragment(spec).text).first)
        #expect(cronLine.contains("--tolerate 2 --expect-exit 0 --expect-exit 3 --stdout-contains ok --slug rules__timers-1".replacingOccurrences(of: "timers-1", with: "web-1")))
        #expect(words.contains("--slug") && words.contains("rules__timers-1"))
    }

    @Test(arguments: nastyCommands)
    func commandsReachTheWrapperByteForByte(command: String) throws {
        let job = CrontabSample.job("nasty", command: command, hosts: ["timers-1"]) {
            $0.env = [EnvVar(name: "VALUE", value: command)]
        }
        let units = try Self.units(CrontabSample.spec(jobs: [job], hosts: [Self.host()]))
        let service = try #require(units["cronops-acme-prod-nasty.service"])
        let exec = try #require(Self.setting("ExecStart", in: service).first)
        let words = try #require(SystemdUnquote.words(exec, command: true), "not readable by systemd's rules: \(exec)")
        #expect(words.last == command)
        #expect(words.dropLast().last == "--")
        let environment = Self.setting("Environment", in: service).compactMap { SystemdUnquote.words($0, command: false) }
        #expect(environment.last == ["VALUE=\(command)"])
        #expect(!service.contains("\u{07}") && !service.contains("\u{1b}"), "control characters are escaped")
        try Self.expectVerified(units)
    }

    @Test func aNulCannotBeWritten() {
        let job = CrontabSample.job("nul", command: "a\u{0}b", hosts: ["timers-1"]) { $0.overlap = .skip }
        let emission = SystemdEmitter.emit(CrontabSample.spec(jobs: [job], hosts: [Self.host()]), options: CrontabSample.options())
        #expect(emission.diagnostics.all.map(\.code) == ["E500"])
        #expect(emission.diagnostics.all.first?.location == job.location(of: "command"))
    }

    @Test func aUserSystemdCannotReadIsAnErrorOnlyForTheSystemScope() throws {
        let job = CrontabSample.job("odd", hosts: ["timers-1"]) {
            $0.user = "two words"
            $0.overlap = .skip
        }
        let system = SystemdEmitter.emit(CrontabSample.spec(jobs: [job], hosts: [Self.host()]), options: CrontabSample.options())
        #expect(system.diagnostics.all.map(\.code) == ["E502"])
        let user = SystemdEmitter.emit(CrontabSample.spec(jobs: [job], hosts: [Self.host(scope: .user)]), options: CrontabSample.options())
        #expect(user.diagnostics.all.isEmpty, "no User= line in a user manager's unit")
    }

    @Test func everyScheduleClassVerifies() throws {
        var jobs: [Job] = []
        for (i, text) in SystemdCalendarTests.schedules.enumerated() {
            for zone in ["UTC", "Europe/Berlin", "Australia/Lord_Howe"] {
                jobs.append(CrontabSample.job("j\(i)-\(zone.lowercased().replacingOccurrences(of: "/", with: "-"))", text, zone: zone, hosts: ["timers-1"]))
            }
        }
        let units = try Self.units(CrontabSample.spec(jobs: jobs, hosts: [Self.host()]))
        #expect(units.count == 2 * jobs.count)
        try Self.expectVerified(units)
    }

    @Test func unitNamesFollowSystemdEscaping() {
        #expect(SystemdUnitName.stem(project: "acme-prod", job: "db_backup-2") == "cronops-acme-prod-db_backup-2")
        #expect(SystemdUnitName.escape("a b/c.d") == #"a\x20b-c.d"#)
        #expect(SystemdUnitName.escape(".hidden") == #"\x2ehidden"#)
        #expect(SystemdUnitName.escape("ü") == #"\xc3\xbc"#)
    }

    @Test func overlapSettingsThatSystemdCannotHonourAreWarnedOnce() {
        let allow = CrontabSample.job("a", hosts: ["timers-1", "timers-2"]) { $0.overlap = .allow }
        let wait = CrontabSample.job("w", hosts: ["timers-2"]) { $0.overlap = .wait }
        let skip = CrontabSample.job("s", hosts: ["timers-1"]) { $0.overlap = .skip }
        let cronOnly = CrontabSample.job("c", hosts: ["web-1"]) { $0.overlap = .allow }
        let spec = CrontabSample.spec(jobs: [allow, wait, skip, cronOnly],
                                      hosts: [Self.host(), Self.host("timers-2"), CrontabSample.host()])
        let found = SystemdEmitter.check(spec, options: CrontabSample.options()).all
        #expect(found.map(\.code) == ["W500", "W501"])
        #expect(found.map(\.fixIt) == ["skip", "skip"])
        #expect(found[0].message.contains("'a' on systemd host 'timers-1'"))
    }

    @Test func crontabRefusesSystemdHostsAndSkipsThemInAll() {
        let job = CrontabSample.job("x", hosts: ["timers-1", "web-1"]) { $0.overlap = .skip }
        let spec = CrontabSample.spec(jobs: [job], hosts: [Self.host(), CrontabSample.host()])
        let named = CrontabEmitter.emit(spec, hosts: ["timers-1"], options: CrontabSample.options())
        #expect(named.diagnostics.all.map(\.code) == ["E504"])
        #expect(named.diagnostics.all.first?.message.contains("cronops generate") == true)
        let all = CrontabEmitter.emit(spec, options: CrontabSample.options())
        #expect(all.fragments.map(\.host) == ["web-1"])
        #expect(!all.diagnostics.hasErrors)
    }

    /// Writes the units to a fresh directory and runs `systemd-analyze verify` on them.
    static func expectVerified(_ units: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-systemd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in units { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        let result = try SystemdAnalyze.verify(units.keys.sorted(), in: directory)
        #expect(result.status == 0 && result.output.isEmpty, "systemd-analyze verify: \(result.output)", sourceLocation: sourceLocation)
    }
}
