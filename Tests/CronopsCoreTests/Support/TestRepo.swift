import CronopsCore
import CronopsTestSupport

/// Compiles a project file and job files given as texts.
func compile(project: String = TestRepo.project, jobs: [String: String]) -> (spec: Spec?, diagnostics: Diagnostics) {
    var d = Diagnostics()
    let files = jobs.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
    let spec = RepositoryCompiler.compile(project: SourceFile(path: "cronops.yaml", text: project), jobFiles: files, diagnostics: &d)
    return (spec, d)
}

enum TestRepo {
    static let project = """
    version: 1
    project: demo
    defaults:
      timezone: Europe/Berlin
      grace: 15m
      user: app
      alerts: [ops]
      env: { MODE: live, REGION: eu }
    routes:
      ops: { channels: [ops-email] }
      billing: { channels: ["Email finance", "Slack billing"] }
    hosts:
      web-1: { cron: debian }
      web-2: { cron: cronie, timezone: Europe/Berlin, format: crontab }

    """
}
