/// Spec → a `batch/v1` CronJob per job and a `kustomization.yaml` for each kubernetes host.
/// Pure: no files, no clock, no environment. Each pod runs the job through `cronops exec` with
/// the same `WrapperInvocation` a cron line renders (the ping key comes from a Secret).
public enum KubernetesEmitter {
    /// Manifests for the named hosts (every kubernetes host when nil), sorted by host name.
    /// Unknown names and every job that cannot be written are diagnostics; with errors, the
    /// caller writes nothing.
    public static func emit(_ spec: Spec, hosts names: [String]? = nil, options: CrontabOptions) -> KubernetesEmission {
        var diagnostics = Diagnostics()
        let schedules = ScheduleTranslations(options: options, make: KubernetesSchedule.make)
        let manifests = HostEmission.run(spec, hosts: names, kind: .kubernetes, diagnostics: &diagnostics) { host in
            var writer = ManifestWriter(spec: spec, host: host, options: options, schedules: schedules)
            return writer.write()
        }
        return KubernetesEmission(hosts: manifests, diagnostics: diagnostics)
    }

    /// What `validate` reports about kubernetes hosts: what `emit` would refuse.
    public static func check(_ spec: Spec, options: CrontabOptions) -> Diagnostics {
        guard spec.hosts.contains(where: { $0.kind == .kubernetes }) else { return Diagnostics() }
        return emit(spec, options: options).diagnostics
    }


    /// Labels every object carries: `kubectl apply --prune -l cronops.dev/project=<project>`
    /// removes the CronJobs of deleted jobs, and `-l cronops.dev/job=<job>` finds a job's pods.
    public static let managedByLabel = "app.kubernetes.io/managed-by"
    public static let projectLabel = "cronops.dev/project"
    public static let jobLabel = "cronops.dev/job"
    /// The label the Job controller puts on a Job's pods: the Job's name, which the CronJob
    /// controller makes `<cronjob>-<scheduled minute since 1970>` (Kubernetes 1.27+).
    static let jobNameLabel = "batch.kubernetes.io/job-name"
    /// A guarded job's container variable holding `jobNameLabel`, read by `--scheduled-from`.
    static let scheduledJobVariable = "CRONOPS_SCHEDULED_JOB"
    /// Where a pod's wrapper finds the ping key (from the Secret).
    static let pingKeyVariable = "CRONOPS_PING_KEY"
    /// Variables the CronJob sets for the wrapper; a job may not set them too (E525).
    static let reservedVariables: Set<String> = [scheduledJobVariable, pingKeyVariable]
    /// A Job's activeDeadlineSeconds is this much above the longest the wrapper can take.
    static let deadlineMargin = 60
    /// The wrapper sends SIGKILL this long after SIGTERM at max_runtime.
    static let killGrace = 5
    /// Kubernetes `$(NAME)` expansion (command, args, env values): `$$` is read as `$`, so
    /// every `$` is doubled and the text reaches the process unchanged.
    static func escapeExpansion(_ text: String) -> String {
        text.contains("$") ? text.replacingEvery("$", with: "$$") : text
    }
}

/// One kubernetes host's manifests.
public struct KubernetesHostManifests: Sendable, Equatable {
    public typealias File = GeneratedFile

    public var host: String
    /// Sorted by name: one `<cronjob>.yaml` per job, then `kustomization.yaml`.
    public var files: [File]
    /// Names of the jobs it runs.
    public var jobs: [String]

    public static let kustomizationName = "kustomization.yaml"
}

public struct KubernetesEmission: Sendable {
    public var hosts: [KubernetesHostManifests]
    public var diagnostics: Diagnostics
}

/// Builds one host's manifests.
private struct ManifestWriter {
    let spec: Spec
    let host: Host
    let options: CrontabOptions
    let schedules: ScheduleTranslations<KubernetesSchedule>
    var diagnostics = Diagnostics()

