/// What `cronops import` is told on its command line.
public struct ImportOptions: Sendable {
    public var host: String
    public var project: String
    public var dialect: CronDialect
    public var format: CrontabFormat
    /// The host's zone (canonical): the zone Debian schedules every line in.
    public var timezone: String
    /// Slugs of the monitor's checks by uuid (`--api-url`), so that a line that pings a check
    /// by its uuid can adopt it; nil when the monitor was not asked.
    public var checkSlugs: [String: String]?

    public init(host: String, project: String, dialect: CronDialect, format: CrontabFormat, timezone: String,
                checkSlugs: [String: String]? = nil) {
        self.checkSlugs = checkSlugs
        self.host = host
        self.project = project
        self.dialect = dialect
        self.format = format
        self.timezone = timezone
    }
}

/// One file of the new repository, its path relative to the repository's directory.
public struct ImportedFile: Sendable, Equatable {
    public var path: String
    public var text: String
}

/// `CrontabDocument`s → the files of a new repository whose jobs run exactly what the lines
/// run, when they run it, as whom, with the same shell and environment. Pure and
/// deterministic: the same documents give the same bytes.
public enum CrontabImporter {
    /// cron's own PATH when a file sets none (not cronops' default).
    public static let cronDefaultPath = "/usr/bin:/bin"

    /// `reported` are the reader's diagnostics: each file's become comments in its job file.
    public static func files(_ documents: [CrontabDocument], options: ImportOptions, reported: Diagnostics,
                             diagnostics d: inout Diagnostics) -> [ImportedFile] {
        let entries = documents.flatMap(\.entries)
        // One host setting can hold one value: the first job's; a job that differs carries its own.
        let first = entries.first.map(variables)
        let hostShell = first?["SHELL"]?.value ?? Host.defaultShell
        let hostPath = first?["PATH"]?.value ?? cronDefaultPath
        let hostMailto = first?["MAILTO"]

        var files: [ImportedFile] = [ImportedFile(path: "cronops.yaml", text: projectFile(
            options: options, sources: documents.map(\.file), shell: hostShell, path: hostPath, mailto: hostMailto?.value))]
        var takenNames: Set<String> = []
        var takenFiles: Set<String> = []
        var mailtoReported: Set<SourceLocation> = []
        for document in documents where document.entries.isEmpty {
            // A job file needs a job: what such a file had to say goes into cronops.yaml.
            files[0].text += "# \(comment(document.file)) has no job to import.\n"
            files[0].text += notImported(document, reported).map { $0 + "\n" }.joined()
        }
        for document in documents where !document.entries.isEmpty {
            let base = JobNaming.slug(baseName(document.file)) ?? "crontab"
            let path = "jobs/" + JobNaming.unique(base, taken: &takenFiles) + ".yaml"
            var lines = ["# yaml-language-server: $schema=../schemas/job.schema.json",
                         "# Imported by `cronops import` from \(comment(document.file)) for host \(comment(options.host))."]
            if document.ignoredByDaemon {
                lines.append("# Debian's cron ignores this file today: none of these jobs runs now.")
            }
            lines += notImported(document, reported)
            lines.append("jobs:")
            for entry in document.entries {
                let vars = variables(entry)
                if let mailto = vars["MAILTO"], mailto.value != hostMailto?.value, mailtoReported.insert(mailto.location).inserted {
                    d.emit(.importMailtoDiffers(mailto, host: hostMailto?.value))
                }
                let unwrapped = MonitorUnwrapping.unwrap(entry.command.value)
                let command = unwrapped?.command ?? entry.command.value
                var adopt = false
                var checkComment: String?
                var name: String
                switch unwrapped?.check {
                case .slug(let slug) where !takenNames.contains(slug):
                    // The check keeps its slug, so the job takes it as its name and adopts it.
                    name = JobNaming.unique(slug, taken: &takenNames)
                    adopt = true
                case .uuid(let uuid) where options.checkSlugs?[uuid].map { !$0.isEmpty && Names.jobNameProblem($0) == nil && !takenNames.contains($0) } == true:
                    // The monitor named the check: the same as a slug URL.
                    let slug = options.checkSlugs![uuid]!
                    name = JobNaming.unique(slug, taken: &takenNames)
                    adopt = true
                    checkComment = "pinged Healthchecks check \(uuid) (slug \(slug)) before import"
                case .uuid(let uuid):
                    d.emit(.importCheckByUUID(uuid, known: options.checkSlugs.map { $0[uuid] }, at: entry.command.location))
                    checkComment = "pinged Healthchecks check \(uuid) before import"
                    fallthrough
                default:
                    if case .cronitor(let key) = unwrapped?.check {
                        d.emit(.importCronitorMonitor(key, at: entry.command.location))
                        checkComment = "reported to Cronitor monitor \(key) before import"
                    }
                    name = JobNaming.unique(entry.comment.flatMap(JobNaming.slug) ?? JobNaming.program(command) ?? "job",
                                            taken: &takenNames)
                }
                lines.append("  # \(comment(document.file)):\(entry.location.line)")
                if let checkComment { lines.append("  # \(comment(checkComment))") }
                lines.append("  \(name):")
                if let description = entry.comment, !description.isEmpty {
                    lines.append("    description: \(YAMLText.scalar(description))")
                }
                lines.append("    command: \(YAMLText.scalar(command))")
                lines.append("    schedule: \(YAMLText.scalar(entry.schedule.value))")
                if let zone = entry.zone, zone != options.timezone { lines.append("    timezone: \(YAMLText.scalar(zone))") }
                if let user = entry.user { lines.append("    user: \(YAMLText.scalar(user.value))") }
                if adopt { lines.append("    adopt: true") }
                let shell = vars["SHELL"]?.value ?? Host.defaultShell
                if shell != hostShell { lines.append("    shell: \(YAMLText.scalar(shell))") }
                var env: [(String, String)] = []
                for v in entry.environment {
                    switch v.name {
                    case "SHELL", "MAILTO": continue
                    case "PATH" where v.value == hostPath: continue
                    case "CRON_TZ" where options.dialect == .cronie: continue
                    default: break
                    }
                    if Names.isEnvName(v.name) { env.append((v.name, v.value)) } else { d.emit(.importBadVariableName(v)) }
                }
                if vars["PATH"] == nil, hostPath != cronDefaultPath { env.append(("PATH", cronDefaultPath)) }
                if !env.isEmpty {
                    lines.append("    env:")
                    for (n, v) in env { lines.append("      \(n): \(YAMLText.scalar(v))") }
                }
            }
            files.append(ImportedFile(path: path, text: lines.joined(separator: "\n") + "\n"))
        }
        if files.count == 1 {
            // The loader reads the jobs directory, so it must exist even with no job yet.
            files.append(ImportedFile(path: "jobs/.gitkeep", text: ""))
        }
        return files
    }

