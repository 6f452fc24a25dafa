/// A `validate.stdout.json` expression (SPEC §1.2), parsed at validate time and evaluated by the
/// wrapper against the job's JSON output. The grammar, loosest binding first:
///
///     expr       = or
///     or         = and ("or" and)*
///     and        = not ("and" not)*
///     not        = "not" not | comparison
///     comparison = sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?     -- no chains: a < b < c
///     sum        = product (("+" | "-") product)*
///     product    = unary (("*" | "/") unary)*
///     unary      = "-" unary | primary
///     primary    = number | string | true | false | null | "(" expr ")"
///                | ("len" | "exists") "(" expr ")" | path
///     path       = (name | "$") ("." name | "[" integer "]" | "[" string "]")*
///
/// Names are `[A-Za-z_][A-Za-z0-9_]*`; other keys (with spaces, dashes, or named like a keyword)
/// are written `stats["error-count"]` or `$["not"]`; `$` alone is the whole document and
/// `items[-1]` the last element. Strings take single or double quotes with `\` escapes.
/// `len` and `exists` are functions only when a `(` follows, so a key called `len` still works.
public struct RuleExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written.
    public let source: String
    let root: RuleNode

    public static func parse(_ text: String) -> Result<RuleExpression, RuleSyntaxError> {
        RuleParser.parse(text).map { RuleExpression(source: text, root: $0) }
    }

    public var description: String { source }

    public static func == (lhs: RuleExpression, rhs: RuleExpression) -> Bool { lhs.source == rhs.source }
}

/// A syntax error in a rule expression, pointing at the character.
public struct RuleSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Offset from the start of the expression in Unicode scalars (what `SourceLocation`
    /// columns count, so `location.advanced(by: offset)` puts the caret on it); equal to the
    /// character offset for ASCII text.
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "column \(offset + 1): \(message)" }
}

/// One segment of a path: `.name`/`["key"]` or `[index]` (negative counts from the end).
public enum RulePathSegment: Sendable, Equatable {
    case key(String)
    case index(Int)
}

/// A JSON path such as `stats.sent`, `items[0].id` or `$["odd key"]`.
public struct RulePath: Sendable, Equatable, CustomStringConvertible {
    /// Starts at the document itself (`$`), else at the member named by the first segment.
    public var segments: [RulePathSegment]

    public var description: String {
        var out = ""
        for (i, segment) in segments.enumerated() {
            switch segment {
            case let .key(k) where RuleLexer.isPlainName(k):
                out += (i == 0 ? "" : ".") + k
            case let .key(k):
                out += (i == 0 ? "$" : "") + "[" + JSONValue.quote(k) + "]"
            case let .index(n):
                out += (i == 0 ? "$" : "") + "[\(n)]"
            }
        }
        return out.isEmpty ? "$" : out
    }
}

enum RuleUnaryOperator: String, Sendable {
    case not
    case negate = "-"
}

enum RuleBinaryOperator: String, Sendable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }
}

enum RuleFunction: String, Sendable, CaseIterable {
    case len, exists
}

/// A node of the parsed expression with the scalar range it was written at, so runtime
/// messages can quote the exact sub-expression.
struct RuleNode: Sendable {
    indirect enum Kind: Sendable {
        case literal(JSONValue)
        case path(RulePath)
        case unary(RuleUnaryOperator, RuleNode)
        case binary(RuleBinaryOperator, RuleNode, RuleNode)
        case call(RuleFunction, RuleNode)
    }

    let kind: Kind
    let range: Range<Int>
    /// Levels of nodes from this one down to its deepest leaf (a leaf is 1). What the
    /// evaluator's recursion and the tree's deallocation go through, hence bounded by the parser.
    let height: Int

    init(kind: Kind, range: Range<Int>) {
        self.kind = kind
        self.range = range
        switch kind {
        case .literal, .path: height = 1
        case let .unary(_, operand), let .call(_, operand): height = operand.height + 1
        case let .binary(_, lhs, rhs): height = max(lhs.height, rhs.height) + 1
        }
    }
}
