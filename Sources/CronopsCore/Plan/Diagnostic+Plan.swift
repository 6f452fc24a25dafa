/// Plan errors (E200–E299) and warnings (W200–W249): problems that only show when the repo is
/// compared with what the monitor holds. Each points at the job whose check is concerned.
extension Diagnostic {
    static func planSlugTakenByUnowned(_ slug: String, job: Job, ownershipTag: String) -> Diagnostic {
        .error("E200", "a check with slug '\(slug)' already exists on the monitor but cronops does not own it (no '\(ownershipTag)' tag)",
               at: job.location,
               notes: [
                   DiagnosticNote("to take it over (keeping its id, history and ping URL), add 'adopt: true' to job '\(job.name)'", at: job.location),
                   DiagnosticNote("otherwise rename the job, or delete or rename the existing check on the server"),
               ],
               fixIt: "adopt: true")
    }

    static func planDuplicateServerSlug(_ slug: String, job: Job, count: Int) -> Diagnostic {
        .error("E201", "\(count) checks on the monitor share the slug '\(slug)' that job '\(job.name)' uses; cronops cannot tell which one is the job's",
               at: job.location,
               notes: [DiagnosticNote("delete or re-slug all but one of them on the server (pings by slug to '\(slug)' fail with 409 until then)")])
    }

    static func planChannelMissing(_ channel: String, route: Route, job: Job) -> Diagnostic {
        .error("E202", "route '\(route.name)' (used by job '\(job.name)') names channel '\(channel)', which the monitor does not have",
               at: job.location(of: "alerts"),
               notes: [DiagnosticNote("route '\(route.name)' is defined here; channel names are exact and case-sensitive, and channels cannot be created through the API", at: route.location)])
    }

    static func planChannelAmbiguous(_ channel: String, ids: [String], route: Route, job: Job) -> Diagnostic {
        .error("E203", "route '\(route.name)' (used by job '\(job.name)') names channel '\(channel)', but the monitor has \(ids.count) channels with that name",
               at: job.location(of: "alerts"),
               notes: [DiagnosticNote("use the channel's id in route '\(route.name)' instead: one of \(ids.joined(separator: ", "))", at: route.location)])
    }

    static func planPreviousNameAmbiguous(_ slug: String, job: Job, count: Int) -> Diagnostic {
        .error("E204", "previous name '\(slug)' of job '\(job.name)' matches \(count) owned checks; cronops cannot tell which one to rename",
               at: job.location(of: "previous_names"),
               notes: [DiagnosticNote("delete all but one of the checks with slug '\(slug)' on the server")])
    }

    static func planPreviousNameNotOwned(_ slug: String, job: Job, ownershipTag: String) -> Diagnostic {
        .warning("W200", "previous name '\(slug)' of job '\(job.name)' matches a check cronops does not own (no '\(ownershipTag)' tag); a new check is created instead of renaming it",
                 at: job.location(of: "previous_names"))
    }
}
