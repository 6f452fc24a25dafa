import CronopsCore
import FoundationEssentials

extension CrontabOptions {
    /// The options of a command run here: the repository root made absolute against the working
    /// directory, because the local provider's `--run-log` path must mean the same file from
    /// cron's working directory.
    static func here(spec: Spec, zones: @escaping @Sendable (String) -> ZoneRules?, pingKeyFile: String? = nil) -> CrontabOptions {
        var options = CrontabOptions(zones: zones, pingKeyFile: pingKeyFile)
        options.repositoryRoot = absolute(spec.root)
        return options
    }

    /// `path` against the working directory, without `.` and `..` steps.
    static func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in base.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
