/// Recursive-descent parser for rule expressions (grammar in `RuleExpression`), with a light
/// static check of what each part yields so that `sent + 1` or `exists(1)` is reported at
/// validate time rather than on the host at night.
struct RuleParser {
    static let keywords: Set<String> = ["and", "or", "not", "true", "false", "null"]
    /// Deep enough for any real rule, shallow enough that hostile input cannot exhaust the stack.
    static let maxDepth = 64
    /// The tallest tree accepted. `maxDepth` bounds the parser's own recursion (parentheses,
    /// `not`, `-`), but a chain such as `a + b + c + …` is built by a loop, each operator one
    /// level taller; evaluating and freeing a tree recurse over its height, so it is bounded too.
    static let maxHeight = 256

    /// What a sub-expression is known to yield before seeing any data.
    enum Yield: Equatable {
        case boolean, number, string, null, unknown

        var phrase: String {
            switch self {
            case .boolean: "true or false"
            case .number: "a number"
            case .string: "a string"
            case .null: "null"
            case .unknown: "a value"
            }
        }
    }

    struct Fail: Error { var error: RuleSyntaxError }

    let scalars: [Unicode.Scalar]
    let tokens: [RuleToken]
    var position = 0
    var depth = 0

    static func parse(_ text: String) -> Result<RuleNode, RuleSyntaxError> {
        let scalars = Array(text.unicodeScalars)
        let tokens: [RuleToken]
        switch RuleLexer.tokenize(scalars) {
        case let .success(t): tokens = t
        case let .failure(e): return .failure(e)
        }
        var parser = RuleParser(scalars: scalars, tokens: tokens)
        do {
            if case .end = parser.current.kind {
                throw Fail(error: RuleSyntaxError(offset: 0, message: "empty rule; write a condition such as `failed == 0`"))
            }
            let (node, yield) = try parser.expression()
            if case .end = parser.current.kind {} else {
                throw parser.fail("unexpected \(parser.describe(parser.current)) after a complete condition; join conditions with 'and' or 'or'")
            }
            if yield != .boolean && yield != .unknown {
                throw Fail(error: RuleSyntaxError(
                    offset: node.range.lowerBound,
                    message: "this rule yields \(yield.phrase), not true or false; compare it with something, e.g. `\(parser.text(node.range)) > 0`"))
            }
            return .success(node)
        } catch let fail as Fail {
            return .failure(fail.error)
        } catch {
            return .failure(RuleSyntaxError(offset: 0, message: "\(error)"))
        }
    }

    // MARK: - Helpers

    var current: RuleToken { tokens[position] }

    func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

    func describe(_ token: RuleToken) -> String {
        switch token.kind {
        case .end: "end of rule"
        default: "'\(text(token.range))'"
        }
    }

    func fail(_ message: String, at offset: Int? = nil) -> Fail {
        Fail(error: RuleSyntaxError(offset: offset ?? current.range.lowerBound, message: message))
    }

    func isSymbol(_ s: String) -> Bool { current.kind == .symbol(s) }
    func isName(_ s: String) -> Bool { current.kind == .name(s) }

