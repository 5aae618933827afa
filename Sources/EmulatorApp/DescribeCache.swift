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
///
/// **Memory.** Issue 15 asks for random DescribeWorkforce calls over 100,000 namespaces at 0.8× the speed of
/// one namespace, within 40 MB: nearly every call must be a hit, so the cache must hold an answer for every
/// namespace, and a `Dictionary<Namespace, [UInt8]>` of them took about 550 bytes each (bucket, key, entry,
/// array header, 339 bytes of body). Here an answer is one record appended to one byte arena, its body in
/// ``AnswerShorthand`` (about 70 bytes), found through an open-addressing table of 4-byte offsets: about
/// 130 bytes a namespace. When the arena or the table is full, everything goes and filling starts over (a
/// workload larger than the budget still hits often, and memory stays bounded by ``byteBudget`` plus the
/// table); so it does at the first answer kept after a write, since a write makes every record stale. The last 64 bodies expanded
/// are kept as arrays too (by key hash, checked against the record's place), so a namespace polled again
/// and again costs no expansion.
final class DescribeCache: Sendable {
    /// A record at `offset` in the arena: generation (8 bytes), validFrom (8), key hash (4), short body's
    /// length (4), whole body's length (4), account's, region's and name's lengths (1 each), a spare byte,
    /// then those bytes in that order, then the short body.
    private enum Record {
        static let generation = 0
        static let validFrom = 8
        static let hash = 16
        static let bodyLength = 20
        static let expandedLength = 24
        static let accountLength = 28
        static let regionLength = 29
        static let nameLength = 30
        static let header = 32
    }

    private struct State {
        var generation: UInt64 = 0
        /// Records, back to back; emptied (keeping its memory) when the next would not fit.
        var arena: [UInt8] = []
        /// Open addressing with linear probing: 0 is empty, otherwise a record's offset + 1. Its count is a
        /// power of two, at least twice ``count``; it grows up to twice ``capacity``.
        var slots: [UInt32] = []
        /// Namespaces with a record in the table (current or stale).
        var count = 0
        /// How many times filling started over: with a record's offset, it names the record.
        var epoch: UInt64 = 0
        /// The generation every record in the arena was kept under (a write makes them all stale at once).
        var arenaGeneration: UInt64 = 0
        /// The last bodies expanded, by their key's hash: a namespace polled again and again (a CI suite
        /// waiting for `Active`) gets the same array back instead of an expansion and an allocation.
        var recent: [Recent] = []
    }

    private struct Recent {
        var offset = -1
        var epoch: UInt64 = 0
        var body: [UInt8] = []
    }

    /// Entries of `State.recent`.
    private static let recentCount = 64

    /// What a lookup found.
    enum Lookup: Equatable {
        /// The encoded body to answer with.
        case hit([UInt8])
        /// Not cached: read the database, then ``remember(_:namespace:name:validFrom:generation:)`` with this generation.
        case miss(generation: UInt64)
    }

    /// Namespaces kept at most before filling starts over.
    let capacity: Int
    /// Bytes of records kept at most before filling starts over.
    let byteBudget: Int
    private let state = LockedValue(State())

    /// By default room for 131,072 namespaces in 16 MiB of records (the benchmark's workforce takes about
    /// 120 bytes; one with OIDC endpoints several hundred), and a 1 MiB table once that many are kept.
    init(capacity: Int = 1 << 17, byteBudget: Int = 16 << 20) {
        self.capacity = max(0, min(capacity, Int(UInt32.max / 4)))
        self.byteBudget = max(0, min(byteBudget, Int(UInt32.max) - 1))
    }

    func lookup(namespace: Namespace, name: String, now: EpochMilliseconds) -> Lookup {
        var account = namespace.account
        var region = namespace.region
        var name = name
        return account.withUTF8 { account in
            region.withUTF8 { region in
                name.withUTF8 { name in
                    lookup(account: UnsafeRawBufferPointer(account), region: UnsafeRawBufferPointer(region),
                        name: UnsafeRawBufferPointer(name), now: now)
                }
            }
        }
    }

