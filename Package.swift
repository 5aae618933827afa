// swift-tools-version:6.0
import PackageDescription

/// workforce-emulator: a local emulator of the Amazon SageMaker private-workforce API.
///
/// Dependencies point down only (see ../shared/DESIGN.md "Modules"):
/// workforce-emulator → EmulatorApp → {SocketHTTPServer, SageMakerAPI, WorkforceStore};
/// SageMakerAPI → {AWSJSONProtocol, JSON, SageMakerWorkforces}; WorkforceStore → {SageMakerWorkforces, SQLite → CSQLite};
/// SageMakerWorkforces (the domain) → Digest only: no JSON, no protocol, no Foundation.
/// The shipped binary depends on nothing but the toolchain and the system libsqlite3.
let package = Package(
    name: "workforce-emulator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "workforce-emulator", targets: ["workforce-emulator"]),
        // Libraries only so that the fuzzing package (Tests/Fuzz) can link the code it fuzzes.
        .library(name: "SocketHTTPServer", targets: ["SocketHTTPServer"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "AWSJSONProtocol", targets: ["AWSJSONProtocol"]),
        .library(name: "SageMakerWorkforces", targets: ["SageMakerWorkforces"]),
        .library(name: "SageMakerAPI", targets: ["SageMakerAPI"]),
    ],
    targets: [
        .executableTarget(
            name: "workforce-emulator",
            dependencies: ["EmulatorApp"],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
        ),
        .target(
            name: "EmulatorApp",
            dependencies: [
                "SocketHTTPServer", "SageMakerAPI", "WorkforceStore", "SageMakerWorkforces", "JSON", "AWSJSONProtocol", "Locking", "CShims",
                "CivilTime",
            ]
        ),
        .target(
            name: "AWSJSONProtocol", dependencies: ["JSON", "Digest", "CivilTime"],
            // `.rounded()` calls libm; without Foundation nothing else links it.
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        // Strict RFC 8259 JSON values, parser and writer: a leaf, knowing nothing of AWS.
        .target(
            name: "JSON",
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(name: "Digest"),
        // Calendar dates without Foundation, for the HTTP Date header and SigV4's X-Amz-Date.
        .target(name: "CivilTime"),
        // The operations' wire shapes: requests decoded into the domain's commands, results encoded.
        .target(
            name: "SageMakerAPI",
            dependencies: ["AWSJSONProtocol", "JSON", "SageMakerWorkforces"]
        ),
        // The domain: model, rules, CIDRs, name patterns, statuses as functions of time.
        .target(
            name: "SageMakerWorkforces",
            dependencies: ["Digest"]
        ),
        .target(
            name: "WorkforceStore",
            dependencies: ["SageMakerWorkforces", "SQLite", "JSON"]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "SocketHTTPServer", dependencies: ["Locking", "CivilTime", "CShims"]),
        .target(name: "Locking"),
        // C declarations Swift's Glibc module lacks (mallopt, malloc_trim, epoll).
        .target(name: "CShims"),

        .testTarget(
            name: "EmulatorAppTests",
            dependencies: ["EmulatorApp", "SageMakerAPI", "SageMakerWorkforces", "JSON", "AWSJSONProtocol", "SocketHTTPServer", "Locking", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "AWSJSONProtocolTests", dependencies: ["AWSJSONProtocol", "JSON", "Digest"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"]),
        .testTarget(name: "SageMakerWorkforcesTests", dependencies: ["SageMakerWorkforces", "DomainTestSupport"]),
        .testTarget(name: "SageMakerAPITests", dependencies: ["SageMakerAPI", "SageMakerWorkforces", "JSON", "AWSJSONProtocol", "DomainTestSupport"]),
        .testTarget(name: "WorkforceStoreTests", dependencies: ["WorkforceStore", "JSON", "TestSupport"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite", "TestSupport"]),
        // Helpers shared by the test targets (temporary directories, byte search); not shipped.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The domain values both the rule and the API tests build on (a namespace, settled workforces); not shipped.
        .target(name: "DomainTestSupport", dependencies: ["SageMakerWorkforces"], path: "Tests/DomainTestSupport"),
        .testTarget(name: "SocketHTTPServerTests", dependencies: ["SocketHTTPServer", "Locking"]),
    ],
    swiftLanguageModes: [.v6]
)
