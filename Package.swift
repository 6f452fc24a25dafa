// swift-tools-version: 6.0
import PackageDescription

// The pipeline lives in CronopsCore (no I/O); the two network edges and the terminal live in
// CronopsMonitor and CronopsCLI. See STYLE.md in the shared reference material.
// No `platforms:`: cronops builds and is tested on Linux only (Glibc, /proc, Debian's cron).
let package = Package(
    name: "cronops",
    products: [
        .executable(name: "cronops", targets: ["cronops"]),
        // For the libFuzzer harnesses in fuzz/, a separate package that depends on this one.
        .library(name: "CronopsCore", targets: ["CronopsCore"]),
        .library(name: "CronopsMonitor", targets: ["CronopsMonitor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Test-only: a real HTTP server on loopback for the Healthchecks and ping doubles.
        .package(url: "https://github.com/swhitty/FlyingFox.git", exact: "0.27.1"),
    ],
    targets: [
        .executableTarget(
            name: "cronops",
            dependencies: ["CronopsCLI"]
        ),
        .target(
            name: "CronopsCLI",
            dependencies: [
                "CCurlShim",
                "CronopsCore",
                "CronopsFiles",
                "CronopsMonitor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // libcurl, opened with dlopen on first use and called through its real C prototypes
        // (its setopt is variadic, which Swift cannot call); no libcurl headers needed.
        .target(name: "CCurlShim"),
        .target(
            // The one way cronops writes a file (crontab fragments, the local state, saved
            // plans, the wrapper's counters): shared by the CLI and the local provider.
            name: "CronopsFiles"
        ),
        .target(
            name: "CronopsCore",
            // CYaml is the libyaml that Yams builds; we drive its event parser directly so that
            // every node keeps its mark, duplicate keys are all reported, and depth and alias
            // expansion are bounded while composing (Yams' own composer aborts on the first
            // duplicate and recurses without a limit).
            dependencies: ["CLibYAML"]
        ),
        // libyaml from Debian's libyaml-dev (headers in /usr/include). No pkgConfig: its `-L/usr/lib/...`
        // would come before the directory through which the release build links libyaml.a
        // statically (scripts/release-build-flags.sh).
        .systemLibrary(name: "CLibYAML", providers: [.apt(["libyaml-dev"])]),
        .target(
            name: "CronopsMonitor",
            dependencies: ["CronopsCore", "CronopsFiles"]
        ),
        .target(
            name: "CronopsTestSupport",
            dependencies: [
                "CronopsCore",
                "CronopsMonitor",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        .testTarget(
            name: "CronopsCoreTests",
            dependencies: ["CronopsCore", "CronopsTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CronopsMonitorTests",
            dependencies: ["CronopsMonitor", "CronopsTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CronopsCLITests",
            dependencies: ["CronopsCLI", "CronopsTestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
