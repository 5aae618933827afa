import JSON
import Locking
import SageMakerWorkforces
import SocketHTTPServer

/// What the emulator was asked and what it answered (issue 13), for tests that assert on what the code
/// under test *sent*: the last `--journal-size` API calls and worker-portal decisions, in memory.
///
/// Recorded on the hot path, so recording is cheap: the entry is built from what the request already
/// has (the parsed body, the response bytes, shared, not copied), with every `ClientSecret` redacted
/// *before* it is kept (``JournalBody/request(raw:parsed:)``); one lock is held only to append.
/// Rendering to JSON happens when someone reads the journal. A size of 0 records nothing and costs one
/// Boolean test per request (``isEnabled``).
///
/// Bounded twice: by entry count (the oldest is dropped) and by the bytes its bodies hold
/// (``byteBudget``), so a flood of 1 MiB bodies cannot grow it past a few tens of megabytes.
final class RequestJournal: Sendable {
    /// Entries kept at most; 0 turns the journal off.
    let capacity: Int
    /// Body bytes kept at most over all entries; past it the oldest entries are dropped.
    let byteBudget: Int
    /// The entries, behind the one lock.
    private let state: LockedValue<Ring>

    /// A journal keeping the last `capacity` entries (0: off) and at most `byteBudget` bytes of bodies.
    init(capacity: Int, byteBudget: Int = 64 << 20) {
        self.capacity = max(0, capacity)
        self.byteBudget = byteBudget
        state = LockedValue(Ring())
    }

    /// Whether anything is recorded: callers test it before building an entry.
    var isEnabled: Bool { capacity > 0 }

    /// Appends `entry`, giving it the next sequence number, and drops the oldest past either bound.
    func record(_ entry: JournalEntry) {
        guard isEnabled else { return }
        var entry = entry
        // What is dropped to make room is freed after the lock, not under it: an entry recorded a
        // thousand requests ago lies in memory long out of the cache, and the other loops wait meanwhile.
        let dropped = state.withLock { ring in
            entry.sequence = ring.nextSequence
            ring.nextSequence += 1
            var dropped = Dropped(first: ring.append(entry, capacity: capacity))
            while ring.count > 1 && ring.bytes > byteBudget { dropped.more.append(ring.dropOldest()) }
            return dropped
        }
        withExtendedLifetime(dropped) {}
    }

    /// Entries taken out of the ring by one ``record(_:)``: nearly always the one oldest, more only
    /// when the byte budget is exceeded.
    private struct Dropped {
        var first: JournalEntry?
        var more: [JournalEntry?] = []
    }

    /// The entries `query` selects, oldest first, and the `after` that continues from this answer.
    func entries(matching query: JournalQuery) -> (entries: [JournalEntry], nextSequence: UInt64) {
        state.withLock { ring in
            let latest = ring.nextSequence - 1
            guard let limit = query.limit else {
                return (ring.filter(query, limit: .max), latest)
            }
            if limit == 0 { return ([], latest) }
            // One more than asked tells whether the answer was cut (never more than the ring holds: no overflow).
            let found = ring.filter(query, limit: min(limit, ring.count) + 1)
            guard found.count > limit else { return (found, latest) }
            let page = Array(found.prefix(limit))
            return (page, page.last?.sequence ?? latest)
        }
    }

    /// The newest `count` entries, newest first (the dashboard).
    func latest(_ count: Int) -> [JournalEntry] {
        state.withLock { ring in
            let first = max(0, ring.count - count)
            return (first..<ring.count).reversed().map { ring[$0] }
        }
    }

    /// Removes the entries of namespaces `filter` selects (all when `.all`; an entry with no namespace,
    /// such as a visit to an unknown SubDomain, only then); returns how many. Sequence numbers go on.
    @discardableResult
    func clear(_ filter: NamespaceFilter = .all) -> Int {
        state.withLock { ring in
            let before = ring.count
            if filter.account == nil && filter.region == nil {
                ring.removeAll()
            } else {
                ring.keep { entry in entry.namespace.map { !filter.matches($0) } ?? true }
            }
            return before - ring.count
        }
    }

    /// How many entries are kept and the bytes their bodies hold (tests).
    var usage: (count: Int, bytes: Int) { state.withLock { ($0.count, $0.bytes) } }
}

/// A ring buffer of entries, grown up to its capacity and then overwritten oldest first.
///
/// Invariant: until `slots` reaches capacity no write has wrapped, so the live entries are exactly
/// `slots[start ..< start + count]` and `start + count == slots.count`.
private struct Ring {
    /// An entry and its ``JournalEntry/cost``, worked out when it was recorded: read again only when it
    /// is dropped, a thousand requests later, when its bodies are long out of the cache (reading them
    /// then, under the lock both loops take, was one of the costliest lines of a request at 256 connections).
    struct Slot {
        var entry: JournalEntry
        var cost: Int
    }

    /// Storage, grown up to the capacity; a dropped entry's slot is nil.
    var slots: [Slot?] = []
    /// Where the oldest live entry is.
    var start = 0
    /// How many entries are live.
    var count = 0
    /// The live slots' costs, summed.
    var bytes = 0
    /// The sequence the next entry gets.
    var nextSequence: UInt64 = 1