    mutating func write() -> (KubernetesHostManifests, Diagnostics) {
        var files: [KubernetesHostManifests.File] = []
        var jobs: [String] = []
        var owners: [String: String] = [:]
        for job in spec.jobs where job.hosts.contains(host.name) {
            let name = KubernetesNames.cronJobName(project: spec.project, job: job.name)
            if let other = owners[name] {
                diagnostics.emit(.kubernetesNameClash(job: job.name, other: other, name: name, at: job.location))
                continue
            }
            owners[name] = job.name
            guard let text = cronJob(for: job, name: name) else { continue }
            files.append(.init(name: name + ".yaml", text: text))
            jobs.append(job.name)
        }
        files.sort { $0.name < $1.name }
        files.append(.init(name: KubernetesHostManifests.kustomizationName, text: kustomization(files.map(\.name))))
        return (KubernetesHostManifests(host: host.name, files: files, jobs: jobs), diagnostics)
    }

    private func header(_ lines: [String]) -> String {
        let comment = CrontabComment.sanitize
        return ([
            "# Generated by cronops (`cronops generate`) from \(comment(ProjectPath.relative(spec.projectFile, root: spec.root))), project \(comment(spec.project)), for host \(comment(host.name)).",
            "# Do not edit: change the job files and generate it again.",
        ] + lines.map { "# " + comment($0) }).map { $0 + "\n" }.joined()
    }

    /// `kubectl apply -k DIR/<host>` applies every CronJob in the host's namespace.
    private func kustomization(_ resources: [String]) -> String {
        let document = YAMLValue.map([
            ("apiVersion", .string("kustomize.config.k8s.io/v1beta1")),
            ("kind", .string("Kustomization")),
            ("namespace", .string(host.kubernetes.namespace)),
            ("resources", .list(resources.map(YAMLValue.string))),
        ])
        return header([]) + document.document()
    }

