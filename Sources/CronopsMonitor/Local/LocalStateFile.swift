import CronopsCore
import CronopsFiles
import FoundationEssentials

/// `.cronops/state.json`: `{"version": 1, "checks": [...], "history": {...}}`, sorted by slug,
/// pretty-printed so it diffs well if someone commits it.
struct LocalStateFile: Codable, Equatable {
    static let currentVersion = 1
    var version: Int = currentVersion
    var checks: [RemoteCheck] = []
    /// By check id: when it was created and last paused or resumed (`RunLogTime` text), which
    /// the run log's pings are replayed against. Absent in files written before the run log.
    var history: [String: Entry]?

    struct Entry: Codable, Equatable {
        var created: String?
        var statusChanged: String?

        var value: LocalCheckHistory {
            LocalCheckHistory(created: created.flatMap(RunLogTime.parse), statusChanged: statusChanged.flatMap(RunLogTime.parse))
        }
    }

    static func read(from path: String) throws -> LocalStateFile {
        let data: Data
        switch FileReader.read(path, limit: Int.max - 1) {
        case let .success(bytes): data = Data(bytes)
        case let .failure(failure) where failure.missing: return LocalStateFile()
        case let .failure(failure): throw MonitorError.localState(path: path, why: "cannot be read (\(failure.reason))")
        }
        do {
            let file = try JSONDecoder().decode(LocalStateFile.self, from: data)
            guard file.version == currentVersion else {
                throw MonitorError.localState(path: path, why: "has format version \(file.version); this cronops reads version \(currentVersion)")
            }
            return file
        } catch let error as MonitorError {
            throw error
        } catch {
            throw MonitorError.localState(path: path, why: "is not a cronops state file (invalid JSON); move it away to start from an empty state")
        }
    }

    /// Written through the one atomic writer: readers see the old or the new file, never a
    /// half-written one. Its directory (`.cronops/`) is made on first use.
    static func write(_ file: LocalStateFile, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(file)
        data.append(0x0a)
        do {
            try AtomicFile.write(bytes: Array(data), to: path, mode: 0o644, createDirectories: true)
        } catch {
            throw MonitorError.localState(path: path, why: "cannot be written (\(error.reason))")
        }
    }
}
