import SageMakerWorkforces

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
    /// The wall clock's time, whole milliseconds since the epoch.
    public func now() -> EpochMilliseconds { WallClock.epochMilliseconds() }
}
