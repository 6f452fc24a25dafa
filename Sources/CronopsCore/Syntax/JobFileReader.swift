/// A job file → `RawJobFile`.
public enum JobFileReader {
    public static func read(_ document: YAMLDocument, file: String, diagnostics: inout Diagnostics) -> RawJobFile? {
        guard let root = document.root(file: file, expected: "a 'jobs:' map with at least one job", diagnostics: &diagnostics) else { return nil }
        var r = NodeReader()
        defer { diagnostics.append(contentsOf: r.diagnostics) }
        guard let keys = r.map(root, what: "a job file", allowed: KeySets.jobFile) else { return nil }
        guard let jobsNode = keys["jobs"] else {
            r.diagnostics.emit(.missingKey("jobs", what: "a job file", at: root.location))
            return nil
        }
        var raw = RawJobFile(file: file)
        guard let entries = r.namedEntries(jobsNode, what: "job") else { return raw }
        if entries.isEmpty {
            r.diagnostics.emit(.noJobsInFile(at: jobsNode.location))
        }
        for (name, value) in entries {
            guard let fields = JobFieldsReader.read(value, what: "job '\(name.value)'", allowed: KeySets.job, reader: &r) else { continue }
            raw.jobs.append(RawJob(name: name, fields: fields))
        }
        return raw
    }
}

/// The fields of one job (or of `defaults:`), including the nested `validate:` block.
enum JobFieldsReader {
    static func read(_ node: YAMLNode, what: @autoclosure () -> String, allowed: [String], reader r: inout NodeReader) -> RawJobFields? {
        guard let m = r.map(node, what: what(), allowed: allowed) else { return nil }
        var f = RawJobFields(location: node.location)
        func field(_ key: String) -> String { "'\(key)' of \(what())" }
        if let v = m["description"] { f.description = r.string(v, what: field("description")) }
        if let v = m["command"] { f.command = r.string(v, what: field("command")) }
        if let v = m["schedule"] { f.schedule = r.string(v, what: field("schedule")) }
        if let v = m["timezone"] { f.timezone = r.string(v, what: field("timezone")) }
        if let v = m["hosts"] { f.hosts = r.stringList(v, what: field("hosts")) }
        if let v = m["monitor"] { f.monitor = r.string(v, what: field("monitor")) }
        if let v = m["user"] { f.user = r.string(v, what: field("user")) }
        if let v = m["grace"] { f.grace = duration(v, what: field("grace"), &r) }
        if let v = m["max_runtime"] { f.maxRuntime = duration(v, what: field("max_runtime"), &r) }
        if let v = m["overlap"] { f.overlap = r.string(v, what: field("overlap")) }
        if let v = m["tags"] { f.tags = r.stringList(v, what: field("tags")) }
        if let v = m["alerts"] { f.alerts = r.stringList(v, what: field("alerts")) }
        if let v = m["tolerate"] { f.tolerate = r.int(v, what: field("tolerate")) }
        if let v = m["previous_names"] { f.previousNames = r.stringList(v, what: field("previous_names")) }
        if let v = m["adopt"] { f.adopt = r.bool(v, what: field("adopt")) }
        if let v = m["shell"] { f.shell = r.string(v, what: field("shell")) }
        if let v = m["image"] { f.image = r.string(v, what: field("image")) }
        if let v = m["env"] {
            if case .mapping(let pairs) = v.kind {
                var env: [(name: Located<String>, value: Located<String>)] = []
                for pair in pairs {
                    guard let name = r.scalarText(pair.key, what: "a variable name in \(field("env"))"),
                          let value = r.scalarText(pair.value, what: "the value of \(pair.key.scalar?.text ?? "a variable") in \(field("env"))")
                    else { continue }
                    env.append((name, value))
                }
                f.env = Located(env, at: v.location)
            } else {
                r.diagnostics.emit(.wrongType(expected: "a map of variable names to values", found: v, what: field("env")))
            }
        }
        if let v = m["validate"] { f.validate = readValidate(v, what: field("validate"), &r) }
        if let v = m["suspend"] { f.suspend = readSuspend(v, what: field("suspend"), &r) }
        if let v = m["jitter"] { f.jitter = duration(v, what: field("jitter"), &r) }
        if let v = m["retry"], let n = r.map(v, what: field("retry"), allowed: KeySets.retry) {
            var retry = RawRetry(location: v.location)
            if let x = n["attempts"] { retry.attempts = r.int(x, what: "'retry.attempts'") }
            if let x = n["delay"] { retry.delay = duration(x, what: "'retry.delay'", &r) }
            if let x = n["backoff"] {
                switch x.scalar?.resolved {
                case .int(let value)?: retry.backoff = Located(Double(value), at: x.location)
                case .float(let value)?: retry.backoff = Located(value, at: x.location)
                default: r.diagnostics.emit(.wrongType(expected: "a number such as 2 or 1.5", found: x, what: "'retry.backoff'"))
                }
            }
            f.retry = retry
        }
        return f
    }

    /// `true`, `false`, or a string that says why.
    static func readSuspend(_ node: YAMLNode, what: @autoclosure () -> String, _ r: inout NodeReader) -> Located<RawSuspend>? {
        switch node.scalar?.resolved {
        case .bool(let flag)?: return Located(.flag(flag), at: node.location)
        case .string(let reason)?: return Located(.reason(reason), at: node.location)
        default:
            r.diagnostics.emit(.wrongType(expected: "true, false or the reason as a string", found: node, what: what()))
            return nil
        }
    }

    /// Durations are strings with units; a bare number is reported with the unit it lacks.
    static func duration(_ node: YAMLNode, what: @autoclosure () -> String, _ r: inout NodeReader) -> Located<String>? {
        if case .int(let n)? = node.scalar?.resolved {
            r.diagnostics.emit(.durationWithoutUnit(n, what: what(), at: node.location))
            return nil
        }
        return r.string(node, what: what())
    }

    static func readValidate(_ node: YAMLNode, what: @autoclosure () -> String, _ r: inout NodeReader) -> RawValidate? {
        guard let m = r.map(node, what: what(), allowed: KeySets.validate) else { return nil }
        var v = RawValidate(location: node.location)
        if let n = m["exit_codes"] { v.exitCodes = r.intList(n, what: "'validate.exit_codes'") }
        if let n = m["stdout"], let s = r.map(n, what: "'validate.stdout'", allowed: KeySets.stdout) {
            if let x = s["json"] { v.stdoutJSON = r.stringList(x, what: "'validate.stdout.json'")?.value }
            if let x = s["contains"] { v.stdoutContains = r.stringList(x, what: "'validate.stdout.contains'")?.value }
            if let x = s["matches"] { v.stdoutMatches = r.stringList(x, what: "'validate.stdout.matches'")?.value }
            if let x = s["forbids"] { v.stdoutForbids = r.stringList(x, what: "'validate.stdout.forbids'")?.value }
        }
        if let n = m["stderr"], let s = r.map(n, what: "'validate.stderr'", allowed: KeySets.stderr) {
            if let x = s["forbids"] { v.stderrForbids = r.stringList(x, what: "'validate.stderr.forbids'")?.value }
            if let x = s["empty"] { v.stderrEmpty = r.bool(x, what: "'validate.stderr.empty'") }
        }
        if let n = m["duration"], let d = r.map(n, what: "'validate.duration'", allowed: KeySets.durationRange) {
            if let x = d["min"] { v.minDuration = duration(x, what: "'validate.duration.min'", &r) }
            if let x = d["max"] { v.maxDuration = duration(x, what: "'validate.duration.max'", &r) }
        }
        return v
    }
}
