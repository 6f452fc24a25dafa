import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one child process did, seen from outside.
public struct ChildResult: Sendable {
    /// The exit status, or 128 + N when killed by signal N.
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// From just before the spawn to the reaping.
    public var seconds: Double
    /// Peak resident memory of the child (or of its largest reaped descendant), in KiB.
    public var maxRSSKiB: Int

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The one way the tests run a program. stdout and stderr go to files (no pipes to drain, so
/// a chatty child or a background grandchild holding them never blocks anyone), the signal
/// mask and dispositions are reset (test runner threads block signals; a child must start as
/// cron would start it), and the child is reaped on a thread of its own, never on Swift's
/// cooperative pool, which parallel tests and the doubles need.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    /// Seconds since 1970 just before the spawn.
    public let started: Double
    private let outputDirectory: String
    private let stdoutPath: String?

    /// Starts `executable` with exactly `environment`. `cwd` runs it in that directory (through
    /// `env -C`: Glibc's module has no posix_spawn chdir action). `stdoutPath` sends stdout to a
    /// file of the caller's, which the result then leaves empty.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String],
                             cwd: String? = nil, stdoutPath: String? = nil) throws -> ChildProcess {
        let outputDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-child-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? outputDirectory + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, outputDirectory + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let program = cwd == nil ? executable : "/usr/bin/env"
        let words = cwd.map { ["env", "-C", $0, executable] + arguments } ?? [executable] + arguments
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var pid: pid_t = 0
        let started = Date().timeIntervalSince1970
        let result = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ChildProcessError("cannot start \(program): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid, started: started, outputDirectory: outputDirectory, stdoutPath: stdoutPath)
    }

    private init(pid: pid_t, started: Double, outputDirectory: String, stdoutPath: String?) {
        self.pid = pid
        self.started = started
        self.outputDirectory = outputDirectory
        self.stdoutPath = stdoutPath
    }

    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for the end on a thread of its own.
    public func wait() async -> ChildResult {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in continuation.resume(returning: waitBlocking()) }
        }
    }

    /// Waits for the end on the calling thread: for synchronous tests only.
    public func waitBlocking() -> ChildResult {
        var raw: Int32 = 0
        var usage = rusage()
        while wait4(pid, &raw, 0, &usage) < 0 && errno == EINTR {}
        let status = (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        let out = stdoutPath == nil ? FileManager.default.contents(atPath: outputDirectory + "/stdout") ?? Data() : Data()
        let err = FileManager.default.contents(atPath: outputDirectory + "/stderr") ?? Data()
        try? FileManager.default.removeItem(atPath: outputDirectory)
        return ChildResult(status: status, stdout: [UInt8](out), stderr: [UInt8](err),
                           seconds: Date().timeIntervalSince1970 - started, maxRSSKiB: usage.ru_maxrss)
    }

    /// Runs to the end.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           cwd: String? = nil, stdoutPath: String? = nil) async throws -> ChildResult {
        try await start(executable, arguments, environment: environment, cwd: cwd, stdoutPath: stdoutPath).wait()
    }

    /// Writes a script to run, close-on-exec. Tests start processes in parallel: a child
    /// spawned while the script was open for writing would inherit that descriptor, and exec'ing
    /// the script would then fail with ETXTBSY ("Text file busy", status 126).
    public static func writeExecutable(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw ChildProcessError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw ChildProcessError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Runs to the end on the calling thread: for synchronous tests only.
    public static func runBlocking(_ executable: String, _ arguments: [String],
                                   environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ChildResult {
        try start(executable, arguments, environment: environment).waitBlocking()
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
