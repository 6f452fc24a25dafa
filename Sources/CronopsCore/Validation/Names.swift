/// The naming rules that keep names usable as Healthchecks slugs, crontab words and file names.
public enum Names {
    /// Job names and previous names: `[a-z0-9_-]`, 1–80 characters, no `__` (it separates
    /// a job from its host in per-host slugs).
    public static func jobNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 80, forbidDoubleUnderscore: true)
    }

    /// The project name: `[a-z0-9_-]`, 1–40 characters (it names the ownership tag).
    public static func projectNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 40, forbidDoubleUnderscore: false)
    }

    /// Host names end up in slugs (`<job>__<host>`) and file names.
    public static func hostNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 40, forbidDoubleUnderscore: true)
    }

    /// Route names are only referenced inside the repository.
    public static func routeNameProblem(_ name: String) -> String? {
        slugProblem(name, maxLength: 64, forbidDoubleUnderscore: false)
    }

    static func slugProblem(_ name: String, maxLength: Int, forbidDoubleUnderscore: Bool) -> String? {
        if name.isEmpty { return "is empty" }
        if let bad = name.unicodeScalars.first(where: { !isSlugScalar($0) }) {
            let shown = bad.properties.isWhitespace ? "a space" : "'\(bad)'"
            return "contains \(shown); use lower-case a-z, 0-9, '-' and '_'"
        }
        if name.count > maxLength { return "is \(name.count) characters long; the limit is \(maxLength)" }
        if forbidDoubleUnderscore && name.contains("__") {
            return "contains '__', which cronops reserves to join a job and a host in check slugs"
        }
        return nil
    }

    static func isSlugScalar(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_"
    }

    /// A Unix user name as cron.d expects it in its user column.
    public static func isUserName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 32 else { return false }
        guard ("a"..."z").contains(first) || first == "_" else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { isSlugScalar($0) || $0 == "." || $0 == "$" }
    }

    /// A POSIX environment variable name.
    public static func isEnvName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        let letter = { (s: Unicode.Scalar) in ("a"..."z").contains(s) || ("A"..."Z").contains(s) || s == "_" }
        return letter(first) && name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }
}
