/// Where the local provider's files are: the state file (`monitor.state`) and, next to it, the
/// run log the wrapper appends to (the local counterpart of a Healthchecks ping URL).
public enum RunLogLocation {
    /// The newest lines; the wrapper appends here.
    public static let fileName = "runs.jsonl"
    /// Older lines, compacted (`RunLogCompaction`); read before `fileName`.
    public static let olderSuffix = ".1"
    /// Taken shared by every append and exclusive by the one that compacts, so no append can
    /// land in a file that is being compacted.
    public static let lockSuffix = ".lock"

    /// `monitor.state` resolved against `root` (the directory holding cronops.yaml).
    public static func statePath(_ state: String, root: String) -> String {
        if state.hasPrefix("/") { return state }
        let root = root.isEmpty ? "." : root
        if root == "." { return state }
        return root.hasSuffix("/") ? root + state : root + "/" + state
    }

    /// The run log beside `statePath`.
    public static func runLog(statePath: String) -> String {
        guard let slash = statePath.lastIndex(of: "/") else { return fileName }
        return String(statePath[...slash]) + fileName
    }

    /// The run log of `spec`, with `root` (an absolute path in what the CLI passes) standing
    /// for the directory holding cronops.yaml.
    public static func runLog(spec: Spec, root: String) -> String {
        runLog(statePath: statePath(spec.monitor.statePath, root: root))
    }
}
