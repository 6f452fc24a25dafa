import CronopsCore
import CronopsFiles
import FoundationEssentials
import Glibc

/// The I/O around the pure emitters for `cronops generate`: every host's artifacts under
/// `DIR/<host>/`, each file written atomically, and nothing at all when anything is wrong.
struct GenerateRun {
    var spec: Spec
    var options: CrontabOptions

    struct Outcome {
        var diagnostics = Diagnostics()
        /// Paths written, in order.
        var written: [String] = []
    }

    /// `hosts`: the names asked for, or nil for every host.
    func run(outDir: String, hosts names: [String]?) -> Outcome {
        var outcome = Outcome()
        var cronHosts: [String] = [], systemdHosts: [String] = [], kubernetesHosts: [String] = []
        for name in Set(names ?? spec.hosts.map(\.name)).sorted() {
            switch spec.host(named: name)?.kind {
            case .cron: cronHosts.append(name)
            case .systemd: systemdHosts.append(name)
            case .kubernetes: kubernetesHosts.append(name)
            case nil: outcome.diagnostics.emit(Diagnostic.crontabUnknownHost(name, known: spec.hosts.map(\.name)))
            }
        }
        let cron = CrontabEmitter.emit(spec, hosts: cronHosts, options: options)
        let systemd = SystemdEmitter.emit(spec, hosts: systemdHosts, options: options)
        let kubernetes = KubernetesEmitter.emit(spec, hosts: kubernetesHosts, options: options)
        outcome.diagnostics.append(contentsOf: cron.diagnostics)
        outcome.diagnostics.append(contentsOf: systemd.diagnostics)
        outcome.diagnostics.append(contentsOf: kubernetes.diagnostics)
        if outcome.diagnostics.hasErrors { return outcome }

        guard case .success(.directory) = LiveFileSystem().kind(of: outDir) else {
            outcome.diagnostics.emit(Diagnostic.crontabOutDirMissing(outDir))
            return outcome
        }
        var files: [(path: String, text: String)] = []
        for fragment in cron.fragments {
            files.append((path(outDir, fragment.host, fragment.fileName), fragment.text))
        }
        for host in systemd.hosts {
            for file in host.files { files.append((path(outDir, host.host, file.name), file.text)) }
            files.append((path(outDir, host.host, SystemdHostUnits.listName), host.listText))
            files.append((path(outDir, host.host, SystemdHostUnits.timersName), host.timersText))
        }
        for host in kubernetes.hosts {
            for file in host.files { files.append((path(outDir, host.host, file.name), file.text)) }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            do {
                try AtomicFile.write(file.text, to: file.path, createDirectories: true)
                outcome.written.append(file.path)
            } catch {
                outcome.diagnostics.emit(Diagnostic.crontabWriteFailed(error.description))
                return outcome
            }
        }
        return outcome
    }

    private func path(_ directory: String, _ host: String, _ name: String) -> String {
        PathJoining.join(PathJoining.join(directory, host), name)
    }
}
