import CronopsCore
import FuzzSupport

/// A rule expression and a job's stdout, as the wrapper meets them: the first line is the
/// expression, the rest is stdout. The expression is parsed as `validate` does, the JSON
/// document chosen as `exec` does, and the rule evaluated on it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let newline = bytes.firstIndex(of: 0x0A) ?? bytes.count
    let source = String(decoding: bytes[..<newline], as: UTF8.self)
    let stdout = Array(bytes[min(newline + 1, bytes.count)...])

    let expression: RuleExpression
    switch RuleExpression.parse(source) {
    case let .failure(error):
        let count = source.unicodeScalars.count
        fuzzCheck(error.offset >= 0 && error.offset <= count, "error offset \(error.offset) outside \(count) scalars")
        return 0
    case let .success(parsed):
        expression = parsed
    }
    // The kept tail of a long stdout is read differently (first partial line dropped).
    for complete in [true, false] {
        switch RuleDocument.select(from: stdout, complete: complete) {
        case let .success(document):
            _ = document.originDescription
            _ = expression.evaluate(in: document.value)
        case let .failure(error):
            fuzzCheck(!error.message.isEmpty, "empty message")
        }
    }
    return 0
}
