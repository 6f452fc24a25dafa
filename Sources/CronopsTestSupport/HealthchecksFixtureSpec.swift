import CronopsCore

/// Hand-made `Spec` values for plan/apply tests (the repository loader is another stage).
public enum HealthchecksFixtureSpec {
    public static let project = "acme-prod"

    public static func job(_ name: String, schedule: String = "0 1 * * *", timezone: String = "UTC",
                           hosts: [String] = [], monitor: MonitorMode = .perHost, grace: Int = 900,
                           maxRuntime: Int? = nil, tags: [String] = [], alerts: [String] = ["ops"],
                           previousNames: [String] = [], adopt: Bool = false, description: String = "",
                           file: String = "repo/jobs/main.yaml", line: Int = 2) -> Job {
        guard case .success(let parsed) = CronSchedule.parse(schedule) else {
            preconditionFailure("test schedule '\(schedule)' does not parse")
        }
        let at = SourceLocation(file: file, line: line, column: 3)
        return Job(name: name, description: description, command: "/bin/true", schedule: parsed, timezone: timezone,
                   hosts: hosts, monitor: monitor, grace: TimeSpan(seconds: grace),
                   maxRuntime: maxRuntime.map { TimeSpan(seconds: $0) }, tags: tags, alerts: alerts,
                   previousNames: previousNames, adopt: adopt, location: at,
                   fieldLocations: ["alerts": SourceLocation(file: file, line: line + 3, column: 13),
                                    "previous_names": SourceLocation(file: file, line: line + 4, column: 21)])
    }

    public static let defaultRoutes = [
        Route(name: "ops", channels: ["ops-email"], location: SourceLocation(file: "repo/cronops.yaml", line: 12, column: 3)),
        Route(name: "pager", channels: ["ops-webhook", "ops-shell"], location: SourceLocation(file: "repo/cronops.yaml", line: 13, column: 3)),
    ]

    public static func spec(jobs: [Job], provider: ProviderKind = .healthchecks, apiURL: String = "http://127.0.0.1:9",
                            routes: [Route] = defaultRoutes, prune: Bool = false, root: String = "repo",
                            statePath: String = ".cronops/state.json", requestsPerMinute: Int = 6000) -> Spec {
        let monitor = MonitorSettings(provider: provider, apiURL: apiURL, apiKeyEnv: "HC_API_KEY",
                                      requestsPerMinute: requestsPerMinute, prune: prune, statePath: statePath)
        return Spec(project: project, root: root, projectFile: root + "/cronops.yaml", monitor: monitor,
                    routes: routes.sorted { $0.name < $1.name }, hosts: [], jobs: jobs.sorted { $0.name < $1.name })
    }
}
