import CronopsCore
/// An API key. Never printed: its description is a mask, and `mask(_:)` scrubs it from any
/// text that leaves the program (server messages, errors, logs).
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { SecretMask.mask }
    public var debugDescription: String { SecretMask.mask }

    /// `text` with the key replaced by the mask every other output uses.
    public func mask(_ text: String) -> String { SecretMask.redact(text, secrets: [value]) }
}

import FoundationEssentials
