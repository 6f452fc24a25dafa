/// Problems found while writing crontab fragments (codes E300–E349, W300–W349).
extension Diagnostic {
    public static func crontabUnknownHost(_ name: String, known: [String]) -> Diagnostic {
        .error("E300", "no host named '\(name)' in the project; known hosts: \(known.isEmpty ? "none" : known.joined(separator: ", "))",
               at: nil)
    }

    static func crontabLineBreak(job: String, field: String, at location: SourceLocation) -> Diagnostic {
        .error("E301", "job '\(job)': its \(field) contains a line break, which cron cannot carry in one job line",
               at: location,
               notes: [DiagnosticNote("put the multi-line text in a script and call the script from the job")])
    }

    static func crontabNul(job: String, field: String, at location: SourceLocation) -> Diagnostic {
        .error("E302", "job '\(job)': its \(field) contains a NUL character, which cron cannot carry",
               at: location)
    }

    static func crontabCommandTooLong(job: String, host: String, length: Int, at location: SourceLocation) -> Diagnostic {
        .error("E303", "job '\(job)' on host '\(host)': the crontab command would be \(length) bytes; Debian's cron rejects commands over \(CrontabLimits.commandBytes) bytes (and then ignores the whole file)",
               at: location,
               notes: [DiagnosticNote("move the command into a script, or shorten the validate rules and env values")])
    }

    static func crontabHostValue(host: String, field: String, reason: String, at location: SourceLocation) -> Diagnostic {
        .error("E304", "host '\(host)': \(field) \(reason)", at: location)
    }

    static func crontabBadUser(job: String, user: String, at location: SourceLocation) -> Diagnostic {
        .error("E305", "job '\(job)': user '\(user)' cannot be written in the user column of a cron.d file (it must be a non-empty name without blanks)",
               at: location)
    }

    static func crontabUnknownZone(_ zone: String, owner: String, at location: SourceLocation) -> Diagnostic {
        .error("E306", "\(owner): time zone '\(zone)' cannot be read from this machine's tz database, so the crontab cannot be converted to the host's zone",
               at: location, notes: [DiagnosticNote("install tzdata, or use a zone name it knows; `cronops next --tz \(zone)` shows what is wrong with its zone file, if it has one")])
    }

    static func crontabUnsupportedSchedule(job: String, schedule: String, at location: SourceLocation) -> Diagnostic {
        .error("E307", "job '\(job)': schedule '\(schedule)' cannot be written as a crontab line",
               at: location)
    }

    static func crontabTooManyLines(host: String, lines: Int, at location: SourceLocation) -> Diagnostic {
        .error("E308", "host '\(host)': the fragment would have \(lines) lines; Debian's cron ignores a crontab over \(CrontabLimits.lines) lines",
               at: location, notes: [DiagnosticNote("spread the jobs over more hosts")])
    }

    static func crontabFileNameClash(host: String, other: String, fileName: String, at location: SourceLocation) -> Diagnostic {
        .error("E309", "hosts '\(other)' and '\(host)' would both be written to the file '\(fileName)' (cron.d names allow only a-z, 0-9 and '-')",
               at: location, notes: [DiagnosticNote("rename one of the hosts")])
    }

    public static func crontabMergeOnCronD(host: String, at location: SourceLocation) -> Diagnostic {
        .error("E310", "host '\(host)' uses format cron.d; --merge only works with a user crontab (format: crontab)",
               at: location, notes: [DiagnosticNote("install cron.d fragments with --all --out-dir and copy them to /etc/cron.d")])
    }

    static func crontabMergeMissingEnd(begin: String, end: String, at location: SourceLocation) -> Diagnostic {
        .error("E311", "'\(begin)' has no matching '\(end)' line after it; the file was left unchanged",
               at: location, notes: [DiagnosticNote("add the END line where the cronops block ends, or delete the whole block")])
    }

    static func crontabMergeStrayEnd(marker: String, at location: SourceLocation) -> Diagnostic {
        .error("E312", "'\(marker)' without a 'BEGIN' line before it; the file was left unchanged", at: location)
    }

    static func crontabMergeDuplicateBegin(marker: String, first: SourceLocation, at location: SourceLocation) -> Diagnostic {
        .error("E313", "a second '\(marker)' line; the file was left unchanged", at: location,
               notes: [DiagnosticNote("the first block starts here", at: first)])
    }

    static func crontabMergeTooLong(file: String, lines: Int) -> Diagnostic {
        .error("E317", "\(file) would have \(lines) lines after the merge; Debian's cron refuses a crontab over \(CrontabLimits.lines) lines; the file was left unchanged",
               at: SourceLocation(file: file, line: 1, column: 1))
    }

    static func crontabUserIgnored(job: String, user: String, host: String, at location: SourceLocation) -> Diagnostic {
        .warning("W302", "job '\(job)' sets user '\(user)', but host '\(host)' runs a user crontab (format: crontab): there the job runs as the crontab's owner",
                 at: location, notes: [DiagnosticNote("install the fragment as that user (crontab -u \(user) FILE), or use format: cron.d for the host")])
    }

    static func crontabMergeMailtoLeaks(file: String, at location: SourceLocation) -> Diagnostic {
        .warning("W301", "the cronops block sets MAILTO, and MAILTO was not set above it in \(file): the lines below the block will mail where the block says",
                 at: location, notes: [DiagnosticNote("set MAILTO above the block, or move the block to the end of the file")])
    }
}

/// What Debian's cron accepts (cron-semantics.md §5).
public enum CrontabLimits {
    /// Longest command part of a job line (999 is "command too long").
    public static let commandBytes = 998
    /// Longest crontab.
    public static let lines = 10_000
    /// Environment values are silently cut after about this many bytes.
    public static let environmentValueBytes = 990
}

/// Problems of `cronops crontab`'s own files (no location in the repository).
extension Diagnostic {
    public static func crontabMergeFileUnreadable(_ file: String) -> Diagnostic {
        .error("E314", "cannot read the crontab to merge into, \(file); save the current one first, e.g. `crontab -l > \(file)`", at: nil)
    }

    public static func crontabWriteFailed(_ reason: String) -> Diagnostic {
        .error("E315", reason, at: nil)
    }

    public static func crontabOutDirMissing(_ directory: String) -> Diagnostic {
        .error("E316", "--out-dir \(directory) is not a directory; create it first", at: nil)
    }
}
