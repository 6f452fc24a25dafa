/// The project file, checked: what every job is checked against.
public struct CheckedProject: Sendable {
    public let raw: RawProject
    let name: String
    let monitor: MonitorSettings
    let routes: [Route]
    let hosts: [Host]
    let context: JobContext
}

/// The jobs of one file, checked on their own (no cross-file rule yet), with what the
/// cross-file rules need of the raw file: the raw layer itself is dropped with the file's
/// parallel task rather than kept for one serial pass at the end.
public struct CheckedJobFile: Sendable {
    /// Each job's name as written, in file order.
    let names: [Located<String>]
    /// Each job's `previous_names` as written (empty when none), in file order.
    let previousNames: [[Located<String>]]
    /// One entry per raw job, in file order; nil where the job had errors.
    let jobs: [Job?]
}

/// Raw project + raw job files → `Spec`, with every problem reported, in three steps so the
/// per-file work can run in parallel (`RepositoryCompiler` drives them): `project`, then
/// `jobs(in:)` per file, then `finish`.
/// `finish` returns nil when any error was found, so no later stage sees a half-valid repo.
public enum SpecChecker {
    public static func project(_ raw: RawProject, diagnostics d: inout Diagnostics) -> CheckedProject {
        if let version = raw.version {
            if version.value != 1 { d.emit(.unsupportedVersion(version)) }
        } else {
            d.emit(.missingKey("version", what: "the project file", at: raw.location))
        }
        var projectName = ""
        if let p = raw.project {
            if let problem = Names.projectNameProblem(p.value) {
                d.emit(.invalidName(kind: "project", p, problem: problem))
            }
            projectName = p.value
        } else {
            d.emit(.missingKey("project", what: "the project file", at: raw.location))
        }
        let monitor = checkMonitor(raw.monitor, &d)
        let routes = checkRoutes(raw.routes, &d)
        let hosts = checkHosts(raw.hosts, project: projectName, &d)
        let context = JobContext(projectFile: raw.file, project: projectName, routes: routes, hosts: hosts,
                                 defaults: raw.defaults ?? RawJobFields(location: raw.location))
        return CheckedProject(raw: raw, name: projectName, monitor: monitor, routes: routes, hosts: hosts, context: context)
    }

    /// Thread-safe: the shared pattern cache locks.
    public static func jobs(in file: RawJobFile, project: CheckedProject, diagnostics d: inout Diagnostics) -> CheckedJobFile {
        CheckedJobFile(names: file.jobs.map(\.name), previousNames: file.jobs.map { $0.fields.previousNames?.value ?? [] },
                       jobs: file.jobs.map { JobChecker.check($0, context: project.context, diagnostics: &d) })
    }

    /// The rules that span files (unique names, renames), then the spec.
    public static func finish(_ project: CheckedProject, files: [CheckedJobFile], root: String,
                              diagnostics: inout Diagnostics) -> Spec? {
        var d = Diagnostics()
        defer { diagnostics.append(contentsOf: d) }
        var jobs: [Job] = []
        var firstDefinition: [String: SourceLocation] = [:]
        firstDefinition.reserveCapacity(files.reduce(0) { $0 + $1.names.count })
        jobs.reserveCapacity(firstDefinition.capacity)
        for checked in files {
            for (name, job) in zip(checked.names, checked.jobs) {
                if let first = firstDefinition[name.value] {
                    d.emit(.duplicateJob(name, first: first))
                    continue
                }
                firstDefinition[name.value] = name.location
                if let job { jobs.append(job) }
            }
        }
        checkPreviousNames(files, current: firstDefinition, &d)

        guard !d.hasErrors && !diagnostics.hasErrors else { return nil }
        return Spec(project: project.name, root: root, projectFile: project.raw.file, monitor: project.monitor,
                    routes: project.routes.sorted { $0.name < $1.name }, hosts: project.hosts.sorted { $0.name < $1.name },
                    jobs: jobs.sorted { $0.name < $1.name })
    }

