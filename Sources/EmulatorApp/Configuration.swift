import SageMakerWorkforces

/// Everything the emulator can be told at start (DESIGN "Configuration"). Every flag has an
/// environment variable, for containers and CI `services:` blocks; flags win.
public struct Configuration: Sendable, Equatable {
    /// Listen address. Default `127.0.0.1`: nothing outside the machine reaches it unless asked.
    public var host = "127.0.0.1"
    /// Listen port; 0 picks a free one (the start-up line shows which).
    public var port = 4599
    /// SQLite database file, or `:memory:`.
    public var databasePath = "workforce-emulator.sqlite3"
    /// Fixture files or folders (loaded by a later feature; accepted and validated as paths now).
    public var fixtures: [String] = []
    /// Seconds a status transition takes (fractions allowed; 0 = at once).
    public var transitionDelay: Double = 1
    /// Region when a request carries no SigV4 credential scope.
    public var region = "us-east-1"
    /// Account when the access key id is not 12 digits.
    public var accountID = "000000000000"
    /// Least severe level logged.
    public var logLevel: LogLevel = .info
    /// Seconds a client has from the first byte of a request until it is completely read (then 408).
    public var headerReadTimeout: Double = 10
    /// Seconds an idle keep-alive connection stays open.
    public var idleTimeout: Double = 60
    /// An AWS shared-credentials file; when set, every API request must carry a valid SigV4 signature
    /// by one of its key pairs.
    public var credentialsFile: String?
    /// API calls and portal decisions the request journal keeps (`/_emulator/requests`); 0 turns it off.
    public var journalSize = 1000

    /// The defaults.
    public init() {}

    /// The transition delay in whole milliseconds.
    public var transitionDelayMilliseconds: Int64 { Int64((transitionDelay * 1000).rounded()) }
}

/// What the command line asked for.
public enum CommandLineRequest: Sendable, Equatable {
    /// Start the emulator with this configuration.
    case run(Configuration)
    /// `--health-check`: ask a running emulator (at the configured host and port) whether it is healthy.
    case healthCheck(Configuration)
    /// `--help`: print the usage.
    case help
    /// `--version`: print the version.
    case version
}

/// A bad flag or value: printed with the usage, exit code 2.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the flag or variable.
    public let message: String
    /// The message.
    public var description: String { message }
}

extension Configuration {
    /// The version `--version` prints and `/_emulator/health` reports.
    public static let version = "0.1.0"

    /// `--help`.
    public static let usage = """
        Usage: workforce-emulator [options]

        A local emulator of the Amazon SageMaker private-workforce API (awsJson 1.1 over HTTP/1.1).

        Options (each also read from the environment variable shown; a flag wins):
          --host ADDRESS            listen address (WORKFORCE_EMULATOR_HOST, default 127.0.0.1)
          --port N                  listen port, 0 = any free port (WORKFORCE_EMULATOR_PORT, default 4599)
          --db PATH                 SQLite database file, or :memory: (WORKFORCE_EMULATOR_DB,
                                    default workforce-emulator.sqlite3)
          --fixtures PATH           fixture file or folder, repeatable (WORKFORCE_EMULATOR_FIXTURES, comma-separated)
          --transition-delay SECS   how long Initializing/Updating/Deleting last, fractions allowed, 0 = at once
                                    (WORKFORCE_EMULATOR_TRANSITION_DELAY, default 1)
          --region REGION           region when a request is not SigV4-signed (WORKFORCE_EMULATOR_REGION, default us-east-1)
          --account-id ID           12-digit account when the access key id is not 12 digits
                                    (WORKFORCE_EMULATOR_ACCOUNT_ID, default 000000000000)
          --log-level LEVEL         debug, info, warning or error (WORKFORCE_EMULATOR_LOG_LEVEL, default info)
          --credentials FILE        verify SigV4 signatures against the key pairs of an AWS shared-credentials file
                                    (WORKFORCE_EMULATOR_CREDENTIALS; default: requests are not verified)
          --header-read-timeout S   seconds to receive a whole request once it starts, else 408
                                    (WORKFORCE_EMULATOR_HEADER_READ_TIMEOUT, default 10)
          --idle-timeout S          seconds an idle keep-alive connection is kept (WORKFORCE_EMULATOR_IDLE_TIMEOUT, default 60)
          --journal-size N          API calls and portal decisions kept for GET /_emulator/requests, 0 = off
                                    (WORKFORCE_EMULATOR_JOURNAL_SIZE, default 1000)
          --health-check            exit 0 if the emulator at --host/--port answers /_emulator/health, else 1
                                    (for container HEALTHCHECKs: the image needs no curl)
          --help                    print this and exit
          --version                 print the version and exit
        """

