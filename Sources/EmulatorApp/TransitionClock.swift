import FoundationEssentials
import SageMakerWorkforces
import Locking

/// Where "now" comes from. Injected so tests (and later the admin API) can move time
/// (DESIGN "Persistence": status is a pure function of the stored row and this clock).
public protocol TransitionClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func now() -> EpochMilliseconds
}

/// The wall clock.
public struct SystemClock: TransitionClock {
    /// The wall clock.
    public init() {}
    public func now() -> EpochMilliseconds { EpochMilliseconds((Date.now.timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A clock that only moves when told to, for tests.
public final class ManualClock: TransitionClock {
    private let current: LockedValue<EpochMilliseconds>

    /// A clock reading `start`.
    public init(start: EpochMilliseconds = 1_764_374_400_000) { current = LockedValue(start) }

    public func now() -> EpochMilliseconds { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(milliseconds: EpochMilliseconds) { current.withLock { $0 += milliseconds } }
}
