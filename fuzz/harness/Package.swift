// swift-tools-version: 5.4
import PackageDescription

// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links an executable with its entry point
// renamed (`main` = `<Module>_main`, for testable executables), and a harness has no entry
// point of its own: libFuzzer supplies `main`. The harnesses are Swift 5 mode; the cronops
// targets they import build as the main package says (Swift 6).

// libFuzzer harnesses for every parser of outside bytes, kept out of the main package so that
// `swift build` / `swift test` (what CI runs) neither build nor link them. Build and run them
// with `scripts/fuzz.sh` (see README.md here); they need `-sanitize=fuzzer` to link, since
// libFuzzer supplies `main`.
let package = Package(
    name: "cronops-fuzz",
    dependencies: [
        // Named, because a path dependency is otherwise known by its directory's name, which
        // differs between checkouts.
        .package(name: "cronops", path: "../.."),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "CronopsCore", package: "cronops")]
        ),
        harness("FuzzJobFile"),
        harness("FuzzSchedule"),
        harness("FuzzRules"),
        harness("FuzzJSON"),
        harness("FuzzTZif"),
        harness("FuzzMerge"),
        harness("FuzzCheckList", extra: [.product(name: "CronopsMonitor", package: "cronops")]),
        harness("FuzzRunLog"),
    ]
)

/// One executable per harness: libFuzzer takes one `LLVMFuzzerTestOneInput` per binary.
func harness(_ name: String, extra: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzSupport", .product(name: "CronopsCore", package: "cronops")] + extra
    )
}
