/// Finding and replacing text literally, Unicode scalar by Unicode scalar.
///
/// Why not Foundation's `range(of:)`/`replacingOccurrences`: they live in the part of
/// Foundation that links ICU (34 MB, some 2,900 more protocol conformances that every dynamic
/// cast scans), and cronops links only FoundationEssentials so that `cronops exec` starts fast
/// (docs/exec.md, "Cost"). Why not the standard library's `replacing(_:with:)`: it compares
/// Characters, so it would not find `'` when a combining accent follows it, nor `\n` inside
/// `\r\n`; an escaper must see every scalar. Matching valid UTF-8 byte by byte is exactly
/// matching scalars: a match can only start on a lead byte, never inside a scalar.
extension StringProtocol {
    /// Every occurrence of `target` replaced by `replacement`, left to right, not overlapping.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), pattern = Array(target.utf8)
        guard !pattern.isEmpty, text.count >= pattern.count else { return String(self) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if LiteralSearch.matches(pattern, in: text, at: i) {
                out.append(contentsOf: replacement.utf8)
                i += pattern.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first occurrence of `target`, or the last with `last`.
    public func literalRange(of target: String, last: Bool = false) -> Range<Index>? {
        let text = Array(utf8), pattern = Array(target.utf8)
        guard !pattern.isEmpty, text.count >= pattern.count else { return nil }
        let starts = 0...(text.count - pattern.count)
        guard let offset = last ? starts.reversed().first(where: { LiteralSearch.matches(pattern, in: text, at: $0) })
                                : starts.first(where: { LiteralSearch.matches(pattern, in: text, at: $0) })
        else { return nil }
        let lower = utf8.index(startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: pattern.count)
    }
}

enum LiteralSearch {
    static func matches(_ pattern: [UInt8], in text: [UInt8], at i: Int) -> Bool {
        guard i + pattern.count <= text.count else { return false }
        for k in pattern.indices where text[i + k] != pattern[k] { return false }
        return true
    }
}
