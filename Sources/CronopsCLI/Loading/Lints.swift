import CronopsCore

/// Checks that need a whole valid spec (and, later, the zone database or the crontab emitter):
/// they run after loading, for `validate` only.
public enum Lints {
    public static func run(_ spec: Spec) -> Diagnostics {
        Diagnostics()
    }
}