    static func checkMonitor(_ raw: RawMonitor?, _ d: inout Diagnostics) -> MonitorSettings {
        var m = MonitorSettings()
        guard let raw else { return m }
        if let p = raw.provider {
            if let kind = ProviderKind(rawValue: p.value) { m.provider = kind } else {
                d.emit(.invalidChoice(p, what: "'monitor.provider'", choices: ProviderKind.allCases.map(\.rawValue)))
            }
        }
        for (value, key, keyPath) in [(raw.apiURL, "api_url", \MonitorSettings.apiURL), (raw.pingURL, "ping_url", \.pingURL)] {
            guard let value else { continue }
            let v = value.value
            if !(v.hasPrefix("https://") || v.hasPrefix("http://")) || v.count < 9 || v.contains(" ") {
                d.emit(.invalidValue("'monitor.\(key)'", value.location, "must be an http:// or https:// URL, e.g. https://healthchecks.io"))
            } else if v.contains("?") || v.contains("#") {
                d.emit(.invalidValue("'monitor.\(key)'", value.location, "must be a base URL without '?' or '#'"))
            } else {
                m[keyPath: keyPath] = String(v.reversed().drop(while: { $0 == "/" }).reversed())
            }
        }
        for (value, key, keyPath) in [(raw.apiKeyEnv, "api_key_env", \MonitorSettings.apiKeyEnv), (raw.pingKeyEnv, "ping_key_env", \.pingKeyEnv)] {
            guard let value else { continue }
            if looksLikeAPIKey(value.value) {
                d.emit(.secretValue(at: value.location))
            } else if !Names.isEnvName(value.value) {
                d.emit(.invalidValue("'monitor.\(key)'", value.location,
                                     "must be the NAME of an environment variable (letters, digits, '_'), not its value"))
            } else {
                m[keyPath: keyPath] = value.value
            }
        }
        if let rpm = raw.requestsPerMinute {
            if (1...6000).contains(rpm.value) { m.requestsPerMinute = rpm.value } else {
                d.emit(.outOfRange(rpm, what: "'monitor.requests_per_minute'", range: 1...6000))
            }
        }
        if let prune = raw.prune { m.prune = prune.value }
        if let state = raw.state {
            if state.value.isEmpty { d.emit(.invalidValue("'monitor.state'", state.location, "is empty")) } else { m.statePath = state.value }
        }
        return m
    }

    static func checkRoutes(_ raw: [RawRoute], _ d: inout Diagnostics) -> [Route] {
        raw.compactMap { r in
            if let problem = Names.routeNameProblem(r.name.value) {
                d.emit(.invalidName(kind: "route", r.name, problem: problem))
                return nil
            }
            guard let channels = r.channels else {
                d.emit(.missingKey("channels", what: "route '\(r.name.value)'", at: r.name.location))
                return nil
            }
            var seen: [String: SourceLocation] = [:]
            for c in channels {
                if c.value.isEmpty || c.value.contains(",") {
                    d.emit(.invalidValue("channel '\(c.value)' of route '\(r.name.value)'", c.location,
                                         "cannot be sent to Healthchecks: channel names there are matched exactly and may not be empty or hold ','"))
                }
                if let first = seen[c.value] { d.emit(.duplicateEntry(kind: "channel", c, first: first)) }
                seen[c.value] = c.location
            }
            return Route(name: r.name.value, channels: channels.map(\.value), location: r.name.location)
        }
    }

