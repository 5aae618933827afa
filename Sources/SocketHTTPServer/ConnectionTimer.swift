import Dispatch

/// A connection's one timer: at most one deadline at a time, for one ``Purpose``, re-armed lazily.
///
/// Rescheduling a dispatch timer costs a wake-up of libdispatch's manager thread (measured: 10–15% of
/// the CPU of a keep-alive request when done per request), so ``arm(_:after:)`` only reschedules when
/// the new deadline is earlier than the one the dispatch timer is set for; a firing before the logical
/// deadline reschedules itself (``fire()``). Its owner calls it only on the timer's queue.
struct ConnectionTimer {
    /// What a deadline is for, so the connection knows what to do when it passes.
    enum Purpose {
        /// No request under way on a keep-alive connection: close silently.
        case idle
        /// A request started but is not completely read: 408 and close (RFC 9112 §9.5).
        case requestRead
        /// A response write made no progress: close.
        case writeStall
        /// The lingering close waited long enough for the peer's FIN: close.
        case linger
    }

    private let source: DispatchSourceTimer
    /// The armed purpose, nil when disarmed.
    private(set) var purpose: Purpose?
    private var deadline = DispatchTime.distantFuture
    /// When the dispatch timer is actually set to fire.
    private var scheduledDeadline = DispatchTime.distantFuture
    private var leeway = DispatchTimeInterval.milliseconds(1)
    /// The last duration armed, and its interval and leeway: a connection arms the same few durations
    /// over and over (once per request), and converting a `Duration` costs 128-bit arithmetic.
    private var armedDuration: Duration?
    private var armedInterval = DispatchTimeInterval.never

    /// A disarmed timer whose firings run `onFire` on `queue`.
    init(queue: DispatchQueue, onFire: @escaping @Sendable () -> Void) {
        source = DispatchSource.makeTimerSource(queue: queue)
        source.setEventHandler(handler: onFire)
        source.schedule(deadline: .distantFuture)
        source.resume()
    }

    /// Sets the deadline to `duration` from now for `purpose`, replacing any other.
    mutating func arm(_ purpose: Purpose, after duration: Duration) {
        self.purpose = purpose
        if duration != armedDuration {
            armedDuration = duration
            armedInterval = dispatchInterval(duration)
            leeway = Self.leeway(for: duration)
        }
        deadline = DispatchTime.now() + armedInterval
        if deadline < scheduledDeadline {
            scheduledDeadline = deadline
            source.schedule(deadline: deadline, leeway: leeway)
        }
    }

    /// Forgets the deadline; a firing still scheduled finds nothing to do.
    mutating func disarm() {
        purpose = nil
        deadline = .distantFuture
    }

    /// Called when the dispatch timer fired: the purpose whose deadline has passed (now disarmed), or
    /// nil when disarmed or when the deadline moved later since (then the timer is set for it).
    mutating func fire() -> Purpose? {
        scheduledDeadline = .distantFuture  // a one-shot timer that fired is no longer scheduled
        guard let purpose else { return nil }
        guard DispatchTime.now() >= deadline else {
            scheduledDeadline = deadline
            source.schedule(deadline: deadline, leeway: leeway)
            return nil
        }
        disarm()
        return purpose
    }

    /// Stops the timer for good.
    func cancel() {
        source.cancel()
    }

    /// 10% of the timeout, between 1 ms and 1 s: timers coalesce without firing noticeably late.
    private static func leeway(for duration: Duration) -> DispatchTimeInterval {
        let tenth = duration / 10
        let clamped = min(max(tenth, .milliseconds(1)), .seconds(1))
        return dispatchInterval(clamped)
    }
}
