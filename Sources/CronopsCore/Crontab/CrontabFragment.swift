/// One host's crontab text, ready to be installed.
public struct CrontabFragment: Sendable, Equatable {
    public var host: String
    /// A name Debian's cron accepts in /etc/cron.d in both its run-parts modes.
    public var fileName: String
    public var format: CrontabFormat
    /// Newline-terminated, deterministic.
    public var text: String
    /// Names of the jobs it runs.
    public var jobs: [String]
}

/// The fragments of one run and what was found on the way. When `diagnostics.hasErrors`, the
/// fragments must not be written (some jobs may be missing from them).
public struct CrontabEmission: Sendable {
    public var fragments: [CrontabFragment]
    public var diagnostics: Diagnostics
}

public struct CrontabOptions: Sendable {
    /// The zone rules of a zone name (the CLI reads the system tz database); nil when unknown.
    /// `@Sendable`: the hosts' fragments are written on several threads at once.
    public var zones: @Sendable (String) -> ZoneRules?
    /// The file the wrapper reads the project's ping key from, on every host; nil means
    /// `/etc/cronops/<project>.ping-key`.
    public var pingKeyFile: String?
    /// The UTC seconds whose zone offsets are considered when a schedule is moved to a host's
    /// zone. Fixed, so that output does not depend on the day it is generated.
    public var zoneWindow: Range<Int64>
    /// The absolute directory holding cronops.yaml, which the local provider's run log path
    /// (`--run-log`, next to `monitor.state`) is resolved against: the wrapper runs in cron's
    /// working directory, not the repository's. The CLI sets it; nil means `spec.root` as given.
    public var repositoryRoot: String?

    /// 2025-01-01 ..< 2100-01-01 UTC.
    public static let defaultZoneWindow: Range<Int64> = 1_735_689_600 ..< 4_102_444_800

    public init(zones: @escaping @Sendable (String) -> ZoneRules?, pingKeyFile: String? = nil,
                zoneWindow: Range<Int64> = CrontabOptions.defaultZoneWindow) {
        self.zones = zones
        self.pingKeyFile = pingKeyFile
        self.zoneWindow = zoneWindow
    }

    public func pingKeyFile(project: String) -> String { pingKeyFile ?? "/etc/cronops/\(project).ping-key" }

    /// What the wrapper lines carry besides the job's own settings.
    func wrapperPaths(spec: Spec) -> WrapperInvocation.Paths {
        WrapperInvocation.Paths(pingKeyFile: pingKeyFile(project: spec.project),
                                runLog: RunLogLocation.runLog(spec: spec, root: repositoryRoot ?? spec.root))
    }
}

public enum CrontabFileName {
    /// `cronops-<project>-<host>`, lower case, every character outside `a-z0-9-` written as `-`:
    /// valid for Debian's /etc/cron.d (`[A-Za-z0-9_-]`, no dots) and for its `cron -l`
    /// (lsbsysinit) mode, which allows `^[a-z0-9][a-z0-9-]*$`.
    public static func name(project: String, host: String) -> String {
        let raw = "cronops-\(project)-\(host)".lowercased()
        return String(String.UnicodeScalarView(raw.unicodeScalars.map { scalar in
            switch scalar {
            case "a"..."z", "0"..."9", "-": scalar
            default: "-"
            }
        }))
    }
}
