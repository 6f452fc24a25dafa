/// A whole repository, checked and with every default applied: what every later stage
/// (plan, crontab, next) reads. Nothing here is optional unless absence means something.
public struct Spec: Sendable {
    public var project: String
    /// The directory holding cronops.yaml, as given on the command line (display form).
    public var root: String
    /// The project file, for diagnostics and generated headers.
    public var projectFile: String
    public var monitor: MonitorSettings
    /// Sorted by name.
    public var routes: [Route]
    /// Sorted by name.
    public var hosts: [Host]
    /// Sorted by name.
    public var jobs: [Job]

    public init(project: String, root: String, projectFile: String, monitor: MonitorSettings,
                routes: [Route], hosts: [Host], jobs: [Job]) {
        self.project = project
        self.root = root
        self.projectFile = projectFile
        self.monitor = monitor
        self.routes = routes
        self.hosts = hosts
        self.jobs = jobs
    }

    public func route(named name: String) -> Route? { routes.first { $0.name == name } }
    public func host(named name: String) -> Host? { hosts.first { $0.name == name } }
    public func job(named name: String) -> Job? { jobs.first { $0.name == name } }

    /// The tag that marks a check as managed by this project.
    public var ownershipTag: String { "cronops:\(project)" }
}

public enum ProviderKind: String, Sendable, CaseIterable, Codable {
    case healthchecks
    case local
}

public struct MonitorSettings: Sendable, Equatable {
    public var provider: ProviderKind
    /// API base; requests go to `<apiURL>/api/v3/...`. No trailing slash.
    public var apiURL: String
    /// Ping base used by the wrapper. No trailing slash.
    public var pingURL: String
    /// NAME of the environment variable that holds the API key (never the key).
    public var apiKeyEnv: String
    /// NAME of the environment variable that holds the project's ping key.
    public var pingKeyEnv: String
    public var requestsPerMinute: Int
    public var prune: Bool
    /// Local provider's state file, resolved against the project directory.
    public var statePath: String

    public init(provider: ProviderKind = .local, apiURL: String = "https://healthchecks.io",
                pingURL: String = "https://hc-ping.com", apiKeyEnv: String = "HC_API_KEY",
                pingKeyEnv: String = "HC_PING_KEY", requestsPerMinute: Int = 90, prune: Bool = false,
                statePath: String = ".cronops/state.json") {
        self.provider = provider
        self.apiURL = apiURL
        self.pingURL = pingURL
        self.apiKeyEnv = apiKeyEnv
        self.pingKeyEnv = pingKeyEnv
        self.requestsPerMinute = requestsPerMinute
        self.prune = prune
        self.statePath = statePath
    }
}

/// An alert route: a name the jobs use for a set of the server's channels (integrations).
public struct Route: Sendable, Equatable {
    public var name: String
    /// Channel names or ids as the server knows them.
    public var channels: [String]
    public var location: SourceLocation

    public init(name: String, channels: [String], location: SourceLocation) {
        self.name = name
        self.channels = channels
        self.location = location
    }
}

public enum CronDialect: String, Sendable, CaseIterable, Codable {
    /// Vixie cron as Debian and Ubuntu ship it: no CRON_TZ, no L/W/#, no `a/n`.
    case debian
    case cronie
}

public enum CrontabFormat: String, Sendable, CaseIterable, Codable {
    /// /etc/cron.d: a user column after the time fields.
    case cronD = "cron.d"
    /// A user's crontab, installed with `crontab FILE`.
    case crontab
}

/// What schedules a host's jobs: its cron daemon (a crontab fragment), systemd (a timer and
/// a service per job) or a Kubernetes cluster (a CronJob per job, in one namespace).
public enum HostKind: String, Sendable, CaseIterable, Codable {
    case cron
    case systemd
    case kubernetes
}

/// Where a Kubernetes host's CronJobs go and what their pods run.
public struct KubernetesSettings: Sendable, Equatable {
    /// A key of a Secret in the host's namespace.
    public struct SecretKey: Sendable, Equatable {
        public var name: String
        public var key: String

        public init(name: String, key: String) {
            self.name = name
            self.key = key
        }
    }

    public var namespace: String
    /// The image of jobs that name none; nil: every job must name its own.
    public var image: String?
    /// The project's ping key, read into CRONOPS_PING_KEY.
    public var pingKeySecret: SecretKey
    public var serviceAccount: String?

    public init(namespace: String = "", image: String? = nil, pingKeySecret: SecretKey = SecretKey(name: "", key: "ping-key"),
                serviceAccount: String? = nil) {
        self.namespace = namespace
        self.image = image
        self.pingKeySecret = pingKeySecret
        self.serviceAccount = serviceAccount
    }

    /// The Secret's name when the host names none: `cronops-<project>`, with `_` (which no
    /// Secret name may hold) written as `-`.
    public static func defaultSecretName(project: String) -> String {
        "cronops-" + project.replacingEvery("_", with: "-")
    }
    public static let defaultSecretKey = "ping-key"
}

/// Which systemd instance runs a systemd host's units.
public enum SystemdScope: String, Sendable, CaseIterable, Codable {
    /// The system manager: each service runs as the job's `user` (`User=`).
    case system
    /// A user's own manager (`systemctl --user`): services run as that user, no `User=`.
    case user
}

public struct Host: Sendable, Equatable {
    public var name: String
    public var kind: HostKind
    /// systemd hosts only.
    public var scope: SystemdScope
    /// cron hosts only.
    public var cron: CronDialect
    /// Canonical IANA zone the host's cron daemon schedules in.
    public var timezone: String
    public var format: CrontabFormat
    public var path: String
    /// Where the wrapper binary lives on the host.
    public var cronops: String
    /// nil: no MAILTO line; "" writes `MAILTO=""` (no mail).
    public var mailto: String?
    /// The shell that runs the commands of jobs that set none (`cronops exec --shell`).
    public var shell: String
    /// kubernetes hosts only.
    public var kubernetes: KubernetesSettings
    public var location: SourceLocation

    public init(name: String, kind: HostKind = .cron, scope: SystemdScope = .system, cron: CronDialect = .debian, timezone: String = "UTC", format: CrontabFormat = .cronD,
                path: String = "/usr/local/bin:/usr/bin:/bin", cronops: String = "/usr/local/bin/cronops",
                mailto: String? = nil, shell: String = Host.defaultShell, kubernetes: KubernetesSettings = KubernetesSettings(),
                location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.scope = scope
        self.cron = cron
        self.timezone = timezone
        self.format = format
        self.path = path
        self.cronops = cronops
        self.mailto = mailto
        self.shell = shell
        self.kubernetes = kubernetes
        self.location = location
    }

    /// What cron itself uses, and what the wrapper runs commands with unless told otherwise.
    public static let defaultShell = "/bin/sh"
}
