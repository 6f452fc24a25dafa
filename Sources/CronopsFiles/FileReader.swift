import Glibc

/// The one way cronops reads a whole file or its end: plain `read(2)`, bounded, with the
/// system's own reason when it fails (Foundation's `FileHandle` and error texts live in the
/// part of Foundation cronops does not link; see docs/exec.md, "Cost").
public enum FileReader {
    public struct Failure: Error, Sendable, Equatable {
        /// strerror's text, e.g. "Permission denied".
        public var reason: String
        /// The file is not there (ENOENT), which callers often treat as empty.
        public var missing: Bool
    }

    /// At most `limit + 1` bytes, so a caller can tell "too large" from "exactly the limit".
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(failure()) }
        defer { close(fd) }
        return read(descriptor: fd, limit: limit)
    }

    /// At most `limit + 1` bytes of an open descriptor (standard input), up to its end.
    public static func read(descriptor fd: Int32, limit: Int) -> Result<[UInt8], Failure> {
        // Read straight into a buffer of the file's size (one byte more shows a file that grew
        // meanwhile); only a file that is not what stat said goes on in chunks.
        var st = stat()
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0
        var problem: Failure?
        var reachedEnd = false
        var bytes = [UInt8](unsafeUninitializedCapacity: min(size, limit) + 1) { buffer, count in
            while count < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    problem = failure()
                    return
                }
                if n == 0 {
                    reachedEnd = true
                    return
                }
                count += n
            }
        }
        if let problem { return .failure(problem) }
        if reachedEnd { return .success(bytes) }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(failure())
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return .success(bytes)
    }

    /// The last `maximum` bytes of `path`, from the first line that starts within them, and how
    /// many bytes were left out before them.
    public static func tail(_ path: String, maximum: Int) -> Result<(bytes: [UInt8], skipped: Int), Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .failure(failure()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(failure()) }
        let size = Int(st.st_size)
        guard size > maximum else { return read(descriptor: fd, limit: Int.max - 1).map { ($0, 0) } }
        guard lseek(fd, off_t(size - maximum), SEEK_SET) >= 0 else { return .failure(failure()) }
        var data = [UInt8](repeating: 0, count: maximum)
        var count = 0
        while count < maximum {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, maximum - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(failure())
            }
            if n == 0 { break }
            count += n
        }
        data.removeSubrange(count...)
        let start = data.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.count
        return .success((Array(data[start...]), size - data.count + start))
    }

    static func failure() -> Failure {
        Failure(reason: String(cString: strerror(errno)), missing: errno == ENOENT)
    }
}
