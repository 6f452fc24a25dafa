import CronopsCore
import Foundation
import FuzzSupport

/// One job file's bytes through what `cronops validate` does with each file (RepositoryLoader
/// and Lints): decode, compose, read, check against a fixed project (the Acme example's), the
/// cross-file checks, the lints that need a valid spec (schedule warnings in real zones, the
/// crontab emission check), and rendering every diagnostic in all three formats.
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

let rawProject: RawProject = {
    var diagnostics = Diagnostics()
    let document = YAMLComposer.compose(projectText, file: projectFile, diagnostics: &diagnostics)
    guard let raw = ProjectFileReader.read(document, file: projectFile, diagnostics: &diagnostics) else {
        fatalError("the harness's project file does not read: \(diagnostics.all)")
    }
    _ = SpecChecker.project(raw, diagnostics: &diagnostics)
    precondition(!diagnostics.hasErrors, "the harness's project file has errors: \(diagnostics.all)")
    return raw
}()

/// A fixed clock, so that a crash reproduces from its input alone.
let now = Date(timeIntervalSince1970: 1_790_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJobFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var diagnostics = Diagnostics()
    // Checked afresh for each input, as each run of `validate` does: the checked project
    // holds the run's caches of parsed schedules and rules, which would otherwise grow
    // across inputs (and read as leaks).
    let project = SpecChecker.project(rawProject, diagnostics: &diagnostics)
    var sources = SourceMap()
    sources.add(SourceFile(path: projectFile, text: projectText))
    if let text = SourceDecoding.decode(fuzzBytes(data, size), file: jobFile, diagnostics: &diagnostics) {
        sources.add(SourceFile(path: jobFile, text: text))
        let document = YAMLComposer.compose(text, file: jobFile, diagnostics: &diagnostics)
        if let raw = JobFileReader.read(document, file: jobFile, diagnostics: &diagnostics) {
            let checked = SpecChecker.jobs(in: raw, project: project, diagnostics: &diagnostics)
            let spec = SpecChecker.finish(project, files: [checked], root: ".", diagnostics: &diagnostics)
            if let spec, !diagnostics.hasErrors {
                for warning in ScheduleLint.warnings(for: spec, now: now, zones: FuzzZones.lookup) { diagnostics.emit(warning) }
                diagnostics.append(contentsOf: CrontabEmitter.check(spec, options: CrontabOptions(zones: FuzzZones.lookup)))
            }
        }
    }
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
