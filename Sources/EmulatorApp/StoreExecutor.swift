import Dispatch
import Locking
import WorkforceStore

/// Owns the database: the writer connection, confined to one serial queue (every write runs there, one at
/// a time, answering through a completion so no connection thread waits on a lock), and a small pool of
/// read-only connections that reads use directly on the caller's thread, in parallel with each other and
/// with the writer (SQLite WAL).
final class StoreExecutor: @unchecked Sendable {
    // @unchecked: `store` and `isClosed` are only touched inside blocks on `queue`, which run one at a
    // time; `pending` is a lock; idle readers live in `readers` (a lock), and a reader taken out of it has one user until
    // it is put back.
    private let store: WorkforceStore
    private let queue = DispatchQueue(label: "workforce-emulator.store")
    private var isClosed = false
    private let readerPath: String?
    private let readers = LockedValue(ReaderPool())
    /// Work submitted through ``run(_:completion:)`` and not yet taken by a drain on `queue`.
    private let pending = LockedValue<[GroupCommit.Job]>([])
    /// Called on the writer's queue after each piece of work there, before its completion runs.
    private let afterWrite: @Sendable () -> Void
    /// Told of every write the machine refused and of every commit.
    let health: StorageHealth

    /// Idle read connections.
    private struct ReaderPool {
        var idle: [WorkforceStore] = []
        var isClosed = false
    }

    /// Read connections, all opened at start so the process's descriptors do not grow with load (a
    /// leak check can then compare counts, once start-up has settled); when all are busy, a read queues on
    /// the writer's queue.
    static let readerCount = 4
    /// The opening of the readers after the first (``init(store:health:afterWrite:)``); ``close(completion:)``
    /// waits for it, so no connection to the file outlives the executor.
    private let openingReaders = DispatchGroup()

    /// Takes over `store` and opens the read connections beside it (none for `:memory:` or a temporary
    /// database, which other connections cannot see). `afterWrite` runs after every piece of work on the
    /// writer (each may have committed a change).
    ///
    /// The first reader opens here; the others open in the background, while the emulator starts
    /// listening (0.2 ms each, most of the start-up left once the store is open, issue 15), and join the
    /// pool as they open: until then reads use the readers there are or, with none idle, the writer.
    /// One that cannot open is logged and left out.
    ///
    /// Throws ``StoreError/readerUnavailable(path:_:)`` when the first read connection cannot be opened,
    /// after closing `store`: a process that could not read would fail later, on requests, in a less
    /// obvious way.
    init(store: WorkforceStore, health: StorageHealth, afterWrite: @escaping @Sendable () -> Void = {}) throws(StoreError) {
        self.store = store
        self.health = health
        self.afterWrite = afterWrite
        readerPath = store.path == ":memory:" || store.path.isEmpty ? nil : store.path
        guard let readerPath else { return }
        do {
            let first = try WorkforceStore.openReader(path: readerPath)
            readers.withLock { $0.idle = [first] }
        } catch {
            store.close()
            throw error
        }
        DispatchQueue.global(qos: .userInitiated).async(group: openingReaders) { [self] in
            for _ in 1..<Self.readerCount {
                let reader: WorkforceStore
                do throws(StoreError) {
                    reader = try WorkforceStore.openReader(path: readerPath)
                } catch {
                    health.readerUnavailable(error)
                    return
                }
                giveBack(reader)
            }
        }
    }

    /// Runs `body` on the store's queue, then hands its result to `completion` (on that queue).
    ///
    /// Work that queues up while earlier work runs is drained together as one group commit
    /// (``GroupCommit``): each `store.write` a savepoint in one shared transaction, every completion
    /// called only after that transaction's COMMIT (or with its error when the COMMIT failed).
    func run<T: Sendable>(_ body: @escaping @Sendable (WorkforceStore) throws -> T, completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        let job = GroupCommit.Job(
            run: { [health] store in
                let result = Result { try body(store) }.mapError(health.classify)
                let failure: (any Error)? = if case .failure(let error) = result { error } else { nil }
                return GroupCommit.Outcome(failure: failure) { groupFailure in
                    completion(groupFailure.map { .failure($0) } ?? result)
                }
            },
            fail: { error in completion(.failure(error)) })
        let isFirst = pending.withLock { jobs in
            jobs.append(job)
            return jobs.count == 1
        }
        if isFirst { queue.async { self.drainPending() } }
    }

    /// Takes every job queued so far and runs it, alone or as one group; on `queue` only.
    private func drainPending() {
        let jobs = pending.withLock { jobs in
            defer { jobs = [] }
            return jobs
        }
        guard !isClosed else {
            for job in jobs { job.fail(StoreClosedError()) }
            return
        }
        let commits = store.committedWrites
        let deliveries = GroupCommit.run(jobs, on: store, classify: health.classify)
        if store.committedWrites != commits { health.writeSucceeded() }
        afterWrite()
        for deliver in deliveries { deliver() }
    }

    /// `body` on the writer, its write faults classified (``StorageHealth``); on `queue` only.
    private func runHere<T>(_ body: (WorkforceStore) throws -> T) -> Result<T, any Error> {
        let commits = store.committedWrites
        let result = Result { try body(store) }.mapError(health.classify)
        if store.committedWrites != commits { health.writeSucceeded() }
        afterWrite()
        return result
    }

    /// Whether the database takes a write now: a probe write when it was refused before, at once
    /// otherwise. Answers on the writer's queue.
    func checkWritable(completion: @escaping @Sendable (StorageHealth.Fault?) -> Void) {
        guard health.current != nil else {
            completion(nil)
            return
        }
        run({ store in try store.probeWrite() }) { [health] _ in completion(health.current) }
    }

    /// Runs a read-only `body` at once on the calling thread with a pooled read connection, or, when
    /// there is none to be had (`:memory:`, all busy, shutting down), like ``run(_:completion:)``.
    func read<T: Sendable>(_ body: @escaping @Sendable (WorkforceStore) throws -> T, completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        guard let reader = takeReader() else {
            run(body, completion: completion)
            return
        }
        // No explicit transaction: every read-only operation is a single SELECT, consistent on its own,
        // and BEGIN/COMMIT around it would triple the statements.
        let result = Result { try body(reader) }
        giveBack(reader)
        completion(result)
    }

    private func takeReader() -> WorkforceStore? {
        guard readerPath != nil else { return nil }
        return readers.withLock { pool in pool.isClosed ? nil : pool.idle.popLast() }
    }

    private func giveBack(_ reader: WorkforceStore) {
        let closeIt = readers.withLock { pool in
            if pool.isClosed { return true }
            pool.idle.append(reader)
            return false
        }
        if closeIt { reader.close() }
    }

    /// Runs `body` on the store's queue and waits for it (start-up and shutdown only, never on a request path).
    func sync<T>(_ body: (WorkforceStore) throws -> T) throws -> T {
        try queue.sync {
            guard !isClosed else { throw StoreClosedError() }
            return try runHere(body).get()
        }
    }

    /// Closes the database after everything queued before it; readers in use close when given back.
    func close(completion: @escaping @Sendable () -> Void) {
        let idle = readers.withLock { pool in
            pool.isClosed = true
            defer { pool.idle = [] }
            return pool.idle
        }
        for reader in idle { reader.close() }
        // A reader still opening is closed by giveBack once open; the writer closes after it.
        openingReaders.notify(queue: queue) {
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
