/// Warnings about schedules (SPEC §2.1), codes W100–W103.
extension Diagnostic {
    /// A fixed-time job's wall time falls into a spring-forward gap.
    static func scheduleInDSTGap(job: Job, date: CivilDate, skipped: [String], runsAt: String?) -> Diagnostic {
        let what = runsAt.map { "runs once at \($0) instead of \(ScheduleLint.list(skipped))" }
            ?? "does not run at \(ScheduleLint.list(skipped))"
        return .warning("W100", "job '\(job.name)' \(what) on \(date.iso): the clocks in \(job.timezone) skip that time (DST starts)",
                        at: job.location(of: "schedule"),
                        notes: [DiagnosticNote("this is what Healthchecks expects too; pick a time outside the change (e.g. 01:30 or 03:30) if the job must run at its usual time")])
    }

    /// A fixed-time job's wall time falls into an autumn overlap.
    static func scheduleInDSTOverlap(job: Job, date: CivilDate, times: [String], first: String, second: String) -> Diagnostic {
        .warning("W101", "job '\(job.name)' runs only once at \(ScheduleLint.list(times)) on \(date.iso), in the first pass (\(first)); the clocks in \(job.timezone) go back and pass that time again (\(second)) without a run",
                 at: job.location(of: "schedule"),
                 notes: [DiagnosticNote("cron and Healthchecks agree on this; write the schedule with '*' in the hour field if both passes should run")])
    }

    static func maxRuntimeNotShorterThanGap(job: Job, maxRuntime: TimeSpan, gap: Int64, at instant: String) -> Diagnostic {
        .warning("W102", "job '\(job.name)': max_runtime \(maxRuntime.description) is not shorter than the gap between two of its runs (\(TimeSpan(seconds: Int(gap)).description), before the run at \(instant)), so a run may still be going when the next starts",
                 at: job.location(of: "max_runtime"),
                 notes: [DiagnosticNote("shorten max_runtime below \(TimeSpan(seconds: Int(gap)).description), or set overlap: skip or wait (now \(job.overlap.rawValue))", at: job.fieldLocations["overlap"])])
    }

    /// An error, not a warning: a delay as long as the gap would start a run after the next
    /// one is due, and the monitor would see the two runs out of order.
    static func jitterNotShorterThanGap(job: Job, jitter: TimeSpan, gap: Int64, at instant: String) -> Diagnostic {
        .error("E104", "job '\(job.name)': jitter \(jitter.description) is not shorter than the gap between two of its runs (\(TimeSpan(seconds: Int(gap)).description), before the run at \(instant)): a delayed run could start after the next one is due",
               at: job.location(of: "jitter"),
               fixIt: "jitter: \(TimeSpan(seconds: max(1, Int(gap) / 2)).description)")
    }

    static func manyJobsInOneMinute(host: String, jobs: [Job], minute: String) -> Diagnostic {
        let names = jobs.prefix(6).map(\.name).joined(separator: ", ") + (jobs.count > 6 ? ", …" : "")
        return .warning("W103", "\(jobs.count) jobs on host '\(host)' start in the same minute (\(minute)): \(names); spread their start minutes so they do not compete for the machine (threshold: \(ScheduleLint.sameMinuteThreshold))",
                        at: jobs[0].location(of: "schedule"),
                        notes: jobs.dropFirst().prefix(10).map { DiagnosticNote("'\($0.name)' starts then", at: $0.location(of: "schedule")) })
    }
}
