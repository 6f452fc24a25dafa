/// Problems with the shape of the files: wrong types, unknown or missing keys (E020–E029).
extension Diagnostic {
    static func unknownKey(_ key: String, what: String, at location: SourceLocation, suggestion: String?,
                           allowed: [String]) -> Diagnostic {
        if let suggestion {
            return .error("E020", "unknown key '\(key)' in \(what); did you mean '\(suggestion)'?", at: location,
                          fixIt: suggestion)
        }
        return .error("E020", "unknown key '\(key)' in \(what)", at: location,
                      notes: [DiagnosticNote("allowed keys: \(allowed.joined(separator: ", "))")])
    }

    static func wrongType(expected: String, found node: YAMLNode, what: String, quoteHint: String? = nil,
                          fixIt: String? = nil) -> Diagnostic {
        var message = "\(what) must be \(expected), found \(node.kindName)"
        var fix = fixIt
        if let quoteHint {
            message += "; put it in quotes if you meant the text"
            fix = "\"\(quoteHint)\""
        }
        return .error("E021", message, at: node.location, fixIt: fix)
    }

    static func missingKey(_ key: String, what: String, at location: SourceLocation) -> Diagnostic {
        .error("E022", "\(what) needs '\(key)'", at: location)
    }

    static func nonScalarKey(at location: SourceLocation, what: String) -> Diagnostic {
        .error("E021", "a key in \(what) must be a plain name, found a map or a list", at: location)
    }

    static func nameNotString(what: String, found node: YAMLNode, at location: SourceLocation) -> Diagnostic {
        .error("E021", "a \(what) name must be text, found \(node.kindName) '\(node.scalar?.text ?? "")'; names use a-z, 0-9, '-' and '_' and start with a letter or digit",
               at: location)
    }

    static func emptyFile(_ file: String, expected: String) -> Diagnostic {
        .error("E012", "file is empty (or holds only comments); expected \(expected)",
               at: SourceLocation(file: file, line: 1, column: 1))
    }

    static func noJobsInFile(at location: SourceLocation) -> Diagnostic {
        .error("E022", "'jobs' is empty; define at least one job or delete the file", at: location)
    }

    static func durationWithoutUnit(_ n: Int, what: String, at location: SourceLocation) -> Diagnostic {
        .error("E025", "\(what) needs a unit: write \(n)s, or e.g. 15m, 1h30m, 2d", at: location, fixIt: "\(n)s")
    }

    static func literalSecret(key: String, envForm: String, at location: SourceLocation) -> Diagnostic {
        .error("E029", "'\(key)' holds a secret in the repository; remove it and name the environment variable that holds it with '\(envForm)' instead",
               at: location, fixIt: "\(envForm): HC_\(key.uppercased())")
    }
}
