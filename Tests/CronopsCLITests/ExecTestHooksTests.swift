import Foundation
import Testing
@testable import CronopsCLI

/// The environment variables that let tests fix the wrapper's clock and timers.
@Suite struct ExecTestHooksTests {
    @Test func readsEveryHookAndIgnoresTheRest() throws {
        let hooks = try ExecTestHooks.read(["PATH=/bin", "CRONOPS_EXEC_NOW=2028-02-29T00:00:10Z", "CRONOPS_EXEC_DRAIN=0.5",
                                            "CRONOPS_EXEC_KILL_GRACE=1", "CRONOPS_EXEC_DURATION=90", "NOEQUALS"]).get()
        #expect(hooks.now == Date(timeIntervalSince1970: 1_835_395_210))
        #expect(hooks.drainAfterExit == 0.5)
        #expect(hooks.killGrace == 1)
        #expect(hooks.duration == 90)
        #expect(try ExecTestHooks.read(["PATH=/bin"]).get() == ExecTestHooks())
    }

    @Test func reportsEveryMalformedHook() {
        let result = ExecTestHooks.read(["CRONOPS_EXEC_NOW=2028-02-30", "CRONOPS_EXEC_KILL_GRACE=-1",
                                         "CRONOPS_EXEC_DURATION=nan", "CRONOPS_EXEC_DRAIN=1e9"])
        guard case let .failure(malformed) = result else {
            Issue.record("malformed hooks were accepted")
            return
        }
        #expect(malformed.problems == [
            "CRONOPS_EXEC_NOW='2028-02-30' is not an ISO-8601 instant such as 2028-02-29T00:00:10Z",
            "CRONOPS_EXEC_DRAIN='1e9' is not a number of seconds between 0 and 86400",
            "CRONOPS_EXEC_KILL_GRACE='-1' is not a number of seconds between 0 and 86400",
            "CRONOPS_EXEC_DURATION='nan' is not a number of seconds between 0 and 86400",
        ])
    }
}
