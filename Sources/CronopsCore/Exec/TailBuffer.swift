/// The last `capacity` bytes of a stream plus how many bytes went through in all: how the
/// wrapper keeps memory bounded whatever a job prints.
public struct TailBuffer: Sendable {
    public let capacity: Int
    private var storage: [UInt8] = []
    /// Where the oldest byte sits once the buffer has wrapped.
    private var head = 0
    public private(set) var totalBytes = 0

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        totalBytes += bytes.count
        guard capacity > 0, bytes.count > 0 else { return }
        var chunk = UnsafeRawBufferPointer(rebasing: bytes[...])
        if chunk.count >= capacity {
            storage = Array(chunk[(chunk.count - capacity)...])
            head = 0
            return
        }
        if storage.count < capacity {
            let room = capacity - storage.count
            let n = min(room, chunk.count)
            storage.append(contentsOf: chunk[..<n])
            chunk = UnsafeRawBufferPointer(rebasing: chunk[n...])
            if chunk.isEmpty { return }
        }
        // Overwrite the oldest bytes in at most two copies (end of storage, then its start).
        storage.withUnsafeMutableBytes { ring in
            let first = min(chunk.count, capacity - head)
            ring.baseAddress!.advanced(by: head).copyMemory(from: chunk.baseAddress!, byteCount: first)
            let rest = chunk.count - first
            if rest > 0 {
                ring.baseAddress!.copyMemory(from: chunk.baseAddress!.advanced(by: first), byteCount: rest)
            }
            head = (head + chunk.count) % capacity
        }
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The kept bytes, oldest first.
    public var bytes: [UInt8] {
        guard head > 0 else { return storage }
        return Array(storage[head...] + storage[..<head])
    }

    /// Whether every byte of the stream is kept.
    public var isComplete: Bool { totalBytes == storage.count }
}
