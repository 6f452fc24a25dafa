/// The outcome of one rule against one JSON document.
public enum RuleVerdict: Equatable, Sendable {
    case passed
    /// The rule was false; the text lists the values it looked at (`sent = 0, generated = 3`).
    case failed(String)
    /// The rule could not be evaluated on this data (a missing member, a type mismatch). It
    /// counts as a failure: a rule that cannot be checked has not been shown to hold.
    case error(String)
}

/// Semantics (documented in docs/exec.md):
/// - A path that does not exist is an error, except inside `exists(...)`; `null` is a value.
/// - `==`/`!=` compare any two values structurally; values of different kinds are simply
///   unequal (`"3" == 3` is false), integers and decimals compare numerically (`1 == 1.0`).
/// - `< <= > >=` need two numbers or two strings; anything else is an error naming both sides.
/// - `+ - * /` need numbers; integer arithmetic is exact, `7 / 2` is 3.5, division by zero is
///   an error.
/// - `and`, `or`, `not` need true/false and short-circuit, so `exists(x) and x > 0` is safe.
/// - `len` counts the characters of a string, the elements of an array, the members of an object.
extension RuleExpression {
    public func evaluate(in document: JSONValue) -> RuleVerdict {
        var evaluator = RuleEvaluator(scalars: Array(source.unicodeScalars), document: document)
        do {
            let value = try evaluator.value(of: root)
            guard case let .bool(result) = value else {
                return .error("the rule yields \(value.kindName) (\(value.brief())), not true or false")
            }
            if result { return .passed }
            let seen = evaluator.observed.map { "\($0.path) = \($0.value.brief())" }
            return .failed(seen.isEmpty ? "false" : seen.joined(separator: ", "))
        } catch let error as RuleRuntimeError {
            return .error(error.message)
        } catch {
            return .error("\(error)")
        }
    }
}

struct RuleRuntimeError: Error {
    var message: String
}

struct RuleEvaluator {
    let scalars: [Unicode.Scalar]
    let document: JSONValue
    /// Paths read while evaluating, in order, once each: what a failure message shows.
    var observed: [(path: String, value: JSONValue)] = []

    func text(_ node: RuleNode) -> String { String(String.UnicodeScalarView(scalars[node.range])) }

    func describe(_ node: RuleNode, _ value: JSONValue) -> String {
        if case .literal = node.kind { return value.brief() }
        return "`\(text(node))` is \(value.kindName) (\(value.brief()))"
    }

    mutating func value(of node: RuleNode) throws -> JSONValue {
        switch node.kind {
        case let .literal(v):
            return v
        case let .path(path):
            let v = try resolve(path, at: node)
            let name = text(node)
            if !observed.contains(where: { $0.path == name }) { observed.append((name, v)) }
            return v
        case let .unary(.not, operand):
            return .bool(!(try boolean(operand, for: "not")))
        case let .unary(.negate, operand):
            let n = try number(operand, for: "-")
            return try finite(NumericValue.combine(.int(0), n, { $0.subtractingReportingOverflow($1) }, -), node.range)
        case let .binary(op, lhs, rhs):
            return try binary(op, lhs, rhs)
        case let .call(.exists, argument):
            guard case let .path(path) = argument.kind else { throw RuleRuntimeError(message: "exists() takes a path") }
            return .bool((try? resolve(path, at: argument)) != nil)
        case let .call(.len, argument):
            let v = try value(of: argument)
            switch v {
            case let .string(s): return .int(s.count)
            case let .array(items): return .int(items.count)
            case let .object(members): return .int(Set(members.map(\.key)).count)
            default:
                throw RuleRuntimeError(message: "len() counts a string, array or object, but \(describe(argument, v))")
            }
        }
    }

