@testable import CronopsMonitor
import Foundation
import FuzzSupport

/// A Healthchecks `GET checks/` body, decoded as the client decodes it (fast scanner, then
/// JSONDecoder), then turned into the checks the planner compares and the states `status` reads. When the scanner and
/// JSONDecoder both accept a body, they must read the same checks from it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckList(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Data(fuzzBytes(data, size))
    guard let dtos = try? CheckListDTO.decode(body) else { return 0 }
    for dto in dtos { _ = try? dto.remote(); _ = try? dto.observation() }
    if let fast = try? CheckListScanner.parse(body),
       let reference = try? JSONDecoder().decode(CheckListDTO.self, from: body).checks {
        fuzzCheck(fast == reference, "scanner and JSONDecoder disagree:\n\(fast)\n\(reference)")
    }
    return 0
}