    private static let options: [(flag: String, variable: String)] = [
        ("--host", "WORKFORCE_EMULATOR_HOST"), ("--port", "WORKFORCE_EMULATOR_PORT"), ("--db", "WORKFORCE_EMULATOR_DB"),
        ("--fixtures", "WORKFORCE_EMULATOR_FIXTURES"), ("--transition-delay", "WORKFORCE_EMULATOR_TRANSITION_DELAY"),
        ("--region", "WORKFORCE_EMULATOR_REGION"), ("--account-id", "WORKFORCE_EMULATOR_ACCOUNT_ID"),
        ("--log-level", "WORKFORCE_EMULATOR_LOG_LEVEL"), ("--header-read-timeout", "WORKFORCE_EMULATOR_HEADER_READ_TIMEOUT"),
        ("--idle-timeout", "WORKFORCE_EMULATOR_IDLE_TIMEOUT"), ("--credentials", "WORKFORCE_EMULATOR_CREDENTIALS"),
        ("--journal-size", "WORKFORCE_EMULATOR_JOURNAL_SIZE"),
    ]

    /// Reads the environment, then the flags (`--flag value` or `--flag=value`) over it.
    public static func parse(arguments: [String], environment: [String: String]) throws(ConfigurationError) -> CommandLineRequest {
        var configuration = Configuration()
        for (flag, variable) in options {
            guard let value = environment[variable], !value.isEmpty else { continue }
            if flag == "--fixtures" {
                configuration.fixtures = value.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            } else {
                try configuration.apply(flag, value, source: variable)
            }
        }
        var flagFixtures: [String] = []
        var wantsHealthCheck = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" { return .help }
            if argument == "--version" { return .version }
            if argument == "--health-check" {
                wantsHealthCheck = true
                continue
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard options.contains(where: { $0.flag == name }) else {
                throw ConfigurationError(message: "unknown option '\(argument)'")
            }
            if value == nil {
                guard index < arguments.count else { throw ConfigurationError(message: "option \(name) needs a value") }
                value = arguments[index]
                index += 1
            }
            let given = value ?? ""
            if name == "--fixtures" {
                guard !given.isEmpty else { throw ConfigurationError(message: "option --fixtures needs a path") }
                flagFixtures.append(given)
            } else {
                try configuration.apply(name, given, source: name)
            }
        }
        if !flagFixtures.isEmpty { configuration.fixtures = flagFixtures }
        return wantsHealthCheck ? .healthCheck(configuration) : .run(configuration)
    }

    private mutating func apply(_ flag: String, _ value: String, source: String) throws(ConfigurationError) {
        func bad(_ expected: String) -> ConfigurationError {
            ConfigurationError(message: "invalid value '\(value)' for \(source): expected \(expected)")
        }
        switch flag {
        case "--host":
            guard !value.isEmpty, !value.contains(where: { $0 == " " || $0 == "/" }) else { throw bad("an IP address or localhost") }
            host = value
        case "--port":
            guard let number = Int(value), (0...65535).contains(number) else { throw bad("a port number from 0 to 65535") }
            port = number
        case "--db":
            guard !value.isEmpty else { throw bad("a file path or :memory:") }
            databasePath = value
        case "--transition-delay":
            guard let seconds = Double(value), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                throw bad("seconds from 0 to 86400, fractions allowed")
            }
            transitionDelay = seconds
        case "--region":
            guard Namespace.isRegionName(value) else { throw bad("a region name such as us-east-1") }
            region = value
        case "--account-id":
            guard Namespace.isAccountID(value) else { throw bad("12 digits") }
            accountID = value
        case "--credentials":
            guard !value.isEmpty else { throw bad("a path to an AWS shared-credentials file") }
            credentialsFile = value
        case "--header-read-timeout", "--idle-timeout":
            guard let seconds = Double(value), seconds.isFinite, seconds >= 0.05, seconds <= 86_400 else {
                throw bad("seconds from 0.05 to 86400")
            }
            if flag == "--idle-timeout" { idleTimeout = seconds } else { headerReadTimeout = seconds }
        case "--journal-size":
            guard let number = Int(value), (0...1_000_000).contains(number) else { throw bad("a number of entries from 0 to 1000000") }
            journalSize = number
        case "--log-level":
            guard let level = LogLevel(rawValue: value.lowercased()) else { throw bad("debug, info, warning or error") }
            logLevel = level
        default:
            throw ConfigurationError(message: "unknown option '\(flag)'")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
