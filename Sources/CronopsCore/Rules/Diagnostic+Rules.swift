extension Diagnostic {
    /// A `validate.stdout.json` rule that does not parse; `location` is where the expression
    /// starts, so the caret lands on the offending character.
    public static func ruleSyntax(_ error: RuleSyntaxError, in expression: Located<String>) -> Diagnostic {
        .error("E150", "invalid JSON rule `\(expression.value)`: \(error.message)",
               at: expression.location.advanced(by: error.offset),
               notes: [DiagnosticNote("rules are conditions over the job's JSON output, e.g. `failed == 0 and sent == generated`")])
    }
}
