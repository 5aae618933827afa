import Locking
import SageMakerWorkforces

/// Encoded `DescribeWorkforce` bodies of settled workforces, per namespace: the answer to the call CI
/// suites make most (polling until `Active`) without a database read or a JSON encoding.
///
/// Correctness rests on two rules:
/// - **Every change invalidates everything.** ``StoreExecutor`` calls ``invalidateAll()`` after each
///   piece of work on the writer (which is where every change is committed), before its caller hears of
///   it. An entry remembers the generation that was current *before* its database read began and is only
///   kept while no write has happened since; so a client that saw a write acknowledged never reads the
///   state from before it.
/// - **Only settled workforces are kept.** Their body no longer depends on the clock: with no transition,
///   or one already due, ``WorkforceLifecycle/observed(at:)`` gives the same answer for every later time.
///   An entry is used only at or after the time it became valid (`validFrom`), so a clock that moves
///   backwards (tests inject one) does not see a transition complete early.
///
/// A workforce mid-transition is always read from the database, as before.
final class DescribeCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var name: String
        var validFrom: EpochMilliseconds
        var body: [UInt8]
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [Namespace: Entry] = [:]
    }

    /// What a lookup found.
    enum Lookup: Equatable {
        /// The encoded body to answer with.
        case hit([UInt8])
        /// Not cached: read the database, then ``remember(_:namespace:name:validFrom:generation:)`` with this generation.
        case miss(generation: UInt64)
    }

    /// Entries kept at most; past it an arbitrary entry makes room (bounded memory however many namespaces).
    let capacity: Int
    private let state = LockedValue(State())

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func lookup(namespace: Namespace, name: String, now: EpochMilliseconds) -> Lookup {
        state.withLock { state in
            if let entry = state.entries[namespace], entry.generation == state.generation, now >= entry.validFrom,
                entry.name.utf8.elementsEqual(name.utf8)
            {
                return .hit(entry.body)
            }
            return .miss(generation: state.generation)
        }
    }

    /// Keeps `body` unless something was written since `generation` was current.
    func remember(_ body: [UInt8], namespace: Namespace, name: String, validFrom: EpochMilliseconds, generation: UInt64) {
        state.withLock { state in
            guard generation == state.generation else { return }
            if state.entries.count >= capacity, state.entries[namespace] == nil {
                state.entries.remove(at: state.entries.startIndex)
            }
            state.entries[namespace] = Entry(generation: generation, name: name, validFrom: validFrom, body: body)
        }
    }

    /// Makes every entry stale (a write committed, or may have). Stale entries are replaced or evicted
    /// later; dropping them here would make each write cost O(entries).
    func invalidateAll() {
        state.withLock { $0.generation &+= 1 }
    }

    /// How many entries are kept (tests).
    var count: Int { state.withLock { $0.entries.count } }
}
