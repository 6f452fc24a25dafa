import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func acmeValidatesCleanly() async throws {
        let r = try await runCronops(["validate", TestPaths.repo("examples/acme").path])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "ok: 10 jobs in 6 job files, no problems\n")
    }

    @Test func errorsExitOneAndGoToStderr() async throws {
        let r = try await runCronops(["validate", TestPaths.repo("examples/invalid/unknown-keys").path])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error[E020]: unknown key 'provder' in 'monitor'; did you mean 'provider'?"))
        #expect(r.stderr.hasSuffix("14 errors, 0 warnings in 2 job files\n"))
    }

    @Test func configOptionAndPositionalPathAgree() async throws {
        let a = try await runCronops(["validate", "--config", TestPaths.repo("examples/acme/cronops.yaml").path])
        #expect(a.status == 0)
        let b = try await runCronops(["validate"], cwd: TestPaths.repo("examples/acme"))
        #expect(b.status == 0)
    }

    @Test func warningsPassUnlessStrict() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("jobs"), withIntermediateDirectories: true)
        try "version: 1\nproject: p\n".write(to: dir.appendingPathComponent("cronops.yaml"), atomically: true, encoding: .utf8)
        try "jobs:\n  a:\n    command: x\n    schedule: '* * * * *'\n    timezone: Europe/Kiev\n    hosts: []\n"
            .write(to: dir.appendingPathComponent("jobs/a.yaml"), atomically: true, encoding: .utf8)
        let relaxed = try await runCronops(["validate", dir.path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning[W001]"))
        let strict = try await runCronops(["validate", "--strict", dir.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("(--strict: warnings fail)"))
    }

    @Test func jsonFormatOnStdout() async throws {
        let r = try await runCronops(["validate", "--format", "json", TestPaths.repo("examples/invalid/bad-durations").path])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 6)
        let codes = (object["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes?.allSatisfy { $0 == "E025" } == true)
    }

    @Test func githubFormatAnnotates() async throws {
        let r = try await runCronops(["validate", "--format", "github", TestPaths.repo("examples/invalid/grace-out-of-range").path])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("::error file=") && $0.contains(",line=") && $0.contains(",col=") })
    }

    @Test func colourFollowsTheFlagAndNoColor() async throws {
        let path = TestPaths.repo("examples/invalid/bad-timezone").path
        #expect(try await runCronops(["validate", "--color", "always", path]).stderr.contains("\u{1B}["))
        #expect(!(try await runCronops(["validate", path]).stderr.contains("\u{1B}[")), "not a terminal")
        #expect(!(try await runCronops(["validate", "--color", "auto", path], environment: ["NO_COLOR": "1"]).stderr.contains("\u{1B}[")))
    }

    /// On a real terminal (a pty from util-linux `script`), `--color auto` colours and NO_COLOR wins.
    @Test func colourOnARealTerminal() async throws {
        let command = "\(TestPaths.cronopsBinary.path) validate --color auto \(TestPaths.repo("examples/invalid/bad-timezone").path)"
        let tty = try await runProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(tty.stdout.contains("\u{1B}[1;31merror[E031]"), "\(tty.stdout)")
        let noColor = try await runProcess(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"],
                                           environment: ["NO_COLOR": "1"])
        #expect(noColor.stdout.contains("error[E031]"))
        #expect(!noColor.stdout.contains("\u{1B}["))
    }

    /// validate is read-only: the tree is byte-for-byte and timestamp-for-timestamp the same.
    @Test func validateWritesNothing() async throws {
        let dir = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("acme")
        try FileManager.default.copyItem(at: TestPaths.repo("examples/acme"), to: copy)
        let before = try snapshot(dir)
        #expect(try await runCronops(["validate", copy.path]).status == 0)
        #expect(try await runCronops(["validate", TestPaths.repo("examples/invalid/yaml-syntax-error").path], cwd: dir).status == 1)
        #expect(try snapshot(dir) == before)
    }

    func snapshot(_ dir: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey])
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
            result[url.path] = "\(values.fileSize ?? -1) \(values.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return result
    }
}
