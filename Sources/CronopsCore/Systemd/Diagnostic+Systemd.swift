/// Problems found while writing systemd units (codes E500–E519, W500–W519; W400–W4xx belong to import).
extension Diagnostic {
    static func systemdNul(job: String, field: String, at location: SourceLocation) -> Diagnostic {
        .error("E500", "job '\(job)': its \(field) contains a NUL character, which no systemd unit file can carry",
               at: location)
    }

    static func systemdUnitNameTooLong(job: String, name: String, at location: SourceLocation) -> Diagnostic {
        .error("E501", "job '\(job)': the unit name '\(name)' is longer than systemd's \(SystemdUnitName.maxLength) characters",
               at: location, notes: [DiagnosticNote("shorten the job name")])
    }

    static func systemdBadUser(job: String, user: String, at location: SourceLocation) -> Diagnostic {
        .error("E502", "job '\(job)': user '\(user)' cannot be written as User= (it must be a non-empty name without blanks or control characters)",
               at: location)
    }

    static func systemdUnsupportedSchedule(job: String, schedule: String, at location: SourceLocation) -> Diagnostic {
        .error("E503", "job '\(job)': schedule '\(schedule)' cannot be written as OnCalendar= lines", at: location)
    }

    public static func systemdHostForCrontab(host: String, kind: HostKind, at location: SourceLocation) -> Diagnostic {
        .error("E504", "host '\(host)' is of kind \(kind.rawValue): it has no crontab; write its \(kind == .kubernetes ? "CronJobs" : "units") with `cronops generate --out-dir DIR --host \(host)`",
               at: location)
    }

    /// systemd starts a unit that is still active at most once: a second run never starts.
    static func systemdOverlapAllow(job: String, host: String, at location: SourceLocation) -> Diagnostic {
        .warning("W500", "job '\(job)' on systemd host '\(host)': 'overlap: allow' cannot hold there: systemd does not start a service that is still running, so a run due while the previous one runs is skipped",
                 at: location, notes: [DiagnosticNote("say what happens on every host with 'overlap: skip'")], fixIt: "skip")
    }

    /// The elapse that finds the service running is dropped by systemd: nothing waits.
    static func systemdOverlapWait(job: String, host: String, at location: SourceLocation) -> Diagnostic {
        .warning("W501", "job '\(job)' on systemd host '\(host)': 'overlap: wait' cannot hold there: systemd does not queue a run while the service still runs, so the run is skipped instead of waiting",
                 at: location, notes: [DiagnosticNote("say what happens on every host with 'overlap: skip'")], fixIt: "skip")
    }
}
