import CronopsCore
import CronopsTestSupport
import Foundation
import Testing

/// `cronops generate` for kubernetes hosts, end to end with the real binary, and every
/// manifest it writes checked against Kubernetes' own schema by `kubernetes-validate` (PyPI;
/// .ci/run installs it into a venv and puts it on PATH). A missing validator fails the test:
/// it never passes silently.
@Suite struct GenerateKubernetesTests {
    /// The Kubernetes release whose schema the manifests must satisfy (spec.timeZone is GA
    /// since 1.27; 1.29 is the oldest release the issue asks for).
    static let kubernetesVersion = "1.29.0"

    static func validator() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/kubernetes-validate" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `kubernetes-validate --strict` (unknown fields are errors) on `files`; the failures.
    static func validate(_ files: [URL], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String? {
        guard let validator = validator() else {
            Issue.record("kubernetes-validate is not on PATH: install it (python3 -m venv V && V/bin/pip install kubernetes-validate; .ci/run does) so the manifests can be checked against Kubernetes' schema",
                         sourceLocation: sourceLocation)
            return nil
        }
        let result = try ChildProcess.runBlocking(validator, ["-k", kubernetesVersion, "--strict", "--quiet"] + files.map(\.path))
        return result.status == 0 ? "" : "kubernetes-validate exited \(result.status):\n\(result.stdoutText)\(result.stderrText)"
    }

    static func manifests(in directory: URL) -> [URL] {
        GenerateCommandTests.tree(directory).filter { $0.hasSuffix(".yaml") && !$0.hasSuffix("kustomization.yaml") }
            .map { directory.appendingPathComponent($0) }
    }

    @Test func acmeClusterGetsItsCronJobsAndTheyValidate() async throws {
        let out = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await GenerateCommandTests.run(["generate", "--out-dir", out.path, "--host", "prod-cluster"], cwd: GenerateCommandTests.acme)
        #expect(result.status == 0, "\(result.stderr)")
        let files = ["acme-prod-cache-warm.yaml", "acme-prod-search-reindex.yaml", "kustomization.yaml"]
        #expect(GenerateCommandTests.tree(out) == files.map { "prod-cluster/" + $0 })
        for name in files {
            try Golden.check(try GenerateCommandTests.text(out, "prod-cluster/\(name)"), file: Golden.fixture("generate/acme-prod-cluster-\(name)"))
        }
        let failures = try Self.validate(Self.manifests(in: out))
        #expect(failures == "", "\(failures ?? "")")
        // The goldens themselves, as a reader of the repository sees them.
        let goldens = files.dropLast().map { Golden.fixture("generate/acme-prod-cluster-\($0)") }
        let goldenFailures = try Self.validate(goldens)
        #expect(goldenFailures == "", "\(goldenFailures ?? "")")
    }

    @Test func crontabPointsKubernetesHostsToGenerate() async throws {
        let result = try await GenerateCommandTests.run(["crontab", "--host", "prod-cluster"], cwd: GenerateCommandTests.acme)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[E504]: host 'prod-cluster' is of kind kubernetes: it has no crontab; write its CronJobs with `cronops generate --out-dir DIR --host prod-cluster`"),
                "\(result.stderr)")
    }

