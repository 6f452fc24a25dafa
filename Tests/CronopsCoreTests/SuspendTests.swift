import CronopsTestSupport
import Testing
@testable import CronopsCore

/// `suspend`: read and checked (job and defaults), and carried to the crontab as commented-out
/// lines that Debian's cron accepts.
@Suite struct SuspendTests {
    static func job(_ suspend: String, extra: String = "") -> String {
        """
        jobs:
          nightly:
            command: /app/nightly.sh
            schedule: "30 2 * * *"
            hosts: [web-1, web-2]
        \(suspend.isEmpty ? "" : "    suspend: \(suspend)\n")\(extra)
        """
    }

    @Test func trueAReasonOrFalse() throws {
        for (text, expected) in [("true", Suspension()), ("\"vendor API down until the 3rd\"", Suspension(reason: "vendor API down until the 3rd")),
                                 ("false", nil), ("", nil)] as [(String, Suspension?)] {
            let (spec, d) = compile(jobs: ["jobs/a.yaml": Self.job(text)])
            #expect(d.all.isEmpty, "\(text): \(d.all)")
            #expect(try #require(spec?.job(named: "nightly")).suspension == expected, "suspend: \(text)")
        }
    }

    @Test func defaultsSuspendEveryJobUnlessTheJobSaysOtherwise() throws {
        let project = TestRepo.project.replacingOccurrences(of: "  user: app\n", with: "  user: app\n  suspend: maintenance week\n")
        let jobs = Self.job("") + "\n  other:\n    command: /app/other.sh\n    schedule: \"@hourly\"\n    hosts: []\n    suspend: false\n"
        let (spec, d) = compile(project: project, jobs: ["jobs/a.yaml": jobs])
        #expect(d.all.isEmpty, "\(d.all)")
        #expect(spec?.job(named: "nightly")?.suspension == Suspension(reason: "maintenance week"))
        #expect(spec?.job(named: "other")?.suspension == nil)
    }

    @Test func wrongTypesEmptyAndMultiLineReasonsAreLocatedErrors() throws {
        let cases: [(String, String, String)] = [
            ("⟨x⟩3", "E", "true, false or the reason as a string"),
            ("⟨x⟩[a, b]", "E", "true, false or the reason as a string"),
            ("⟨x⟩\"  \"", "E037", "is an empty reason"),
            ("⟨x⟩\"down\\nuntil Monday\"", "E037", "spans several lines"),
        ]
        for (value, code, words) in cases {
            let m = MarkedText(Self.job(value))
            let (spec, d) = compile(jobs: ["jobs/a.yaml": m.text])
            #expect(spec == nil, "\(value)")
            let error = try #require(d.all.first, "\(value)")
            #expect(error.code.hasPrefix(code), "\(value): \(error.code)")
            #expect(error.message.contains(words), "\(value): \(error.message)")
            #expect(error.location == m.location("x", file: "jobs/a.yaml"), "\(value): \(String(describing: error.location))")
        }
    }

    @Test(arguments: [("30 2 * * *", "web-1"), ("30 2 L * *", "web-1"), ("0 9 * * MON#2", "web-1"), ("30 2 * * *", "web-2")])
    func suspendedLinesAreCommentedOutAndCronAcceptsThem(schedule: String, host: String) throws {
        let text = """
        jobs:
          nightly:
            command: "/app/nightly.sh --since '2 days ago' 100% > /tmp/out"
            schedule: "\(schedule)"
            timezone: America/New_York
            hosts: [web-1, web-2]
            suspend: "vendor # down; back on the 3rd"
          running:
            command: /app/running.sh
            schedule: "30 2 * * *"
            hosts: [web-1, web-2]
        """
        let (spec, d) = compile(jobs: ["jobs/a.yaml": text])
        #expect(!d.hasErrors, "\(d.all)")
        let fragment = CrontabSample.fragment(try #require(spec), host: host)
        let lines = fragment.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let marker = try #require(lines.firstIndex { $0.hasPrefix("# SUSPENDED (vendor # down; back on the 3rd)") }, "\(fragment.text)")
        // Every line of the suspended job after its marker is a comment; the other job runs.
        let nightlyLines = lines.filter { $0.contains("exec nightly ") }
        #expect(!nightlyLines.isEmpty)
        #expect(nightlyLines.allSatisfy { $0.hasPrefix("# ") })
        #expect(lines[marker...].prefix { !$0.isEmpty }.allSatisfy { $0.hasPrefix("#") })
        #expect(!fragment.text.contains("CRON_TZ=America/New_York"), "no zone line for a job that does not run")
        let running = CrontabSample.jobLines(fragment.text)
        #expect(!running.isEmpty && running.allSatisfy { $0.contains("exec running ") }, "\(running)")
        // Uncommented, the lines are exactly what runs when the job is resumed.
        var resumed = try #require(spec)
        let index = try #require(resumed.jobs.firstIndex { $0.name == "nightly" })
        resumed.jobs[index].suspension = nil
        let live = CrontabSample.jobLines(CrontabSample.fragment(resumed, host: host).text).filter { $0.contains("exec nightly ") }
        #expect(nightlyLines.map { String($0.dropFirst(2)) } == live)
        try DebianCrontabCheck.expectAccepted(fragment)
    }
}
