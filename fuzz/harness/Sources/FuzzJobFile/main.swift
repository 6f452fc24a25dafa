import CronopsCore
import Foundation
import FuzzSupport

/// One job file's bytes through what `cronops validate` does: the pipeline driver
/// (`RepositoryCompiler`: decode, compose, read, check against a fixed project, the Acme
/// example's, then the cross-file checks), the lints that need a valid spec (schedule warnings
/// in real zones, the crontab emission check), and rendering every diagnostic in all three
/// formats.
let projectFile = "cronops.yaml"
let jobFile = "jobs/fuzz.yaml"

let projectText = """
version: 1
project: acme-prod
jobs: [jobs]
monitor:
  provider: local
  state: .cronops/state.json
defaults:
  timezone: UTC
  grace: 15m
  user: app
  alerts: [ops]
routes:
  ops:     { channels: ["ops-email"] }
  billing: { channels: ["Email finance", "Slack billing"] }
hosts:
  billing-1:
    cron: debian
    timezone: UTC
    format: cron.d
    mailto: ""
  app-1:
    cron: cronie
    timezone: Europe/Berlin
    format: crontab
  web-1:
    cron: cronie
    timezone: America/Santiago
    format: crontab

"""

/// The project file compiles cleanly on its own (with a trivial job file), so every error a
/// run reports comes from the fuzzed job file.
let project: SourceFile = {
    let project = SourceFile(path: projectFile, text: projectText)
    let job = SourceFile(path: jobFile, text: "jobs:\n  ok:\n    schedule: \"@daily\"\n    command: \"true\"\n    hosts: [app-1]\n")
    let compiled = RepositoryCompiler.compile(InMemoryRepository(project: project, jobFiles: [job]))
    precondition(compiled.spec != nil && compiled.diagnostics.all.isEmpty,
                 "the harness's project file has diagnostics: \(compiled.diagnostics.all)")
    return project
}()

/// A fixed clock, so that a crash reproduces from its input alone.
let now = Date(timeIntervalSince1970: 1_790_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJobFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The whole pipeline for each input, as each run of `validate` does (the checked project
    // holds the run's caches of parsed schedules and rules, which would otherwise grow across
    // inputs and read as leaks).
    let files = InMemoryRepository(project: project, jobFileBytes: [(jobFile, fuzzBytes(data, size))])
    let compiled = RepositoryCompiler.compile(files)
    var diagnostics = compiled.diagnostics
    fuzzCheck(compiled.jobFileCount == 1, "the compiler read \(compiled.jobFileCount) job files, not 1")
    fuzzCheck((compiled.spec != nil) == !diagnostics.hasErrors, "a spec with errors, or no spec and no error")
    if let spec = compiled.spec {
        for warning in ScheduleLint.warnings(for: spec, now: now, zones: FuzzZones.lookup) { diagnostics.emit(warning) }
        diagnostics.append(contentsOf: CrontabEmitter.check(spec, options: CrontabOptions(zones: FuzzZones.lookup)))
    }
    let sources = compiled.sources
    let renderer = DiagnosticRenderer(sources: sources)
    for format in DiagnosticFormat.allCases { _ = renderer.render(diagnostics.sorted, format: format) }
    for d in diagnostics.all {
        fuzzCheck(!d.message.isEmpty && !d.code.isEmpty, "diagnostic without code or message: \(d)")
        if let location = d.location, location.file == jobFile {
            fuzzCheck(location.line >= 1 && location.column >= 1, "diagnostic at \(location.line):\(location.column): \(d.message)")
        }
    }
    return 0
}
