import ArgumentParser
import CronopsCore
import FoundationEssentials
import Glibc

/// `cronops run JOB [--host NAME]`: the job now, here, as its line on that host runs it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        _superCommandName: CronopsCommand.name,
        abstract: "Run a job now, on this machine, exactly as its wrapper line on a host would (no --only-at guard).",
        discussion: """
        Builds the job's `cronops exec` command line for the host (the same flags, rules, env, \
        shell, pings and --tolerate state as the crontab line) and runs it with this cronops \
        binary, marking its pings as a manual run. The ping key is read as on the host (the \
        line's --ping-key-file, default /etc/cronops/<project>.ping-key); when that file is not \
        readable here, CRONOPS_PING_KEY is used instead. With the local provider the run is \
        recorded in its run log (--run-log, next to monitor.state). Exits with the wrapper's status.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The job to run.", valueName: "job"))
    var job: String

    @Option(name: .long, help: ArgumentHelp("Run it as on this host (needed when the job runs on several).", valueName: "name"))
    var host: String?

    @Option(name: .customLong("ping-key-file"),
            help: ArgumentHelp("Where the key is read from (as `cronops crontab --ping-key-file`).", valueName: "path"))
    var pingKeyFile: String?

    func run() throws {
        let spec = try global.loadValidSpec()
        let environment = ProcessInfo.processInfo.environment
        switch Self.arguments(spec: spec, job: job, host: host, pingKeyFile: pingKeyFile, environment: environment,
                              readable: { FileManager.default.isReadableFile(atPath: $0) }) {
        case .failure(let problem):
            Terminal.err("cronops run: \(problem.message)\n")
            throw ExitCode.failure
        case .success(let arguments):
            let status: Int32
            do {
                status = try Self.execute(arguments)
            } catch {
                Terminal.err("cronops run: \(error.message)\n")
                throw ExitCode.failure
            }
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct Problem: Error, Equatable {
        var message: String
    }

    /// The `exec …` arguments (after the binary), or why the job cannot be run here.
    static func arguments(spec: Spec, job name: String, host hostName: String?, pingKeyFile: String?,
                          environment: [String: String], readable: (String) -> Bool) -> Result<[String], Problem> {
        guard let job = spec.job(named: name) else {
            let names = spec.jobs.map(\.name)
            return .failure(Problem(message: "no job named '\(name)' (jobs: \(names.prefix(10).joined(separator: ", "))\(names.count > 10 ? ", …" : ""))"))
        }
        let chosen: String
        if let hostName {
            guard job.hosts.contains(hostName) else {
                let runs = job.hosts.isEmpty ? "it runs on no host (hosts: [])" : "it runs on " + job.hosts.joined(separator: ", ")
                return .failure(Problem(message: "job '\(name)' does not run on host '\(hostName)': \(runs)"))
            }
            chosen = hostName
        } else {
            guard job.hosts.count == 1 else {
                return .failure(Problem(message: job.hosts.isEmpty
                    ? "job '\(name)' runs on no host (hosts: []): cronops has no line for it to run"
                    : "job '\(name)' runs on \(job.hosts.joined(separator: ", ")): say which with --host NAME"))
            }
            chosen = job.hosts[0]
        }
        guard let host = spec.host(named: chosen) else {
            return .failure(Problem(message: "host '\(chosen)' is not defined in cronops.yaml"))
        }
        let options = CrontabOptions.here(spec: spec, zones: { _ in nil }, pingKeyFile: pingKeyFile)
        var words = Array(WrapperArguments.unguarded(job: job, host: host, spec: spec, options: options).dropFirst())
        // Here, not on the host: the key file may not exist, the environment may hold the key.
        if let at = words.firstIndex(of: "--ping-key-file"), at + 1 < words.count, !readable(words[at + 1]),
           environment["CRONOPS_PING_KEY"]?.isEmpty == false {
            words.removeSubrange(at...(at + 1))
        }
        if let separator = words.firstIndex(of: "--") { words.insert("--manual", at: separator) }
        return .success(words)
    }

    /// Runs this very binary with `arguments`, sharing stdin, stdout and stderr.
    /// A signal that ended the child comes back as 128 + its number, as a shell reports it.
    static func execute(_ arguments: [String]) throws(Problem) -> Int32 {
        let argv = ([CommandLine.arguments.first ?? "cronops"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/proc/self/exe", nil, nil, argv, environ)
        guard spawned == 0 else { throw Problem(message: "cannot start cronops exec: \(String(cString: strerror(spawned)))") }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 {
            guard errno == EINTR else { throw Problem(message: "lost cronops exec: \(String(cString: strerror(errno)))") }
        }
        return (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
    }
}
