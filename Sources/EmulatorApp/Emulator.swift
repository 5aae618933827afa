import AWSJSONProtocol
import SageMakerWorkforces
import SocketHTTPServer
import Locking
import WorkforceStore

/// The running emulator: the store opened and migrated, the server listening.
///
/// `main` and the tests both start it through ``start(configuration:clock:logger:)``, tests with port 0
/// and `:memory:` (the hummingbird template's `buildApplication` idea).
public final class Emulator: Sendable {
    /// The configuration it runs with.
    public let configuration: Configuration
    private let server: HTTPServer
    private let executor: StoreExecutor
    private let logger: Logger
    /// Ownership of the database file, given up once the store is closed (nil for `:memory:`).
    private let databaseFile: DatabaseFile?
    private let trimmer: HeapTrimmer
    private let isStopping = LockedValue(false)

    /// The port it listens on (the real one when started with port 0).
    public var port: Int { server.port }

    /// `http://HOST:PORT`, with IPv6 hosts in brackets.
    public var baseURL: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)"
    }

    private init(
        configuration: Configuration, server: HTTPServer, executor: StoreExecutor, databaseFile: DatabaseFile?, trimmer: HeapTrimmer,
        logger: Logger
    ) {
        self.configuration = configuration
        self.trimmer = trimmer
        self.server = server
        self.executor = executor
        self.databaseFile = databaseFile
        self.logger = logger
    }

    /// Opens the database (refusing a file that is not SQLite or has a newer schema), then listens.
    /// Throws ``StoreError`` or the server's error; nothing is left open when it throws.
    public static func start(
        configuration: Configuration, clock: any TransitionClock = SystemClock(), logger: Logger
    ) throws -> Emulator {
        let startedAt = ContinuousClock.now
        let defaults = Namespace(account: configuration.accountID, region: configuration.region)
        let fixtures = try FixtureSet.load(paths: configuration.fixtures, defaults: defaults)
        for warning in fixtures.warnings { logger.log(.warning, "fixture_warning", ["message": warning]) }
        let verifier = try configuration.credentialsFile.map(Self.makeVerifier(credentialsFile:))
        let rules = WorkforceRules(transitionDelay: configuration.transitionDelayMilliseconds)
        let databaseFile = try DatabaseFile.claim(configuration.databasePath)
        let store: WorkforceStore
        do {
            store = try WorkforceStore(path: configuration.databasePath)
        } catch {
            databaseFile?.removeIfCreatedEmpty()
            databaseFile?.release()
            throw error
        }
        let describeCache = DescribeCache()
        let executor = try StoreExecutor(
            store: store, health: StorageHealth(path: configuration.databasePath, logger: logger), afterWrite: describeCache.invalidateAll)
        do {
            let report = try executor.sync { store in
                try store.write { try fixtures.apply(to: store, rules: rules, now: clock.now()) }
            }
            for skipped in report.skipped { logger.log(.warning, "fixture_skipped", ["message": skipped]) }
            if !configuration.fixtures.isEmpty {
                logger.log(
                    .info, "fixtures_loaded",
                    ["workforces": String(report.createdWorkforces), "workteams": String(report.createdWorkteams)])
            }
        } catch {
            executor.close { databaseFile?.release() }
            throw error
        }
        let context = AppContext(
            executor: executor, clock: clock, rules: rules, faults: FaultRegistry(), fixtures: fixtures, describeCache: describeCache,
            journal: RequestJournal(capacity: configuration.journalSize), logger: logger, defaultNamespace: defaults, verifier: verifier,
            startedAt: startedAt)
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = configuration.host
        serverConfiguration.port = configuration.port
        serverConfiguration.headerReadTimeout = .milliseconds(Int64(configuration.headerReadTimeout * 1000))
        serverConfiguration.idleTimeout = .milliseconds(Int64(configuration.idleTimeout * 1000))
        let server = HTTPServer(configuration: serverConfiguration, responder: Router.make(context: context)) { level, event, fields in
            let mapped: LogLevel =
                switch level {
                case .debug: .debug
                case .info: .info
                case .warning: .warning
                case .error: .error
                }
            logger.log(mapped, event, fields)
        }
        do {
            try server.start()
        } catch {
            executor.close { databaseFile?.release() }
            throw error
        }
        let trimmer = HeapTrimmer { [server] in server.openConnectionCount }
        let emulator = Emulator(
            configuration: configuration, server: server, executor: executor, databaseFile: databaseFile, trimmer: trimmer, logger: logger)
        logger.log(
            .info, "started",
            [
                "url": emulator.baseURL, "db": configuration.databasePath, "version": Configuration.version,
                "transition_delay_s": String(configuration.transitionDelay), "region": configuration.region,
                "account": configuration.accountID, "signing": verifier.map { "verified keys=\($0.keyCount)" } ?? "off",
            ])
        return emulator
    }

    /// The verifier for `--credentials`: the file's key pairs, or a start-up error naming the file.
    static func makeVerifier(credentialsFile path: String) throws -> SigV4Verifier {
        guard let data = LocalFiles.contents(of: path) else {
            throw StartError(description: "cannot read the credentials file \(path)")
        }
        do {
            let secrets = try SharedCredentialsFile.parse(String(decoding: data, as: UTF8.self))
            return SigV4Verifier(secrets: secrets, service: "sagemaker")
        } catch {
            throw StartError(description: "credentials file \(path): \(error)")
        }
    }

    /// Stops accepting, lets requests in flight finish, closes the database, then calls `completion`.
    /// Only the first call stops the emulator and calls its completion; a later call returns at once
    /// and never calls its own (SIGTERM then SIGINT must not exit twice).
    public func shutdown(completion: @escaping @Sendable () -> Void) {
        let alreadyStopping = isStopping.withLock { stopping in
            defer { stopping = true }
            return stopping
        }
        if alreadyStopping { return }
        logger.log(.info, "stopping", ["open_connections": String(server.openConnectionCount)])
        trimmer.cancel()
        server.shutdown { [executor, logger, databaseFile] in
            executor.close {
                databaseFile?.release()
                logger.log(.info, "stopped")
                completion()
            }
        }
    }
}

/// A start-up problem that is not the store's or the server's (a bad credentials file).
public struct StartError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public let description: String
}
