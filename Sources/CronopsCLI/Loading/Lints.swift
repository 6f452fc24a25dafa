import CronopsCore
import Dispatch

/// Checks that need a whole valid spec plus the zone database: they run after loading, for
/// `validate` (and the golden tests of `examples/invalid`).
public enum Lints {
    public static func run(_ spec: Spec) -> Diagnostics {
        // The loader locks its cache, so both parts may share it.
        nonisolated(unsafe) let zones = SystemZones.cachedLoader()
        // The two checks are independent; on two cores they run side by side.
        let results = LintResults()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                results.schedule = ScheduleWarnings.diagnostics(for: spec, zones: zones)
            } else {
                // What `cronops crontab` would refuse to write (a line over Debian's limit, a
                // value a crontab cannot carry): a repo that validates never produces a file
                // cron rejects.
                results.crontab = CrontabEmitter.emit(spec, options: CrontabOptions(zones: zones)).diagnostics
            }
        }
        var diagnostics = results.schedule
        diagnostics.append(contentsOf: results.crontab)
        return diagnostics
    }
}

/// Two slots, each written by exactly one of the two concurrent parts, read after both end.
private final class LintResults: @unchecked Sendable {
    var schedule = Diagnostics()
    var crontab = Diagnostics()
}
