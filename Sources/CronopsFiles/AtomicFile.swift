import Glibc

/// The one way cronops writes a file, so that a reader (cron re-reading /etc/cron.d, the next
/// `apply` reading the local state, `apply PLAN.json`, the next run of a job reading its
/// failure count) sees the old content or the new, never a part, and a crash or a full disk
/// never leaves a half-written file in place:
/// a new temporary file in the same directory (`O_EXCL`, so two writers never share one),
/// written in full, given its mode, flushed to disk, then renamed over the target.
public enum AtomicFile {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
        public var description: String { "cannot write \(path): \(reason)" }
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644,
                             createDirectories: Bool = false) throws(Failure) {
        try write(bytes: Array(text.utf8), to: path, mode: mode, createDirectories: createDirectories)
    }

    /// `createDirectories`: make the missing directories above `path` first (mode 0755), as
    /// `mkdir -p` would; otherwise a missing directory is a failure.
    public static func write(bytes: [UInt8], to path: String, mode: mode_t = 0o644,
                             createDirectories: Bool = false) throws(Failure) {
        let (directory, name) = split(path)
        if createDirectories, let reason = makeDirectories(directory) {
            throw Failure(path: path, reason: "cannot create \(directory): \(reason)")
        }
        let temporary = (directory == "." ? "" : directory + "/") + "." + name
            + ".cronops-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(path: path, reason: errorText()) }
        var failure: String?
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errorText()
                break
            }
            offset += written
        }
        // open() applied the umask; the mode the reader needs (cron.d: 0644) is set explicitly.
        if failure == nil, fchmod(fd, mode) != 0 { failure = errorText() }
        if failure == nil, fsync(fd) != 0 { failure = errorText() }
        if close(fd) != 0, failure == nil { failure = errorText() }
        if failure == nil, rename(temporary, path) != 0 { failure = errorText() }
        if let failure {
            unlink(temporary)
            throw Failure(path: path, reason: failure)
        }
    }

    /// The directory part (`.` for a bare name) and the file name.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// nil on success, else why not.
    static func makeDirectories(_ directory: String) -> String? {
        var st = stat()
        if stat(directory, &st) == 0 {
            return (st.st_mode & S_IFMT) == S_IFDIR ? nil : "it exists and is not a directory"
        }
        let (parent, _) = split(directory)
        if parent != directory, parent != ".", parent != "/", let reason = makeDirectories(parent) { return reason }
        if mkdir(directory, 0o755) != 0 && errno != EEXIST { return errorText() }
        return nil
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