    static func checkHosts(_ raw: [RawHost], project: String, _ d: inout Diagnostics) -> [Host] {
        raw.compactMap { h in
            var ok = true
            if let problem = Names.hostNameProblem(h.name.value) {
                d.emit(.invalidName(kind: "host", h.name, problem: problem))
                ok = false
            }
            var host = Host(name: h.name.value, location: h.name.location)
            if let v = h.kind {
                if let k = HostKind(rawValue: v.value) { host.kind = k } else {
                    d.emit(.invalidChoice(v, what: "'kind' of host '\(h.name.value)'", choices: HostKind.allCases.map(\.rawValue)))
                    ok = false
                }
            }
            // A key of another kind would be silently ignored: say so where it is written. The
            // host is still kept, so that its jobs do not also report it as unknown.
            let kindOnly: [(String, SourceLocation?)] = [
                ("cron", h.cron?.location), ("format", h.format?.location), ("mailto", h.mailto?.location),
                ("scope", h.scope?.location), ("timezone", h.timezone?.location), ("path", h.path?.location),
                ("namespace", h.namespace?.location), ("image", h.image?.location),
                ("ping_key_secret", h.pingKeySecret?.location), ("service_account", h.serviceAccount?.location),
            ]
            for case let (key, location?) in kindOnly where h.kind == nil || HostKind(rawValue: h.kind!.value) != nil {
                guard let owners = KeySets.hostKindOnly[key], !owners.contains(host.kind) else { continue }
                d.emit(.hostKeyForOtherKind(key: key, host: h.name.value, kind: host.kind, owners: owners, at: location))
            }
            if host.kind == .kubernetes {
                if let settings = checkKubernetes(h, project: project, &d) { host.kubernetes = settings } else { ok = false }
            }
            if let v = h.scope {
                if let s = SystemdScope(rawValue: v.value) { host.scope = s } else {
                    d.emit(.invalidChoice(v, what: "'scope' of host '\(h.name.value)'", choices: SystemdScope.allCases.map(\.rawValue)))
                    ok = false
                }
            }
            if let v = h.cron {
                if let c = CronDialect(rawValue: v.value) { host.cron = c } else {
                    d.emit(.invalidChoice(v, what: "'cron' of host '\(h.name.value)'", choices: CronDialect.allCases.map(\.rawValue)))
                    ok = false
                }
            }
            if let v = h.format {
                if let f = CrontabFormat(rawValue: v.value) { host.format = f } else {
                    d.emit(.invalidChoice(v, what: "'format' of host '\(h.name.value)'", choices: CrontabFormat.allCases.map(\.rawValue)))
                    ok = false
                }
            }
            if let v = h.timezone {
                if let zone = checkZone(v, &d) { host.timezone = zone } else { ok = false }
            }
            if let v = h.path {
                if v.value.isEmpty || v.value.contains(where: { $0.isNewline || $0 == "\"" || $0 == "'" }) {
                    d.emit(.invalidValue("'path' of host '\(h.name.value)'", v.location, "must be a non-empty list of directories without quotes or newlines"))
                    ok = false
                } else { host.path = v.value }
            }
            if let v = h.cronops {
                if !v.value.hasPrefix("/") || v.value.contains(where: { $0.isWhitespace || $0 == "%" }) {
                    d.emit(.invalidValue("'cronops' of host '\(h.name.value)'", v.location,
                                         "must be the absolute path of the cronops binary on the host, without spaces or '%'", fixIt: "/usr/local/bin/cronops"))
                    ok = false
                } else { host.cronops = v.value }
            }
            if let v = h.mailto {
                if v.value.contains(where: { $0.isNewline || $0 == "\"" || $0 == "'" }) {
                    d.emit(.invalidValue("'mailto' of host '\(h.name.value)'", v.location, "may not hold quotes or newlines"))
                    ok = false
                } else { host.mailto = v.value }
            }
            if let v = h.shell {
                if let shell = checkShell(v, what: "'shell' of host '\(h.name.value)'", &d) { host.shell = shell } else { ok = false }
            }
            return ok ? host : nil
        }
    }

