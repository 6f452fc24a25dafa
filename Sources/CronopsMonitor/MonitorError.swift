/// Why a plan or apply could not talk to the monitor. Messages say what is wrong, where, and
/// what to do; none ever contains the API key.
public enum MonitorError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingAPIKey(env: String)
    case rejectedAPIKey(env: String, reason: String, url: String)
    case readOnlyKey(env: String)
    case forbidden(request: String)
    case notFound(request: String)
    case badRequest(request: String, message: String)
    case redirected(request: String, status: Int, location: String?)
    case unexpectedStatus(request: String, status: Int)
    case gaveUp(request: String, attempts: Int, lastProblem: String)
    /// The circuit breaker opened before this request was sent: the change was not attempted.
    case monitorDown(url: String, reason: String)
    /// The circuit breaker opened while this request was between attempts.
    case abandoned(request: String, attempts: Int, lastProblem: String)
    case invalidResponse(request: String, why: String)
    case invalidAPIURL(String)
    case stalePlan
    case planProjectMismatch(plan: String, repo: String)
    case planProviderMismatch(plan: String, repo: String)
    case readOnlyPlan
    case pruneNotInPlan
    case localState(path: String, why: String)

    public var description: String {
        switch self {
        case .missingAPIKey(let env):
            return "the environment variable \(env) (monitor.api_key_env) is not set or empty; export the project's API key there (Healthchecks: Project Settings → API Access), or use `provider: local`"
        case .rejectedAPIKey(let env, let reason, let url):
            return "\(url) rejected the API key from \(env) (\(reason)); check that it is the 32-character key of this project on this server"
        case .readOnlyKey(let env):
            return "the API key in \(env) is read-only: `cronops plan` works with it, `cronops apply` needs the project's read-write key"
        case .forbidden(let request):
            return "\(request) was refused (403): the check belongs to another project, or the account's check limit is reached"
        case .notFound(let request):
            return "\(request): not found (404); the check was deleted meanwhile, or api_url is wrong; run `cronops plan` again"
        case .badRequest(let request, let message):
            return "\(request) was rejected: \(message)"
        case .redirected(let request, let status, let location):
            let target = location.map { " to \($0)" } ?? ""
            return "\(request) was redirected (\(status)\(target)); cronops does not follow redirects (a POST would silently become a GET): set monitor.api_url to the final address"
        case .unexpectedStatus(let request, let status):
            return "\(request) answered with unexpected HTTP status \(status)"
        case .gaveUp(let request, let attempts, let last):
            return "\(request) failed \(attempts) times, last: \(last); the server may be down or rate-limiting, try again later"
        case .monitorDown(let url, let reason):
            return "the monitor at \(url) stopped answering (\(reason))"
        case .abandoned(let request, let attempts, let last):
            return "\(request) failed \(attempts == 1 ? "once" : "\(attempts) times"), last: \(last); not retried: the monitor is not answering"
        case .invalidResponse(let request, let why):
            return "\(request) answered with something that is not the expected JSON (\(why)); is monitor.api_url a Healthchecks server?"
        case .invalidAPIURL(let url):
            return "monitor.api_url '\(url)' is not a valid http(s) URL"
        case .stalePlan:
            return "the plan is stale: the checks on the monitor changed since it was computed (its fingerprint no longer matches); run `cronops plan --out` again and review the new plan"
        case .planProjectMismatch(let plan, let repo):
            return "the plan file is for project '\(plan)' but this repository is '\(repo)'"
        case .planProviderMismatch(let plan, let repo):
            return "the plan file was computed against \(plan) but this repository's monitor is \(repo); plan again"
        case .readOnlyPlan:
            return "the plan file was computed with a read-only API key (channels unknown) and cannot be applied; plan again with the read-write key"
        case .pruneNotInPlan:
            return "--prune was given but the plan file was computed without prune; run `cronops plan --prune --out ...` or apply without --prune"
        case .localState(let path, let why):
            return "local monitor state \(path): \(why)"
        }
    }
}
