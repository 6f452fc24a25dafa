import CronopsCore

/// Checks that need a whole valid spec plus the zone database: they run after loading, for
/// `validate` (and the golden tests of `examples/invalid`).
public enum Lints {
    public static func run(_ spec: Spec) -> Diagnostics {
        // The loader is `@Sendable` (its cache is locked), so both parts may share it.
        let zones = SystemZones.cachedLoader()
        let schedule: @Sendable () -> Diagnostics = { ScheduleWarnings.diagnostics(for: spec, zones: zones) }
        // What `cronops crontab` would refuse to write (a line over Debian's limit, a value a
        // crontab cannot carry): a repo that validates never produces a file cron rejects.
        // The same for systemd hosts, plus the settings that mean something else there; and
        // for kubernetes hosts, what a CronJob cannot say ('overlap: wait', a job without an
        // image). Each emitter spreads its hosts over the cores itself.
        let emitters = {
            var found = CrontabEmitter.check(spec, options: CrontabOptions.here(spec: spec, zones: zones))
            found.append(contentsOf: SystemdEmitter.check(spec, options: CrontabOptions.here(spec: spec, zones: zones)))
            found.append(contentsOf: KubernetesEmitter.check(spec, options: CrontabOptions.here(spec: spec, zones: zones)))
            return found
        }
        // The two are independent: on a larger repository (`ParallelWork`) the schedule lint runs
        // on a thread of our own (not Dispatch's pool, for the reason `parallelMap` gives)
        // beside the emitters.
        let threads = ParallelWork.worthThreads(jobs: spec.jobs.count)
        var (diagnostics, emitted) = threads ? Threads.both(schedule, emitters) : (schedule(), emitters())
        diagnostics.append(contentsOf: emitted)
        return diagnostics
    }
}