    private mutating func cronJob(for job: Job, name: String) -> String? {
        var ok = true
        if job.overlap == .wait {
            diagnostics.emit(.kubernetesOverlapWait(job: job.name, host: host.name, at: job.location(of: "overlap")))
            ok = false
        }
        for variable in job.env where KubernetesEmitter.reservedVariables.contains(variable.name) {
            diagnostics.emit(.kubernetesReservedEnv(job: job.name, host: host.name, name: variable.name, at: job.location(of: "env")))
            ok = false
        }
        guard let image = job.image ?? host.kubernetes.image else {
            diagnostics.emit(.kubernetesNoImage(job: job.name, host: host.name, at: job.location(of: "hosts")))
            return nil
        }
        guard let schedule = schedules.translation(for: job, diagnostics: &diagnostics, unsupported: {
            .kubernetesUnsupportedSchedule(job: job.name, schedule: job.schedule.expression, at: job.location(of: "schedule"))
        }) else { return nil }
        var guarded = false
        if case .guarded = schedule { guarded = true }
        let invocation = WrapperInvocation(job: job, host: host, spec: spec, onlyAt: guarded,
                                           scheduledFrom: guarded ? KubernetesEmitter.scheduledJobVariable : nil,
                                           paths: .init(pingKeyFile: nil, runLog: nil))
        if let word = invocation.words.first(where: { $0.text.utf8.contains(0) }) {
            diagnostics.emit(.kubernetesNul(job: job.name, field: word.field ?? "name", at: job.location(of: word.field ?? "name")))
            return nil
        }
        guard ok else { return nil }

        let labels = YAMLValue.map([
            (KubernetesEmitter.managedByLabel, .string("cronops")),
            (KubernetesEmitter.projectLabel, .string(KubernetesNames.projectLabelValue(spec.project))),
            (KubernetesEmitter.jobLabel, .string(KubernetesNames.jobLabelValue(project: spec.project, job: job.name))),
        ])
        let source = "\(ProjectPath.relative(job.location.file, root: spec.root)):\(job.location.line)"
        var annotations: [(String, YAMLValue)] = [
            ("cronops.dev/job-name", .string(job.name)),
            ("cronops.dev/source", .string(source)),
            ("cronops.dev/schedule", .string("\"\(job.schedule.expression)\" in \(job.timezone): \(job.schedule.describe())")),
        ]
        if case let .guarded(_, reason) = schedule {
            annotations.append(("cronops.dev/guarded", .string("\(reason); this schedule fires at every minute the job can be due, and --only-at runs it only when it is")))
        }
        if let suspension = job.suspension { annotations.append(("cronops.dev/suspended", .string(suspension.reason ?? "no reason given"))) }

        var env: [YAMLValue] = []
        if spec.monitor.provider != .local, job.monitor != .off {
            env.append(.map([("name", .string(KubernetesEmitter.pingKeyVariable)),
                             ("valueFrom", .map([("secretKeyRef", .map([("name", .string(host.kubernetes.pingKeySecret.name)),
                                                                         ("key", .string(host.kubernetes.pingKeySecret.key))]))]))]))
        }
        if guarded {
            // The Job's name, <cronjob>-<scheduled minute>: --only-at checks that minute, so a
            // pod that starts after it (an image pull, a busy node) still runs.
            env.append(.map([("name", .string(KubernetesEmitter.scheduledJobVariable)),
                             ("valueFrom", .map([("fieldRef", .map([("fieldPath", .string("metadata.labels['\(KubernetesEmitter.jobNameLabel)']"))]))]))]))
        }
        for variable in job.env {
            env.append(.map([("name", .string(variable.name)), ("value", .string(KubernetesEmitter.escapeExpansion(variable.value)))]))
        }
        var container: [(String, YAMLValue)] = [
            ("name", .string("job")),
            ("image", .string(image)),
            ("command", .list(invocation.words.map { .string(KubernetesEmitter.escapeExpansion($0.text)) })),
        ]
        if !env.isEmpty { container.append(("env", .list(env))) }

        var podSpec: [(String, YAMLValue)] = [("restartPolicy", .string("Never"))]
        if let account = host.kubernetes.serviceAccount { podSpec.append(("serviceAccountName", .string(account))) }
        podSpec.append(("containers", .list([.map(container)])))

        // No Kubernetes retry: the wrapper reports a failure (and retries itself when told);
        // a second pod would send a second set of pings.
        var jobSpec: [(String, YAMLValue)] = [("backoffLimit", .int(0))]
        if let deadline = activeDeadline(job) { jobSpec.append(("activeDeadlineSeconds", .int(deadline))) }
        jobSpec.append(("template", .map([("metadata", .map([("labels", labels)])), ("spec", .map(podSpec))])))

        var cronSpec: [(String, YAMLValue)] = [
            ("schedule", .string(schedule.schedule)),
            ("timeZone", .string(schedule.timeZone)),
            ("concurrencyPolicy", .string(job.overlap == .skip ? "Forbid" : "Allow")),
            // A run the controller starts later than this is missed, as Healthchecks counts it.
            ("startingDeadlineSeconds", .int(job.grace.seconds)),
        ]
        if job.suspension != nil { cronSpec.append(("suspend", .bool(true))) }
        cronSpec.append(("jobTemplate", .map([("metadata", .map([("labels", labels)])), ("spec", .map(jobSpec))])))

        let document = YAMLValue.map([
            ("apiVersion", .string("batch/v1")),
            ("kind", .string("CronJob")),
            ("metadata", .map([("name", .string(name)), ("namespace", .string(host.kubernetes.namespace)),
                               ("labels", labels), ("annotations", .map(annotations))])),
            ("spec", .map(cronSpec)),
        ])
        var notes = ["\(job.name) (\(source)): \"\(job.schedule.expression)\" in \(job.timezone)"]
        if let suspension = job.suspension {
            notes.append("SUSPENDED (\(suspension.reason ?? "no reason given")): spec.suspend is true. Remove 'suspend' to run the job again.")
        }
        return header(notes) + document.document()
    }

    /// A little above the longest the wrapper can run: its start delay, every attempt up to
    /// max_runtime plus the SIGKILL grace, and the waits between attempts. The wrapper stops
    /// the job first and reports it; this only ends a pod that hangs. nil without max_runtime.
    private func activeDeadline(_ job: Job) -> Int? {
        guard let maxRuntime = job.maxRuntime else { return nil }
        let runs = (job.retry?.attempts ?? 0) + 1
        let startDelay = job.jitter.map { Jitter.delay(project: spec.project, job: job.name, host: host.name, jitter: $0).seconds } ?? 0
        return startDelay + runs * (maxRuntime.seconds + KubernetesEmitter.killGrace) + (job.retry?.totalWait ?? 0) + KubernetesEmitter.deadlineMargin
    }
}