    /// A thousand jobs of every kind of schedule (native, guarded for L, #, DST and Kathmandu's
    /// offset), with nasty commands, long names and every optional setting: all validate, names
    /// are unique, and a second run writes the same bytes.
    @Test func aThousandJobRepositoryValidates() async throws {
        let repo = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try """
        version: 1
        project: bench_k8s
        monitor: { provider: healthchecks }
        hosts:
          cluster-a: { kind: kubernetes, namespace: batch, image: "registry.example.com/jobs:1", service_account: runner }
          cluster-b:
            kind: kubernetes
            namespace: nightly
            cronops: /opt/cronops/bin/cronops
            ping_key_secret: { name: hc.keys, key: acme.ping_key }
        """.write(to: repo.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        let schedules = ["*/5 * * * *", "0 1 * * *", "30 2 L * *", "15 3 * * MON#2", "5/15 9-17 * * MON-FRI", "0 0 1 */3 *", "0 0 */2 * MON", "@weekly"]
        let zones = ["UTC", "Europe/Berlin", "Asia/Kathmandu", "America/Santiago"]
        var text = "jobs:\n"
        for n in 0..<1000 {
            let name = n % 7 == 0 ? "job_\(n)_" + String(repeating: "x", count: 60) : "job-\(n)"
            text += """
              \(name):
                command: 'echo "$(date +%F) $$ $(HOME)" \\\\ \(n) ü; printf ''%s\\n'' x'
                schedule: "\(schedules[n % schedules.count])"
                timezone: \(zones[n % zones.count])
                hosts: [\(n % 2 == 0 ? "cluster-a" : "cluster-a, cluster-b")]
                image: registry.example.com/job-\(n % 3):\(n)
                max_runtime: \(n % 5 + 1)m
                overlap: \(n % 2 == 0 ? "skip" : "allow")
                env: { RUN: "n-\(n) $(X)", EMPTY: "" }
                validate: { stdout: { json: ['failed == 0'] }, stderr: { forbids: ['(?i)traceback'] } }
            \(n % 11 == 0 ? "    suspend: \"paused for \(n)\"\n" : "")
            """
        }
        try text.write(to: repo.appendingPathComponent("jobs/jobs.yaml"), atomically: true, encoding: .utf8)
        let out = try TestPaths.temporaryDirectory(), again = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: again) }
        let result = try await GenerateCommandTests.run(["generate", "--out-dir", out.path, "--quiet"], cwd: repo)
        #expect(result.status == 0, "\(result.stderr)")
        let a = Self.manifests(in: out.appendingPathComponent("cluster-a")), b = Self.manifests(in: out.appendingPathComponent("cluster-b"))
        #expect(a.count == 1000 && b.count == 500)
        let names = a.map { $0.deletingPathExtension().lastPathComponent }
        #expect(Set(names).count == 1000)
        #expect(names.allSatisfy { $0.utf8.count <= 52 && $0.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil })
        let failures = try Self.validate(a + b)
        #expect(failures == "", "\(failures ?? "")")
        let second = try await GenerateCommandTests.run(["generate", "--out-dir", again.path, "--quiet"], cwd: repo)
        #expect(second.status == 0)
        for path in GenerateCommandTests.tree(out) {
            #expect(try GenerateCommandTests.text(out, path) == GenerateCommandTests.text(again, path), "\(path)")
        }
    }

    /// PyYAML (the YAML 1.1 reader kubernetes-validate ships with, in its venv) reads every
    /// command word as libyaml does, and as the job wrote it once `$$` is read as `$`: control
    /// characters, U+0085, U+2028, quotes, `%`, `$(`, non-ASCII.
    @Test func aYAML11ReaderReadsTheCommandsAsWritten() async throws {
        guard let validator = Self.validator() else {
            Issue.record("kubernetes-validate is not on PATH (its venv's python3 reads the manifests here)")
            return
        }
        let python = (validator as NSString).deletingLastPathComponent + "/python3"
        let commands = ["echo \"$(date +%F)\" $$ $(HOME) 100%", "tab\there\u{85}next\u{2028}line", "grüße 🎉 'q' \\ \"dq\"",
                        "no: yes # not a comment", "-dash first", "\u{1b}[31mred\u{7f}"]
        let repo = try TestPaths.temporaryDirectory(), out = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: repo); try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try "version: 1\nproject: demo\nhosts:\n  c: { kind: kubernetes, namespace: batch, image: r/j:1 }\n"
            .write(to: repo.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        var jobs = "jobs:\n"
        for (i, command) in commands.enumerated() {
            // YAML double-quoted with \U escapes: the job file carries every character.
            let quoted = command.unicodeScalars.map { s -> String in
                s.value < 0x20 || s.value >= 0x7F || s == "\"" || s == "\\" ? String(format: "\\U%08X", s.value) : String(s)
            }.joined()
            jobs += "  job-\(i):\n    command: \"\(quoted)\"\n    schedule: \"0 \(i) * * *\"\n    hosts: [c]\n"
        }
        try jobs.write(to: repo.appendingPathComponent("jobs/jobs.yaml"), atomically: true, encoding: .utf8)
        let result = try await GenerateCommandTests.run(["generate", "--out-dir", out.path, "--quiet"], cwd: repo)
        #expect(result.status == 0, "\(result.stderr)")
        let script = "import json, sys, yaml\nfor p in sys.argv[1:]:\n    d = yaml.safe_load(open(p, encoding='utf-8'))\n    print(json.dumps(d['spec']['jobTemplate']['spec']['template']['spec']['containers'][0]['command']))\n"
        for (i, command) in commands.enumerated() {
            let file = out.appendingPathComponent("c/demo-job-\(i).yaml")
            let read = try ChildProcess.runBlocking(python, ["-c", script, file.path])
            #expect(read.status == 0, "\(read.stderrText)")
            let pyyaml = try #require(try JSONSerialization.jsonObject(with: Data(read.stdoutText.utf8)) as? [String])
            var diagnostics = Diagnostics()
            guard case .node(let node) = YAMLComposer.compose(try String(contentsOf: file, encoding: .utf8), file: file.path, diagnostics: &diagnostics),
                  let libyaml = Self.commandWords(node) else {
                Issue.record("libyaml could not read \(file.path)")
                continue
            }
            #expect(pyyaml == libyaml, "the two YAML readers disagree on job-\(i)")
            #expect(pyyaml.last?.replacingOccurrences(of: "$$", with: "$") == command, "job-\(i)")
        }
    }

    static func commandWords(_ node: YAMLNode) -> [String]? {
        func child(_ node: YAMLNode?, _ key: String) -> YAMLNode? {
            guard case .mapping(let pairs)? = node?.kind else { return nil }
            return pairs.first { $0.key.scalar?.text == key }?.value
        }
        let spec = child(child(child(child(child(node, "spec"), "jobTemplate"), "spec"), "template"), "spec")
        guard case .sequence(let containers)? = child(spec, "containers")?.kind, let first = containers.first,
              case .sequence(let words)? = child(first, "command")?.kind else { return nil }
        return words.compactMap { $0.scalar?.text }
    }
}
