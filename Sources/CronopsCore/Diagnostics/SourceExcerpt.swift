/// The source line under a diagnostic's header, as a terminal or a CI log may show it, and
/// the indent that puts the caret under the column.
///
/// Shown, not sent: control characters and bidirectional overrides appear as escapes
/// (`Escaping.plainText`), so a hostile file cannot move the cursor, retitle the terminal or
/// reorder what the reader sees. Tabs stay tabs, so the caret lines up under tabbed text.
/// A line longer than `widest` scalars (a minified or hostile file: one line of 8 MB) is cut
/// to `window` scalars around the column, with `…` where it was cut.
struct SourceExcerpt {
    static let widest = 160
    static let window = 120
    /// Scalars kept before the column when the line is cut.
    static let before = 50

    let text: String
    let caretIndent: String

    init(line: String, column: Int) {
        // One piece a scalar: what is shown for it, and whether it is a tab.
        var pieces: [(shown: String, tab: Bool)] = []
        for scalar in line.unicodeScalars {
            if scalar == "\t" {
                pieces.append(("\t", true))
            } else {
                let one = String(scalar)
                pieces.append((Escaping.needsPlainEscape(scalar) ? Escaping.plainText(one) : one, false))
            }
        }
        let caret = min(max(0, column - 1), pieces.count)
        var start = 0, end = pieces.count
        if pieces.count > Self.widest {
            start = max(0, min(caret - Self.before, pieces.count - Self.window))
            end = min(pieces.count, start + Self.window)
        }
        let cutBefore = start > 0, cutAfter = end < pieces.count
        text = (cutBefore ? "…" : "") + pieces[start..<end].map(\.shown).joined() + (cutAfter ? "…" : "")
        var indent = cutBefore ? " " : ""
        for piece in pieces[start..<min(caret, end)] {
            indent += piece.tab ? "\t" : String(repeating: " ", count: piece.shown.unicodeScalars.count)
        }
        caretIndent = indent
    }
}
