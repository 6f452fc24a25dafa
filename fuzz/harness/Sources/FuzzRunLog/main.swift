import CronopsCore
import Foundation
import FuzzSupport

/// A local provider's run log (`runs.jsonl`), which any process on the host can append to or
/// corrupt: read as `status` reads it, every check's state computed as Healthchecks would, and
/// compacted as the writer compacts it. Invariants: each line is an event or one located
/// problem; every event re-encodes within the line bound and decodes back; compaction keeps
/// every check's observation.
let now = Date(timeIntervalSince1970: 1_800_000_000)
let checks = [
    RemoteCheck(id: "c", name: "nightly", slug: "nightly", tags: "", desc: "", grace: 900,
                schedule: "30 2 * * *", tz: "Europe/Berlin", status: "up"),
    RemoteCheck(id: "s", name: "simple", slug: "simple", tags: "", desc: "", grace: 60, timeout: 3600, status: "up"),
    RemoteCheck(id: "p", name: "paused", slug: "paused", tags: "", desc: "", grace: 60, timeout: 60,
                status: "paused", manualResume: true),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRunLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    var contents = RunLogContents()
    contents.read(bytes, name: "runs.jsonl")
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    fuzzCheck(contents.events.count + contents.problems.count <= lines.count,
              "\(contents.events.count) events and \(contents.problems.count) problems from \(lines.count) lines")
    for problem in contents.problems { fuzzCheck(problem.hasPrefix("runs.jsonl:"), "unlocated: \(problem)") }
    for event in contents.events {
        let line = RunLogLine.encode(event)
        fuzzCheck(line.count <= RunLogLine.maximumBytes && line.last == UInt8(ascii: "\n"), "encoded line of \(line.count) bytes")
        guard case .success = RunLogLine.decode(line.dropLast()) else {
            fuzzCheck(false, "an event does not decode back: \(String(decoding: line, as: UTF8.self))")
            return 0
        }
    }
    let compacted = RunLogCompaction.compact(contents.events)
    for check in checks {
        let mine = contents.events.filter { $0.slug == check.slug }
        let kept = compacted.filter { $0.slug == check.slug }
        for at in [now, now.addingTimeInterval(86_400)] {
            let full = LocalCheckState.observe(check: check, events: mine, now: at, zones: FuzzZones.lookup)
            let short = LocalCheckState.observe(check: check, events: kept, now: at, zones: FuzzZones.lookup)
            if case let .success(a) = full, case let .success(b) = short {
                fuzzCheck(a == b, "compaction changed \(check.slug):\n\(a)\n\(b)")
            }
        }
    }
    return 0
}
