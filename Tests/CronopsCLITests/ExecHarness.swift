import CronopsTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one `cronops exec` process did, seen from outside.
typealias WrapperRun = ChildResult

/// The real `cronops exec` built beside this test bundle, in a clean environment (what cron
/// gives it: PATH, a HOME of its own, LANG), run by the suites' one process runner.
enum WrapperProcess {
    static func start(_ arguments: [String], environment: [String: String] = [:], stdoutPath: String? = nil) throws -> ChildProcess {
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": try TestPaths.temporaryDirectory().path, "LANG": "C.UTF-8"]
        // The sanitizers' settings pass through, so a ThreadSanitizer build of the wrapper
        // writes its reports where the test run asked for them.
        for name in ["TSAN_OPTIONS", "ASAN_OPTIONS", "UBSAN_OPTIONS"] { env[name] = ProcessInfo.processInfo.environment[name] }
        env.merge(environment) { _, new in new }
        return try ChildProcess.start(TestPaths.cronopsBinary.path, ["exec"] + arguments, environment: env, stdoutPath: stdoutPath)
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

/// Polls `condition` until it holds or `timeout` passes (a bound that only matters when the
/// test is failing: a passing test returns as soon as the condition holds).
func eventually(timeout: Double = 30, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        // A cancelled task (a double's reply gate when the double stops) gives up at once
        // instead of spinning until the deadline.
        do { try await Task.sleep(nanoseconds: 20_000_000) } catch { break }
    }
    return condition()
}

/// The process id a job wrote to `path` (`echo $! > path`).
func pidFile(_ path: String) throws -> pid_t {
    let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let pid = pid_t(text) else { throw HarnessError("\(path) holds no process id: '\(text)'") }
    return pid
}

/// Waits until the process whose id the job writes to `pidFile` runs `program` (it has exec'd,
/// so signals reach the program and not a shell half-way through a fork) and returns its id.
func runningProgram(_ program: String, pidFile path: String) async throws -> pid_t {
    var pid: pid_t = 0
    let running = await eventually(timeout: 60) {
        guard let found = try? pidFile(path) else { return false }
        pid = found
        return (try? String(contentsOfFile: "/proc/\(found)/comm", encoding: .utf8)) == program + "\n"
    }
    guard running else { throw HarnessError("\(program) never ran (pid file \(path))") }
    return pid
}
