import AWSJSONProtocol
import SageMakerWorkforces

/// What every handler is given instead of the whole app (DESIGN "Modules": the composition root wires
/// it once at start): where state lives, what time it is, what is armed, what a reset returns to, and
/// where lines go.
///
/// A class, not a struct: every request captures it in several closures, and copying a struct of eleven
/// references retained and released each one (about 4,000 instructions a request under callgrind).
final class AppContext: Sendable {
    /// The database: writes on its queue, reads on pooled connections.
    let executor: StoreExecutor
    /// "Now", injected so tests can move it.
    let clock: any TransitionClock
    /// The rules, with the configured transition delay.
    let rules: WorkforceRules
    /// Faults armed through `/_emulator/faults`.
    let faults: FaultRegistry
    /// The fixture baseline that start-up loaded and a reset returns to.
    let fixtures: FixtureSet
    /// Encoded DescribeWorkforce answers of settled workforces.
    let describeCache: DescribeCache
    /// The last API calls and portal decisions (`/_emulator/requests`); off at `--journal-size 0`.
    let journal: RequestJournal
    /// One line per event.
    let logger: Logger
    /// The namespace of a request that names none (unsigned, or an access key that is not an account id).
    let defaultNamespace: Namespace
    /// Set when `--credentials` asks for signatures to be verified.
    let verifier: SigV4Verifier?
    /// When the emulator started, for `uptimeSeconds`.
    let startedAt: ContinuousClock.Instant

    init(
        executor: StoreExecutor, clock: any TransitionClock, rules: WorkforceRules, faults: FaultRegistry, fixtures: FixtureSet,
        describeCache: DescribeCache, journal: RequestJournal, logger: Logger, defaultNamespace: Namespace,
        verifier: SigV4Verifier?, startedAt: ContinuousClock.Instant
    ) {
        self.executor = executor
        self.clock = clock
        self.rules = rules
        self.faults = faults
        self.fixtures = fixtures
        self.describeCache = describeCache
        self.journal = journal
        self.logger = logger
        self.defaultNamespace = defaultNamespace
        self.verifier = verifier
        self.startedAt = startedAt
    }
}
