/// Crontab lines that already report to a monitor: the job's own command inside, and the check
/// it pings, so that the imported job keeps (adopts) that check instead of gaining a second one.
public enum MonitorUnwrapping {
    public enum Check: Sendable, Equatable {
        /// `<ping_url>/<ping key>/<slug>` or `runitor -slug`: the check's slug.
        case slug(String)
        /// `<ping_url>/<uuid>` or `runitor -uuid`: a check only the API can name.
        case uuid(String)
        /// `cronitor exec KEY`: a Cronitor monitor, not a Healthchecks check.
        case cronitor(String)
    }

    public struct Unwrapped: Sendable, Equatable {
        /// The command the wrapper ran, as a shell command line.
        public var command: String
        public var check: Check
    }

    /// nil when `command` is not one of the patterns, or is one with more around it than the
    /// pattern allows (then it stays as written).
    public static func unwrap(_ command: String) -> Unwrapped? {
        runitor(command) ?? cronitor(command) ?? curl(command)
    }

    // MARK: cmd && curl … URL   (optionally after curl … URL/start &&)

    static func curl(_ command: String) -> Unwrapped? {
        var inner = Substring(command)
        var startCheck: Check?
        if inner.hasPrefix("curl "), let and = inner.literalRange(of: " && ") {
            guard let check = pingedCheck(inner[..<and.lowerBound].dropFirst(5), suffix: "/start") else { return nil }
            startCheck = check
            inner = inner[and.upperBound...]
        }
        guard let and = inner.literalRange(of: " && curl ", last: true) else { return nil }
        guard let check = pingedCheck(inner[and.upperBound...], suffix: nil), startCheck == nil || startCheck == check else { return nil }
        let body = String(inner[..<and.lowerBound])
        return body.isEmpty ? nil : Unwrapped(command: body, check: check)
    }

    /// Words a curl ping may carry besides options and the URL.
    static let harmless: Set<String> = [">", "/dev/null", ">/dev/null", "2>&1", "2>/dev/null", "&>/dev/null"]

    /// The check a curl argument list pings, when it is options, one ping URL (ending with
    /// `suffix` when given) and output redirected away, nothing else.
    static func pingedCheck(_ arguments: Substring, suffix: String?) -> Check? {
        var check: Check?
        for raw in arguments.split(separator: " ") {
            let word = unquoted(String(raw)) ?? String(raw)
            if word.hasPrefix("http://") || word.hasPrefix("https://") {
                guard check == nil, let found = pingURLCheck(word, suffix: suffix) else { return nil }
                check = found
            } else if word.contains(where: { ";|&<>`$(){}".contains($0) }) && !harmless.contains(word) {
                return nil
            }
        }
        return check
    }

    /// `https://hc-ping.com/<uuid>` or `https://hc-ping.com/<ping key>/<slug>` (any host whose
    /// name says hc-ping, or a self-hosted `/ping/` path).
    static func pingURLCheck(_ url: String, suffix: String?) -> Check? {
        var rest = Substring(url.drop(while: { $0 != ":" }).dropFirst(3))
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let host = rest[..<slash]
        rest = rest[rest.index(after: slash)...]
        if rest.hasPrefix("ping/") { rest = rest.dropFirst(5) } else if !host.contains("hc-ping") { return nil }
        if let suffix {
            guard rest.hasSuffix(suffix) else { return nil }
            rest = rest.dropLast(suffix.count)
        }
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1, isUUID(parts[0]) { return .uuid(parts[0].lowercased()) }
        if parts.count == 2, !parts[0].isEmpty, Names.jobNameProblem(parts[1]) == nil { return .slug(parts[1]) }
        return nil
    }

    static func isUUID(_ s: String) -> Bool {
        let groups = s.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    // MARK: runitor -uuid|-slug … -- cmd

    static func runitor(_ command: String) -> Unwrapped? {
        let words = command.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first, first == "runitor" || first.hasSuffix("/runitor"),
              let separator = command.literalRange(of: " -- ") else { return nil }
        let flags = command[..<separator.lowerBound].split(separator: " ").dropFirst().map(String.init)
        var check: Check?
        var i = 0
        while i < flags.count {
            var flag = flags[i]
            var value: String?
            if let eq = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: eq)...])
                flag = String(flag[..<eq])
            } else if i + 1 < flags.count {
                value = flags[i + 1]
            }
            switch flag.drop(while: { $0 == "-" }) {
            case "uuid": check = value.map { .uuid($0.lowercased()) }
            case "slug": check = value.map { .slug($0) }
            default: break
            }
            i += 1
        }
        let inner = String(command[separator.upperBound...])
        guard let check, !inner.isEmpty else { return nil }
        return Unwrapped(command: inner, check: check)
    }

    // MARK: cronitor exec KEY "cmd …"

    static func cronitor(_ command: String) -> Unwrapped? {
        let prefixes = ["cronitor exec ", "/usr/local/bin/cronitor exec ", "/usr/bin/cronitor exec "]
        guard let prefix = prefixes.first(where: command.hasPrefix) else { return nil }
        let rest = command.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: " ") else { return nil }
        let key = String(rest[..<space])
        let tail = String(rest[rest.index(after: space)...])
        // A quoted command the shell would expand is left as written rather than guessed at.
        if tail.hasPrefix("'") || tail.hasPrefix("\"") {
            guard let inner = unquoted(tail) else { return nil }
            return inner.isEmpty ? nil : Unwrapped(command: inner, check: .cronitor(key))
        }
        let inner = tail
        return inner.isEmpty ? nil : Unwrapped(command: inner, check: .cronitor(key))
    }

    /// The text of one shell word written as `'…'` or `"…"` (with `\"`, `\\`, `\$`, `` \` ``
    /// inside double quotes), or nil when `word` is not exactly one such quoted word.
    static func unquoted(_ word: String) -> String? {
        let s = Array(word.unicodeScalars)
        guard s.count >= 2, let quote = s.first, quote == "'" || quote == "\"", s.last == quote else { return nil }
        var out = String.UnicodeScalarView()
        var i = 1
        while i < s.count - 1 {
            let c = s[i]
            if c == quote { return nil }
            if quote == "\"", c == "\\", i + 1 < s.count - 1, "\"\\$`".unicodeScalars.contains(s[i + 1]) {
                out.append(s[i + 1])
                i += 2
                continue
            }
            if quote == "\"", c == "$" || c == "`" { return nil }
            out.append(c)
            i += 1
        }
        return String(out)
    }
}
