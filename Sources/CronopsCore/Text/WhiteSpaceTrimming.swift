extension StringProtocol {
    /// Without white space at either end (Unicode's White_Space: spaces, tabs, newlines), by
    /// scalar, as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` did (which
    /// lives in the part of Foundation cronops does not link; see `LiteralSearch`).
    public func trimmingWhiteSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
