/// Problems found while writing CronJobs for kubernetes hosts (codes E520–E539, W520–W539;
/// E500–E519 belong to systemd).
extension Diagnostic {
    /// A CronJob's `concurrencyPolicy` can skip a run (Forbid) or let runs overlap (Allow);
    /// nothing makes a run wait for the previous one.
    static func kubernetesOverlapWait(job: String, host: String, at location: SourceLocation) -> Diagnostic {
        .error("E520", "job '\(job)' on kubernetes host '\(host)': 'overlap: wait' cannot be expressed there: a CronJob can skip a run while the previous one runs (Forbid) or let them overlap (Allow), but not make it wait",
               at: location, notes: [DiagnosticNote("use 'overlap: skip' (concurrencyPolicy: Forbid) or 'overlap: allow'")], fixIt: "skip")
    }

    static func kubernetesNoImage(job: String, host: String, at location: SourceLocation) -> Diagnostic {
        .error("E521", "job '\(job)' runs on kubernetes host '\(host)', but neither the job nor the host names a container image",
               at: location, notes: [DiagnosticNote("set 'image:' on the job, or on host '\(host)' for all its jobs")])
    }

    static func kubernetesNameClash(job: String, other: String, name: String, at location: SourceLocation) -> Diagnostic {
        .error("E522", "jobs '\(job)' and '\(other)' would both be written as CronJob '\(name)'", at: location,
               notes: [DiagnosticNote("rename one of them")])
    }

    static func kubernetesNul(job: String, field: String, at location: SourceLocation) -> Diagnostic {
        .error("E523", "job '\(job)': its \(field) contains a NUL character, which no argument or environment value of a process can carry",
               at: location)
    }

    static func kubernetesUnsupportedSchedule(job: String, schedule: String, at location: SourceLocation) -> Diagnostic {
        .error("E524", "job '\(job)': schedule '\(schedule)' cannot be written as a CronJob schedule", at: location)
    }

    /// The container's own variables: a job variable of the same name would be a second entry
    /// in the container's env list (which one wins is up to the kubelet) and would hide the
    /// ping key or the scheduled minute from the wrapper.
    static func kubernetesReservedEnv(job: String, host: String, name: String, at location: SourceLocation) -> Diagnostic {
        .error("E525", "job '\(job)' on kubernetes host '\(host)': env variable '\(name)' is set by the CronJob itself (the wrapper reads it)",
               at: location, notes: [DiagnosticNote("rename the variable; the job's command still sees every other env entry")])
    }
}
