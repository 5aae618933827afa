import Dispatch
import WorkforceStore

/// Confines the store (not Sendable) to one serial queue: every database call runs there, one at a
/// time, and callers get their answer through a completion, so no connection thread ever waits on a lock.
final class StoreExecutor: @unchecked Sendable {
    // @unchecked: `store` is only touched inside `queue.async` blocks, which run one at a time.
    private let store: WorkforceStore
    private let queue = DispatchQueue(label: "workforce-emulator.store")
    private var isClosed = false

    init(store: WorkforceStore) { self.store = store }

    /// Runs `body` on the store's queue, then hands its result to `completion` (on that queue).
    func run<T: Sendable>(_ body: @escaping @Sendable (WorkforceStore) throws -> T, completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        queue.async {
            guard !self.isClosed else {
                completion(.failure(StoreClosedError()))
                return
            }
            completion(Result { try body(self.store) })
        }
    }

    /// Runs `body` on the store's queue and waits for it (start-up and shutdown only, never on a request path).
    func sync<T>(_ body: (WorkforceStore) throws -> T) throws -> T {
        try queue.sync {
            guard !isClosed else { throw StoreClosedError() }
            return try body(store)
        }
    }

    /// Closes the database after everything queued before it.
    func close(completion: @escaping @Sendable () -> Void) {
        queue.async {
            if !self.isClosed {
                self.isClosed = true
                self.store.close()
            }
            completion()
        }
    }
}

/// The store was closed (shutdown) before the work ran.
struct StoreClosedError: Error, CustomStringConvertible {
    var description: String { "the database is closed (shutting down)" }
}
