import Glibc

/// A value protected by a pthread mutex.
///
/// Used instead of `Synchronization.Mutex` on purpose: on Linux, `Mutex` locks with futexes inside the
/// (uninstrumented) standard library, so ThreadSanitizer cannot see the lock and reports every access
/// made under it as a race (reproduced with Swift 6.3.1: two threads appending under `withLock`).
/// TSan intercepts pthread mutexes, so `swift test --sanitize=thread` stays meaningful. The one lock type
/// of the package: every module that shares state between threads uses it.
public final class LockedValue<Value>: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: `value` is read and written only inside `withLock`, between
    // `pthread_mutex_lock` and `pthread_mutex_unlock` on `mutex`, which lives as long as this object.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Not checked for exclusive access at run time: the mutex is what makes access exclusive, and the
    /// check cost a tracked access (~60 instructions) on each of the several locks a request takes.
    @exclusivity(unchecked) private var value: Value

    /// A lock around `value`.
    public init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(mutex, nil)
        assert(result == 0, "pthread_mutex_init failed: \(result)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value. `body` must not call `withLock` on the same object.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        let lockResult = pthread_mutex_lock(mutex)
        assert(lockResult == 0, "pthread_mutex_lock failed: \(lockResult)")
        defer {
            let unlockResult = pthread_mutex_unlock(mutex)
            assert(unlockResult == 0, "pthread_mutex_unlock failed: \(unlockResult)")
        }
        return try body(&value)
    }
}
