/// Kubernetes' rules for names and label values (apimachinery's validation: IsDNS1123Label,
/// IsDNS1123Subdomain, IsValidLabelValue, IsConfigMapKey), and the names cronops gives the
/// objects it writes. Every rule returns what is wrong in words, or nil.
public enum KubernetesNames {
    /// A CronJob's name: the controller names each Job `<name>-<minutes since 1970>` (11 more
    /// characters), and a Job's name must stay a 63-character label.
    public static let cronJobNameMax = 52
    public static let labelMax = 63
    public static let subdomainMax = 253

    /// Namespaces, and the names of the CronJobs cronops writes: `[a-z0-9-]`, starting and
    /// ending with a letter or digit, at most 63 characters.
    public static func dnsLabelProblem(_ text: String, max: Int = labelMax) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > max { return "is \(text.utf8.count) characters long; Kubernetes allows \(max)" }
        if let bad = text.unicodeScalars.first(where: { !isLabelScalar($0) }) {
            return "contains '\(bad.escaped(asASCII: true))'; Kubernetes allows lower-case a-z, 0-9 and '-'"
        }
        if !isAlphanumeric(text.unicodeScalars.first!) || !isAlphanumeric(text.unicodeScalars.last!) {
            return "must start and end with a lower-case letter or a digit"
        }
        return nil
    }

    /// Secret and service account names: dot-separated DNS labels, at most 253 characters.
    public static func dnsSubdomainProblem(_ text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > subdomainMax { return "is \(text.utf8.count) characters long; Kubernetes allows \(subdomainMax)" }
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            if let problem = dnsLabelProblem(String(part)) {
                return part.isEmpty ? "has an empty part between dots" : "has a part '\(part)' that \(problem)"
            }
        }
        return nil
    }

    /// A key of a Secret: `[-._a-zA-Z0-9]`, at most 253 characters, not `.` or `..`.
    public static func secretKeyProblem(_ text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > subdomainMax { return "is \(text.utf8.count) characters long; Kubernetes allows \(subdomainMax)" }
        if text == "." || text == ".." { return "may not be '.' or '..'" }
        if let bad = text.unicodeScalars.first(where: { !(isAlphanumeric($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }) {
            return "contains '\(bad.escaped(asASCII: true))'; Kubernetes allows a-z, A-Z, 0-9, '-', '_' and '.'"
        }
        return nil
    }

    /// A label value: empty, or at most 63 of `[A-Za-z0-9-_.]` starting and ending with a
    /// letter or digit.
    public static func isValidLabelValue(_ text: String) -> Bool {
        if text.isEmpty { return true }
        guard text.utf8.count <= labelMax else { return false }
        let scalars = Array(text.unicodeScalars)
        func alnum(_ s: Unicode.Scalar) -> Bool { isAlphanumeric(s) || ("A"..."Z").contains(s) }
        guard alnum(scalars.first!), alnum(scalars.last!) else { return false }
        return scalars.allSatisfy { alnum($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// The CronJob of `job` in `project`: `<project>-<job>` with `_` as `-`, when that is a
    /// valid name of at most 52 characters and nothing had to change; otherwise its first
    /// characters and an 8-digit hash of the exact project and job names, so that the name
    /// is stable from one run to the next and two jobs never share one.
    public static func cronJobName(project: String, job: String) -> String {
        let plain = project + "-" + job
        if !plain.contains("_"), dnsLabelProblem(plain, max: cronJobNameMax) == nil { return plain }
        let suffix = "-" + String(SHA256.hex(Array("\(project)/\(job)".utf8)).prefix(8))
        var stem = String(plain.replacingEvery("_", with: "-").prefix(cronJobNameMax - suffix.count))
        // The cut may leave '-' at the end (or the name may start with one): trim to letters and digits.
        while let last = stem.unicodeScalars.last, !isAlphanumeric(last) { stem.unicodeScalars.removeLast() }
        while let first = stem.unicodeScalars.first, !isAlphanumeric(first) { stem.unicodeScalars.removeFirst() }
        return stem.isEmpty ? "cronops" + suffix : stem + suffix
    }

    /// The value of the job's label: its name when Kubernetes accepts that as a label value
    /// (names of at most 63 characters that start and end with a letter or digit), else the
    /// CronJob's name, which always is. The full name is in an annotation either way.
    public static func jobLabelValue(project: String, job: String) -> String {
        isValidLabelValue(job) ? job : cronJobName(project: project, job: job)
    }

    /// The project's label value: its name, or (when Kubernetes would refuse that) the same
    /// cut-and-hash form.
    public static func projectLabelValue(_ project: String) -> String {
        if isValidLabelValue(project) { return project }
        let suffix = String(SHA256.hex(Array(project.utf8)).prefix(8))
        var stem = String(String.UnicodeScalarView(project.unicodeScalars.filter { isAlphanumeric($0) || $0 == "-" }))
        while let last = stem.unicodeScalars.last, !isAlphanumeric(last) { stem.unicodeScalars.removeLast() }
        while let first = stem.unicodeScalars.first, !isAlphanumeric(first) { stem.unicodeScalars.removeFirst() }
        return stem.isEmpty ? suffix : stem + "-" + suffix
    }

    static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("0"..."9").contains(s) }
    static func isLabelScalar(_ s: Unicode.Scalar) -> Bool { isAlphanumeric(s) || s == "-" }
}
