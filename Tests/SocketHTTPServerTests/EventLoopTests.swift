import CShims
import Dispatch
import Glibc
import Locking
import Testing

@testable import SocketHTTPServer

/// The event loops: readiness reports, edge-triggered reading done right, connections spread over loops.
@Suite struct EventLoopTests {
    /// Records every report it gets.
    final class RecordingWatcher: EventLoopWatcher, Sendable {
        private let reports = LockedValue<[UInt32]>([])
        let waitsForInput: Bool
        init(waitsForInput: Bool = false) { self.waitsForInput = waitsForInput }
        var isWaitingForInput: Bool { waitsForInput }
        func socketIsReady(_ events: UInt32) { reports.withLock { $0.append(events) } }
        var all: [UInt32] { reports.withLock { $0 } }
        var readableCount: Int { all.filter { $0 & CSHIMS_EVENT_READABLE != 0 }.count }
    }

    @Test func reportsReadinessUntilDeregisteredAndRefusesSocketsOnceClosed() async throws {
        let (server, peer) = try makeSocketPair()
        defer { Glibc.close(peer) }
        let socket = OwnedSocket(SocketDescriptor(rawValue: server))
        let loop = try EventLoop(label: "test.loop")
        let watcher = RecordingWatcher()
        let token = try loop.queue.sync { () throws(SystemCallError) -> UInt64 in try socket.register(in: loop, watcher: watcher) }
        // A fresh socket has room to send: that is reported at once, and nothing is readable yet.
        #expect(await eventually { watcher.all.contains { $0 & CSHIMS_EVENT_WRITABLE != 0 } })
        #expect(watcher.readableCount == 0)
        #expect(write(peer, "x", 1) == 1)
        #expect(await eventually { watcher.readableCount == 1 })
        loop.queue.sync {
            #expect(loop.watcherCount == 1)
            socket.deregister(from: loop, token: token)
            #expect(loop.watcherCount == 0)
        }
        #expect(write(peer, "y", 1) == 1)
        try await Task.sleep(for: .milliseconds(50))
        #expect(watcher.readableCount == 1)
        loop.close()
        let refused = loop.queue.sync { () -> Bool in
            do throws(SystemCallError) {
                _ = try socket.register(in: loop, watcher: watcher)
                return false
            } catch {
                return error.code == EBADF
            }
        }
        #expect(refused)
    }

    /// A descriptor the test's closures can lend to the loop (a `~Copyable` value cannot be captured).
    final class OwnedSocket: @unchecked Sendable {
        // Why `@unchecked Sendable` is safe: used only inside `loop.queue.sync`, one call at a time.
        private let socket: SocketDescriptor
        init(_ socket: consuming SocketDescriptor) { self.socket = socket }
        func register(in loop: EventLoop, watcher: any EventLoopWatcher) throws(SystemCallError) -> UInt64 {
            try loop.register(socket, watcher: watcher)
        }
        func deregister(from loop: EventLoop, token: UInt64) { loop.deregister(socket, token: token) }
    }

    @Test func aLoneWaitingConnectionsSpinEndsAndOtherWorkRuns() async throws {
        // The one case where a loop polls on after draining: it must give its queue back within the spin.
        let (server, peer) = try makeSocketPair()
        defer { Glibc.close(peer) }
        let socket = OwnedSocket(SocketDescriptor(rawValue: server))
        let loop = try EventLoop(label: "test.loop")
        defer { loop.close() }
        let watcher = RecordingWatcher(waitsForInput: true)
        _ = try loop.queue.sync { () throws(SystemCallError) -> UInt64 in try socket.register(in: loop, watcher: watcher) }
        let clock = ContinuousClock()
        for round in 1...20 {
            #expect(write(peer, "x", 1) == 1)
            #expect(await eventually { watcher.readableCount >= round })
            let start = clock.now
            loop.queue.sync {}
            // 50 µs of spin at most; generous for a loaded machine, but far from "never".
            #expect(clock.now - start < .seconds(1))
        }
    }

    /// Runs `body` while the loop's queue is held still, so everything it sends piles up in the socket and
    /// reaches the connection as one readiness report (edges that come while a report waits merge into it).
    func whileLoopIsHeld(_ loop: EventLoop, _ body: () throws -> Void) rethrows {
        let held = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        loop.queue.async {
            held.signal()
            release.wait()
        }
        held.wait()
        defer { release.signal() }
        try body()
    }

    /// A read shorter than the buffer ends the turn without a read that would only say EAGAIN: bytes that
    /// come later raise their own report. A request sent in pieces, with the server idle between them,
    /// is answered only if they do.
    ///
    /// Synchronous, with `usleep`, and generous timeouts: the pauses must happen on time whatever else runs
    /// (an async sleep waits for a free cooperative thread, and other tests block them in reads), and a
    /// stall of the whole process (seen under ThreadSanitizer) must not look like an idle client.
    @Test func aRequestArrivingInPiecesAfterShortReadsIsAnswered() throws {
        let pair = try SocketPairConnection.make(requestReadTimeout: .seconds(60), idleTimeout: .seconds(60))
        for piece in ["POST /pie", "ces HTTP/1.1\r\nContent-Le", "ngth: 5\r\n\r\nab", "c", "de"] {
            try pair.peer.send(piece)
            usleep(20_000)
        }
        #expect(try pair.peer.readResponse().text == "POST /pieces abcde")
        try pair.peer.send("GET /next HTTP/1.1\r\n\r\n")
        #expect(try pair.peer.readResponse().text == "GET /next ")
    }

