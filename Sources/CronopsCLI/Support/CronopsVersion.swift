/// The one place that says which cronops this is. A release bumps `current` (semantic
/// versioning: the minor number for new commands or keys, the patch for fixes), tags the
/// commit `v<current>`, and builds the package with `scripts/package-deb.sh`.
public enum CronopsVersion {
    public static let current = "0.6.0"

    /// The Swift compiler that built this binary (the newest listed version it is at least).
    public static var swift: String {
        #if compiler(>=6.4)
        return ">=6.4"
        #elseif compiler(>=6.3.1)
        return "6.3.1"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #else
        return "<6.2"
        #endif
    }

    /// The target triple the binary was built for.
    public static var target: String {
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "aarch64"
        #else
        let arch = "unknown"
        #endif
        #if os(Linux)
        return arch + "-unknown-linux-gnu"
        #else
        return arch + "-unknown"
        #endif
    }
}
