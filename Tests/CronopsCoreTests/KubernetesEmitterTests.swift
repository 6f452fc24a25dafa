import Foundation
import Testing
@testable import CronopsCore

/// The CronJobs of kubernetes hosts: their settings, names and labels within Kubernetes'
/// limits, and the command reaching the wrapper byte for byte through `$(NAME)` expansion.
@Suite struct KubernetesEmitterTests {
    static func cronJob(_ job: Job, host: CronopsCore.Host = CrontabSample.kubernetesHost(), provider: ProviderKind = .healthchecks) throws -> Manifest {
        let files = try CrontabSample.manifests(CrontabSample.spec(jobs: [job], hosts: [host], provider: provider))
        #expect(files.count == 2, "one CronJob and the kustomization: \(files.keys.sorted())")
        let name = KubernetesNames.cronJobName(project: "acme-prod", job: job.name)
        return try Manifest.read(try #require(files[name + ".yaml"]))
    }

    @Test func cronJobCarriesTheDocumentedSettings() throws {
        let job = CrontabSample.job("backup", "30 4 * * *", command: "/app/backup.sh", zone: "Asia/Tokyo", hosts: ["cluster-1"]) {
            $0.maxRuntime = TimeSpan(seconds: 3600)
            $0.overlap = .skip
            $0.grace = TimeSpan(seconds: 1800)
            $0.env = [EnvVar(name: "MODE", value: "live")]
        }
        let m = try Self.cronJob(job, host: CrontabSample.kubernetesHost(serviceAccount: "jobs-runner"))
        #expect(m["apiVersion"] == .string("batch/v1") && m["kind"] == .string("CronJob"))
        #expect(m["metadata.name"] == .string("acme-prod-backup"))
        #expect(m["metadata.namespace"] == .string("batch"))
        #expect(m.value("metadata.labels", key: "app.kubernetes.io/managed-by") == .string("cronops"))
        #expect(m.value("metadata.labels", key: "cronops.dev/project") == .string("acme-prod"))
        #expect(m.value("metadata.labels", key: "cronops.dev/job") == .string("backup"))
        #expect(m.value("metadata.annotations", key: "cronops.dev/source") == .string("jobs/sample.yaml:2"))
        #expect(m.value("metadata.annotations", key: "cronops.dev/schedule") == .string("\"30 4 * * *\" in Asia/Tokyo: At 04:30 every day"))
        #expect(m["spec.schedule"] == .string("30 4 * * *") && m["spec.timeZone"] == .string("Asia/Tokyo"))
        #expect(m["spec.concurrencyPolicy"] == .string("Forbid"))
        #expect(m["spec.startingDeadlineSeconds"] == .int(1800))
        #expect(m["spec.suspend"] == nil)
        #expect(m["spec.jobTemplate.spec.backoffLimit"] == .int(0))
        #expect(m["spec.jobTemplate.spec.activeDeadlineSeconds"] == .int(3600 + 5 + 60), "max_runtime, the SIGKILL grace and a minute")
        #expect(m["spec.jobTemplate.metadata.labels"] == m["metadata.labels"])
        #expect(m["spec.jobTemplate.spec.template.metadata.labels"] == m["metadata.labels"])
        let pod = "spec.jobTemplate.spec.template.spec"
        #expect(m["\(pod).restartPolicy"] == .string("Never"))
        #expect(m["\(pod).serviceAccountName"] == .string("jobs-runner"))
        #expect(m["\(pod).containers.0.name"] == .string("job"))
        #expect(m["\(pod).containers.0.image"] == .string("registry.example.com/jobs:1"))
        #expect(m["\(pod).containers.0.command"]?.strings == ["/usr/local/bin/cronops", "exec", "backup", "--overlap", "skip", "--max-runtime", "1h",
                                                              "--env", "MODE=live", "--slug", "backup", "--ping-url", "https://hc-ping.com",
                                                              "--", "/app/backup.sh"])
        #expect(m["\(pod).containers.0.env.0.name"] == .string("CRONOPS_PING_KEY"))
        #expect(m["\(pod).containers.0.env.0.valueFrom.secretKeyRef.name"] == .string("cronops-acme-prod"))
        #expect(m["\(pod).containers.0.env.0.valueFrom.secretKeyRef.key"] == .string("ping-key"))
        #expect(m["\(pod).containers.0.env.1"] == .map(["name": .string("MODE"), "value": .string("live")]))
    }

    /// A guarded CronJob checks the minute its Job was scheduled for, from the Job's name in the
    /// pod's label, not the minute its container starts; a native one, and other targets, never.
    @Test func aGuardedJobTakesItsMinuteFromTheJobName() throws {
        let pod = "spec.jobTemplate.spec.template.spec.containers.0"
        let guarded = try Self.cronJob(CrontabSample.job("close", "30 23 L * *", command: "/app/close.sh", zone: "Europe/Berlin",
                                                         hosts: ["cluster-1"]) { $0.env = [EnvVar(name: "MODE", value: "live")] })
        #expect(guarded["spec.timeZone"] == .string("Etc/UTC"))
        let command = try #require(guarded["\(pod).command"]?.strings)
        let tz = try #require(command.firstIndex(of: "--tz"))
        #expect(Array(command[(tz - 2)...(tz + 3)]) == ["--only-at", "30 23 L * *", "--tz", "Europe/Berlin", "--scheduled-from", "CRONOPS_SCHEDULED_JOB"])
        #expect(guarded["\(pod).env.0.name"] == .string("CRONOPS_PING_KEY"))
        #expect(guarded["\(pod).env.1"] == .map(["name": .string("CRONOPS_SCHEDULED_JOB"), "valueFrom": .map(["fieldRef": .map([
            "fieldPath": .string("metadata.labels['batch.kubernetes.io/job-name']")])])]))
        #expect(guarded["\(pod).env.2"] == .map(["name": .string("MODE"), "value": .string("live")]))

        let native = try Self.cronJob(CrontabSample.job("nightly", "30 4 * * *", zone: "Asia/Tokyo", hosts: ["cluster-1"]))
        #expect(native["spec.timeZone"] == .string("Asia/Tokyo"))
        #expect(native["\(pod).command"]?.strings?.contains("--scheduled-from") == false)
        #expect(native["\(pod).env.1"] == nil)
    }

    @Test func overlapRetryJitterSuspendAndImageChoices() throws {
        let job = CrontabSample.job("sync", "0 * * * *", hosts: ["cluster-1"]) {
            $0.maxRuntime = TimeSpan(seconds: 600)
            $0.retry = JobRetry(attempts: 2, delay: TimeSpan(seconds: 30), backoff: 2)
            $0.jitter = TimeSpan(seconds: 120)
            $0.suspension = Suspension(reason: "vendor API down")
            $0.image = "registry.example.com/sync:7"
        }
        let m = try Self.cronJob(job)
        #expect(m["spec.concurrencyPolicy"] == .string("Allow"))
        #expect(m["spec.suspend"] == .bool(true))
        #expect(m.value("metadata.annotations", key: "cronops.dev/suspended") == .string("vendor API down"))
        let delay = Jitter.delay(project: "acme-prod", job: "sync", host: "cluster-1", jitter: TimeSpan(seconds: 120)).seconds
        #expect(m["spec.jobTemplate.spec.activeDeadlineSeconds"] == .int(delay + 3 * (600 + 5) + 30 + 60 + 60),
                "start delay, three attempts with their SIGKILL grace, the waits (30 s, 60 s) and a minute")
        #expect(m["spec.jobTemplate.spec.template.spec.containers.0.image"] == .string("registry.example.com/sync:7"), "the job's image wins")

        let plain = try Self.cronJob(CrontabSample.job("tick", hosts: ["cluster-1"]))
        #expect(plain["spec.jobTemplate.spec.activeDeadlineSeconds"] == nil, "no max_runtime, no deadline")
        #expect(plain["spec.jobTemplate.spec.template.spec.serviceAccountName"] == nil)
    }

    @Test func pingKeyComesFromTheSecretOnlyWhenThereArePings() throws {
        let custom = CrontabSample.kubernetesHost(secret: .init(name: "hc.keys", key: "acme.ping_key"))
        let m = try Self.cronJob(CrontabSample.job("tick", hosts: ["cluster-1"]), host: custom)
        #expect(m["spec.jobTemplate.spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef"]
                == .map(["name": .string("hc.keys"), "key": .string("acme.ping_key")]))
        let command = try #require(m["spec.jobTemplate.spec.template.spec.containers.0.command"]?.strings)
        #expect(!command.contains("--ping-key-file"), "the wrapper reads CRONOPS_PING_KEY")

        let local = try Self.cronJob(CrontabSample.job("tick", hosts: ["cluster-1"]), provider: .local)
        #expect(local["spec.jobTemplate.spec.template.spec.containers.0.env"] == nil)
        let off = try Self.cronJob(CrontabSample.job("tick", hosts: ["cluster-1"]) { $0.monitor = .off })
        #expect(off["spec.jobTemplate.spec.template.spec.containers.0.env"] == nil)
    }

    /// Every word of the wrapper's command line, and every env value, comes out of the
    /// manifest, through YAML and then Kubernetes' `$(NAME)` expansion, exactly as
    /// `WrapperInvocation` built it, whatever the command holds.
    @Test(arguments: SystemdEmitterTests.nastyCommands + ["$(HOME)", "$$(HOME)", "$$$(HOME)", "$(", "$", "a$", "$(unclosed", "$(CRONOPS_PING_KEY)",
                                                          "100% $((1+2)) ${X} $X", "no: yes # not a comment", "\u{2028}\u{85}\u{7f}\u{feff}", "'\"\\"])
    func commandReachesTheWrapperByteForByte(command: String) throws {
        let job = CrontabSample.job("nasty", "0 5 * * *", command: command, hosts: ["cluster-1"]) {
            $0.env = [EnvVar(name: "GREETING", value: command), EnvVar(name: "HOME", value: "/root")]
            $0.validate.stdoutContains = [command]
        }
        let m = try Self.cronJob(job)
        let container = "spec.jobTemplate.spec.template.spec.containers.0"
        let written = try #require(m["\(container).command"]?.strings)
        // Every name the pod's environment could define: an unescaped reference would expand.
        let environment = ["HOME": "EXPANDED", "CRONOPS_PING_KEY": "EXPANDED", "X": "EXPANDED", "GREETING": "EXPANDED", "unclosed": "EXPANDED"]
        let host = CrontabSample.kubernetesHost()
        let spec = CrontabSample.spec(jobs: [job], hosts: [host])
        let expected = WrapperInvocation(job: job, host: host, spec: spec, onlyAt: false, paths: .init(pingKeyFile: nil, runLog: nil)).words.map(\.text)
        #expect(written.map { KubernetesExpansion.expand($0, environment: environment) } == expected)
        #expect(expected.last == command && expected.contains { $0.hasPrefix("--stdout-contains") })
        let greeting = try #require(m["\(container).env.1.value"]?.string)
        #expect(KubernetesExpansion.expand(greeting, environment: environment) == command)
    }

    @Test func theExpansionModelExpandsWhatKubernetesExpands() {
        // The test's reading of the rule must not pass everything: unescaped references expand.
        let env = ["A": "x"]
        #expect(KubernetesExpansion.expand("$(A) $$(A) $$$(A) $(B) $A $(", environment: env) == "x $(A) $x $(B) $A $(")
        #expect(KubernetesEmitter.escapeExpansion("$(A) $$") == "$$(A) $$$$")
    }

    @Test func overlapWaitAndAMissingImageAreErrorsAtTheSetting() {
        let wait = CrontabSample.job("invoices", hosts: ["cluster-1"]) {
            $0.overlap = .wait
            $0.image = "registry.example.com/billing:3"
            $0.fieldLocations["overlap"] = CrontabSample.location(7)
        }
        let noImage = CrontabSample.job("cleanup", hosts: ["cluster-1"]) { $0.fieldLocations["hosts"] = CrontabSample.location(9) }
        let spec = CrontabSample.spec(jobs: [wait, noImage], hosts: [CrontabSample.kubernetesHost(image: nil)])
        let found = KubernetesEmitter.check(spec, options: CrontabSample.options()).all
        #expect(found.map(\.code) == ["E521", "E520"])
        #expect(found.first { $0.code == "E520" }?.location?.line == 7)
        #expect(found.first { $0.code == "E521" }?.location?.line == 9)
        // The job with an image of its own is fine on the same host.
        let own = CrontabSample.job("own", hosts: ["cluster-1"]) { $0.image = "registry.example.com/own:1" }
        #expect(!KubernetesEmitter.check(CrontabSample.spec(jobs: [own], hosts: [CrontabSample.kubernetesHost(image: nil)]),
                                         options: CrontabSample.options()).hasErrors)
    }

    @Test func kustomizationListsEveryCronJobInTheNamespace() throws {
        let jobs = ["b-job", "a-job", "c_job"].map { CrontabSample.job($0, hosts: ["cluster-1"]) }
        let files = try CrontabSample.manifests(CrontabSample.spec(jobs: jobs, hosts: [CrontabSample.kubernetesHost(namespace: "nightly")]))
        let k = try Manifest.read(try #require(files["kustomization.yaml"]))
        let names = jobs.map { KubernetesNames.cronJobName(project: "acme-prod", job: $0.name) + ".yaml" }.sorted()
        #expect(k["resources"]?.strings == names)
        #expect(k["namespace"] == .string("nightly") && k["kind"] == .string("Kustomization"))
        #expect(Set(files.keys) == Set(names + ["kustomization.yaml"]))
        // Deterministic: the same spec gives the same bytes.
        #expect(try CrontabSample.manifests(CrontabSample.spec(jobs: jobs.reversed(), hosts: [CrontabSample.kubernetesHost(namespace: "nightly")])) == files)
    }
}