    /// The entry `position` places after the oldest.
    subscript(position: Int) -> JournalEntry {
        // Every position below `count` holds an entry (see the invariant); the empty entry is unreachable.
        slots[slotIndex(position)]?.entry ?? .placeholder
    }

    /// Where in `slots` the entry `position` places after the oldest is.
    private func slotIndex(_ position: Int) -> Int {
        (start + position) % max(1, slots.count)
    }

    /// Adds `entry` as the newest; returns the oldest when it had to make room (the caller frees it).
    mutating func append(_ entry: JournalEntry, capacity: Int) -> JournalEntry? {
        let dropped = count == capacity ? dropOldest() : nil
        let slot = Slot(entry: entry, cost: entry.cost)
        if slots.count < capacity {
            slots.append(slot)
        } else {
            slots[(start + count) % capacity] = slot
        }
        count += 1
        bytes += slot.cost
        return dropped
    }

    /// Takes the oldest entry out and returns it (nil when empty).
    @discardableResult
    mutating func dropOldest() -> JournalEntry? {
        guard count > 0 else { return nil }
        let oldest = slots[start].take()
        bytes -= oldest?.cost ?? 0
        start = slotIndex(1)
        count -= 1
        return oldest?.entry
    }

    /// Up to `limit` entries `query` matches, oldest first.
    func filter(_ query: JournalQuery, limit: Int) -> [JournalEntry] {
        var found: [JournalEntry] = []
        var position = 0
        // Sequences increase along the ring, so entries at or before `after` are skipped by search.
        if query.after > 0 {
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if self[middle].sequence <= query.after { low = middle + 1 } else { high = middle }
            }
            position = low
        }
        while position < count && found.count < limit {
            let entry = self[position]
            if query.matches(entry) { found.append(entry) }
            position += 1
        }
        return found
    }

    /// Drops every entry and frees the storage.
    mutating func removeAll() {
        slots = []
        start = 0
        count = 0
        bytes = 0
    }

    /// Keeps only the entries `isKept` accepts, in order.
    mutating func keep(where isKept: (JournalEntry) -> Bool) {
        let kept = (0..<count).compactMap { slots[slotIndex($0)] }.filter { isKept($0.entry) }
        slots = kept
        start = 0
        count = kept.count
        bytes = kept.reduce(0) { $0 + $1.cost }
    }
}

/// Which entries `GET /_emulator/requests` answers: every condition given must hold; a parameter given
/// several times matches any of its values.
struct JournalQuery: Sendable, Equatable {
    /// `kind=`: API calls, portal visits.
    var kinds: [JournalEntry.Kind] = []
    /// `operation=`: the `X-Amz-Target` operation.
    var operations: [String] = []
    /// `account=`.
    var accounts: [String] = []
    /// `region=`.
    var regions: [String] = []
    /// `status=`: the HTTP status.
    var statuses: [Int] = []
    /// `errorCode=`: `X-Amzn-ErrorType`.
    var errorCodes: [String] = []
    /// Only entries with a greater sequence.
    var after: UInt64 = 0
    /// At most this many (the oldest that match); nil: all.
    var limit: Int?

    /// Whether `entry` passes every condition.
    func matches(_ entry: JournalEntry) -> Bool {
        guard entry.sequence > after else { return false }
        if !kinds.isEmpty && !kinds.contains(entry.kind) { return false }
        if !statuses.isEmpty && !statuses.contains(entry.status) { return false }
        if !accounts.isEmpty && !accounts.contains(where: { $0 == entry.namespace?.account }) { return false }
        if !regions.isEmpty && !regions.contains(where: { $0 == entry.namespace?.region }) { return false }
        if !operations.isEmpty && !operations.contains(where: { $0 == entry.call?.operation }) { return false }
        if !errorCodes.isEmpty && !errorCodes.contains(where: { $0 == entry.call?.errorCode }) { return false }
        return true
    }
}

/// Building entries from what the API and the portal have at hand.
extension RequestJournal {
    /// Records an API call once its answer is known (``APIRoute``): `parsed` is the body as the API read
    /// it, or nil when the call was answered before that (then it is parsed here, for the journal only);
    /// `target` and `errorCode` are the request's `X-Amz-Target` and the answer's `X-Amzn-ErrorType`, which
    /// the caller has looked up already.
    func recordCall(
        _ request: HTTPRequest, target: String?, operation: String, parsed: JSONValue?, response: HTTPResponse, errorCode: String?,
        namespace: Namespace, requestID: RequestID, started: ContinuousClock.Instant, now: EpochMilliseconds
    ) {
        let call = APICall(
            operation: operation, target: target, errorCode: errorCode,
            requestID: requestID, request: .request(raw: request.body, parsed: parsed), response: .response(response.body))
        record(
            JournalEntry(
                time: now, namespace: namespace, status: response.status,
                durationMicroseconds: (ContinuousClock.now - started).wholeMicroseconds, detail: .api(call)))
    }

    /// Records a worker-portal decision (``PortalRoutes``).
    func recordPortalVisit(
        _ visit: PortalVisit, namespace: Namespace?, status: Int, started: ContinuousClock.Instant, now: EpochMilliseconds
    ) {
        record(
            JournalEntry(
                time: now, namespace: namespace, status: status,
                durationMicroseconds: (ContinuousClock.now - started).wholeMicroseconds, detail: .portal(visit)))
    }
}
