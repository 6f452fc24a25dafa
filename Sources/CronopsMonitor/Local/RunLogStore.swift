#if canImport(Glibc)
import Glibc
#endif
import CronopsCore
import CronopsFiles
import FoundationEssentials

/// The run log's files (docs/monitor.md#run-log): `runs.jsonl`, which the wrappers append to,
/// and `runs.jsonl.1`, its compacted past. Appends are one `write(2)` of one whole line on an
/// `O_APPEND` descriptor, which Linux makes atomic for a regular file, so concurrent jobs never
/// interleave. Every append holds a shared `flock` on `runs.jsonl.lock` while its descriptor is
/// open; the append that finds the file past its limit takes it exclusive and compacts, so no
/// line can land in a file while it is compacted.
public struct RunLogStore: Sendable {
    public let path: String
    /// Past this many bytes, the next append compacts `path` into `path.1` first.
    public var limit: Int

    /// 1 MiB: about 2,500 runs between compactions.
    public static let defaultLimit = 1 << 20
    /// How long an append waits for the lock before it writes without it (a stopped process
    /// holding it must not hold up the job's report for ever).
    static let lockPatience = 5.0

    public init(path: String, limit: Int = RunLogStore.defaultLimit) {
        self.path = path
        self.limit = max(limit, RunLogLine.maximumBytes)
    }

    var olderPath: String { path + RunLogLocation.olderSuffix }
    var lockPath: String { path + RunLogLocation.lockSuffix }

    /// Appends `event` as one line; returns why it could not, in words (the caller warns: a run
    /// log that cannot be written never changes the job's result).
    public func append(_ event: RunLogEvent) -> String? {
        let line = RunLogLine.encode(event)
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard lock >= 0 else { return "cannot open \(lockPath) (\(Self.errorText()))" }
        defer { close(lock) }
        let shared = Self.acquire(lock, LOCK_SH)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { return "cannot open \(path) (\(Self.errorText()))" }
        var info = stat()
        if shared, fstat(fd, &info) == 0, Int(info.st_size) + line.count > limit {
            close(fd)
            return compactThenAppend(line, lock: lock)
        }
        defer { close(fd) }
        return Self.writeLine(line, to: fd, path: path)
    }

    private func compactThenAppend(_ line: [UInt8], lock: Int32) -> String? {
        _ = flock(lock, LOCK_UN)
        var problem: String?
        // Exclusive: every other append has closed its descriptor. Without the lock (another
        // process holds it too long) the line is still appended, uncompacted.
        if Self.acquire(lock, LOCK_EX) {
            var info = stat()
            // Another append may have compacted while this one waited for the lock.
            if stat(path, &info) == 0, Int(info.st_size) + line.count > limit { problem = compact() }
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else { return "cannot open \(path) (\(Self.errorText()))" }
        defer { close(fd) }
        return Self.writeLine(line, to: fd, path: path) ?? problem
    }

    /// Both files' lines compacted into `path.1` (atomically), then `path` emptied.
    private func compact() -> String? {
        let contents: RunLogContents
        do {
            contents = try lines(readLimit: Self.readLimit)
        } catch {
            return "cannot compact the run log: \(error)"
        }
        let kept = RunLogCompaction.compact(contents.events)
        var out: [UInt8] = []
        for event in kept { out += RunLogLine.encode(event) }
        do {
            try AtomicFile.write(bytes: out, to: olderPath, mode: 0o666)
        } catch {
            return "cannot compact the run log into \(olderPath) (\(error.reason)); it keeps growing"
        }
        guard truncate(path, 0) == 0 else { return "cannot empty \(path) after compacting it (\(Self.errorText()))" }
        return nil
    }

    /// Every line of both files, oldest first; malformed lines are skipped with a located
    /// problem. A missing file is an empty one.
    /// `readLimit`: the most read of each file (its end).
    public func read(readLimit: Int = RunLogStore.readLimit) throws -> RunLogContents {
        // Shared, like an append: a compaction cannot move lines from one file to the other
        // between the two reads. (No lock file means no wrapper has written yet.)
        let lock = open(lockPath, O_RDONLY | O_CLOEXEC)
        if lock >= 0 { _ = Self.acquire(lock, LOCK_SH) }
        defer { if lock >= 0 { close(lock) } }
        return try lines(readLimit: readLimit)
    }

    /// Both files' lines, the older first, with the lock already held (shared to read,
    /// exclusive to compact).
    private func lines(readLimit: Int) throws -> RunLogContents {
        var contents = RunLogContents()
        for (file, name) in [(olderPath, RunLogLocation.fileName + RunLogLocation.olderSuffix), (path, RunLogLocation.fileName)] {
            let bytes: [UInt8], skipped: Int
            switch FileReader.tail(file, maximum: readLimit) {
            case let .success(tail): (bytes, skipped) = tail
            case let .failure(failure) where failure.missing: continue
            case let .failure(failure): throw MonitorError.localState(path: file, why: "cannot be read (\(failure.reason))")
            }
            if skipped > 0 {
                contents.problems.append("\(name): \(skipped) bytes at its start skipped: the file is larger than cronops writes it (its last \(readLimit) bytes read)")
            }
            contents.read(bytes, name: name)
        }
        return contents
    }

    /// More than compaction ever leaves (4 lines a check) plus the limit: a file this large was
    /// not written by cronops, and only its end is read.
    public static let readLimit = 64 << 20

    /// One `write(2)`: a short write (a full disk) is reported, never completed by a second
    /// write that another line could precede.
    static func writeLine(_ line: [UInt8], to fd: Int32, path: String) -> String? {
        var written = 0
        repeat {
            written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        } while written < 0 && errno == EINTR
        if written == line.count { return nil }
        return written < 0 ? "cannot write \(path) (\(errorText()))" : "wrote \(written) of \(line.count) bytes to \(path)"
    }

    /// `flock` with a bounded wait; false when the lock could not be had.
    static func acquire(_ fd: Int32, _ operation: Int32) -> Bool {
        if flock(fd, operation | LOCK_NB) == 0 { return true }
        var waited = 0.0
        while waited < lockPatience {
            // Compaction holds the lock for a few milliseconds; wait a little and try again.
            _ = poll(nil, 0, 5)
            waited += 0.005
            if flock(fd, operation | LOCK_NB) == 0 { return true }
        }
        return false
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