    /// A request and the peer's FIN in one report: the request is answered and the connection closes at
    /// once, not at the idle timeout (no report comes for the FIN any more).
    @Test func aRequestAndTheFinInOneReportAreBothSeen() async throws {
        let pair = try SocketPairConnection.make(requestReadTimeout: .seconds(60), idleTimeout: .seconds(60))
        try whileLoopIsHeld(pair.loop) {
            try pair.peer.send("GET /last HTTP/1.1\r\n\r\n")
            pair.peer.shutdownWrite()
        }
        #expect(try pair.peer.readResponse().text == "GET /last ")
        #expect(try pair.peer.readsEndOfFile())
        #expect(await eventually(timeout: .seconds(2)) { pair.closed.isSet })
    }

    /// The exception to stopping at a short read: half a request and the peer's FIN in one report. The
    /// read is short and the parser wants more, and only reading on (the report said the peer closed)
    /// finds the EOF that says no more is coming; otherwise the connection would wait for the rest until
    /// its read timeout (fails so without ``CSHIMS_EVENT_PEER_CLOSED``).
    @Test func halfARequestAndTheFinInOneReportCloseAtOnce() async throws {
        let pair = try SocketPairConnection.make(requestReadTimeout: .seconds(60), idleTimeout: .seconds(60))
        try whileLoopIsHeld(pair.loop) {
            try pair.peer.send("GET /half HTTP/1.1\r\nHost: x\r\n")
            pair.peer.shutdownWrite()
        }
        #expect(await eventually(timeout: .seconds(2)) { pair.closed.isSet })
    }

    @Test func aBodyLongerThanOneReadTurnArrivesWhole() async throws {
        // A connection reads at most 1 MiB per turn. The kernel reports the socket once for all 3 MiB, so
        // the rest is read only because the channel asks again itself; otherwise the request never completes.
        let size = 3 * 1024 * 1024
        let pair = try SocketPairConnection.make(
            limits: .make(body: 4 * 1024 * 1024),
            sendBuffers: 8 * 1024 * 1024,
            responder: ClosureResponder { request, _, completion in
                completion(.text("\(request.body.count) \(request.body.reduce(0) { $0 &+ Int($1) })"))
            })
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try whileLoopIsHeld(pair.loop) {
            try pair.peer.send(Array("POST /upload HTTP/1.1\r\nContent-Length: \(size)\r\n\r\n".utf8) + body)
        }
        #expect(try pair.peer.readResponse().text == "\(size) \(body.reduce(0) { $0 &+ Int($1) })")
    }

    @Test func pipelinedRequestsPastTheReadAheadLimitAreAllAnswered() async throws {
        // While the first request is answered, the bytes behind it pass the 64 KiB read-ahead limit: reading
        // pauses with input left in the socket, and must resume with no new report from the kernel once
        // the first response is written. The peer reads nothing until every request has been answered, so
        // no wake-up of its making can stand in for the channel's own.
        let gate = ResponseGate()
        let answered = LockedValue(0)
        let pair = try SocketPairConnection.make(
            sendBuffers: 4 * 1024 * 1024,
            responder: ClosureResponder { request, connection, completion in
                answered.withLock { $0 += 1 }
                ClosureResponder.echo().respond(to: request, connection: connection) { response in
                    if request.path == "/first" { gate.hold(response, completion) } else { completion(response) }
                }
            })
        try pair.peer.send("GET /first HTTP/1.1\r\n\r\n")
        #expect(await eventually { gate.heldCount == 1 })
        let count = 80
        let requests = (0..<count).map { "GET /pipelined/\($0) HTTP/1.1\r\nX-Pad: \(String(repeating: "p", count: 1000))\r\n\r\n" }.joined()
        #expect(requests.utf8.count > HTTPConnection.readAheadLimit + 16 * 1024)
        try whileLoopIsHeld(pair.loop) { try pair.peer.send(requests) }
        // Let the loop read up to the limit and pause, then answer the first request.
        try await Task.sleep(for: .milliseconds(50))
        #expect(answered.withLock { $0 } == 1)
        gate.releaseAll()
        #expect(await eventually { answered.withLock { $0 } == count + 1 })
        #expect(try pair.peer.readResponse().text == "GET /first ")
        var inOrder = 0
        for index in 0..<count where try pair.peer.readResponse().text == "GET /pipelined/\(index) " {
            inOrder += 1
        }
        #expect(inOrder == count)
    }

    @Test func connectionsAreSpreadOverTheLoops() async throws {
        let loops = LockedValue<[EventLoop]>([])
        let server = try TestServer.make(
            eventLoopCount: 3,
            responder: ClosureResponder { _, _, completion in
                // The responder runs on the connection's queue: its loop's.
                let index = loops.withLock { $0.firstIndex { $0.isCurrent } }
                completion(.text(index.map(String.init) ?? "none"))
            })
        loops.withLock { $0 = server.server.eventLoops }
        #expect(loops.withLock { $0.count } == 3)
        let clients = try (0..<12).map { _ in try server.client() }
        var served: [String] = []
        for client in clients {
            try client.send("GET / HTTP/1.1\r\n\r\n")
            served.append(try client.readResponse().text)
        }
        // Round robin: every loop has four of the twelve.
        #expect(served.sorted() == ["0", "0", "0", "0", "1", "1", "1", "1", "2", "2", "2", "2"])
        await server.stop()
    }
}
