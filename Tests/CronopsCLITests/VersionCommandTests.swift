import CronopsCLI
import Foundation
import Testing

/// `--version`, `version --json` and the completion scripts the Debian package ships, all from
/// the command definitions and the one version constant.
@Suite struct VersionCommandTests {
    @Test func versionComesFromTheOneConstant() async throws {
        let flag = try await runCronops(["--version"])
        #expect(flag.status == 0)
        #expect(flag.stdout == CronopsVersion.current + "\n")
        let command = try await runCronops(["version"])
        #expect(command.stdout == flag.stdout)
        #expect(CronopsVersion.current.split(separator: ".").count == 3, "semantic version: MAJOR.MINOR.PATCH")
    }

    @Test func versionJSONNamesVersionSwiftAndTarget() async throws {
        let result = try await runCronops(["version", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
        #expect(object["version"] == CronopsVersion.current)
        #expect(object["swift"]?.first?.isNumber == true)
        #expect(object["target"]?.hasSuffix("-unknown-linux-gnu") == true)
        #expect(Set(object.keys) == ["version", "swift", "target"])
    }

    @Test(arguments: [("bash", "complete -o filenames -F _cronops cronops"), ("zsh", "#compdef cronops"), ("fish", "complete -c 'cronops'")])
    func completionScriptsKnowEveryCommand(shell: String, marker: String) async throws {
        let result = try await runCronops(["--generate-completion-script", shell])
        #expect(result.status == 0)
        #expect(result.stdout.contains(marker))
        for command in ["validate", "plan", "apply", "crontab", "exec", "next", "version"] {
            #expect(result.stdout.contains(command), "\(shell) completion lacks \(command)")
        }
    }
}
