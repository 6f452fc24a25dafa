/// Typed reads from YAML nodes into located values. Each read that fails emits one located
/// diagnostic and returns nil, so the caller goes on and every problem is reported in one run.
struct NodeReader {
    var diagnostics = Diagnostics()

    /// The values of a map whose keys are all in `allowed`; unknown keys are reported with
    /// the closest allowed key. `what` names the map in messages ("job 'backup'").
    mutating func map(_ node: YAMLNode, what: @autoclosure () -> String, allowed: [String]) -> KnownKeys? {
        guard case .mapping(let pairs) = node.kind else {
            diagnostics.emit(.wrongType(expected: "a map", found: node, what: what()))
            return nil
        }
        var result = KnownKeys(capacity: pairs.count)
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                diagnostics.emit(.nonScalarKey(at: pair.key.location, what: what()))
                continue
            }
            // Lengths first: most keys differ from most allowed keys in length, which is cheap
            // to compare where a string comparison is a call.
            if allowed.contains(where: { $0.utf8.count == key.utf8.count && $0 == key }) {
                result.add(key, pair.value)
            } else if let envForm = KeySets.secrets[key] {
                diagnostics.emit(.literalSecret(key: key, envForm: envForm, at: pair.key.location))
            } else {
                diagnostics.emit(.unknownKey(key, what: what(), at: pair.key.location,
                                             suggestion: Suggestions.closest(to: key, in: allowed),
                                             allowed: allowed))
            }
        }
        return result
    }

    /// The values of a map whose keys are known (the composer has already refused repeated
    /// keys, so each is here once). Looked up by a linear scan: a map holds at most the twenty
    /// or so allowed keys, and comparing short keys is cheaper than hashing them.
    struct KnownKeys {
        private var keys: [String] = []
        private var values: [YAMLNode] = []

        init(capacity: Int) {
            keys.reserveCapacity(capacity)
            values.reserveCapacity(capacity)
        }

        mutating func add(_ key: String, _ value: YAMLNode) {
            keys.append(key)
            values.append(value)
        }

        /// The value written for `key`, if any.
        subscript(key: String) -> YAMLNode? {
            guard let i = keys.firstIndex(where: { $0.utf8.count == key.utf8.count && $0 == key }) else { return nil }
            return values[i]
        }
    }

    /// A map whose keys are names chosen by the user (jobs, routes, hosts), in file order.
    mutating func namedEntries(_ node: YAMLNode, what: String) -> [(name: Located<String>, value: YAMLNode)]? {
        guard case .mapping(let pairs) = node.kind else {
            diagnostics.emit(.wrongType(expected: "a map of names to \(what) definitions", found: node, what: "'\(what)s'"))
            return nil
        }
        var entries: [(name: Located<String>, value: YAMLNode)] = []
        for pair in pairs {
            guard let scalar = pair.key.scalar else {
                diagnostics.emit(.nonScalarKey(at: pair.key.location, what: "\(what)s"))
                continue
            }
            guard case .string(let name) = scalar.resolved else {
                diagnostics.emit(.nameNotString(what: what, found: pair.key, at: pair.key.location))
                continue
            }
            entries.append((Located(name, at: pair.key.location), pair.value))
        }
        return entries
    }

    mutating func string(_ node: YAMLNode, what: @autoclosure () -> String) -> Located<String>? {
        guard let scalar = node.scalar else {
            diagnostics.emit(.wrongType(expected: "a string", found: node, what: what()))
            return nil
        }
        guard case .string(let text) = scalar.resolved else {
            diagnostics.emit(.wrongType(expected: "a string", found: node, what: what(), quoteHint: scalar.text))
            return nil
        }
        if SpecChecker.looksLikeAPIKey(text) {
            diagnostics.emit(.secretValue(at: node.valueLocation))
            return nil
        }
        return Located(text, at: node.valueLocation)
    }

    /// A scalar's text whatever it resolves to (env values: `PORT: 8080` means "8080").
    mutating func scalarText(_ node: YAMLNode, what: @autoclosure () -> String) -> Located<String>? {
        guard let scalar = node.scalar else {
            diagnostics.emit(.wrongType(expected: "a string", found: node, what: what()))
            return nil
        }
        if case .null = scalar.resolved {
            diagnostics.emit(.wrongType(expected: "a string", found: node, what: what()))
            return nil
        }
        if SpecChecker.looksLikeAPIKey(scalar.text) {
            diagnostics.emit(.secretValue(at: node.valueLocation))
            return nil
        }
        return Located(scalar.text, at: node.valueLocation)
    }

    mutating func int(_ node: YAMLNode, what: @autoclosure () -> String) -> Located<Int>? {
        guard case .int(let value) = node.scalar?.resolved else {
            diagnostics.emit(.wrongType(expected: "a whole number", found: node, what: what()))
            return nil
        }
        return Located(value, at: node.location)
    }

    mutating func bool(_ node: YAMLNode, what: @autoclosure () -> String) -> Located<Bool>? {
        guard case .bool(let value) = node.scalar?.resolved else {
            diagnostics.emit(.wrongType(expected: "true or false", found: node, what: what()))
            return nil
        }
        return Located(value, at: node.location)
    }

    mutating func stringList(_ node: YAMLNode, what: @autoclosure () -> String) -> Located<[Located<String>]>? {
        guard case .sequence(let items) = node.kind else {
            var fix: String?
            if let s = node.scalar, case .string(let text) = s.resolved { fix = "[\(text)]" }
            diagnostics.emit(.wrongType(expected: "a list of strings", found: node, what: what(), fixIt: fix))
            return nil
        }
        let values = items.compactMap { string($0, what: "an item of \(what())") }
        return values.count == items.count ? Located(values, at: node.location) : nil
    }

    mutating func intList(_ node: YAMLNode, what: @autoclosure () -> String) -> [Located<Int>]? {
        guard case .sequence(let items) = node.kind else {
            diagnostics.emit(.wrongType(expected: "a list of whole numbers", found: node, what: what()))
            return nil
        }
        let values = items.compactMap { int($0, what: "an item of \(what())") }
        return values.count == items.count ? values : nil
    }
}

extension YAMLNode {
    /// Where a scalar's text starts: one past the opening quote of a quoted scalar, so that a
    /// column inside the value (a cron field, a rule expression) lands on the character.
    var valueLocation: SourceLocation {
        switch scalar?.style {
        case .singleQuoted?, .doubleQuoted?: return location.advanced(by: 1)
        default: return location
        }
    }
}
