import CronopsCore
import Foundation

/// Where the repository and the built binary are, found from this file and the test bundle
/// rather than the working directory.
enum TestPaths {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func repo(_ relative: String) -> URL { repoRoot.appendingPathComponent(relative) }

    /// The `cronops` executable built beside the test bundle (`swift build --build-tests`).
    static var cronopsBinary: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cronops")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/cronops")
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

/// Async, and waiting on a thread of its own: a test that ran the binary on Swift's cooperative
/// pool would hold one of its few threads (two on a 2-core machine) for the child's whole life,
/// and the loopback servers the child talks to, which run on that pool, could not answer it.
func runCronops(_ arguments: [String], environment: [String: String] = [:], cwd: URL? = nil) async throws -> CommandResult {
    try await runProcess(TestPaths.cronopsBinary, arguments, environment: environment, cwd: cwd)
}

/// Any program, run the same way as `runCronops` (NO_COLOR removed from the environment).
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                cwd: URL? = nil) async throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let cwd { process.currentDirectoryURL = cwd }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    return await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            // Read both pipes before waiting, so a chatty child never blocks on a full pipe.
            let group = DispatchGroup()
            let outData = Locked(Data())
            group.enter()
            DispatchQueue.global().async {
                let data = out.fileHandleForReading.readDataToEndOfFile()
                outData.withLock { $0 = data }
                group.leave()
            }
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            continuation.resume(returning: CommandResult(status: process.terminationStatus,
                                                         stdout: String(decoding: outData.withLock { $0 }, as: UTF8.self),
                                                         stderr: String(decoding: errData, as: UTF8.self)))
        }
    }
}
