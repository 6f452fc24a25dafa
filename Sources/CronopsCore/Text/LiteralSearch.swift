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

    /// The first occurrence of `target`, or the last with `last`. Reads the text in place and
    /// stops at the match, so a loop that searches what follows each match (`SecretMask`) stays
    /// linear in the text, however many matches a hostile line holds.
    public func literalRange(of target: String, last: Bool = false) -> Range<Index>? {
        let pattern = Array(target.utf8)
        guard !pattern.isEmpty else { return nil }
        let found = utf8.withContiguousStorageIfAvailable { LiteralSearch.find(pattern, in: $0, last: last) }
            ?? Array(utf8).withUnsafeBufferPointer { LiteralSearch.find(pattern, in: $0, last: last) }
        guard let offset = found else { return nil }
        let lower = utf8.index(startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: pattern.count)
    }
}

enum LiteralSearch {
    static func matches<Text: RandomAccessCollection<UInt8>>(_ pattern: [UInt8], in text: Text, at i: Int) -> Bool
    where Text.Index == Int {
        guard i + pattern.count <= text.count else { return false }
        for k in pattern.indices where text[i + k] != pattern[k] { return false }
        return true
    }

    /// The byte offset of the first (or last) match.
    static func find(_ pattern: [UInt8], in text: UnsafeBufferPointer<UInt8>, last: Bool) -> Int? {
        guard text.count >= pattern.count else { return nil }
        let starts = 0...(text.count - pattern.count)
        return last ? starts.reversed().first { matches(pattern, in: text, at: $0) }
                    : starts.first { matches(pattern, in: text, at: $0) }
    }
}
