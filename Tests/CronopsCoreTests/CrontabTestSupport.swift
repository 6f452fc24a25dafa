import CronopsTestSupport
import Foundation
import Testing
@testable import CronopsCore

/// Hand-made repositories for the crontab tests (the loader is not needed to test the emitter).
enum CrontabSample {
    static func location(_ line: Int, file: String = "jobs/sample.yaml") -> CronopsCore.SourceLocation {
        CronopsCore.SourceLocation(file: file, line: line, column: 3)
    }

    static func schedule(_ text: String) -> CronSchedule {
        switch CronSchedule.parse(text) {
        case .success(let schedule): return schedule
        case .failure(let error): fatalError("bad test schedule \(text): \(error)")
        }
    }

    static func job(_ name: String, _ schedule: String = "0 1 * * *", command: String = "true",
                    zone: String = "UTC", hosts: [String] = ["web-1"], line: Int = 2,
                    configure: (inout Job) -> Void = { _ in }) -> Job {
        var job = Job(name: name, command: command, schedule: self.schedule(schedule), timezone: zone, hosts: hosts,
                      location: location(line),
                      fieldLocations: ["command": location(line + 1).advanced(by: 2), "schedule": location(line + 2).advanced(by: 2),
                                       "env": location(line + 3).advanced(by: 2), "validate": location(line + 4).advanced(by: 2),
                                       "timezone": location(line + 5).advanced(by: 2)])
        configure(&job)
        return job
    }

    static func host(_ name: String = "web-1", cron: CronDialect = .debian, zone: String = "UTC",
                     format: CrontabFormat = .cronD, mailto: String? = nil,
                     cronops: String = "/usr/local/bin/cronops") -> CronopsCore.Host {
        Host(name: name, cron: cron, timezone: zone, format: format, cronops: cronops, mailto: mailto,
             location: location(10, file: "cronops.yaml"))
    }

    static func spec(jobs: [Job], hosts: [CronopsCore.Host] = [host()], provider: ProviderKind = .healthchecks) -> Spec {
        Spec(project: "acme-prod", root: ".", projectFile: "cronops.yaml",
             monitor: MonitorSettings(provider: provider), routes: [],
             hosts: hosts.sorted { $0.name < $1.name }, jobs: jobs.sorted { $0.name < $1.name })
    }

    static func options(pingKeyFile: String? = nil) -> CrontabOptions {
        CrontabOptions(zones: CrontabTestZones.rules, pingKeyFile: pingKeyFile)
    }

    /// Also runs the text-less `check` that `validate` uses, which must find exactly the same.
    static func emit(_ spec: Spec, hosts: [String]? = nil, pingKeyFile: String? = nil,
                     sourceLocation: Testing.SourceLocation = #_sourceLocation) -> CrontabEmission {
        let emission = CrontabEmitter.emit(spec, hosts: hosts, options: options(pingKeyFile: pingKeyFile))
        if hosts == nil {
            let checked = CrontabEmitter.check(spec, options: options(pingKeyFile: pingKeyFile))
            #expect(checked.all == emission.diagnostics.all, "check and emit disagree", sourceLocation: sourceLocation)
        }
        return emission
    }

    /// The fragment for one host, expecting no errors.
    static func fragment(_ spec: Spec, host: String = "web-1") -> CrontabFragment {
        let emission = emit(spec, hosts: [host])
        #expect(!emission.diagnostics.hasErrors, "\(emission.diagnostics.all)")
        return emission.fragments[0]
    }

    /// Job lines of a fragment (not comments, blanks or environment lines).
    static func jobLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            guard let first = line.first else { return false }
            return first != "#" && (first.isNumber || first == "*")
        }
    }

    /// The command part of a job line: after the five time fields and, for cron.d, the user.
    static func commandPart(_ line: String, format: CrontabFormat) -> String {
        var rest = Substring(line)
        for _ in 0..<(format == .cronD ? 6 : 5) {
            rest = rest.drop(while: { $0 != " " }).dropFirst()
        }
        return String(rest)
    }
}

/// Debian's own checker: `crontab -n FILE` (cron-semantics.md §6). cron.d text is checked with
/// the user column removed, because crontab(1) only knows the user-crontab format.
enum DebianCrontabCheck {
    static func check(_ fragment: CrontabFragment) throws -> (ok: Bool, output: String) {
        var text = fragment.text
        if fragment.format == .cronD {
            text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                let jobLine = CrontabSample.jobLines(String(line)).first
                guard let jobLine else { return String(line) }
                let fields = jobLine.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
                return (fields[0..<5] + [fields[6]]).joined(separator: " ")
            }.joined(separator: "\n")
        }
        return try run(text)
    }

    static func run(_ text: String) throws -> (ok: Bool, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-crontab-check-\(UUID().uuidString)")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ChildProcess.runBlocking("/usr/bin/crontab", ["-n", file.path])
        return (result.status == 0, result.stdoutText + result.stderrText)
    }

    /// Fails the test with Debian's message when the fragment is not accepted.
    static func expectAccepted(_ fragment: CrontabFragment, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let result = try check(fragment)
        #expect(result.ok, "crontab -n rejected the fragment for \(fragment.host):\n\(result.output)\n\(fragment.text)",
                sourceLocation: sourceLocation)
    }
}

/// Zones from the TZif files committed with the schedule corpus (`TestZones`), so the tests do
/// not depend on the machine's tzdata; two stand-ins for zones that share another's rules.
enum CrontabTestZones {
    static func rules(_ name: String) -> ZoneRules? {
        switch name {
        case "Etc/UTC": return ZoneRules(name: name, fixedOffset: 0)
        // Paris and Berlin have had the same offsets and transitions since 1977.
        case "Europe/Paris":
            guard let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil),
                  let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent("cronsim/zoneinfo/Europe/Berlin").path)
            else { return nil }
            return try? ZoneRules(tzif: [UInt8](data), name: name)
        default: return try? TestZones.load(name)
        }
    }
}