    /// The settings of a kubernetes host: a namespace (required), the default image, the
    /// ping-key Secret (default `cronops-<project>`, key `ping-key`) and a service account.
    static func checkKubernetes(_ h: RawHost, project: String, _ d: inout Diagnostics) -> KubernetesSettings? {
        var ok = true
        let host = h.name.value
        var settings = KubernetesSettings(pingKeySecret: .init(name: KubernetesSettings.defaultSecretName(project: project),
                                                                key: KubernetesSettings.defaultSecretKey))
        func check(_ value: Located<String>?, _ what: String, _ rule: (String) -> String?) -> String? {
            guard let value else { return nil }
            if let problem = rule(value.value) {
                d.emit(.invalidValue(what, value.location, problem))
                ok = false
                return nil
            }
            return value.value
        }
        if let namespace = h.namespace {
            settings.namespace = check(namespace, "'namespace' of host '\(host)'", { KubernetesNames.dnsLabelProblem($0) }) ?? ""
        } else {
            d.emit(.missingKey("namespace", what: "host '\(host)' (kind kubernetes)", at: h.name.location))
            ok = false
        }
        if let image = h.image { settings.image = checkImage(image, what: "'image' of host '\(host)'", &d) ?? { ok = false; return nil }() }
        settings.serviceAccount = check(h.serviceAccount, "'service_account' of host '\(host)'", KubernetesNames.dnsSubdomainProblem)
        if let secret = h.pingKeySecret {
            if let name = check(secret.name, "'ping_key_secret.name' of host '\(host)'", KubernetesNames.dnsSubdomainProblem) {
                settings.pingKeySecret.name = name
            }
            if let key = check(secret.key, "'ping_key_secret.key' of host '\(host)'", KubernetesNames.secretKeyProblem) {
                settings.pingKeySecret.key = key
            }
        }
        return ok ? settings : nil
    }

    /// A container image reference (host or job): one word, which Kubernetes passes on as it is.
    static func checkImage(_ image: Located<String>, what: String, _ d: inout Diagnostics) -> String? {
        let v = image.value
        if v.isEmpty || v.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            d.emit(.invalidValue(what, image.location, v.isEmpty ? "is empty" : "must be an image reference without blanks or control characters, e.g. registry.example.com/team/jobs:1.4"))
            return nil
        }
        return v
    }

    /// A shell path (host, `defaults:` or job): absolute, because cron starts jobs with a bare
    /// environment where no PATH search can be relied on, and on one line, so the crontab
    /// line can carry it.
    static func checkShell(_ shell: Located<String>, what: String, _ d: inout Diagnostics) -> String? {
        let v = shell.value
        if !v.hasPrefix("/") || v.hasSuffix("/") {
            d.emit(.invalidValue(what, shell.location, "must be the absolute path of a shell, e.g. /bin/bash", fixIt: v.isEmpty || v.contains("/") ? nil : "/bin/\(v)"))
            return nil
        }
        if v.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            d.emit(.invalidValue(what, shell.location, "may not hold line breaks or control characters"))
            return nil
        }
        return v
    }

    /// The canonical zone for a written zone, warning about legacy aliases.
    static func checkZone(_ zone: Located<String>, _ d: inout Diagnostics) -> String? {
        switch ZoneTable.lookup(zone.value) {
        case .canonical(let c):
            return c
        case .legacy(_, let canonical):
            d.emit(.legacyZone(zone, canonical: canonical))
            return canonical
        case .unknown:
            d.emit(.unknownZone(zone))
            return nil
        }
    }

    static func checkPreviousNames(_ files: [CheckedJobFile], current: [String: SourceLocation], _ d: inout Diagnostics) {
        var claimed: [String: SourceLocation] = [:]
        for file in files {
            for (job, previousNames) in zip(file.names, file.previousNames) {
                for name in previousNames {
                    if let other = current[name.value], name.value != job.value {
                        d.emit(.previousNameTaken(name, job: job.value, other: other))
                    } else if let first = claimed[name.value] {
                        d.emit(.previousNameClaimedTwice(name, first: first))
                    }
                    claimed[name.value] = claimed[name.value] ?? name.location
                }
            }
        }
    }

    /// Healthchecks keys are `hcw_`/`hcr_` and 28 more characters (or any old 32-char key,
    /// which we cannot tell from text).
    static func looksLikeAPIKey(_ text: String) -> Bool {
        text.utf8.count == 32 && (text.hasPrefix("hcw_") || text.hasPrefix("hcr_"))
    }
}
