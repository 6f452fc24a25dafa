#if canImport(Glibc)
import Glibc
#endif
import CronopsCore
import CronopsFiles

/// The per-job lock of `--overlap skip|wait`: an flock on `<state-dir>/<job>.lock`, held by
/// the wrapper (never inherited by the job: close-on-exec) and released by the kernel however
/// the wrapper ends.
struct JobLock {
    let fd: Int32

    enum Failure: Error {
        /// Another run holds it.
        case busy
        /// `--overlap wait` waited this long.
        case gaveUp
        /// The state directory or lock file cannot be used; the message says why.
        case unusable(String)
    }

    /// `wait == nil`: try once (skip). Otherwise block up to `wait` seconds (forever if infinite).
    static func acquire(path: String, wait: Double?) -> Result<JobLock, Failure> {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(.unusable("cannot open \(path): \(String(cString: strerror(errno)))")) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .success(JobLock(fd: fd)) }
        guard errno == EWOULDBLOCK else {
            let message = String(cString: strerror(errno))
            close(fd)
            return .failure(.unusable("cannot lock \(path): \(message)"))
        }
        guard let wait else {
            close(fd)
            return .failure(.busy)
        }
        let deadline = monotonicSeconds() + wait
        while monotonicSeconds() < deadline {
            usleep(100_000)
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return .success(JobLock(fd: fd)) }
        }
        close(fd)
        return .failure(.gaveUp)
    }
}

enum StateDirectory {
    /// Creates the directory (and its parents) if needed; nil when it is usable, else why not.
    static func prepare(_ path: String) -> String? {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                return "cannot create \(partial): \(String(cString: strerror(errno)))"
            }
        }
        return access(path, W_OK) == 0 ? nil : "\(path) is not writable"
    }
}

/// The `--tolerate` counter of consecutive failures, one small file per job, replaced atomically.
enum ToleranceStore {
    static func read(_ path: String) -> Int {
        guard let file = fopen(path, "r") else { return 0 }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 32)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return 0 }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return ExecStateFiles.parseFailures(String(decoding: bytes, as: UTF8.self))
    }

    /// nil on success, else why the counter could not be stored.
    static func write(_ count: Int, to path: String) -> String? {
        do {
            try AtomicFile.write("\(count)\n", to: path, mode: 0o644)
            return nil
        } catch {
            return error.description
        }
    }
}
