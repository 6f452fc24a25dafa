/// What `cronops import` reports about a crontab: each is a warning (the rest of the file is
/// still imported; `--strict` makes them fatal) pointing at the line, or inside it.
extension Diagnostic {
    static func crontabBrokenLine(_ reason: String, dialect: CronDialect, at location: SourceLocation) -> Diagnostic {
        .warning("W400", "cron cannot read this line (\(reason)); not imported",
                 at: location, notes: dialect == .debian ? [DiagnosticNote("because of it, Debian's cron ignores this whole file today")] : [])
    }

    static func crontabIgnoredByDaemon(file: String, causes: [SourceLocation]) -> Diagnostic {
        .warning("W401", "Debian's cron ignores this whole file today, so none of its jobs run now; the readable jobs are imported as written and will run once cronops installs them",
                 at: SourceLocation(file: file, line: 1, column: 1),
                 notes: causes.map { DiagnosticNote("the daemon rejects the file because of this line", at: $0) })
    }

    static func crontabNoFinalNewline(dialect: CronDialect, at location: SourceLocation) -> Diagnostic {
        .warning("W402", "the file does not end with a newline",
                 at: location, notes: dialect == .debian ? [DiagnosticNote("Debian's cron logs \"Missing newline before EOF\" and ignores the whole file")] : [])
    }

    static func crontabReboot(at location: SourceLocation) -> Diagnostic {
        .warning("W403", "'@reboot' runs once when the daemon starts, not on a schedule; not imported: keep this line in the host's own crontab",
                 at: location)
    }

    static func crontabUnescapedPercent(runs command: String, stdin: String, written: String, dialect: CronDialect,
                                        at location: SourceLocation) -> Diagnostic {
        let input = stdin.split(separator: "%", omittingEmptySubsequences: false).joined(separator: "\\n")
        return .warning("W404", "this '%' ends the command: cron runs \(quoted(command)) today and sends \(quoted(input)) to its standard input; not imported",
                        at: location,
                        notes: [DiagnosticNote("for a literal percent sign (date +%F, $(( RANDOM % 60 ))) write '\\%'; the fix-it escapes every '%' of the line")],
                        fixIt: CronEscaping.escapePercents(written, for: dialect))
    }

    static func crontabScheduleRejected(_ schedule: String, _ error: ScheduleError, at location: SourceLocation) -> Diagnostic {
        .warning("W405", "schedule '\(schedule)' \(error.message); Healthchecks would reject it, so the job is not imported",
                 at: location.advanced(by: error.offset),
                 notes: [DiagnosticNote("Debian's cron accepts such a line but fires it never, or not when it seems to")])
    }

    static func crontabCommentedOutJob(at location: SourceLocation) -> Diagnostic {
        .warning("W406", "a commented-out job: skipped", at: location)
    }

    static func crontabZoneIgnored(_ variable: CrontabVariable) -> Diagnostic {
        .warning("W407", "Debian's cron ignores \(variable.name) for scheduling: the jobs below fire in the host's zone, and \(variable.name)=\(variable.value) only reaches their environment",
                 at: variable.location)
    }

    static func crontabUnknownZone(_ variable: CrontabVariable) -> Diagnostic {
        .warning("W408", "CRON_TZ '\(variable.value)' is not a zone cronops knows; the jobs below it are not imported",
                 at: variable.location)
    }

    static func crontabCarriageReturn(at location: SourceLocation) -> Diagnostic {
        .warning("W411", "a carriage return in the command (a file saved with Windows line ends): cron hands it to the shell as part of the command, which then fails; not imported",
                 at: location)
    }

    static func crontabRunParts(directory: String, at location: SourceLocation) -> Diagnostic {
        .warning("W412", "this line runs every script in \(directory) (run-parts); not imported: leave it to the distribution, and import the jobs those scripts do as jobs of their own",
                 at: location)
    }

    static func crontabScheduleTruncated(term: String, read: String, at location: SourceLocation) -> Diagnostic {
        .warning("W415", "Debian's cron reads '\(term)' as '\(read)' (it skips what follows the number), so the line fires on other days than it says; not imported: write the schedule you mean",
                 at: location)
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingEvery("\n", with: "\\n") + "'"
    }
}
