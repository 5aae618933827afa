import EmulatorApp
import Locking
import SageMakerWorkforces

/// A clock that only moves when told to, for tests.
final class ManualClock: TransitionClock {
    private let current: LockedValue<EpochMilliseconds>

    /// A clock reading `start`.
    init(start: EpochMilliseconds = 1_764_374_400_000) { current = LockedValue(start) }

    func now() -> EpochMilliseconds { current.withLock { $0 } }

    /// Moves the clock forward.
    func advance(milliseconds: EpochMilliseconds) { current.withLock { $0 += milliseconds } }
}
