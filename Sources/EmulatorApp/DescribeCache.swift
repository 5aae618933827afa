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
        /// The keys of `entries`, each once, in the order they came in: a ring whose slot `oldest` goes
        /// first once full. Evicting in arrival order keeps the dictionary's occupied buckets spread
        /// evenly; evicting its first one (`remove(at: startIndex)`, as before) emptied the table from
        /// the front, packed the rest into long probe runs, and made each lookup cost about 4,000
        /// instructions instead of a few hundred (callgrind, random describes over 20,000 namespaces).
        var arrivals: [Namespace] = []
        var oldest = 0
    }

    /// What a lookup found.
    enum Lookup: Equatable {
        /// The encoded body to answer with.
        case hit([UInt8])
        /// Not cached: read the database, then ``remember(_:namespace:name:validFrom:generation:)`` with this generation.
        case miss(generation: UInt64)
    }

    /// Entries kept at most; past it the oldest entry makes room (bounded memory however many namespaces).
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
            guard generation == state.generation, capacity > 0 else { return }
            let entry = Entry(generation: generation, name: name, validFrom: validFrom, body: body)
            if state.entries.updateValue(entry, forKey: namespace) != nil { return }
            if state.arrivals.count < capacity {
                state.arrivals.append(namespace)
                return
            }
            state.entries.removeValue(forKey: state.arrivals[state.oldest])
            state.arrivals[state.oldest] = namespace
            state.oldest = (state.oldest + 1) % capacity
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
