/// Job names for imported lines: readable, valid slugs, and the same on every import.
public enum JobNaming {
    /// The column header crontab templates carry (`# m h  dom mon dow   command`): not a name.
    public static func isTemplateHeader(_ comment: String) -> Bool {
        slug(comment)?.hasPrefix("m-h-dom-mon-dow") == true
    }

    /// `# Nightly backup` → `nightly-backup`: lower case, every run of other characters one
    /// `-`, at most 80 characters; nil when nothing is left.
    public static func slug(_ text: String) -> String? {
        var out = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash, !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
            if out.count >= 80 { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? nil : out
    }

    /// Words that start a command without being its program: `cd DIR &&`, assignments,
    /// and wrappers that run the rest.
    static let wrappers: Set<String> = ["nice", "ionice", "nohup", "env", "time", "exec", "sudo", "chronic", "flock", "timeout",
                                        "sh", "bash", "python", "python3", "perl", "ruby", "php", "node"]
    static let scriptSuffixes = [".sh", ".bash", ".py", ".pl", ".rb", ".php", ".js"]

    /// The name of the command's program: `/usr/local/bin/backup.sh --full` → `backup`.
    public static func program(_ command: String) -> String? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var i = 0
        while i < words.count {
            let word = words[i]
            if word == "cd", i + 2 < words.count, ["&&", ";"].contains(words[i + 2]) { i += 3; continue }
            if word.contains("="), !word.hasPrefix("="), !word.hasPrefix("-") { i += 1; continue }
            var base = String(word.split(separator: "/").last ?? Substring(word))
            if word.hasPrefix("-") || wrappers.contains(base) || Int(word) != nil { i += 1; continue }
            for suffix in scriptSuffixes where base.hasSuffix(suffix) && base.count > suffix.count {
                base.removeLast(suffix.count)
                break
            }
            return slug(base)
        }
        return nil
    }

    /// `base`, or `base-2`, `base-3`, … the first one not in `taken` (which it joins).
    public static func unique(_ base: String, taken: inout Set<String>) -> String {
        var name = base
        var n = 2
        while taken.contains(name) {
            let suffix = "-\(n)"
            name = String(base.prefix(80 - suffix.count)) + suffix
            n += 1
        }
        taken.insert(name)
        return name
    }
}
