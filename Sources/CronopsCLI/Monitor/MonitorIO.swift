import CronopsCore
import CronopsMonitor
import Dispatch
import FoundationEssentials
import Glibc

/// Where plan/apply write, with the API key masked out of every line that leaves.
struct MonitorIO: Sendable {
    var out: @Sendable (String) -> Void
    var err: @Sendable (String) -> Void
    var color: Bool
    var secret: Secret?
    /// The repository's files, so plan diagnostics show their source lines as validate's do.
    var sources = SourceMap()
    /// Colour for diagnostics on stderr (`color` is for stdout).
    var errColor = false

    func print(_ text: String) { out(masked(text)) }
    func report(_ text: String) { err(masked(text)) }

    /// The key itself, and anything else shaped like a Healthchecks key.
    func masked(_ text: String) -> String {
        SecretMask.redact(secret?.mask(text) ?? text)
    }

    /// The same text renderer as every other command's diagnostics.
    func report(_ diagnostics: Diagnostics) {
        report(DiagnosticRenderer(sources: sources, color: errColor).render(diagnostics.sorted, format: .text))
    }

    static func terminal(color: Bool, errColor: Bool, secret: Secret?, sources: SourceMap) -> MonitorIO {
        MonitorIO(out: { Terminal.out($0) }, err: { Terminal.err($0) }, color: color, secret: secret, sources: sources, errColor: errColor)
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

/// What every command that talks to the monitor (plan, apply, status) starts from: the valid
/// repository, the live network and clock, and the terminal with its secret masked.
struct MonitorSession {
    var spec: Spec
    var context: MonitorContext
    var io: MonitorIO

    /// `colorOut`: whether stdout may be coloured (apply's stdout is a summary for logs).
    static func open(_ global: GlobalOptions, colorOut: Bool = true) throws -> MonitorSession {
        let (spec, sources) = try global.loadValidRepository()
        let environment = ProcessInfo.processInfo.environment
        let context = MonitorContext.live(environment: environment, spec: spec, verbose: global.verbose)
        let io = MonitorIO.terminal(color: colorOut && Terminal.useColor(global.color, fd: STDOUT_FILENO, environment: environment),
                                    errColor: Terminal.useColor(global.color, environment: environment),
                                    secret: context.secret(for: spec), sources: sources)
        return MonitorSession(spec: spec, context: context, io: io)
    }
}
