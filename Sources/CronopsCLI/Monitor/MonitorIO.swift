import CronopsCore
import CronopsMonitor
import Dispatch
import Foundation

/// Where plan/apply write, with the API key masked out of every line that leaves.
struct MonitorIO: Sendable {
    var out: @Sendable (String) -> Void
    var err: @Sendable (String) -> Void
    var color: Bool
    var secret: Secret?

    func print(_ text: String) { out(masked(text)) }
    func report(_ text: String) { err(masked(text)) }

    /// The key itself, and anything else shaped like a Healthchecks key.
    func masked(_ text: String) -> String {
        SecretMask.redact(secret?.mask(text) ?? text)
    }

    func report(_ diagnostics: Diagnostics) {
        for d in diagnostics.sorted { report(DiagnosticText.render(d)) }
    }

    static func terminal(color: Bool, secret: Secret?) -> MonitorIO {
        MonitorIO(out: { Terminal.out($0) }, err: { Terminal.err($0) }, color: color, secret: secret)
    }
}

/// `file:line:col: error[E200]: message`, then each note on its own line.
enum DiagnosticText {
    static func render(_ d: Diagnostic) -> String {
        var text = ""
        if let at = d.location { text += "\(at): " }
        text += "\(d.severity.rawValue)[\(d.code)]: \(d.message)\n"
        for note in d.notes {
            text += "  note: " + (note.location.map { "\($0): " } ?? "") + note.message + "\n"
        }
        if let fix = d.fixIt { text += "  fix: \(fix)\n" }
        return text
    }
}

/// ArgumentParser's root command is synchronous; the network edge is async. Run the async
/// body on the cooperative pool and wait for its exit code.
func runBlocking(_ body: @escaping @Sendable () async -> Int32) -> Int32 {
    let code = Locked<Int32>(1)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let result = await body()
        code.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return code.withLock { $0 }
}

/// Writes `data` to `path` atomically (temp file in the same directory, then rename).
func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
    try data.write(to: temp)
    if rename(temp.path, url.path) != 0 {
        try? FileManager.default.removeItem(at: temp)
        throw CocoaError(.fileWriteUnknown)
    }
}