    /// The reader's warnings about `document`, as comment lines.
    static func notImported(_ document: CrontabDocument, _ reported: Diagnostics) -> [String] {
        let skipped = reported.all.filter { $0.location?.file == document.file }
        guard !skipped.isEmpty else { return [] }
        return ["# Not imported or changed, as `cronops import` reported:"] + skipped.map { diagnostic in
            "#   \(diagnostic.location.map { "line \($0.line)" } ?? "file"): \(diagnostic.code) \(comment(diagnostic.message))"
        }
    }

    static func projectFile(options: ImportOptions, sources: [String], shell: String, path: String, mailto: String?) -> String {
        var lines = ["# yaml-language-server: $schema=schemas/cronops.schema.json",
                     "# Imported by `cronops import` from \(sources.map(comment).joined(separator: ", ")).",
                     "version: 1",
                     "project: \(YAMLText.scalar(options.project))",
                     "monitor:",
                     "  provider: local",
                     "defaults:",
                     "  timezone: \(YAMLText.scalar(options.timezone))",
                     "  hosts: [\(YAMLText.scalar(options.host))]",
                     "hosts:",
                     "  \(YAMLText.scalar(options.host)):",
                     "    cron: \(options.dialect.rawValue)",
                     "    format: \(options.format.rawValue)",
                     "    timezone: \(YAMLText.scalar(options.timezone))",
                     "    path: \(YAMLText.scalar(path))"]
        if let mailto { lines.append("    mailto: \(YAMLText.scalar(mailto))") }
        if shell != Host.defaultShell { lines.append("    shell: \(YAMLText.scalar(shell))") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func variables(_ entry: CrontabEntry) -> [String: CrontabVariable] {
        Dictionary(entry.environment.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
    }

    /// The last path component, `-` (standard input) as `stdin`.
    static func baseName(_ file: String) -> String {
        if file == "-" || file == "<stdin>" { return "stdin" }
        return String(file.split(separator: "/").last ?? "crontab")
    }

    /// Text on one comment line.
    static func comment(_ text: String) -> String { CrontabComment.sanitize(text) }
}

extension Diagnostic {
    static func importMailtoDiffers(_ variable: CrontabVariable, host: String?) -> Diagnostic {
        .warning("W409", "MAILTO=\(variable.value) differs from the host's \(host.map { "MAILTO=\($0)" } ?? "(none)"): a fragment has one MAILTO, so cron's mail for this job will go there",
                 at: variable.location)
    }

    /// `known`: nil when the monitor was not asked; `.some(nil)` when it has no such check;
    /// `.some(slug)` when its slug cannot name a job (empty, invalid or taken).
    static func importCheckByUUID(_ uuid: String, known: String??, at location: SourceLocation) -> Diagnostic {
        let why: String
        switch known {
        case .none: why = "without the API (--api-url and a key in --api-key-env) cronops cannot tell its slug"
        case .some(.none): why = "the monitor has no check with this uuid (another project, or deleted)"
        case .some(.some(let slug)): why = slug.isEmpty ? "the check has no slug on the monitor" : "its slug '\(slug)' cannot name a job here (invalid, or taken by another line)"
        }
        return .warning("W413", "this line pings the Healthchecks check \(uuid) by its uuid; \(why), so the job gets a check of its own: the uuid is kept in a comment, delete or rename the old check after `cronops apply`",
                 at: location)
    }

    static func importCronitorMonitor(_ key: String, at location: SourceLocation) -> Diagnostic {
        .warning("W414", "this line reports to the Cronitor monitor \(key); the job now reports to the project's monitor instead",
                 at: location)
    }

    static func importBadVariableName(_ variable: CrontabVariable) -> Diagnostic {
        .warning("W410", "variable '\(variable.name)' cannot be passed on by cronops (names are letters, digits and '_'); it is left out of the jobs below",
                 at: variable.location)
    }
}
