/// A token of a rule expression, with its scalar range in the source.
struct RuleToken: Equatable {
    enum Kind: Equatable {
        case number(JSONValue)
        case string(String)
        case name(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    var range: Range<Int>
}

/// Splits a rule expression into tokens. Catches the usual slips from other languages (`=`,
/// `&&`, `||`, `!`) with a message saying what to write instead.
enum RuleLexer {
    static func isPlainName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, isNameStart(first) else { return false }
        return text.unicodeScalars.allSatisfy(isNameContinue) && !RuleParser.keywords.contains(text)
    }

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || (c.value > 0x7F && c.properties.isAlphabetic)
    }

    static func isNameContinue(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || ("0"..."9").contains(c)
    }

    static func tokenize(_ scalars: [Unicode.Scalar]) -> Result<[RuleToken], RuleSyntaxError> {
        var tokens: [RuleToken] = []
        var i = 0
        func error(_ at: Int, _ message: String) -> Result<[RuleToken], RuleSyntaxError> {
            .failure(RuleSyntaxError(offset: at, message: message))
        }
        while i < scalars.count {
            let c = scalars[i]
            let start = i
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if isNameStart(c) {
                while i < scalars.count, isNameContinue(scalars[i]) { i += 1 }
                tokens.append(RuleToken(kind: .name(String(String.UnicodeScalarView(scalars[start..<i]))), range: start..<i))
                continue
            }
            if ("0"..."9").contains(c) {
                switch lexNumber(scalars, from: start) {
                case let .success((value, end)):
                    i = end
                    tokens.append(RuleToken(kind: .number(value), range: start..<end))
                case let .failure(e): return .failure(e)
                }
                continue
            }
            if c == "\"" || c == "'" {
                switch lexString(scalars, from: start) {
                case let .success((value, end)):
                    i = end
                    tokens.append(RuleToken(kind: .string(value), range: start..<end))
                case let .failure(e): return .failure(e)
                }
                continue
            }
            if i + 2 < scalars.count, scalars[i + 1] == "=", scalars[i + 2] == "=", c == "=" || c == "!" {
                return error(start, "'\(c)==' is not an operator; write '\(c == "=" ? "==" : "!=")'")
            }
            let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
            let two = next.map { String(c) + String($0) } ?? ""
            switch two {
            case "==", "!=", "<=", ">=":
                tokens.append(RuleToken(kind: .symbol(two), range: start..<start + 2))
                i += 2
                continue
            case "&&": return error(start, "'&&' is not an operator here; write 'and'")
            case "||": return error(start, "'||' is not an operator here; write 'or'")
            case "=>", "=<": return error(start, "'\(two)' is not an operator; write '\(two.reversed().map(String.init).joined())'")
            default: break
            }
            switch c {
            case "+", "-", "*", "/", "<", ">", "(", ")", "[", "]", ".", ",", "$":
                tokens.append(RuleToken(kind: .symbol(String(c)), range: start..<start + 1))
                i += 1
            case "=": return error(start, "'=' is not an operator; write '==' to compare")
            case "!": return error(start, "'!' is not an operator here; write 'not' (or '!=' for 'not equal')")
            case "&": return error(start, "'&' is not an operator here; write 'and'")
            case "|": return error(start, "'|' is not an operator here; write 'or'")
            case "%": return error(start, "'%' (remainder) is not supported; rules have + - * /")
            default:
                return error(start, "unexpected character '\(c.escaped(asASCII: false))'")
            }
        }
        tokens.append(RuleToken(kind: .end, range: scalars.count..<scalars.count))
        return .success(tokens)
    }

    private static func lexNumber(_ s: [Unicode.Scalar], from start: Int) -> Result<(JSONValue, Int), RuleSyntaxError> {
        var i = start
        func digits() { while i < s.count, ("0"..."9").contains(s[i]) { i += 1 } }
        digits()
        var integral = true
        if i + 1 < s.count, s[i] == ".", ("0"..."9").contains(s[i + 1]) {
            integral = false
            i += 1
            digits()
        }
        if i < s.count, s[i] == "e" || s[i] == "E" {
            var j = i + 1
            if j < s.count, s[j] == "+" || s[j] == "-" { j += 1 }
            if j < s.count, ("0"..."9").contains(s[j]) {
                integral = false
                i = j
                digits()
            }
        }
        if i < s.count, isNameStart(s[i]) {
            return .failure(RuleSyntaxError(offset: i, message: "unexpected '\(s[i])' right after a number; names cannot start with a digit"))
        }
        let text = String(String.UnicodeScalarView(s[start..<i]))
        if integral, let n = Int(text) { return .success((.int(n), i)) }
        guard let d = Double(text), d.isFinite else {
            return .failure(RuleSyntaxError(offset: start, message: "number '\(text)' is out of range"))
        }
        return .success((.double(d), i))
    }

    private static func lexString(_ s: [Unicode.Scalar], from start: Int) -> Result<(String, Int), RuleSyntaxError> {
        let quote = s[start]
        var i = start + 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == quote { return .success((String(out), i + 1)) }
            if c == "\\" {
                guard i + 1 < s.count else { break }
                switch s[i + 1] {
                case "\\", "\"", "'", "/": out.append(s[i + 1])
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default:
                    return .failure(RuleSyntaxError(offset: i, message: "unknown escape '\\\(s[i + 1])' in a string; use \\\\, \\\", \\', \\n, \\t or \\r"))
                }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return .failure(RuleSyntaxError(offset: start, message: "string is not closed; add the matching \(quote) at its end"))
    }
}
