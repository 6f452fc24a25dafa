public enum Severity: String, Sendable, Codable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A secondary message attached to a diagnostic, with a location of its own
/// ("first defined here").
public struct DiagnosticNote: Sendable, Equatable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// One problem found in the user's input. Constructed through the typed factories beside the
/// code that detects the problem (see `Diagnostic+*.swift`), so each keeps a stable code.
public struct Diagnostic: Sendable, Equatable {
    public var severity: Severity
    /// Stable identifier (`E012`, `W003`): tests and docs name problems by it.
    public var code: String
    public var message: String
    public var location: SourceLocation?
    public var notes: [DiagnosticNote]
    /// Replacement text that would fix the problem, when there is an obvious one.
    public var fixIt: String?

    public init(
        _ severity: Severity,
        code: String,
        _ message: String,
        at location: SourceLocation?,
        notes: [DiagnosticNote] = [],
        fixIt: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
        self.fixIt = fixIt
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation?,
                             notes: [DiagnosticNote] = [], fixIt: String? = nil) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: location, notes: notes, fixIt: fixIt)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation?,
                               notes: [DiagnosticNote] = [], fixIt: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: location, notes: notes, fixIt: fixIt)
    }
}

/// Collects diagnostics from every stage; the caller decides what is fatal.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func emit(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errorCount: Int { all.count { $0.severity == .error } }
    public var warningCount: Int { all.count { $0.severity == .warning } }

    /// Whether this set fails a run: any error, or any warning under `--strict`.
    public func isFatal(strict: Bool) -> Bool {
        hasErrors || (strict && warningCount > 0)
    }

    /// File order, then position, then code: the order users read and golden files keep.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { a, b in
            let la = a.element.location, lb = b.element.location
            switch (la, lb) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
