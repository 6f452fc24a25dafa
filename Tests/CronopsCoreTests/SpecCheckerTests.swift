import CronopsTestSupport
import Testing
@testable import CronopsCore

@Suite struct SpecCheckerTests {
    @Test func precedenceIsJobThenDefaultsThenBuiltIn() throws {
        let m = MarkedText("""
        jobs:
          invoices:
            command: /app/invoices.sh
            schedule: "0 1 * * *"
            hosts: [web-1]
            alerts: [billing]
            env: { MODE: test, EXTRA: "1" }
          cleanup:
            command: /app/cleanup.sh
            schedule: "@daily"
            timezone: UTC
            hosts: [web-1, web-2]
            user: ⟨user⟩root
        """)
        let (spec, d) = compile(jobs: ["jobs/a.yaml": m.text])
        #expect(d.all.isEmpty, "\(d.all)")
        let s = try #require(spec)
        let invoices = try #require(s.job(named: "invoices"))
        #expect(invoices.timezone == "Europe/Berlin")
        #expect(invoices.alerts == ["billing"], "a job's list replaces the default")
        #expect(invoices.user == "app")
        #expect(invoices.grace.seconds == 900)
        #expect(invoices.env == [EnvVar(name: "EXTRA", value: "1"), EnvVar(name: "MODE", value: "test"), EnvVar(name: "REGION", value: "eu")],
                "env merges by name, the job's value winning")
        #expect(invoices.overlap == .allow)
        #expect(invoices.monitor == .perHost)
        #expect(invoices.validate.exitCodes == [0])
        let cleanup = try #require(s.job(named: "cleanup"))
        #expect(cleanup.timezone == "UTC")
        #expect(cleanup.user == "root")
        #expect(cleanup.alerts == ["ops"])
        #expect(cleanup.schedule.expression == "0 0 * * *")
        #expect(cleanup.hosts == ["web-1", "web-2"])
        #expect(s.jobs.map(\.name) == ["cleanup", "invoices"], "jobs are sorted by name")
        #expect(cleanup.location(of: "user") == m.location("user", file: "jobs/a.yaml"))
    }

    @Test func builtInDefaults() throws {
        let project = MarkedText("version: 1\nproject: p\nhosts:\n  ⟨h⟩h: {}\n")
        let (spec, d) = compile(project: project.text, jobs: ["j.yaml": "jobs:\n  x:\n    command: c\n    schedule: '* * * * *'\n    hosts: [h]\n"])
        #expect(d.all.isEmpty)
        let s = try #require(spec)
        let job = try #require(s.jobs.first)
        #expect(job.timezone == "UTC")
        #expect(job.user == "root")
        #expect(job.grace.seconds == 3600)
        #expect(job.tolerate == 0)
        #expect(s.monitor == MonitorSettings())
        #expect(s.hosts.first == Host(name: "h", location: try #require(project.location("h", file: "cronops.yaml"))))
    }

    @Test func diagnosticsPointInsideTheirValues() {
        let m = MarkedText("""
        jobs:
          a:
            command: /bin/true
            schedule: "0 1 * * *"
            hosts: [⟨host⟩web-3]
            grace: ⟨grace⟩45s
            max_runtime: "1h⟨unit⟩x"
            alerts: [ops, ⟨route⟩bill]
            timezone: ⟨zone⟩Europe/Kiev
            ⟨key⟩max_runtme: 1h
            validate:
              stderr:
                forbids: ['⟨regex⟩(oops']

        """)
        let (spec, d) = compile(jobs: ["jobs/a.yaml": m.text])
        #expect(spec == nil)
        let byCode = Dictionary(grouping: d.all, by: \.code)
        func at(_ marker: String) -> CronopsCore.SourceLocation? { m.location(marker, file: "jobs/a.yaml") }
        #expect(byCode["E028"]?.first?.location == at("host"))
        #expect(byCode["E026"]?.first?.location == at("grace"))
        #expect(byCode["E025"]?.first?.location == at("unit"))
        #expect(byCode["E027"]?.first?.location == at("route"))
        #expect(byCode["W001"]?.first?.location == at("zone"))
        #expect(byCode["W001"]?.first?.fixIt == "Europe/Kyiv")
        #expect(byCode["E020"]?.first?.location == at("key"))
        #expect(byCode["E020"]?.first?.fixIt == "max_runtime")
        #expect(byCode["E033"]?.first?.location == at("regex"))
        #expect(d.all.count == 7, "\(d.all.map(\.message))")
    }

    @Test func everyProblemIsReportedInOneRun() {
        let (_, d) = compile(jobs: [
            "a.yaml": "jobs:\n  a:\n    command: x\n    schedule: '* * *'\n    hosts: [nope]\n",
            "b.yaml": "jobs:\n  b:\n    command: y\n    schedule: '* * * * *'\n    grace: 1\n    hosts: [web-1]\n",
        ])
        #expect(Set(d.all.map(\.code)) == ["E030", "E028", "E025"])
    }

    @Test func duplicateJobsAcrossFilesPointAtBoth() {
        let job = "jobs:\n  same:\n    command: x\n    schedule: '* * * * *'\n    hosts: [web-1]\n"
        let (_, d) = compile(jobs: ["a.yaml": job, "b.yaml": job])
        #expect(d.all.map(\.code) == ["E024"])
        #expect(d.all[0].location?.file == "b.yaml")
        #expect(d.all[0].notes.first?.location?.file == "a.yaml")
    }

    @Test func noHostWarningOnlyWhenHostsAreNotGiven() {
        let implicit = compile(project: "version: 1\nproject: p\n", jobs: ["a.yaml": "jobs:\n  a:\n    command: x\n    schedule: '* * * * *'\n"])
        #expect(implicit.diagnostics.all.map(\.code) == ["W002"])
        #expect(implicit.spec != nil, "a warning does not stop the spec")
        let explicit = compile(project: "version: 1\nproject: p\n", jobs: ["a.yaml": "jobs:\n  a:\n    command: x\n    schedule: '* * * * *'\n    hosts: []\n"])
        #expect(explicit.diagnostics.all.isEmpty)
    }

    @Test func perHostSlugsRespectTheServerLimit() {
        let name = String(repeating: "j", count: 75)
        let (_, d) = compile(jobs: ["a.yaml": "jobs:\n  \(name):\n    command: x\n    schedule: '* * * * *'\n    hosts: [web-1, web-2]\n"])
        #expect(d.all.isEmpty, "75 + 2 + 5 = 82 characters fit")
        let long = compile(project: TestRepo.project.replacingOccurrences(of: "web-2:", with: "\(String(repeating: "h", count: 30)):"),
                           jobs: ["a.yaml": "jobs:\n  \(name):\n    command: x\n    schedule: '* * * * *'\n    hosts: [web-1, \(String(repeating: "h", count: 30))]\n"])
        #expect(long.diagnostics.all.map(\.code) == ["E039"])
        let shared = compile(project: TestRepo.project.replacingOccurrences(of: "web-2:", with: "\(String(repeating: "h", count: 30)):"),
                             jobs: ["a.yaml": "jobs:\n  \(name):\n    command: x\n    schedule: '* * * * *'\n    monitor: shared\n    hosts: [web-1, \(String(repeating: "h", count: 30))]\n"])
        #expect(shared.diagnostics.all.isEmpty)
    }

    @Test func literalSecretsAreRefusedWherePresent() {
        let key = "hcw_" + String(repeating: "x", count: 28)
        let (_, d) = compile(project: "version: 1\nproject: p\nmonitor:\n  api_key: \(key)\n",
                             jobs: ["a.yaml": "jobs:\n  a:\n    command: x\n    schedule: '* * * * *'\n    hosts: []\n    env: { K: \(key) }\n"])
        #expect(d.all.map(\.code) == ["E029", "E029"])
        #expect(!d.all.contains { $0.message.contains(key) }, "the key itself is never repeated")
    }

    @Test func renamesCannotStealLiveJobs() {
        let (_, d) = compile(jobs: ["a.yaml": """
        jobs:
          a: { command: x, schedule: '* * * * *', hosts: [], previous_names: [b, old] }
          b: { command: y, schedule: '* * * * *', hosts: [], previous_names: [old] }
        """])
        #expect(d.all.map(\.code) == ["E038", "E038"])
    }

    @Test func validateRulesAreChecked() throws {
        let (spec, d) = compile(jobs: ["a.yaml": """
        jobs:
          a:
            command: x
            schedule: '* * * * *'
            hosts: []
            validate:
              exit_codes: [0, 3, 3]
              stdout: { json: ["failed == 0"], contains: [Done], matches: ['Sent: \\d+'], forbids: ['(?i)traceback'] }
              stderr: { forbids: [ConnectionError], empty: true }
              duration: { min: 5s, max: 90m }
        """])
        #expect(d.all.isEmpty, "\(d.all)")
        let rules = try #require(spec?.jobs.first?.validate)
        #expect(rules.exitCodes == [0, 3])
        #expect(rules.stdoutJSON.map(\.source) == ["failed == 0"])
        #expect(rules.stdoutMatches == ["Sent: \\d+"])
        #expect(rules.stderrEmpty)
        #expect(rules.minDuration?.seconds == 5 && rules.maxDuration?.seconds == 5400)
    }
}
