import ArgumentParser
import CronopsCore
import CronopsFiles
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

extension CronDialect: ExpressibleByArgument {}
extension CrontabFormat: ExpressibleByArgument {}

/// `cronops import FILE... --host NAME --out DIR`: existing crontabs → a new repository.
struct ImportCommand: StatusCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        _superCommandName: CronopsCommand.name,
        abstract: "Turn existing crontabs into a new cronops repository whose jobs run exactly what cron runs today.",
        discussion: """
        FILE is a user crontab (as `crontab -l` prints it), /etc/crontab or a cron.d file; - reads \
        standard input. --format defaults from the path: a file named crontab in an etc directory, \
        or any file in a cron.d directory, has a user column (cron.d); anything else is a user \
        crontab. Lines cron would not run or cronops cannot carry (@reboot, a '%' that cuts the \
        command, a schedule Healthchecks rejects, a broken line) are warnings on stderr and \
        comments in the job files; the rest is imported (exit 0; --strict: exit 1). DIR must not \
        exist or be empty; the repository appears there whole or not at all.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Crontab files; - is standard input.", valueName: "file"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The host these crontabs come from.", valueName: "name"))
    var host: String

    @Option(name: .long, help: ArgumentHelp("Directory of the new repository (must not exist or be empty).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "crontab (a user's crontab) or cron.d (lines have a user column); default: from the path.")
    var format: CrontabFormat?

    @Option(name: .long, help: "debian or cronie: the daemon that reads these files.")
    var cron: CronDialect = .debian

    @Option(name: .long, help: ArgumentHelp("The zone the host's cron daemon schedules in.", valueName: "zone"))
    var timezone = "UTC"

    @Option(name: .long, help: ArgumentHelp("Project name (default: the host name as a slug).", valueName: "name"))
    var project: String?

    @Option(name: .customLong("api-url"),
            help: ArgumentHelp("A Healthchecks API base: lines that ping a check by uuid adopt it under its slug (one list call).", valueName: "url"))
    var apiURL: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("The variable holding its read-write API key.", valueName: "name"))
    var apiKeyEnv = "HC_API_KEY"

    @Flag(name: .long, help: "Fail (exit 1, nothing written) when any line is reported.")
    var strict = false

    func execute() -> CommandOutcome {
        var problems: [String] = []
        if let problem = Names.hostNameProblem(host) { problems.append("--host '\(host)': \(problem)") }
        let zone = ZoneTable.canonical(timezone)
        if zone == nil { problems.append("--timezone '\(timezone)' is not a zone cronops knows (e.g. UTC, Europe/Berlin)") }
        let projectName = project ?? String((JobNaming.slug(host) ?? "imported").prefix(40))
        if let problem = Names.projectNameProblem(projectName) { problems.append("--project '\(projectName)': \(problem)") }
        if files.filter({ $0 == "-" }).count > 1 { problems.append("standard input (-) can be read once") }
        if let problem = Self.outProblem(out) { problems.append(problem) }

        var sources = SourceMap()
        var reported = Diagnostics()
        var documents: [CrontabDocument] = []
        if problems.isEmpty {
            for file in files {
                let display = file == "-" ? "<stdin>" : file
                guard let text = Self.readText(file, problems: &problems) else { continue }
                sources.add(SourceFile(path: display, text: text))
                documents.append(CrontabReader.read(text, file: display, format: format ?? ImportPaths.defaultFormat(file),
                                                    dialect: cron, diagnostics: &reported))
            }
        }
        var checkSlugs: [String: String]?
        if problems.isEmpty, let apiURL {
            let keyEnv = apiKeyEnv, environment = ProcessInfo.processInfo.environment
            let found = Locked<Result<[String: String], CheckSlugLookup.Failure>>(.success([:]))
            _ = runBlocking {
                let result = await CheckSlugLookup.slugs(apiURL: apiURL, keyEnv: keyEnv, environment: environment, transport: CurlTransport())
                found.withLock { $0 = result }
                return 0
            }
            switch found.withLock({ $0 }) {
            case .success(let slugs): checkSlugs = slugs
            case .failure(let failure): problems.append("--api-url: \(failure.message)")
            }
        }
        guard problems.isEmpty, let zone else {
            for problem in problems { Terminal.err("cronops import: error: \(problem)\n") }
            Terminal.err("cronops import: nothing was written\n")
            return CommandOutcome(status: 1)
        }
        let options = ImportOptions(host: host, project: projectName, dialect: cron,
                                    format: format ?? documents.first.map(\.format) ?? .crontab, timezone: zone,
                                    checkSlugs: checkSlugs)
        var diagnostics = reported
        let output = CrontabImporter.files(documents, options: options, reported: reported, diagnostics: &diagnostics)
        let renderer = DiagnosticRenderer(sources: sources, color: Terminal.useColor(global.color, environment: ProcessInfo.processInfo.environment))
        Terminal.err(renderer.render(diagnostics.sorted, format: .text))
        if diagnostics.isFatal(strict: strict) {
            Terminal.err("cronops import: \(diagnostics.warningCount) warning(s) with --strict: nothing was written\n")
            return CommandOutcome(status: 1)
        }
        if let failure = Self.write(output, to: out) {
            Terminal.err("cronops import: error: \(failure); nothing was written\n")
            return CommandOutcome(status: 1)
        }
        let jobs = documents.reduce(0) { $0 + $1.entries.count }
        Terminal.err("imported \(jobs) job\(jobs == 1 ? "" : "s") from \(files.count) file\(files.count == 1 ? "" : "s") into \(out) (\(diagnostics.warningCount) warning\(diagnostics.warningCount == 1 ? "" : "s"))\n")
        return CommandOutcome(status: 0)
    }

    static func outProblem(_ dir: String) -> String? {
        let files = LiveFileSystem()
        guard case let .success(kind) = files.kind(of: dir) else { return nil }
        guard case .directory = kind else { return "--out \(dir) exists and is not a directory" }
        let entries = (try? files.entries(of: dir).get()) ?? ["?"]
        return entries.isEmpty ? nil : "--out \(dir) is not empty: import writes a new repository into a new or empty directory"
    }

    static let sizeLimit = 8 << 20

    static func readText(_ file: String, problems: inout [String]) -> String? {
        // At most one byte over the limit is read, whatever the file's size.
        let name = file == "-" ? "standard input" : file
        let data: [UInt8]
        switch file == "-" ? FileReader.read(descriptor: STDIN_FILENO, limit: sizeLimit) : FileReader.read(file, limit: sizeLimit) {
        case let .success(bytes): data = bytes
        case let .failure(failure):
            problems.append("cannot read \(name): \(failure.reason)")
            return nil
        }
        if data.count > sizeLimit {
            problems.append("\(name) is over 8 MiB: not a crontab")
            return nil
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            problems.append("\(name) is not valid UTF-8 text")
            return nil
        }
        if text.unicodeScalars.contains("\0") {
            problems.append("\(name) holds NUL bytes: not a crontab")
            return nil
        }
        return text
    }

    /// Every file into a new directory beside `dir`, then one rename: `dir` holds the whole
    /// repository or stays as it was.
    static func write(_ files: [ImportedFile], to dir: String) -> String? {
        var trimmed = dir
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let staging = trimmed + ".cronops-import-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            for file in files {
                try AtomicFile.write(file.text, to: staging + "/" + file.path, createDirectories: true)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            return error.description
        }
        if rename(staging, trimmed) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: staging)
            return "cannot create \(dir): \(reason)"
        }
        return nil
    }
}

public enum ImportPaths {
    /// A file named `crontab` in an `etc` directory, or any file in a `cron.d` directory, has a
    /// user column; anything else is a user crontab.
    public static func defaultFormat(_ path: String) -> CrontabFormat {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 2 else { return .crontab }
        if parts[parts.count - 2] == "cron.d" { return .cronD }
        if parts[parts.count - 1] == "crontab", parts[parts.count - 2] == "etc" { return .cronD }
        return .crontab
    }
}
