// workforce-emulator: parse flags and environment, install signal handlers, start the app (DESIGN "Modules").
import Dispatch
import EmulatorApp

let configuration: Configuration
do {
    switch try Configuration.parse(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.current()) {
    case .help: ProcessSetup.exit(0, printing: Configuration.usage)
    case .version: ProcessSetup.exit(0, printing: "workforce-emulator \(Configuration.version)")
    case .healthCheck(let parsed): ProcessSetup.exit(HealthProbe.isHealthy(host: parsed.host, port: parsed.port) ? 0 : 1)
    case .run(let parsed): configuration = parsed
    }
} catch {
    ProcessSetup.exit(2, printing: "workforce-emulator: \(error)\n\n\(Configuration.usage)")
}
ProcessSetup.prepareForServing()
let emulator: Emulator
do {
    emulator = try Emulator.start(configuration: configuration, logger: Logger(level: configuration.logLevel))
} catch {
    ProcessSetup.exit(1, printing: "workforce-emulator: cannot start: \(error)")
}
// SIGTERM or SIGINT: stop accepting, finish the requests in flight, close the database, exit 0.
// Installed before the line below: a supervisor that signals as soon as it reads it must not kill us.
let signalSources = ProcessSetup.onTerminationSignals { emulator.shutdown { ProcessSetup.exit(0) } }
StandardStream.output.writeLine("workforce-emulator listening on \(emulator.baseURL)")
dispatchMain()
