/// cronops.yaml → `RawProject`.
public enum ProjectFileReader {
    public static func read(_ document: YAMLDocument, file: String, diagnostics: inout Diagnostics) -> RawProject? {
        guard let root = document.root(file: file, expected: "a project file with at least 'version: 1' and 'project:'", diagnostics: &diagnostics) else { return nil }
        var r = NodeReader()
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let keys = r.map(root, what: "the project file", allowed: KeySets.project) else { return nil }
        var raw = RawProject(file: file, location: root.location)
        if let n = keys["version"] { raw.version = r.int(n, what: "'version'") }
        if let n = keys["project"] { raw.project = r.string(n, what: "'project'") }
        if let n = keys["jobs"] { raw.jobs = r.stringList(n, what: "'jobs'") }
        if let n = keys["monitor"], let m = r.map(n, what: "'monitor'", allowed: KeySets.monitor) {
            var monitor = RawMonitor(location: n.location)
            if let v = m["provider"] { monitor.provider = r.string(v, what: "'monitor.provider'") }
            if let v = m["api_url"] { monitor.apiURL = r.string(v, what: "'monitor.api_url'") }
            if let v = m["ping_url"] { monitor.pingURL = r.string(v, what: "'monitor.ping_url'") }
            if let v = m["api_key_env"] { monitor.apiKeyEnv = r.string(v, what: "'monitor.api_key_env'") }
            if let v = m["ping_key_env"] { monitor.pingKeyEnv = r.string(v, what: "'monitor.ping_key_env'") }
            if let v = m["requests_per_minute"] { monitor.requestsPerMinute = r.int(v, what: "'monitor.requests_per_minute'") }
            if let v = m["prune"] { monitor.prune = r.bool(v, what: "'monitor.prune'") }
            if let v = m["state"] { monitor.state = r.string(v, what: "'monitor.state'") }
            raw.monitor = monitor
        }
        if let n = keys["defaults"] {
            raw.defaults = JobFieldsReader.read(n, what: "'defaults'", allowed: KeySets.defaults, reader: &r)
        }
        if let n = keys["routes"], let entries = r.namedEntries(n, what: "route") {
            for (name, value) in entries {
                guard let m = r.map(value, what: "route '\(name.value)'", allowed: KeySets.route) else { continue }
                var route = RawRoute(name: name)
                if let v = m["channels"] { route.channels = r.stringList(v, what: "'channels' of route '\(name.value)'")?.value }
                raw.routes.append(route)
            }
        }
        if let n = keys["hosts"], let entries = r.namedEntries(n, what: "host") {
            for (name, value) in entries {
                guard let m = r.map(value, what: "host '\(name.value)'", allowed: KeySets.host) else { continue }
                var host = RawHost(name: name)
                let what = { (key: String) in "'\(key)' of host '\(name.value)'" }
                if let v = m["kind"] { host.kind = r.string(v, what: what("kind")) }
                if let v = m["scope"] { host.scope = r.string(v, what: what("scope")) }
                if let v = m["cron"] { host.cron = r.string(v, what: what("cron")) }
                if let v = m["timezone"] { host.timezone = r.string(v, what: what("timezone")) }
                if let v = m["format"] { host.format = r.string(v, what: what("format")) }
                if let v = m["path"] { host.path = r.string(v, what: what("path")) }
                if let v = m["cronops"] { host.cronops = r.string(v, what: what("cronops")) }
                if let v = m["mailto"] { host.mailto = r.string(v, what: what("mailto")) }
                if let v = m["shell"] { host.shell = r.string(v, what: what("shell")) }
                if let v = m["namespace"] { host.namespace = r.string(v, what: what("namespace")) }
                if let v = m["image"] { host.image = r.string(v, what: what("image")) }
                if let v = m["service_account"] { host.serviceAccount = r.string(v, what: what("service_account")) }
                if let v = m["ping_key_secret"], let secret = r.map(v, what: what("ping_key_secret"), allowed: KeySets.secretKey) {
                    var raw = RawSecretKey(location: v.location)
                    if let n = secret["name"] { raw.name = r.string(n, what: "'name' of \(what("ping_key_secret"))") }
                    if let n = secret["key"] { raw.key = r.string(n, what: "'key' of \(what("ping_key_secret"))") }
                    host.pingKeySecret = raw
                }
                raw.hosts.append(host)
            }
        }
        return raw
    }
}
