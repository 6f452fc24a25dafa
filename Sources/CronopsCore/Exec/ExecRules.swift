/// A `--stdout-matches`, `--stdout-forbids` or `--stderr-forbids` pattern: Swift `Regex`
/// syntax (`(?i)` works), with `^` and `$` matching at every line, as grep users expect.
public struct TextPattern: @unchecked Sendable, CustomStringConvertible {
    // `Regex` is not declared Sendable. Why sharing this one is safe: it is a `let`, never
    // mutated, and matching only reads it, except for the matcher program the standard
    // library builds lazily on the first match; `compile` runs that first match itself, so
    // the program exists before the pattern can reach another thread.
    public let source: String
    let regex: Regex<AnyRegexOutput>

    public static func compile(_ source: String) -> Result<TextPattern, PatternError> {
        do {
            let regex = try Regex(source).anchorsMatchLineEndings()
            _ = "".contains(regex)
            return .success(TextPattern(source: source, regex: regex))
        } catch {
            return .failure(PatternError(pattern: source, message: "\(error)"))
        }
    }

    public func matches(_ text: String) -> Bool { text.contains(regex) }

    public var description: String { source }
}

public struct PatternError: Error, Equatable, Sendable {
    public var pattern: String
    public var message: String
}

/// Everything `cronops exec` checks once the job has finished (SPEC §2.6 step 6).
public struct ExecRules: Sendable {
    /// Exit statuses that count as success (`--expect-exit`, default `[0]`).
    public var expectExit: [Int32]
    public var expectJSON: [RuleExpression]
    /// Plain substrings (`--stdout-contains`).
    public var stdoutContains: [String]
    public var stdoutMatches: [TextPattern]
    public var stdoutForbids: [TextPattern]
    public var stderrForbids: [TextPattern]
    public var stderrEmpty: Bool
    public var minDuration: TimeSpan?
    public var maxDuration: TimeSpan?

    public init(expectExit: [Int32] = [0], expectJSON: [RuleExpression] = [], stdoutContains: [String] = [],
                stdoutMatches: [TextPattern] = [], stdoutForbids: [TextPattern] = [],
                stderrForbids: [TextPattern] = [], stderrEmpty: Bool = false,
                minDuration: TimeSpan? = nil, maxDuration: TimeSpan? = nil) {
        self.expectExit = expectExit.isEmpty ? [0] : expectExit
        self.expectJSON = expectJSON
        self.stdoutContains = stdoutContains
        self.stdoutMatches = stdoutMatches
        self.stdoutForbids = stdoutForbids
        self.stderrForbids = stderrForbids
        self.stderrEmpty = stderrEmpty
        self.minDuration = minDuration
        self.maxDuration = maxDuration
    }

    /// Whether any rule reads stdout's text: if none does, the wrapper keeps no copy of it.
    public var readsStdout: Bool {
        !expectJSON.isEmpty || !stdoutContains.isEmpty || !stdoutMatches.isEmpty || !stdoutForbids.isEmpty
    }

    /// Whether any rule reads stderr's text (`--stderr-empty` needs only its byte count).
    public var readsStderr: Bool { !stderrForbids.isEmpty }

    /// How many rules there are, counting the exit-status rule.
    public var count: Int {
        1 + expectJSON.count + stdoutContains.count + stdoutMatches.count + stdoutForbids.count
            + stderrForbids.count + (stderrEmpty ? 1 : 0) + (minDuration == nil ? 0 : 1) + (maxDuration == nil ? 0 : 1)
    }
}