    private func lookup(
        account: UnsafeRawBufferPointer, region: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer,
        now: EpochMilliseconds
    ) -> Lookup {
        let hash = Self.hash(account: account, region: region)
        return state.withLock { state in
            let current = state.generation
            let slot = Int(hash) & (Self.recentCount - 1)
            let search = state.arena.withUnsafeBytes { arena in
                state.slots.withUnsafeBufferPointer { slots -> Search in
                    guard let offset = Self.probe(hash, account: account, region: region, slots: slots, arena: arena)?.offset
                    else { return .notFound }
                    let record = UnsafeRawBufferPointer(rebasing: arena[offset...])
                    guard record.loadUnaligned(fromByteOffset: Record.generation, as: UInt64.self) == current,
                        now >= record.loadUnaligned(fromByteOffset: Record.validFrom, as: Int64.self)
                    else { return .notFound }
                    let pieces = Self.pieces(of: record)
                    guard pieces.name.elementsEqual(name) else { return .notFound }
                    let recent = state.recent.isEmpty ? nil : state.recent[slot]
                    if let recent, recent.offset == offset, recent.epoch == state.epoch { return .recent(recent.body) }
                    let length = Int(record.loadUnaligned(fromByteOffset: Record.expandedLength, as: UInt32.self))
                    // Expanded into temporary memory and copied into an array reserved to size:
                    // `Array(unsafeUninitializedCapacity:)` allocates through an unspecialized generic
                    // path that looks up metadata at run time (about 600 instructions).
                    return withUnsafeTemporaryAllocation(byteCount: length, alignment: 1) { scratch -> Search in
                        let written = AnswerShorthand.expand(
                            pieces.body, account: pieces.account, region: pieces.region, name: pieces.name, into: scratch)
                        guard written == length else { return .notFound }
                        var body: [UInt8] = []
                        body.reserveCapacity(length)
                        body.append(contentsOf: UnsafeRawBufferPointer(scratch))
                        return .expanded(offset: offset, body: body)
                    }
                }
            }
            switch search {
            case .notFound:
                return .miss(generation: current)
            case .recent(let body):
                return .hit(body)
            case .expanded(let offset, let body):
                if state.recent.isEmpty { state.recent = Array(repeating: Recent(), count: Self.recentCount) }
                state.recent[slot] = Recent(offset: offset, epoch: state.epoch, body: body)
                return .hit(body)
            }
        }
    }

    /// What a lookup found in the arena.
    private enum Search {
        case notFound
        /// The body expanded last time, still current.
        case recent([UInt8])
        /// The record at `offset`, expanded now.
        case expanded(offset: Int, body: [UInt8])
    }

    /// Keeps `body` unless something was written since `generation` was current.
    func remember(_ body: [UInt8], namespace: Namespace, name: String, validFrom: EpochMilliseconds, generation: UInt64) {
        let account = Array(namespace.account.utf8)
        let region = Array(namespace.region.utf8)
        let nameBytes = Array(name.utf8)
        guard capacity > 0, account.count <= 255, region.count <= 255, nameBytes.count <= 255,
            body.count <= Int(UInt32.max)
        else { return }
        var record: [UInt8] = []
        record.reserveCapacity(Record.header + account.count + region.count + nameBytes.count + body.count / 2)
        let hash = account.withUnsafeBytes { account in
            region.withUnsafeBytes { region in Self.hash(account: account, region: region) }
        }
        Self.append(generation, to: &record)
        Self.append(UInt64(bitPattern: validFrom), to: &record)
        Self.append(hash, to: &record)
        Self.append(UInt32(0), to: &record)
        Self.append(UInt32(body.count), to: &record)
        record.append(contentsOf: [UInt8(account.count), UInt8(region.count), UInt8(nameBytes.count), 0])
        record.append(contentsOf: account)
        record.append(contentsOf: region)
        record.append(contentsOf: nameBytes)
        let bodyStart = record.count
        guard AnswerShorthand.shorten(body, account: account, region: region, name: nameBytes, into: &record) else { return }
        let shortLength = UInt32(record.count - bodyStart)
        withUnsafeBytes(of: shortLength) { record.replaceSubrange(Record.bodyLength..<Record.bodyLength + 4, with: $0) }
        guard record.count <= byteBudget else { return }
        account.withUnsafeBytes { account in
            region.withUnsafeBytes { region in
                state.withLock { state in
                    guard generation == state.generation else { return }
                    var existing = Self.slot(of: hash, account: account, region: region, in: state)
                    if state.arenaGeneration != generation || state.arena.count + record.count > byteBudget
                        || (existing == nil && state.count >= capacity)
                    {
                        Self.startOver(&state, generation: generation)
                        existing = nil
                    }
                    if state.arena.capacity == 0 { state.arena.reserveCapacity(byteBudget) }
                    let offset = UInt32(state.arena.count)
                    state.arena.append(contentsOf: record)
                    if let existing {
                        state.slots[existing] = offset + 1
                        return
                    }
                    if (state.count + 1) * 2 > state.slots.count { Self.grow(&state) }
                    Self.insert(offset: offset, hash: hash, into: &state.slots)
                    state.count += 1
                }
            }
        }
    }

