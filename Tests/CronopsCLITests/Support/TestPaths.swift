import CronopsTestSupport
import Foundation

/// Where the repository and the built binary are, found from this file and the test bundle
/// rather than the working directory.
enum TestPaths {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func repo(_ relative: String) -> URL { repoRoot.appendingPathComponent(relative) }

    /// The `cronops` executable built beside the test bundle (`swift build --build-tests`), or
    /// the one `CRONOPS_TEST_BINARY` names: `.ci/run` runs these suites again on the binary the
    /// Debian package installs (a static release build, built with other flags).
    static var cronopsBinary: URL {
        if let path = ProcessInfo.processInfo.environment["CRONOPS_TEST_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cronops")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/cronops")
    }

    /// The generated lines carry the local provider's run log as an absolute path, resolved
    /// from the working directory (`--run-log <repo>/.cronops/runs.jsonl`). Golden files write
    /// the repository `root` as `/path/to/<its path in this checkout>` so they are the same on
    /// every machine.
    static func stable(_ text: String, root: URL) -> String {
        let real = root.resolvingSymlinksInPath().path
        let relative = real.hasPrefix(repoRoot.resolvingSymlinksInPath().path + "/")
            ? String(real.dropFirst(repoRoot.resolvingSymlinksInPath().path.count + 1)) : root.lastPathComponent
        return text.replacingOccurrences(of: real + "/", with: "/path/to/" + relative + "/")
    }

    /// A fresh empty directory, removed by the caller's `defer`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cronops-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Runs the real binary and collects what it printed.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Through the suites' one process runner (`ChildProcess`): reaped on a thread of its own.
func runCronops(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil) async throws -> CommandResult {
    try await runProcess(TestPaths.cronopsBinary, arguments, environment: environment, cwd: cwd)
}

/// Any program, run the same way as `runCronops`: the test's environment without NO_COLOR,
/// plus `environment`.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                cwd: URL? = nil) async throws -> CommandResult {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    for (k, v) in environment { env[k] = v }
    let result = try await ChildProcess.run(executable.path, arguments, environment: env, cwd: cwd?.path)
    return CommandResult(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
}
