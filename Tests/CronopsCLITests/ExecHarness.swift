import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one `cronops exec` process did, seen from outside.
struct WrapperRun {
    /// The exit status, or 128 + N when killed by signal N.
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]
    var seconds: Double
    /// Peak resident memory of the wrapper (and the job, whichever was larger), in KiB.
    var maxRSSKiB: Int

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Starts the real `cronops` binary built next to this test bundle, with stdout and stderr sent
/// to files (no pipes to drain) and a clean environment, and waits for it off the test's
/// executor so loopback servers keep running.
final class WrapperProcess: Sendable {
    let pid: pid_t
    let started: Double
    private let directory: String

    static var binary: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let exe = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("cronops").path
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], stdoutPath: String? = nil) throws -> WrapperProcess {
        let directory = try TestPaths.temporaryDirectory().path
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": directory, "LANG": "C.UTF-8"]
        // The sanitizers' settings pass through, so a ThreadSanitizer build of the wrapper
        // writes its reports where the test run asked for them.
        for name in ["TSAN_OPTIONS", "ASAN_OPTIONS", "UBSAN_OPTIONS"] { env[name] = ProcessInfo.processInfo.environment[name] }
        env.merge(environment) { _, new in new }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? directory + "/stdout", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, directory + "/stderr", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary, "exec"] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        // Test runner threads block signals; the wrapper must start as cron would start it.
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
        let result = posix_spawn(&pid, binary, &actions, &attributes, argv, envp)
        guard result == 0 else { throw HarnessError("cannot start \(binary): \(String(cString: strerror(result))); build it first (swift build)") }
        return WrapperProcess(pid: pid, started: started, directory: directory, stdoutPath: stdoutPath)
    }

    private let stdoutPath: String?

    private init(pid: pid_t, started: Double, directory: String, stdoutPath: String?) {
        self.pid = pid
        self.started = started
        self.directory = directory
        self.stdoutPath = stdoutPath
    }

    func signal(_ number: Int32) { kill(pid, number) }

    func wait() async -> WrapperRun {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { [self] in
                var raw: Int32 = 0
                var usage = rusage()
                while wait4(pid, &raw, 0, &usage) < 0 && errno == EINTR {}
                let status = (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                let out = stdoutPath == nil ? (FileManager.default.contents(atPath: directory + "/stdout") ?? Data()) : Data()
                let err = FileManager.default.contents(atPath: directory + "/stderr") ?? Data()
                continuation.resume(returning: WrapperRun(status: status, stdout: [UInt8](out), stderr: [UInt8](err),
                                                          seconds: Date().timeIntervalSince1970 - started,
                                                          maxRSSKiB: usage.ru_maxrss))
            }
        }
    }

    /// Runs to the end.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdoutPath: String? = nil) async throws -> WrapperRun {
        try await start(arguments, environment: environment, stdoutPath: stdoutPath).wait()
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Whether a process is gone (or only a zombie no one has reaped yet).
func processIsGone(_ pid: pid_t) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(close, offsetBy: 2)] == "Z"
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        try? await Task.sleep(nanoseconds: 20_000_000)
    }
    return condition()
}
