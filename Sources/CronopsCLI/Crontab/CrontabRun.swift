import CronopsCore
import CronopsFiles
import FoundationEssentials
import Glibc

/// What `cronops crontab` was asked to produce.
enum CrontabTarget: Equatable {
    /// One host's fragment on stdout.
    case stdout(host: String)
    /// One file per host in a directory.
    case directory(String)
    /// One host's fragment merged into a user crontab file, in place.
    case merge(host: String, file: String)
}

/// The I/O around the pure emitter: reads the merge file, writes files atomically, and writes
/// nothing at all when anything is wrong.
struct CrontabRun {
    var spec: Spec
    var options: CrontabOptions

    struct Outcome {
        var stdout = ""
        var diagnostics = Diagnostics()
        /// Paths written, in order.
        var written: [String] = []
    }

    func run(_ target: CrontabTarget) -> Outcome {
        var outcome = Outcome()
        let hosts: [String]?
        switch target {
        case .stdout(let host), .merge(let host, _): hosts = [host]
        case .directory: hosts = nil
        }
        let emission = CrontabEmitter.emit(spec, hosts: hosts, options: options)
        outcome.diagnostics = emission.diagnostics
        if emission.diagnostics.hasErrors { return outcome }

        switch target {
        case .stdout:
            outcome.stdout = emission.fragments.map(\.text).joined()
        case .directory(let directory):
            guard case .success(.directory) = LiveFileSystem().kind(of: directory) else {
                outcome.diagnostics.emit(Diagnostic.crontabOutDirMissing(directory))
                return outcome
            }
            for fragment in emission.fragments {
                let path = PathJoining.join(directory, fragment.fileName)
                guard write(fragment.text, to: path, into: &outcome) else { return outcome }
            }
        case .merge(_, let file):
            guard let fragment = emission.fragments.first, let host = spec.host(named: fragment.host) else { return outcome }
            guard host.format == .crontab else {
                outcome.diagnostics.emit(Diagnostic.crontabMergeOnCronD(host: host.name, at: host.location))
                return outcome
            }
            guard case let .success(data) = FileReader.read(file, limit: Int.max - 1) else {
                outcome.diagnostics.emit(Diagnostic.crontabMergeFileUnreadable(file))
                return outcome
            }
            let merged = CrontabMerge.merge(existing: String(decoding: data, as: UTF8.self), fragment: fragment,
                                            host: host, project: spec.project, file: file)
            outcome.diagnostics.append(contentsOf: merged.diagnostics)
            guard let text = merged.text, !outcome.diagnostics.hasErrors else { return outcome }
            // A user crontab may hold secrets of its own: keep its permissions.
            var st = stat()
            let mode = stat(file, &st) == 0 ? st.st_mode & 0o7777 : 0o600
            _ = write(text, to: file, mode: mode, into: &outcome)
        }
        return outcome
    }

    private func write(_ text: String, to path: String, mode: mode_t = 0o644, into outcome: inout Outcome) -> Bool {
        do {
            try AtomicFile.write(text, to: path, mode: mode)
            outcome.written.append(path)
            return true
        } catch {
            outcome.diagnostics.emit(Diagnostic.crontabWriteFailed(error.description))
            return false
        }
    }
}
