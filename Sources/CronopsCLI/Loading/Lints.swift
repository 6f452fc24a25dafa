import CronopsCore
import Dispatch

/// Checks that need a whole valid spec plus the zone database: they run after loading, for
/// `validate` (and the golden tests of `examples/invalid`).
public enum Lints {
    public static func run(_ spec: Spec) -> Diagnostics {
        // The loader locks its cache, so both parts may share it.
        nonisolated(unsafe) let zones = SystemZones.cachedLoader()
        // The two checks are independent: the schedule lint runs on a worker while the crontab
        // emission (itself spread over the cores, one host per task) runs here. Nesting them in
        // one concurrentPerform would leave the per-host loop a single thread.
        let results = LintResults()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            results.schedule = ScheduleWarnings.diagnostics(for: spec, zones: zones)
        }
        // What `cronops crontab` would refuse to write (a line over Debian's limit, a value a
        // crontab cannot carry): a repo that validates never produces a file cron rejects.
        results.crontab = CrontabEmitter.check(spec, options: CrontabOptions(zones: zones))
        // The same for systemd hosts, plus the settings that mean something else there.
        results.crontab.append(contentsOf: SystemdEmitter.check(spec, options: CrontabOptions(zones: zones)))
        group.wait()
        var diagnostics = results.schedule
        diagnostics.append(contentsOf: results.crontab)
        return diagnostics
    }
}

/// Two slots, each written by exactly one of the two concurrent parts, read after both end
/// (the group's wait orders the writes before the reads).
private final class LintResults: @unchecked Sendable {
    var schedule = Diagnostics()
    var crontab = Diagnostics()
}
