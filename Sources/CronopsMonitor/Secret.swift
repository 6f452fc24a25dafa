/// An API key. Never printed: its description is a mask, and `mask(_:)` scrubs it from any
/// text that leaves the program (server messages, errors, logs).
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "****" }
    public var debugDescription: String { "****" }

    public func mask(_ text: String) -> String {
        guard value.count >= 4 else { return text }
        return text.replacingOccurrences(of: value, with: "****")
    }
}

import Foundation
