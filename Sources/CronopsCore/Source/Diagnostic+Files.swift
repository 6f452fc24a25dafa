

/// Problems finding and reading the repository's files (E011–E016, W003): raised by the pipeline
/// (size) and by whichever `RepositoryFiles` reads them (missing, unreadable, loops).
extension Diagnostic {
    public static func fileTooLarge(_ path: String, size: Int, limit: Int) -> Diagnostic {
        .error("E011", "file is \(size) bytes; cronops reads YAML files of at most \(limit / 1024 / 1024) MiB. Split it into several job files",
               at: SourceLocation(file: path, line: 1, column: 1))
    }

    public static func unreadableFile(_ path: String, reason: String) -> Diagnostic {
        .error("E013", "cannot read \(path): \(reason)", at: SourceLocation(file: path, line: 1, column: 1))
    }

    public static func symlinkLoop(_ path: String) -> Diagnostic {
        .error("E014", "symbolic link loop: \(path) leads back into a directory already being scanned; remove the link",
               at: SourceLocation(file: path, line: 1, column: 1))
    }

    public static func projectFileNotFound(_ path: String, given: String?) -> Diagnostic {
        let hint = given == nil
            ? "run cronops from the repository's root, or pass --config PATH (the file or its directory)"
            : "check the path given to --config"
        return .error("E015", "no project file at \(path); \(hint)", at: nil)
    }

    public static func noJobDirectory(_ dir: Located<String>, reason: String) -> Diagnostic {
        .error("E016", "jobs directory '\(dir.value)' \(reason)", at: dir.location)
    }

    public static func noJobs(at location: SourceLocation) -> Diagnostic {
        .warning("W003", "no job files found in the jobs directories", at: location)
    }
}
