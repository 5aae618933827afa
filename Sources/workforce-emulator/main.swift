// workforce-emulator: parse flags and environment, install signal handlers, start the app.
import Dispatch
import EmulatorApp
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

signal(SIGPIPE, SIG_IGN)  // a vanished peer must not kill the process; sends use MSG_NOSIGNAL too

/// Writes a line straight to a file descriptor: unbuffered, so the "listening" line reaches a pipe at once.
func writeLine(_ text: String, to descriptor: Int32) {
    let bytes = Array((text + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
    }
}

let configuration: Configuration
do {
    switch try Configuration.parse(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment) {
    case .help: writeLine(Configuration.usage, to: 1); exit(0)
    case .version: writeLine("workforce-emulator \(Configuration.version)", to: 1); exit(0)
    case .run(let parsed): configuration = parsed
    case .healthCheck(let parsed): exit(HealthProbe.isHealthy(host: parsed.host, port: parsed.port) ? 0 : 1)
    }
} catch {
    writeLine("workforce-emulator: \(error)\n\n\(Configuration.usage)", to: 2)
    exit(2)
}

// Thousands of keep-alive connections need thousands of descriptors: take the soft limit up to the hard one.
var descriptors = rlimit()
if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptors) == 0, descriptors.rlim_cur < descriptors.rlim_max {
    descriptors.rlim_cur = descriptors.rlim_max
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &descriptors)
}

let logger = Logger(level: configuration.logLevel)
let emulator: Emulator
do {
    emulator = try Emulator.start(configuration: configuration, logger: logger)
} catch {
    writeLine("workforce-emulator: cannot start: \(error)", to: 2)
    exit(1)
}
writeLine("workforce-emulator listening on \(emulator.baseURL)", to: 1)

var signalSources: [any DispatchSourceSignal] = []
for signalNumber in [SIGTERM, SIGINT] {
    signal(signalNumber, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
    source.setEventHandler { emulator.shutdown { exit(0) } }
    source.resume()
    signalSources.append(source)
}
dispatchMain()