/// Names and label values within Kubernetes' rules, checked at the limits against the rules
/// written independently here (apimachinery's regular expressions and lengths).
@Suite struct KubernetesNameTests {
    static func isDNSLabel(_ text: String, max: Int) -> Bool {
        text.utf8.count <= max && text.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil
    }

    static func isLabelValue(_ text: String) -> Bool {
        text.isEmpty || (text.utf8.count <= 63 && text.range(of: "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", options: .regularExpression) != nil)
    }

    @Test func namesUpTo52CharactersAreKeptAndLongerOnesCutWithAStableHash() {
        let project = "acme-prod"
        let fits = String(repeating: "j", count: 52 - project.count - 1)
        #expect(KubernetesNames.cronJobName(project: project, job: fits) == "\(project)-\(fits)")
        let over = fits + "k"
        let cut = KubernetesNames.cronJobName(project: project, job: over)
        #expect(cut.utf8.count == 52 && cut.hasPrefix("acme-prod-jjj") && Self.isDNSLabel(cut, max: 52))
        #expect(cut == KubernetesNames.cronJobName(project: project, job: over), "stable")
        #expect(cut != KubernetesNames.cronJobName(project: project, job: fits + "l"), "the hash tells cut names apart")
        // `_` is no DNS character: replaced, with a hash so `a_b` and `a-b` stay apart.
        let underscore = KubernetesNames.cronJobName(project: project, job: "a_b")
        #expect(underscore.hasPrefix("acme-prod-a-b-") && underscore != KubernetesNames.cronJobName(project: project, job: "a-b"))
    }

