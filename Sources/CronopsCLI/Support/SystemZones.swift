import CronopsCore
import CronopsFiles
import FoundationEssentials
import Glibc

/// Loads zones from the system tz database (the TZif files under /usr/share/zoneinfo), the
/// same data cron's host and Python's zoneinfo read. Every command that needs a zone
/// (`next`, `exec --only-at`, `crontab`, `validate`) goes through here.
public enum SystemZones {
    /// `TZDIR` overrides the directory, as in glibc.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
    }

    /// Reads and parses `name` (an IANA name such as `Europe/Berlin`).
    public static func load(_ name: String, directory: String = directory()) throws(ZoneError) -> ZoneRules {
        if name == "UTC" || name == "Etc/UTC" {
            if let rules = try? read(name, directory: directory) { return rules }
            return ZoneRules(name: name, fixedOffset: 0)
        }
        return try read(name, directory: directory)
    }

    static func read(_ name: String, directory: String) throws(ZoneError) -> ZoneRules {
        // A zone name is a relative path of letters, digits and _+-; refuse anything that
        // could walk out of the database.
        let allowed = name.unicodeScalars.allSatisfy { s in
            (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
                || (s.value >= 0x30 && s.value <= 0x39) || "/_+-".unicodeScalars.contains(s)
        }
        guard !name.isEmpty, allowed, !name.hasPrefix("/"),
              !name.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == ".." })
        else {
            throw ZoneError(zone: name, reason: "not an IANA zone name (such as Europe/Berlin or America/New_York)")
        }
        let path = directory + "/" + name
        // stat follows the symbolic links most zone names are. Only a regular file of a sane
        // size is read: a directory (`America`), a FIFO or a huge file under TZDIR must not
        // hang the command or fill its memory.
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ZoneError(zone: name, reason: "unknown time zone: no file \(path) in the system tz database (is the tzdata package installed?)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ZoneError(zone: name, reason: "unknown time zone: \(path) is a directory or special file, not a zone file")
        }
        guard info.st_size <= maximumFileSize else {
            throw ZoneError(zone: name, reason: "zone file \(path) is \(info.st_size) bytes; zone files are a few kilobytes, so it is not one (limit \(maximumFileSize))")
        }
        guard case let .success(bytes) = FileReader.read(path, limit: maximumFileSize) else {
            throw ZoneError(zone: name, reason: "zone file \(path) cannot be read")
        }
        do {
            return try ZoneRules(tzif: bytes, name: name)
        } catch {
            var located = error
            located.file = path
            throw located
        }
    }

    /// The largest zone file read (the biggest real ones, in `right/`, are under 5 KB).
    static let maximumFileSize = 1 << 20

    /// A lookup for code that takes `(String) -> ZoneRules?`, loading each zone once.
    public static func cachedLoader(directory: String = directory()) -> @Sendable (String) -> ZoneRules? {
        let cache = MemoCache<ZoneRules?>()
        return { name in cache.value(for: name) { try? SystemZones.load($0, directory: directory) } }
    }
}
