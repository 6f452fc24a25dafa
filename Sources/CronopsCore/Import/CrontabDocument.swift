/// An existing crontab as its cron daemon reads it: the first stage of `cronops import`
/// (crontab text → `CrontabDocument` → raw spec → YAML text). Every value is what the daemon
/// would use, not what the file spells: quotes stripped, `%` and backslashes processed.

/// A variable line (`NAME=value`), as cron reads it: no expansion, matching quotes stripped.
public struct CrontabVariable: Sendable, Equatable {
    public var name: String
    public var value: String
    /// Where the line's name starts.
    public var location: SourceLocation

    public init(name: String, value: String, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// One job line cron would run.
public struct CrontabEntry: Sendable {
    /// The schedule: the five time fields joined by single spaces, or the macro (`@daily`),
    /// located at its first character.
    public var schedule: Located<String>
    /// The cron.d user column; nil in a user crontab.
    public var user: Located<String>?
    /// Byte for byte the text cron hands to the shell (after the dialect's `\%` and `\\`),
    /// located where the command part of the line starts.
    public var command: Located<String>
    /// The command part as written in the file.
    public var written: String
    /// The text of a comment line directly above the job (without `#` and surrounding blanks).
    public var comment: String?
    /// The variables in force for this line, each name once (its last value), in the order
    /// the names were first set.
    public var environment: [CrontabVariable]
    /// The zone the line's schedule is read in when the file says so (cronie's `CRON_TZ`,
    /// canonical); nil: the daemon's zone.
    public var zone: String?
    /// The line's first character.
    public var location: SourceLocation
}

/// A whole file, read.
public struct CrontabDocument: Sendable {
    public var file: String
    public var format: CrontabFormat
    public var dialect: CronDialect
    /// The lines cron would run and cronops can import, in file order.
    public var entries: [CrontabEntry]
    /// Debian's cron ignores this whole file today (a line it cannot read, no final newline):
    /// none of its jobs run now.
    public var ignoredByDaemon: Bool
}