    @Test(arguments: ["a", "-lead", "trail-", "_x_", "x__y", String(repeating: "z", count: 80), String(repeating: "-", count: 80),
                      "a-" + String(repeating: "_", count: 78), "0", "9-9"])
    func everyJobNameGivesAValidCronJobNameAndLabel(job: String) {
        for project in ["p", "acme_prod", "-x-", String(repeating: "q", count: 40), "_"] {
            let name = KubernetesNames.cronJobName(project: project, job: job)
            #expect(Self.isDNSLabel(name, max: 52), "\(project)/\(job) → \(name)")
            #expect(KubernetesNames.dnsLabelProblem(name, max: 52) == nil)
            #expect(Self.isLabelValue(KubernetesNames.jobLabelValue(project: project, job: job)))
            #expect(Self.isLabelValue(KubernetesNames.projectLabelValue(project)))
        }
    }

    @Test func labelValuesAtTheLimit() {
        let sixtyThree = String(repeating: "a", count: 63)
        #expect(KubernetesNames.jobLabelValue(project: "p", job: sixtyThree) == sixtyThree)
        let sixtyFour = sixtyThree + "a"
        let value = KubernetesNames.jobLabelValue(project: "p", job: sixtyFour)
        #expect(value != sixtyFour && Self.isLabelValue(value))
        #expect(KubernetesNames.isValidLabelValue(sixtyThree) && !KubernetesNames.isValidLabelValue(sixtyFour))
        #expect(KubernetesNames.jobLabelValue(project: "p", job: "_x") != "_x", "must start with a letter or digit")
        #expect(KubernetesNames.jobLabelValue(project: "p", job: "a_b") == "a_b", "'_' is fine inside a label value")
    }