    mutating func binary(_ op: RuleBinaryOperator, _ lhs: RuleNode, _ rhs: RuleNode) throws -> JSONValue {
        switch op {
        case .and:
            return .bool(try boolean(lhs, for: "and") ? try boolean(rhs, for: "and") : false)
        case .or:
            return .bool(try boolean(lhs, for: "or") ? true : try boolean(rhs, for: "or"))
        case .equal:
            return .bool(try value(of: lhs) == value(of: rhs))
        case .notEqual:
            return .bool(try value(of: lhs) != value(of: rhs))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let a = try value(of: lhs), b = try value(of: rhs)
            let order: Int
            if let x = NumericValue(a), let y = NumericValue(b) {
                order = x < y ? -1 : (x == y ? 0 : 1)
            } else if case let .string(x) = a, case let .string(y) = b {
                order = x < y ? -1 : (x == y ? 0 : 1)
            } else {
                let other = rhsIsLiteral(rhs) ? b.kindName : "\(b.kindName) (`\(text(rhs))` is \(b.brief()))"
                if NumericValue(a) == nil, case .string = a {} else if NumericValue(a) != nil {
                    throw RuleRuntimeError(message: "\(describe(rhs, b)), cannot compare with a number (`\(text(lhs))` is \(a.brief()))")
                }
                throw RuleRuntimeError(message: "\(describe(lhs, a)), cannot compare with \(other); '\(op.rawValue)' needs two numbers or two strings")
            }
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add, .subtract, .multiply, .divide:
            let a = try number(lhs, for: op.rawValue), b = try number(rhs, for: op.rawValue)
            let range = lhs.range.lowerBound..<rhs.range.upperBound
            switch op {
            case .add: return try finite(NumericValue.combine(a, b, { $0.addingReportingOverflow($1) }, +), range)
            case .subtract: return try finite(NumericValue.combine(a, b, { $0.subtractingReportingOverflow($1) }, -), range)
            case .multiply: return try finite(NumericValue.combine(a, b, { $0.multipliedReportingOverflow(by: $1) }, *), range)
            default:
                if b.isZero {
                    throw RuleRuntimeError(message: "division by zero in `\(text(lhs)) / \(text(rhs))` (`\(text(rhs))` is 0)")
                }
                return try finite(NumericValue.divide(a, b), range)
            }
        }
    }

    /// Integer overflow falls back to doubles, but doubles overflow to infinity (and then to
    /// NaN): a result no comparison can order is an error naming the sub-expression.
    func finite(_ result: NumericValue, _ range: Range<Int>) throws -> JSONValue {
        guard result.isFinite else {
            let written = String(String.UnicodeScalarView(scalars[range]))
            throw RuleRuntimeError(message: "`\(written)` is too large to compute (beyond ±1.8e308)")
        }
        return result.json
    }

    func rhsIsLiteral(_ node: RuleNode) -> Bool {
        if case .literal = node.kind { return true }
        return false
    }

    mutating func boolean(_ node: RuleNode, for op: String) throws -> Bool {
        let v = try value(of: node)
        guard case let .bool(b) = v else {
            throw RuleRuntimeError(message: "'\(op)' needs true or false, but \(describe(node, v))")
        }
        return b
    }

    mutating func number(_ node: RuleNode, for op: String) throws -> NumericValue {
        let v = try value(of: node)
        guard let n = NumericValue(v) else {
            throw RuleRuntimeError(message: "\(describe(node, v)), '\(op)' needs a number")
        }
        return n
    }

    func resolve(_ path: RulePath, at node: RuleNode) throws -> JSONValue {
        var current = document
        var walked = RulePath(segments: [])
        for segment in path.segments {
            let here = walked.description
            switch (segment, current) {
            case let (.key(key), .object(members)):
                guard let next = members.last(where: { $0.key == key })?.value else {
                    let names = members.map(\.key)
                    let list = names.isEmpty ? "it is empty" : "it has " + names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
                    let owner = walked.segments.isEmpty ? "the JSON object" : "`\(here)`"
                    throw RuleRuntimeError(message: "`\(text(node))` does not exist: \(owner) has no member \"\(key)\" (\(list))")
                }
                current = next
            case let (.index(i), .array(items)):
                let resolved = i < 0 ? items.count + i : i
                guard items.indices.contains(resolved) else {
                    throw RuleRuntimeError(message: "`\(text(node))` does not exist: `\(here)` has \(items.count) element\(items.count == 1 ? "" : "s")")
                }
                current = items[resolved]
            case (.key, _), (.index, _):
                let wanted = if case .key = segment { "an object" } else { "an array" }
                let owner = walked.segments.isEmpty ? "the JSON document" : "`\(here)`"
                throw RuleRuntimeError(message: "`\(text(node))` does not exist: \(owner) is \(current.kindName) (\(current.brief())), not \(wanted)")
            }
            walked.segments.append(segment)
        }
        return current
    }
}
