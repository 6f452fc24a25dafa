import CronopsCore
import FoundationEssentials

/// The live side of `ScheduleLint` for `cronops validate`: the clock and the system tz
/// database. `Lints.run` appends what this returns.
enum ScheduleWarnings {
    static func diagnostics(for spec: Spec, now: Date = Date(),
                            zones: (String) -> ZoneRules? = SystemZones.cachedLoader()) -> Diagnostics {
        var diagnostics = Diagnostics()
        for warning in ScheduleLint.warnings(for: spec, now: now, zones: zones) { diagnostics.emit(warning) }
        return diagnostics
    }
}
