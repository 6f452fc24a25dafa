/// `directory/name` with one slash between them, as NSString's `appendingPathComponent` did
/// (that part of Foundation is not linked; see docs/exec.md, "Cost").
public enum PathJoining {
    public static func join(_ directory: String, _ name: String) -> String {
        var base = Substring(directory)
        while base.count > 1, base.hasSuffix("/") { base = base.dropLast() }
        if base.isEmpty { return name }
        return base == "/" ? "/" + name : base + "/" + name
    }
}
