extension String {
    /// `body` over the UTF-8 bytes in place. The checks that run on every field of thousands
    /// of jobs scan bytes this way: a buffer loop is several times cheaper than iterating
    /// `utf8`, which re-checks the string's representation at every step.
    @inlinable
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
