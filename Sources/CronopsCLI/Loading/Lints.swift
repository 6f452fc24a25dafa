import CronopsCore
import Dispatch

/// Checks that need a whole valid spec plus the zone database: they run after loading, for
/// `validate` (and the golden tests of `examples/invalid`).
public enum Lints {
    public static func run(_ spec: Spec) -> Diagnostics {
        // The loader is `@Sendable` (its cache is locked), so both parts may share it.
        let zones = SystemZones.cachedLoader()
        // The two checks are independent: the schedule lint runs on a worker while the crontab
        // emission (itself spread over the cores, one host per task) runs here. Nesting them in
        // one concurrentPerform would leave the per-host loop a single thread.
        let schedule = Locked(Diagnostics())
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let found = ScheduleWarnings.diagnostics(for: spec, zones: zones)
            schedule.withLock { $0 = found }
        }
        // What `cronops crontab` would refuse to write (a line over Debian's limit, a value a
        // crontab cannot carry): a repo that validates never produces a file cron rejects.
        var crontab = CrontabEmitter.check(spec, options: CrontabOptions.here(spec: spec, zones: zones))
        // The same for systemd hosts, plus the settings that mean something else there.
        crontab.append(contentsOf: SystemdEmitter.check(spec, options: CrontabOptions.here(spec: spec, zones: zones)))
        // And for kubernetes hosts: what a CronJob cannot say ('overlap: wait', a job without an image).
        crontab.append(contentsOf: KubernetesEmitter.check(spec, options: CrontabOptions.here(spec: spec, zones: zones)))
        group.wait()
        var diagnostics = schedule.withLock { $0 }
        diagnostics.append(contentsOf: crontab)
        return diagnostics
    }
}
