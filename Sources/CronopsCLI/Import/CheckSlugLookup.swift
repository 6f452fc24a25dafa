import CronopsCore
import CronopsMonitor
import FoundationEssentials

/// `cronops import --api-url URL`: the slug of every check the key's project holds, by uuid,
/// so that a line pinging a check by its uuid adopts that check (one list call).
enum CheckSlugLookup {
    struct Failure: Error, Equatable {
        var message: String
    }

    static func slugs(apiURL: String, keyEnv: String, environment: [String: String],
                      transport: any HTTPTransport) async -> Result<[String: String], Failure> {
        guard let key = environment[keyEnv], !key.isEmpty else {
            return .failure(Failure(message: "the API key goes in $\(keyEnv) (or name another variable with --api-key-env)"))
        }
        let settings = HealthchecksClient.Settings(apiURL: apiURL, apiKey: Secret(key), apiKeyEnv: keyEnv)
        let client: HealthchecksClient
        do {
            client = try HealthchecksClient(settings: settings, transport: transport)
        } catch {
            return .failure(Failure(message: "\(error)"))
        }
        do {
            let list = try await client.listChecks()
            if list.readOnlyView {
                return .failure(Failure(message: "the key in $\(keyEnv) is read-only: Healthchecks hides the checks' uuids from it; use a read-write key"))
            }
            return .success(Dictionary(list.checks.map { ($0.id.lowercased(), $0.slug) }, uniquingKeysWith: { a, _ in a }))
        } catch {
            return .failure(Failure(message: SecretMask.redact(settings.apiKey.mask("\(error)"))))
        }
    }
}
