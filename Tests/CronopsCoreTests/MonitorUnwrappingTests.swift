import Testing
@testable import CronopsCore

/// Lines already wrapped in monitoring: the inner command, and the check it pinged.
@Suite struct MonitorUnwrappingTests {
    typealias U = MonitorUnwrapping.Unwrapped

    @Test func curlAfterTheCommand() {
        let uuid = "0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b"
        #expect(MonitorUnwrapping.unwrap("/usr/local/bin/backup.sh && curl -fsS -m 10 --retry 5 -o /dev/null https://hc-ping.com/\(uuid)")
                == U(command: "/usr/local/bin/backup.sh", check: .uuid(uuid)))
        #expect(MonitorUnwrapping.unwrap("cd /srv && ./sync.sh --all && curl -fsS 'https://hc-ping.com/abcdefghijklmnopqrstuv/nightly-sync' > /dev/null")
                == U(command: "cd /srv && ./sync.sh --all", check: .slug("nightly-sync")))
        #expect(MonitorUnwrapping.unwrap("run && curl -s https://hc.example.com/ping/\(uuid.uppercased())")
                == U(command: "run", check: .uuid(uuid)), "a self-hosted /ping/ path")
        #expect(MonitorUnwrapping.unwrap("curl -fsS -m 10 https://hc-ping.com/\(uuid)/start && run.sh && curl -fsS https://hc-ping.com/\(uuid)")
                == U(command: "run.sh", check: .uuid(uuid)), "a /start pair")
    }

    @Test func whatStaysAsWritten() {
        for command in ["backup.sh && curl https://example.com/hook",                    // not a ping URL
                        "backup.sh && curl https://hc-ping.com/not-a-uuid",              // neither uuid nor key/slug
                        "backup.sh && curl https://hc-ping.com/0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b; rm -rf /tmp/x", // more after it
                        "backup.sh | curl -d @- https://hc-ping.com/0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b",           // not &&
                        "curl https://hc-ping.com/aaaaaaaa-3d4e-4f50-8a6b-7c8d9e0f1a2b/start && run && curl https://hc-ping.com/0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b", // two checks
                        "cronitor exec d3x0 \"backup $HOME\"",                            // the shell would expand it
                        "runitor -uuid 0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b backup.sh"] { // no --
            #expect(MonitorUnwrapping.unwrap(command) == nil, "\(command)")
        }
    }

    @Test func runitorAndCronitor() {
        #expect(MonitorUnwrapping.unwrap("runitor -uuid 0F8B1A2C-3D4E-4F50-8A6B-7C8D9E0F1A2B -- /usr/local/bin/backup.sh --full")
                == U(command: "/usr/local/bin/backup.sh --full", check: .uuid("0f8b1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b")))
        #expect(MonitorUnwrapping.unwrap("/usr/local/bin/runitor -slug=db-backup -every 0 -- pg_dump app > /b/app.sql")
                == U(command: "pg_dump app > /b/app.sql", check: .slug("db-backup")))
        #expect(MonitorUnwrapping.unwrap("cronitor exec d3x0c1 \"/usr/bin/php artisan \\\"queue:work\\\" --once\"")
                == U(command: "/usr/bin/php artisan \"queue:work\" --once", check: .cronitor("d3x0c1")))
        #expect(MonitorUnwrapping.unwrap("cronitor exec d3x0c1 'echo it''s'") == nil, "two quoted words are not one")
        #expect(MonitorUnwrapping.unwrap("cronitor exec d3x0c1 /usr/local/bin/report --daily")
                == U(command: "/usr/local/bin/report --daily", check: .cronitor("d3x0c1")))
    }
}
