import ArgumentParser
import CronopsCore
import FoundationEssentials

/// `cronops next`: when a schedule runs, in its zone, as Healthchecks will expect it.
struct NextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        _superCommandName: CronopsCommand.name,
        abstract: "Print the next run times of a schedule (or of a job) in its time zone.",
        discussion: """
        Runs are computed exactly as Healthchecks computes them (cronsim 2.7), across DST \
        changes, and printed with local time, offset and UTC, after one sentence saying what \
        the schedule means. --after takes ISO 8601 with an offset or Z; without an offset it is \
        read as wall-clock time in the zone. Exits 1 on an invalid schedule or zone.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A 5-field cron schedule or a macro such as @daily (quote it).", valueName: "schedule"))
    var schedule: String?

    @Option(name: .long, help: ArgumentHelp("Take the schedule and zone of this job of the repository.", valueName: "name"))
    var job: String?

    @Option(name: .long, help: ArgumentHelp("With --job: list when the job starts on this host (its jitter added).", valueName: "name"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("IANA time zone the schedule is read in (default UTC).", valueName: "zone"))
    var tz: String?

    @Option(name: .long, help: ArgumentHelp("List runs strictly after this instant (default now).", valueName: "instant"))
    var after: String?

    @Option(name: .long, help: "How many runs to list (1–100000).")
    var count = 5

    @Flag(name: .long, help: "Print a JSON array of ISO 8601 instants with their offsets.")
    var json = false

    /// Benchmark aid: compute the runs, print only how fast that was.
    @Flag(name: .customLong("throughput"), help: .hidden)
    var throughput = false

    func validate() throws {
        if (schedule == nil) == (job == nil) {
            throw ValidationError("give either a SCHEDULE or --job NAME")
        }
        if host != nil, job == nil {
            throw ValidationError("--host goes with --job: it adds that job's jitter on the host")
        }
        if job != nil, tz != nil {
            throw ValidationError("--tz cannot be combined with --job: the job's own timezone is used")
        }
        if !(1...100_000).contains(count) {
            throw ValidationError("--count must be between 1 and 100000")
        }
    }

    func run() throws {
        let result = try execute(now: Date(), zones: { try SystemZones.load($0) }, loadSpec: { try global.loadValidSpec() })
        Terminal.out(result.stdout)
        Terminal.err(result.stderr)
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    struct Output: Equatable {
        var stdout = ""
        var stderr = ""
        var exitCode: Int32 = 0
    }

    /// Everything but the clock, the zone files and the repository, which are passed in.
    func execute(now: Date, zones: (String) throws -> ZoneRules, loadSpec: () throws -> Spec) rethrows -> Output {
        var text = schedule ?? ""
        var zoneName = tz ?? "UTC"
        var delay: (seconds: Int64, note: String)?
        if let job {
            let spec = try loadSpec()
            guard let found = spec.job(named: job) else {
                let names = spec.jobs.map(\.name)
                let hint = names.isEmpty ? "the repository defines no jobs" : "jobs: " + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", …" : "")
                return Output(stderr: "cronops next: no job named '\(job)' (\(hint))\n", exitCode: 1)
            }
            text = found.schedule.source
            zoneName = found.timezone
            if let host {
                guard spec.host(named: host) != nil else {
                    return Output(stderr: "cronops next: no host named '\(host)' (hosts: \(spec.hosts.map(\.name).joined(separator: ", ")))\n", exitCode: 1)
                }
                if let jitter = found.jitter {
                    let d = Jitter.delay(project: spec.project, job: found.name, host: host, jitter: jitter)
                    delay = (Int64(d.seconds), "On \(host) each run starts \(d) after its scheduled time (jitter \(jitter)); the times below are the starts.")
                } else {
                    delay = (0, "On \(host) each run starts at its scheduled time (the job has no jitter).")
                }
            }
        }
        let parsed: CronSchedule
        switch CronSchedule.parse(text) {
        case .success(let s): parsed = s
        case .failure(let error):
            return Output(stderr: "cronops next: invalid schedule: \(error.message)\n" + Self.caret(text, error), exitCode: 1)
        }
        let zone: ZoneRules
        do {
            zone = try zones(zoneName)
        } catch {
            return Output(stderr: "cronops next: \(error)\n", exitCode: 1)
        }
        var start = now.timeIntervalSince1970
        if let after {
            switch InstantText.parse(after, in: zone) {
            case .success(let t): start = t
            case .failure(let error): return Output(stderr: "cronops next: --after: \(error.message)\n", exitCode: 1)
            }
        }
        if throughput {
            let clock = ContinuousClock()
            var report: NextRunsReport?
            let elapsed = clock.measure { report = NextRunsReport(schedule: parsed, zone: zone, after: start, count: count) }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let n = report?.instants.count ?? 0
            return Output(stdout: "\(n) instants in \(FixedPoint.format(seconds, places: 4)) s: \(Int(Double(n) / max(seconds, 1e-9))) per second\n")
        }
        var report = NextRunsReport(schedule: parsed, zone: zone, after: start, count: count)
        if let delay {
            report.startDelay = delay.seconds
            report.delayNote = delay.note
        }
        var output = Output(stdout: json ? report.json : report.text(sentence: !global.quiet))
        if report.instants.count < count {
            output.stderr = "cronops next: only \(report.instants.count) run(s) found within cronsim's 50-year horizon\n"
        }
        return output
    }

    /// The schedule with a caret under the offending term.
    static func caret(_ text: String, _ error: ScheduleError) -> String {
        let scalars = Array(text.unicodeScalars)
        // Tabs and other blanks are shown as one space so the caret lines up.
        let shown = String(String.UnicodeScalarView(scalars.map { $0.properties.isWhitespace ? " " : $0 }))
        let pad = String(repeating: " ", count: min(error.offset, scalars.count))
        return "  " + shown + "\n  " + pad + "^" + String(repeating: "~", count: max(0, error.length - 1)) + "\n"
    }
}

/// Editors and scripts ask for run times often; the plain form skips ArgumentParser
/// (`PlainArguments` says why).
extension NextCommand: PlainParsable {
    static let plainOptions = GlobalOptions.plainOptions.merging([
        "--job": .single, "--host": .single, "--tz": .single, "--after": .single, "--count": .single,
        "--json": .flag, "--throughput": .flag,
    ]) { $1 }
    static let plainPositionals = 1

    static func make(_ words: PlainArguments) -> NextCommand? {
        guard let global = GlobalOptions(words),
              case let .some(count) = words.value("--count", as: { PlainArguments.digits($0).flatMap { Int($0) } })
        else { return nil }
        var command = NextCommand()
        command.global = global
        command.schedule = words.positionals.first
        command.job = words.value("--job")
        command.host = words.value("--host")
        command.tz = words.value("--tz")
        command.after = words.value("--after")
        command.count = count ?? 5
        command.json = words.has("--json")
        command.throughput = words.has("--throughput")
        return command
    }
}
