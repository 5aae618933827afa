// swift-tools-version:6.0
import PackageDescription

/// The emulator's HTTP transport alone (SocketHTTPServer: loops, parser, serializer), answering every
/// request with one fixed body: what `Tests/bench/cpu.py --transport` measures beside the emulator and
/// nginx, so a gap to nginx can be split into the transport's part and the app's.
///
/// A package of its own, as Tests/Fuzz is, so the main build and its tests never see it.
let package = Package(
    name: "TransportOnly",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "workforce-emulator", path: "../../..")
    ],
    targets: [
        .executableTarget(
            name: "transport-only",
            dependencies: [.product(name: "SocketHTTPServer", package: "workforce-emulator")]
        )
    ],
    swiftLanguageModes: [.v6]
)
