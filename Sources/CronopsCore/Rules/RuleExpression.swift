/// A `validate.stdout.json` expression, parsed at validate time and evaluated by the wrapper.
///
/// SEAM: placeholder until the rule language lands; it keeps `parse`, `source` and
/// `RuleSyntaxError`, which the loader relies on.
public struct RuleExpression: Sendable, Equatable {
    /// The expression as written.
    public let source: String

    public static func parse(_ text: String) -> Result<RuleExpression, RuleSyntaxError> {
        .success(RuleExpression(source: text))
    }
}

/// A syntax error in a rule expression, pointing at the character.
public struct RuleSyntaxError: Error, Equatable, Sendable {
    /// Offset in characters from the start of the expression.
    public var offset: Int
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }
}
