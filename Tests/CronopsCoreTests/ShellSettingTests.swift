import CronopsTestSupport
import Testing
@testable import CronopsCore

/// `shell`: host, `defaults:` and job, checked, resolved once, and carried to the wrapper.
@Suite struct ShellSettingTests {
    static func project(defaults: String = "", host: String = "") -> String {
        """
        version: 1
        project: demo
        defaults:
          user: app
        \(defaults)
        hosts:
          web-1: { cron: debian\(host) }
          web-2: { cron: cronie }

        """
    }

    static let jobs = """
    jobs:
      own:
        command: "[[ -d /tmp ]]"
        schedule: "0 1 * * *"
        hosts: [web-1, web-2]
        shell: /bin/zsh
      inherited:
        command: /bin/true
        schedule: "0 2 * * *"
        hosts: [web-1, web-2]

    """

    @Test func precedenceIsJobThenDefaultsThenHostThenBinSh() throws {
        let plain = try #require(compile(project: Self.project(), jobs: ["jobs/a.yaml": Self.jobs]).spec)
        let hosts = plain.hosts
        #expect(hosts.map(\.shell) == ["/bin/sh", "/bin/sh"])
        #expect(plain.job(named: "inherited")?.shell == nil)
        #expect(plain.job(named: "inherited")?.shell(on: hosts[0]) == "/bin/sh")
        #expect(plain.job(named: "own")?.shell(on: hosts[0]) == "/bin/zsh")

        let hostLevel = try #require(compile(project: Self.project(host: ", shell: /bin/bash"), jobs: ["jobs/a.yaml": Self.jobs]).spec)
        let web1 = try #require(hostLevel.host(named: "web-1")), web2 = try #require(hostLevel.host(named: "web-2"))
        #expect(web1.shell == "/bin/bash")
        #expect(hostLevel.job(named: "inherited")?.shell(on: web1) == "/bin/bash", "the host's shell when the job sets none")
        #expect(hostLevel.job(named: "inherited")?.shell(on: web2) == "/bin/sh", "another host keeps its own")
        #expect(hostLevel.job(named: "own")?.shell(on: web1) == "/bin/zsh", "the job's own wins over the host's")

        let defaultsLevel = try #require(compile(project: Self.project(defaults: "  shell: /usr/bin/dash", host: ", shell: /bin/bash"),
                                                 jobs: ["jobs/a.yaml": Self.jobs]).spec)
        let d1 = try #require(defaultsLevel.host(named: "web-1"))
        #expect(defaultsLevel.job(named: "inherited")?.shell(on: d1) == "/usr/bin/dash", "defaults: win over the host")
        #expect(defaultsLevel.job(named: "own")?.shell(on: d1) == "/bin/zsh")
        #expect(defaultsLevel.job(named: "own")?.location(of: "shell") == CronopsCore.SourceLocation(file: "jobs/a.yaml", line: 6, column: 12))
    }

    @Test func aShellMustBeAnAbsolutePathAtEveryLevel() {
        let m = MarkedText("""
        jobs:
          a:
            command: /bin/true
            schedule: "0 1 * * *"
            hosts: [web-1]
            shell: ⟨1⟩bash
          b:
            command: /bin/true
            schedule: "0 1 * * *"
            hosts: [web-1]
            shell: ⟨2⟩bin/bash/
          c:
            command: /bin/true
            schedule: "0 1 * * *"
            hosts: [web-1]

        """)
        let project = """
        version: 1
        project: demo
        defaults:
          shell: ./sh
        hosts:
          web-1: { shell: "" }

        """
        let (spec, d) = compile(project: project, jobs: ["jobs/a.yaml": m.text])
        #expect(spec == nil)
        let shellErrors = d.all.filter { $0.message.contains("'shell'") }
        #expect(shellErrors.map(\.code) == ["E037", "E037", "E037", "E037"], "\(d.all)")
        let a = shellErrors.first { $0.message.contains("job 'a'") }
        #expect(a?.location == m.location("1", file: "jobs/a.yaml"))
        #expect(a?.message == "'shell' of job 'a' must be the absolute path of a shell, e.g. /bin/bash")
        #expect(a?.fixIt == "/bin/bash")
        #expect(shellErrors.first { $0.message.contains("job 'b'") }?.location == m.location("2", file: "jobs/a.yaml"))
        #expect(shellErrors.contains { $0.message.hasPrefix("'shell' of host 'web-1'") && $0.location?.line == 6 })
        #expect(shellErrors.contains { $0.location == CronopsCore.SourceLocation(file: "cronops.yaml", line: 4, column: 10) },
                "the defaults: value is reported where it is written, for the job that uses it")
    }

    @Test func theCrontabLineCarriesTheShellOnlyWhenItIsNotBinSh() throws {
        var bash = CrontabSample.host()
        bash.shell = "/bin/bash"
        let spec = CrontabSample.spec(jobs: [
            CrontabSample.job("plain", hosts: ["web-1", "web-2"]),
            CrontabSample.job("zsh", hosts: ["web-1", "web-2"], configure: { $0.shell = "/bin/zsh" }),
            CrontabSample.job("sh", hosts: ["web-1", "web-2"], configure: { $0.shell = "/bin/sh" }),
        ], hosts: [CrontabSample.host(), CrontabSample.host("web-2")].map { $0.name == "web-1" ? bash : $0 })
        let web1 = CrontabSample.fragment(spec, host: "web-1").text
        let web2 = CrontabSample.fragment(spec, host: "web-2").text
        func line(_ job: String, _ text: String) -> String? {
            text.split(separator: "\n").map(String.init).first { $0.contains(" exec \(job) ") }
        }
        #expect(line("plain", web1)?.contains(" --shell /bin/bash ") == true, "the host's shell")
        #expect(line("zsh", web1)?.contains(" --shell /bin/zsh ") == true)
        #expect(line("sh", web1)?.contains("--shell") == false, "a job back on /bin/sh needs no flag")
        #expect(line("plain", web2)?.contains("--shell") == false, "lines on /bin/sh are unchanged")
        #expect(line("zsh", web2)?.contains(" --shell /bin/zsh ") == true)
        #expect(web1.contains("\nSHELL=/bin/sh\n"), "cron still starts the wrapper with /bin/sh")
    }

    @Test func theWrapperTakesAnAbsoluteShell() throws {
        let fallback = try ExecSettings.resolve(ExecFlags(job: "a", command: ["true"])).get()
        #expect(fallback.shell == "/bin/sh")
        let bash = try ExecSettings.resolve(ExecFlags(job: "a", command: ["true"], shell: "/bin/bash")).get()
        #expect(bash.shell == "/bin/bash")
        guard case let .failure(error) = ExecSettings.resolve(ExecFlags(job: "a", command: ["true"], shell: "bash")) else {
            Issue.record("a relative shell must be refused")
            return
        }
        #expect(error.problems == ["--shell bash: must be the absolute path of a shell, e.g. /bin/bash"])
    }
}
