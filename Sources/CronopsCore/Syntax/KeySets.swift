/// The keys each map of the file format accepts. The JSON Schemas in `schemas/` list the same
/// keys; a test fails when the two drift apart.
public enum KeySets {
    public static let project = ["version", "project", "jobs", "monitor", "defaults", "routes", "hosts"]
    public static let monitor = ["provider", "api_url", "ping_url", "api_key_env", "ping_key_env",
                                 "requests_per_minute", "prune", "state"]
    public static let route = ["channels"]
    public static let host = ["kind", "scope", "cron", "timezone", "format", "path", "cronops", "mailto", "shell",
                              "namespace", "image", "ping_key_secret", "service_account"]
    /// The host keys that only mean something for some kinds of host (the rest fit every kind).
    /// A cluster's pods get their zone from `spec.timeZone` and their PATH from the image.
    public static let hostKindOnly: [String: Set<HostKind>] = [
        "cron": [.cron], "format": [.cron], "mailto": [.cron], "scope": [.systemd],
        "timezone": [.cron, .systemd], "path": [.cron, .systemd],
        "namespace": [.kubernetes], "image": [.kubernetes], "ping_key_secret": [.kubernetes], "service_account": [.kubernetes],
    ]
    public static let secretKey = ["name", "key"]
    public static let jobFile = ["jobs"]
    public static let job = ["description", "command", "schedule", "timezone", "hosts", "monitor", "user",
                             "grace", "max_runtime", "overlap", "tags", "alerts", "env", "tolerate",
                             "previous_names", "adopt", "shell", "validate", "suspend", "retry", "jitter", "image"]
    /// Job fields that make sense for every job; the rest name one job's own work.
    public static let defaults = ["timezone", "hosts", "monitor", "user", "grace", "max_runtime", "overlap",
                                  "tags", "alerts", "env", "tolerate", "shell", "validate", "suspend", "retry", "jitter"]
    public static let validate = ["exit_codes", "stdout", "stderr", "duration"]
    public static let stdout = ["json", "contains", "matches", "forbids"]
    public static let stderr = ["forbids", "empty"]
    public static let durationRange = ["min", "max"]
    public static let retry = ["attempts", "delay", "backoff"]
    /// Keys that would hold a secret in YAML: refused with a pointer to the `*_env` form.
    public static let secrets = ["api_key": "api_key_env", "ping_key": "ping_key_env"]
}
