/// The time-zone names a job may use: exactly the server's list, so a repo that validates never
/// sends a zone the monitor rejects, and legacy names are canonicalised the way the server
/// would, so plan never shows a perpetual diff on `tz`.
public enum ZoneTable {
    public enum Lookup: Equatable, Sendable {
        case canonical(String)
        /// A legacy alias and the canonical name it stands for.
        case legacy(String, canonical: String)
        case unknown
    }

    public static func lookup(_ name: String) -> Lookup {
        if accepted.contains(name) { return .canonical(name) }
        if let canonical = legacy[name] { return .legacy(name, canonical: canonical) }
        return .unknown
    }

    /// The canonical name for `name`, or nil when the server would reject it.
    public static func canonical(_ name: String) -> String? {
        switch lookup(name) {
        case .canonical(let c), .legacy(_, let c): return c
        case .unknown: return nil
        }
    }

    /// Every name the server accepts, for "did you mean".
    public static var allNames: [String] { Array(accepted) + Array(legacy.keys) }
}