    @Test func namespaceAndSecretRulesAtTheLimits() {
        #expect(KubernetesNames.dnsLabelProblem(String(repeating: "n", count: 63)) == nil)
        #expect(KubernetesNames.dnsLabelProblem(String(repeating: "n", count: 64)) != nil)
        for bad in ["", "-a", "a-", "A", "a_b", "a.b", "ä"] { #expect(KubernetesNames.dnsLabelProblem(bad) != nil, "\(bad)") }
        #expect(KubernetesNames.dnsSubdomainProblem("cronops-acme.keys") == nil)
        #expect(KubernetesNames.dnsSubdomainProblem(String(repeating: "s", count: 63) + "." + String(repeating: "s", count: 63)) == nil)
        for bad in ["a..b", ".a", "a.", "A", String(repeating: "s.", count: 127)] { #expect(KubernetesNames.dnsSubdomainProblem(bad) != nil, "\(bad)") }
        #expect(KubernetesNames.secretKeyProblem("ping_key.v2-A") == nil)
        for bad in ["", ".", "..", "a b", "a/b", String(repeating: "k", count: 254)] { #expect(KubernetesNames.secretKeyProblem(bad) != nil, "\(bad)") }
        #expect(KubernetesSettings.defaultSecretName(project: "acme_prod") == "cronops-acme-prod")
    }
}