    mutating func advance() -> RuleToken {
        let token = current
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    /// A node with operands, refused (at its operator) when it would make the tree taller than
    /// `maxHeight`. Its operands were checked when they were made, so a refused tree is at most
    /// one level over and frees without trouble.
    func operatorNode(_ kind: RuleNode.Kind, _ range: Range<Int>, at operatorToken: RuleToken) throws -> RuleNode {
        try operatorNode(kind, range, at: operatorToken.range.lowerBound)
    }

    func operatorNode(_ kind: RuleNode.Kind, _ range: Range<Int>, at offset: Int) throws -> RuleNode {
        let node = RuleNode(kind: kind, range: range)
        if node.height > Self.maxHeight {
            throw fail("rule has more than \(Self.maxHeight) operators one inside the other; split it into several rules "
                       + "(each line under `json:` is checked on its own)", at: offset)
        }
        return node
    }

    mutating func nested<T>(_ body: (inout RuleParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw fail("rule nested deeper than \(Self.maxDepth) levels") }
        return try body(&self)
    }

    // MARK: - Grammar

    mutating func expression() throws -> (RuleNode, Yield) {
        try nested { try $0.logical(.or) }
    }

    /// `or` and `and`: left-associative, operands must be true/false.
    mutating func logical(_ op: RuleBinaryOperator) throws -> (RuleNode, Yield) {
        var (lhs, lhsYield) = op == .or ? try logical(.and) : try negation()
        while isName(op.rawValue) {
            let opToken = advance()
            try requireBoolean(lhs, lhsYield, for: op.rawValue)
            let (rhs, rhsYield) = op == .or ? try logical(.and) : try negation()
            try requireBoolean(rhs, rhsYield, for: op.rawValue)
            lhs = try operatorNode(.binary(op, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound, at: opToken)
            lhsYield = .boolean
        }
        return (lhs, lhsYield)
    }

    mutating func negation() throws -> (RuleNode, Yield) {
        guard isName("not") else { return try comparison() }
        let start = advance().range.lowerBound
        let (operand, yield) = try nested { try $0.negation() }
        try requireBoolean(operand, yield, for: "not")
        return (try operatorNode(.unary(.not, operand), start..<operand.range.upperBound, at: start), .boolean)
    }

    mutating func comparison() throws -> (RuleNode, Yield) {
        let (lhs, lhsYield) = try sum()
        guard case let .symbol(s) = current.kind, let op = RuleBinaryOperator(rawValue: s), op.isComparison else {
            return (lhs, lhsYield)
        }
        let opToken = advance()
        let (rhs, rhsYield) = try sum()
        if case let .symbol(s2) = current.kind, let op2 = RuleBinaryOperator(rawValue: s2), op2.isComparison {
            throw fail("comparisons cannot be chained; write `\(text(lhs.range)) \(s) \(text(rhs.range)) and \(text(rhs.range)) \(s2) …`")
        }
        if op.isOrdering {
            for (node, yield) in [(lhs, lhsYield), (rhs, rhsYield)] where yield == .boolean || yield == .null {
                throw fail("'\(s)' compares numbers or strings, but `\(text(node.range))` is \(yield.phrase)", at: node.range.lowerBound)
            }
            if lhsYield != .unknown, rhsYield != .unknown, lhsYield != rhsYield {
                throw fail("'\(s)' cannot compare \(lhsYield.phrase) with \(rhsYield.phrase)", at: opToken.range.lowerBound)
            }
        }
        return (try operatorNode(.binary(op, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound, at: opToken), .boolean)
    }

    mutating func sum() throws -> (RuleNode, Yield) {
        try arithmetic(operators: ["+", "-"]) { try $0.product() }
    }

    mutating func product() throws -> (RuleNode, Yield) {
        try arithmetic(operators: ["*", "/"]) { try $0.unary() }
    }

    mutating func arithmetic(operators: Set<String>, operand: (inout RuleParser) throws -> (RuleNode, Yield)) throws -> (RuleNode, Yield) {
        var (lhs, lhsYield) = try operand(&self)
        while case let .symbol(s) = current.kind, operators.contains(s), let op = RuleBinaryOperator(rawValue: s) {
            let opToken = advance()
            try requireNumber(lhs, lhsYield, for: s)
            let (rhs, rhsYield) = try operand(&self)
            try requireNumber(rhs, rhsYield, for: s)
            lhs = try operatorNode(.binary(op, lhs, rhs), lhs.range.lowerBound..<rhs.range.upperBound, at: opToken)
            lhsYield = .number
        }
        return (lhs, lhsYield)
    }

    mutating func unary() throws -> (RuleNode, Yield) {
        guard isSymbol("-") else { return try primary() }
        let start = advance().range.lowerBound
        let (operand, yield) = try nested { try $0.unary() }
        try requireNumber(operand, yield, for: "-")
        if case let .literal(value) = operand.kind, let n = NumericValue(value) {
            let negated = NumericValue.combine(.int(0), n, { $0.subtractingReportingOverflow($1) }, -)
            return (RuleNode(kind: .literal(negated.json), range: start..<operand.range.upperBound), .number)
        }
        return (try operatorNode(.unary(.negate, operand), start..<operand.range.upperBound, at: start), .number)
    }

    mutating func primary() throws -> (RuleNode, Yield) {
        let token = current
        switch token.kind {
        case let .number(value):
            _ = advance()
            return (RuleNode(kind: .literal(value), range: token.range), .number)
        case let .string(value):
            _ = advance()
            return (RuleNode(kind: .literal(.string(value)), range: token.range), .string)
        case let .name(name):
            switch name {
            case "true", "false":
                _ = advance()
                return (RuleNode(kind: .literal(.bool(name == "true")), range: token.range), .boolean)
            case "null":
                _ = advance()
                return (RuleNode(kind: .literal(.null), range: token.range), .null)
            case "and", "or", "not":
                throw fail("expected a value, found '\(name)'")
            default:
                if tokens[position + 1].kind == .symbol("(") { return try call(name) }
                return try path()
            }
        case .symbol("("):
            _ = advance()
            let (inner, yield) = try expression()
            guard isSymbol(")") else {
                let opened = text(token.range.lowerBound..<current.range.lowerBound).trimmed(of: " ")
                let shown = opened.count > 16 ? String(opened.prefix(16)) + "…" : opened
                throw fail("expected ')' to close `\(shown)`, found \(describe(current))")
            }
            let close = advance()
            return (RuleNode(kind: inner.kind, range: token.range.lowerBound..<close.range.upperBound), yield)
        case .symbol("$"):
            return try path()
        case .symbol(")"):
            throw fail("unexpected ')' with no matching '('")
        case .end:
            let previous = position > 0 ? "'\(text(tokens[position - 1].range))'" : "the start"
            throw fail("expected a value after \(previous), found end of rule")
        default:
            throw fail("expected a value, found \(describe(token))")
        }
    }

    mutating func call(_ name: String) throws -> (RuleNode, Yield) {
        let nameToken = advance()
        guard let function = RuleFunction(rawValue: name) else {
            throw fail("unknown function '\(name)'; the functions are len(x) and exists(x)", at: nameToken.range.lowerBound)
        }
        _ = advance() // (
        let (argument, yield) = try expression()
        if isSymbol(",") { throw fail("\(name)() takes one argument") }
        guard isSymbol(")") else { throw fail("expected ')' to close \(name)(, found \(describe(current))") }
        let close = advance()
        switch function {
        case .exists:
            guard case .path = argument.kind else {
                throw fail("exists() takes a path such as `stats.sent`, not `\(text(argument.range))`", at: argument.range.lowerBound)
            }
        case .len:
            if yield == .number || yield == .boolean || yield == .null {
                throw fail("len() counts a string, array or object, but `\(text(argument.range))` is \(yield.phrase)",
                           at: argument.range.lowerBound)
            }
        }
        let result: Yield = function == .exists ? .boolean : .number
        return (try operatorNode(.call(function, argument), nameToken.range.lowerBound..<close.range.upperBound, at: nameToken),
                result)
    }

    mutating func path() throws -> (RuleNode, Yield) {
        let first = advance()
        var segments: [RulePathSegment] = []
        if case let .name(name) = first.kind { segments.append(.key(name)) }
        var end = first.range.upperBound
        while true {
            if isSymbol(".") {
                _ = advance()
                switch current.kind {
                case let .name(name):
                    segments.append(.key(name))
                    end = advance().range.upperBound
                case let .number(n):
                    throw fail("write `[\(n.json)]` to index an array, not `.\(n.json)`")
                default:
                    throw fail("expected a member name after '.', found \(describe(current))")
                }
            } else if isSymbol("[") {
                _ = advance()
                let negative = isSymbol("-")
                if negative { _ = advance() }
                switch current.kind {
                case let .number(.int(n)):
                    segments.append(.index(negative ? -n : n))
                case let .string(key) where !negative:
                    segments.append(.key(key))
                default:
                    throw fail("expected an integer index or a quoted key inside [ ], found \(describe(current))")
                }
                _ = advance()
                guard isSymbol("]") else { throw fail("expected ']', found \(describe(current))") }
                end = advance().range.upperBound
            } else {
                break
            }
        }
        return (RuleNode(kind: .path(RulePath(segments: segments)), range: first.range.lowerBound..<end), .unknown)
    }

    // MARK: - Static checks

    func requireBoolean(_ node: RuleNode, _ yield: Yield, for op: String) throws {
        guard yield != .boolean, yield != .unknown else { return }
        throw fail("'\(op)' needs true or false, but `\(text(node.range))` is \(yield.phrase)", at: node.range.lowerBound)
    }

    func requireNumber(_ node: RuleNode, _ yield: Yield, for op: String) throws {
        guard yield != .number, yield != .unknown else { return }
        throw fail("'\(op)' works on numbers, but `\(text(node.range))` is \(yield.phrase)", at: node.range.lowerBound)
    }
}
