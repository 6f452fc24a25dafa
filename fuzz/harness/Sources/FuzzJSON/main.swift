import CronopsCore
import FuzzSupport

/// The JSON parser on any bytes. What it accepts must print as JSON that parses back to the
/// same value (the value a rule message shows is the value the rule saw).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    switch JSONParser.parse(bytes) {
    case let .failure(error):
        fuzzCheck(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
    case let .success(value):
        let printed = value.json
        guard case let .success(again) = JSONParser.parse(printed) else {
            fuzzCheck(false, "printed form does not parse: \(printed)")
            return 0
        }
        fuzzCheck(again == value, "round trip changed the value: \(printed) -> \(again.json)")
        _ = value.brief()
    }
    return 0
}
