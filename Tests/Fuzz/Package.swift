// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for the code that reads what clients send (issue 4, part 1).
///
/// A package of its own, as swift-protobuf's FuzzTesting is, so that the sanitizer flags never touch the
/// main build. Each target is an executable whose `main.swift` defines only `LLVMFuzzerTestOneInput`;
/// libFuzzer supplies `main`. Build and run with `Tests/Fuzz/run` (see its header).
/// `main.swift` is read as a library file: no top-level code, no `main` of Swift's, so libFuzzer's is the one.
let libFuzzerEntryPoint: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "WorkforceEmulatorFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "workforce-emulator", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "FuzzHTTPParser",
            dependencies: [.product(name: "SocketHTTPServer", package: "workforce-emulator")],
            swiftSettings: libFuzzerEntryPoint
        ),
        .executableTarget(
            name: "FuzzAWSJSONInputs",
            dependencies: [
                .product(name: "JSON", package: "workforce-emulator"),
                .product(name: "AWSJSONProtocol", package: "workforce-emulator"),
                .product(name: "SageMakerWorkforces", package: "workforce-emulator"),
                .product(name: "SageMakerAPI", package: "workforce-emulator"),
            ],
            swiftSettings: libFuzzerEntryPoint
        ),
    ],
    swiftLanguageModes: [.v6]
)
