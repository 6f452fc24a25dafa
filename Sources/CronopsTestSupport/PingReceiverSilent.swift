#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 that never accepts: the kernel completes the handshake and
/// buffers the request, and no answer ever comes. The monitor that hangs.
public final class SilentListener: Sendable {
    private let fd: Int32
    public let port: UInt16

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init() throws {
        (fd, port) = try loopbackSocket(listening: 64)
    }

    deinit { close(fd) }
}
