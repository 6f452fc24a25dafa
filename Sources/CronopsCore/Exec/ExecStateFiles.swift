/// Where `--overlap` locks and `--tolerate` counters live.
public enum ExecStateFiles {
    /// `/var/lib/cronops` for root; otherwise `$XDG_STATE_HOME/cronops`, or
    /// `~/.local/state/cronops`.
    public static func defaultDirectory(isRoot: Bool, environment: [String: String]) -> String {
        if isRoot { return "/var/lib/cronops" }
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/cronops" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/cronops" }
        return "/tmp/cronops-state"
    }

    /// Job names become file names: keep them to what a job name may hold.
    public static func isValidJobName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { PingTarget.isURLSafe($0) }
    }

    public static func lockFile(directory: String, job: String) -> String { directory + "/" + job + ".lock" }
    public static func toleranceFile(directory: String, job: String) -> String { directory + "/" + job + ".failures" }

    /// The stored counter: a decimal number; anything else (a torn write, garbage) reads as 0,
    /// which errs towards alerting.
    public static func parseFailures(_ text: String) -> Int {
        Int(text.trimmed(of: " \n\r\t")).map { max(0, $0) } ?? 0
    }
}
