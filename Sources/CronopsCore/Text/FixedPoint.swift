import Glibc

/// A number with a fixed count of decimals, exactly as C's `printf("%.Nf")` writes it (the
/// binary value rounded half to even), which is what Foundation's `String(format:)` did before
/// cronops stopped linking that part of Foundation (see `LiteralSearch`).
public enum FixedPoint {
    public static func format(_ value: Double, places: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let written = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(places)f", $0) }
        if written >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(written) + 1)
            _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(places)f", $0) }
        }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