    /// Makes every entry stale (a write committed, or may have). Stale records are replaced or dropped
    /// later; dropping them here would make each write cost O(entries).
    func invalidateAll() {
        state.withLock { $0.generation &+= 1 }
    }

    /// How many namespaces have a record, current or stale (tests).
    var count: Int { state.withLock { $0.count } }

    /// Bytes of records held (tests).
    var arenaBytes: Int { state.withLock { $0.arena.count } }

    // MARK: - The table

    /// FNV-1a over the account, a zero byte and the region: cheap, and plenty for keys this regular.
    private static func hash(account: UnsafeRawBufferPointer, region: UnsafeRawBufferPointer) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in account { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0) &* 0x100_0000_01b3
        for byte in region { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The slot holding the record of (account, region), if any.
    private static func slot(
        of hash: UInt32, account: UnsafeRawBufferPointer, region: UnsafeRawBufferPointer, in state: State
    ) -> Int? {
        state.arena.withUnsafeBytes { arena in
            state.slots.withUnsafeBufferPointer { slots in
                probe(hash, account: account, region: region, slots: slots, arena: arena)?.slot
            }
        }
    }

    /// The slot and the arena offset of the record of (account, region), if the table has one.
    @inline(__always)
    private static func probe(
        _ hash: UInt32, account: UnsafeRawBufferPointer, region: UnsafeRawBufferPointer,
        slots: UnsafeBufferPointer<UInt32>, arena: UnsafeRawBufferPointer
    ) -> (slot: Int, offset: Int)? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while true {
            let entry = slots[index]
            if entry == 0 { return nil }
            let offset = Int(entry - 1)
            if arena.loadUnaligned(fromByteOffset: offset + Record.hash, as: UInt32.self) == hash {
                let pieces = pieces(of: UnsafeRawBufferPointer(rebasing: arena[offset...]))
                if pieces.account.elementsEqual(account), pieces.region.elementsEqual(region) { return (index, offset) }
            }
            index = (index + 1) & mask
        }
    }

    private static func insert(offset: UInt32, hash: UInt32, into slots: inout [UInt32]) {
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index] != 0 { index = (index + 1) & mask }
        slots[index] = offset + 1
    }

    /// Empties the arena (keeping its memory) and the table, for records kept under `generation`. After a
    /// write every record is stale, so they go at once instead of piling up to the budget (the soak's
    /// mixed writes and reads would otherwise grow the arena to 16 MiB before it started over). The
    /// table shrinks to twice the count it held, so emptying it costs in proportion to what it held.
    private static func startOver(_ state: inout State, generation: UInt64) {
        var fitting = 1024
        while fitting < state.count * 2 { fitting <<= 1 }
        if state.slots.count > 2 * fitting {
            state.slots = [UInt32](repeating: 0, count: fitting)
        } else {
            for index in state.slots.indices { state.slots[index] = 0 }
        }
        state.arena.removeAll(keepingCapacity: true)
        state.count = 0
        state.epoch &+= 1
        state.arenaGeneration = generation
    }

    /// Doubles the table (from 1,024 slots), re-inserting every record by its stored hash.
    private static func grow(_ state: inout State) {
        let old = state.slots
        state.slots = [UInt32](repeating: 0, count: max(1024, old.count * 2))
        state.arena.withUnsafeBytes { arena in
            for entry in old where entry != 0 {
                let hash = arena.loadUnaligned(fromByteOffset: Int(entry - 1) + Record.hash, as: UInt32.self)
                insert(offset: entry - 1, hash: hash, into: &state.slots)
            }
        }
    }

    private static func pieces(of record: UnsafeRawBufferPointer) -> (
        account: UnsafeRawBufferPointer, region: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer,
        body: UnsafeRawBufferPointer
    ) {
        let accountEnd = Record.header + Int(record[Record.accountLength])
        let regionEnd = accountEnd + Int(record[Record.regionLength])
        let nameEnd = regionEnd + Int(record[Record.nameLength])
        let bodyEnd = nameEnd + Int(record.loadUnaligned(fromByteOffset: Record.bodyLength, as: UInt32.self))
        return (
            UnsafeRawBufferPointer(rebasing: record[Record.header..<accountEnd]),
            UnsafeRawBufferPointer(rebasing: record[accountEnd..<regionEnd]),
            UnsafeRawBufferPointer(rebasing: record[regionEnd..<nameEnd]),
            UnsafeRawBufferPointer(rebasing: record[nameEnd..<bodyEnd])
        )
    }

    private static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }
}
