/// Problems found while reading bytes and composing YAML (codes E001–E019).
extension Diagnostic {
    static func yamlSyntax(_ problem: String, at location: SourceLocation, notes: [DiagnosticNote] = []) -> Diagnostic {
        .error("E001", "YAML syntax error: \(problem)", at: location, notes: notes)
    }

    static func tabIndentation(at location: SourceLocation) -> Diagnostic {
        .error("E002", "tab character used for indentation; YAML indents with spaces only", at: location,
               fixIt: "replace the tab with spaces")
    }

    static func duplicateKey(_ key: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error("E003", "duplicate key '\(key)'; a key may appear once per map", at: location,
               notes: [DiagnosticNote("'\(key)' first set here", at: first)])
    }

    static func invalidUTF8(at location: SourceLocation) -> Diagnostic {
        .error("E004", "file is not valid UTF-8 (first bad byte here); save it as UTF-8", at: location)
    }

    static func nulByte(at location: SourceLocation) -> Diagnostic {
        .error("E005", "file contains a NUL byte; is it a binary file?", at: location)
    }

    static func multipleDocuments(at location: SourceLocation) -> Diagnostic {
        .error("E006", "a second YAML document starts here; a file holds one document (remove the '---')", at: location)
    }

    static func undefinedAlias(_ name: String, at location: SourceLocation) -> Diagnostic {
        .error("E007", "alias '*\(name)' refers to no anchor '&\(name)' defined above it", at: location)
    }

    static func nestingTooDeep(limit: Int, at location: SourceLocation) -> Diagnostic {
        .error("E008", "YAML nested more than \(limit) levels deep; a cronops file needs fewer than 10", at: location)
    }

    static func aliasExpansionTooLarge(limit: Int, at location: SourceLocation) -> Diagnostic {
        .error("E009", "aliases expand this document to more than \(limit) nodes (an alias bomb?); refusing to read it",
               at: location)
    }

    static func badMergeKey(found: String, at location: SourceLocation) -> Diagnostic {
        .error("E010", "a merge key '<<' takes a map or a list of maps, found \(found)", at: location)
    }
}
