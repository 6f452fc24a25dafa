import CronopsCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `.cronops/state.json`: `{"version": 1, "checks": [...]}`, sorted by slug, pretty-printed so
/// it diffs well if someone commits it.
struct LocalStateFile: Codable, Equatable {
    static let currentVersion = 1
    var version: Int = currentVersion
    var checks: [RemoteCheck] = []

    static func read(from path: String) throws -> LocalStateFile {
        guard FileManager.default.fileExists(atPath: path) else { return LocalStateFile() }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MonitorError.localState(path: path, why: "cannot be read (\(error.localizedDescription))")
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

    /// Temp file in the same directory, then rename(2): readers see the old or the new file,
    /// never a half-written one.
    static func write(_ file: LocalStateFile, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(file)
        data.append(0x0a)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temp = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
            try data.write(to: temp)
            guard rename(temp.path, url.path) == 0 else {
                let why = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw MonitorError.localState(path: path, why: "cannot be replaced (\(why))")
            }
        } catch let error as MonitorError {
            throw error
        } catch {
            throw MonitorError.localState(path: path, why: "cannot be written (\(error.localizedDescription))")
        }
    }
}
