import CShims
import Dispatch
import Glibc
import Locking

/// What an ``EventLoop`` tells about a watched socket: called on the loop's queue with
/// `CSHIMS_EVENT_READABLE` and/or `CSHIMS_EVENT_WRITABLE` bits.
protocol EventLoopWatcher: AnyObject {
    func socketIsReady(_ events: UInt32)
    /// Whether nothing but the peer's next bytes can move it on (no answer pending elsewhere): then a
    /// loop with this one connection polls a little longer (``EventLoop/loneConnectionSpin``).
    var isWaitingForInput: Bool { get }
}

/// An epoll set drained from one `DispatchSourceRead` on its descriptor, and the serial queue that owns
/// every connection registered in it (../shared/DESIGN.md "Concurrency": event loops).
///
/// Why: with a Dispatch source per socket, libdispatch wakes its event thread and then a worker for every
/// readable socket, and re-arming after each event wakes the event thread again: under `perf`, about two
/// thirds of a keep-alive request's time was in the kernel around those switches. Here a wake-up of the
/// loop's one source hands over every ready socket of the loop at once, and sockets are registered
/// edge-triggered for both directions for their whole life, so a request costs no `epoll_ctl` at all.
/// Dispatch still drives every wake-up; nothing blocks in `epoll_wait` (it is called with timeout 0).
///
/// Everything but ``init(label:)``, ``close()`` and ``queue`` must be called on ``queue``.
final class EventLoop: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: every `var` is read and written only on `queue` (serial), where the
    // source's handlers run too; other threads only reach `queue` (thread-safe) and `close()` (enqueues).

    /// The serial queue the loop's connections live on.
    let queue: DispatchQueue
    /// The epoll set until the source's cancel handler closes it; -1 if it could not be created.
    private var epoll: Int32
    private var source: DispatchSourceRead?
    private var watchers: [UInt64: any EventLoopWatcher] = [:]
    private var nextToken: UInt64 = 0
    private var isClosed = false
    private let reports: UnsafeMutablePointer<cshims_epoll_event>
    /// Where the loop's connections read into, one at a time (they all run on `queue`): 64 KiB once per
    /// loop instead of an allocation per read.
    let readBuffer: UnsafeMutableRawBufferPointer

    /// Reports taken per `epoll_wait`; a fuller set is polled again in the same wake-up (up to `pollsPerWakeUp`).
    private static let reportCapacity = 128
    /// Bounds one wake-up, so a loop flooded with events still lets its queue's other work (timers, responses) in.
    private static let pollsPerWakeUp = 8
    private static let queueKey = DispatchSpecificKey<ObjectIdentifier>()

    /// A loop with its own queue and epoll set, polling once started. Throws if the set cannot be created
    /// (out of descriptors).
    init(label: String) throws(SystemCallError) {
        queue = DispatchQueue(label: label)
        let epoll = cshims_epoll_create()
        guard epoll >= 0 else { throw SystemCallError(operation: "epoll_create1", code: errno) }
        self.epoll = epoll
        reports = .allocate(capacity: Self.reportCapacity)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        queue.setSpecific(key: Self.queueKey, value: ObjectIdentifier(self))
        let source = DispatchSource.makeReadSource(fileDescriptor: epoll, queue: queue)
        // Strong: the loop lives until `close()` cancels the source, which then releases both handlers.
        source.setEventHandler { self.poll() }
        source.setCancelHandler { self.closeEpoll() }
        self.source = source
        source.resume()
    }

    deinit {
        if epoll >= 0 { _ = Glibc.close(epoll) }
        reports.deallocate()
        readBuffer.deallocate()
    }

    /// Whether the caller runs on this loop's queue (a responder answering inline, say).
    var isCurrent: Bool {
        DispatchQueue.getSpecific(key: Self.queueKey) == ObjectIdentifier(self)
    }

    /// Starts reporting readiness of `socket` to `watcher` until ``deregister(_:token:)``; returns the
    /// registration's token. A socket already readable is reported at once.
    func register(_ socket: borrowing SocketDescriptor, watcher: any EventLoopWatcher) throws(SystemCallError) -> UInt64 {
        assertOnQueue()
        guard !isClosed else { throw SystemCallError(operation: "epoll_ctl(ADD)", code: EBADF) }
        // Tokens, not descriptor numbers: a report still queued for a socket closed in the same batch must
        // not reach the connection that the kernel has since given the same number.
        nextToken += 1
        let token = nextToken
        guard cshims_epoll_add(epoll, socket.rawValue, token) == 0 else {
            throw SystemCallError(operation: "epoll_ctl(ADD)", code: errno)
        }
        watchers[token] = watcher
        return token
    }

    /// Stops reporting `socket`; call before closing it.
    func deregister(_ socket: borrowing SocketDescriptor, token: UInt64) {
        assertOnQueue()
        guard watchers.removeValue(forKey: token) != nil, !isClosed else { return }
        // Closing would drop the registration too; removing it first keeps the set exact even if the
        // descriptor were shared.
        _ = cshims_epoll_remove(epoll, socket.rawValue)
    }

    /// How many sockets are registered (for tests).
    var watcherCount: Int {
        assertOnQueue()
        return watchers.count
    }

    /// Stops polling and closes the epoll set once the source no longer uses it. Sockets still registered
    /// hear nothing more; their owners close them.
    func close() {
        queue.async {
            guard !self.isClosed else { return }
            self.isClosed = true
            self.watchers = [:]
            self.source?.cancel()
            self.source = nil
        }
    }

    private func poll() {
        var polls = 0
        var drainedAt: DispatchTime?
        while polls < Self.pollsPerWakeUp {
            guard !isClosed else { return }
            let count = cshims_epoll_poll(epoll, reports, Int32(Self.reportCapacity))
            if count < 0 && errno == EINTR {
                // Not expected with a timeout of 0, but returning would leave reports unread, and nothing
                // says Dispatch would report the set again for them: poll again.
                polls += 1
                continue
            }
            if count > 0 {
                polls += 1
                drainedAt = nil
                for index in 0..<Int(count) {
                    let report = reports[index]
                    // Looked up per report: handling one may have closed (deregistered) another.
                    watchers[report.token]?.socketIsReady(report.events)
                }
                if count == Int32(Self.reportCapacity) { continue }
            }
            // 0: drained; -1 otherwise (EBADF and the like) cannot be helped by polling again.
            guard count >= 0, shouldWaitForTheNextRequest(drainedAt: &drainedAt) else { return }
        }
        // Still more after the bound: the set stays readable, so the source fires again after other work.
    }

    /// How long a loop with one connection keeps polling after it drained, before it returns to Dispatch.
    ///
    /// A lone keep-alive connection is latency-bound: its client sends the next request some tens of
    /// microseconds after reading an answer, and giving the loop back to Dispatch then costs three thread
    /// switches (libdispatch re-arms the source on its event thread, which wakes a worker at the next
    /// report). nginx pays one. Polling a little longer, yielding the core on every turn so a client on
    /// it runs first, took one connection from 7,000–8,600 to 13,000–18,300 DescribeWorkforce calls a
    /// second (2 cores, direct wrk A/B). With more connections the batches amortize the wake-ups, and
    /// spinning only took the core that the clients needed: p99 at 16 connections doubled. So it is for
    /// a loop that holds one connection only, and only while that connection waits for its client: an
    /// answer coming from the store arrives as a block on this queue, which a spin would hold back.
    /// A loop with no request at all never spins.
    static let loneConnectionSpin = DispatchTimeInterval.microseconds(50)

    private func shouldWaitForTheNextRequest(drainedAt: inout DispatchTime?) -> Bool {
        guard watchers.count == 1, watchers.first?.value.isWaitingForInput == true else { return false }
        let now = DispatchTime.now()
        guard let since = drainedAt else {
            drainedAt = now
            sched_yield()
            return true
        }
        guard now < since + Self.loneConnectionSpin else { return false }
        sched_yield()
        return true
    }

    private func closeEpoll() {
        if epoll >= 0 { _ = Glibc.close(epoll) }
        epoll = -1
    }

    @inline(__always)
    private func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }
}

/// The server's loops, about one per core; each new connection goes to the next in turn.
final class EventLoopGroup: Sendable {
    let loops: [EventLoop]
    private let next = LockedValue(0)

    /// `count` loops (at least 1), or the error creating one (the ones made are closed).
    init(count: Int) throws(SystemCallError) {
        var loops: [EventLoop] = []
        do throws(SystemCallError) {
            for index in 0..<max(1, count) {
                loops.append(try EventLoop(label: "SocketHTTPServer.loop.\(index)"))
            }
        } catch {
            for loop in loops { loop.close() }
            throw error
        }
        self.loops = loops
    }

    /// The loop for the next connection.
    func nextLoop() -> EventLoop {
        let index = next.withLock { index in
            defer { index = (index + 1) % loops.count }
            return index
        }
        return loops[index]
    }

    /// Closes every loop.
    func close() {
        for loop in loops { loop.close() }
    }

    /// One loop per core the process may run on (its affinity mask, so `taskset` and a container's
    /// `--cpuset-cpus` count; a CPU quota alone does not show there).
    static var defaultCount: Int {
        max(1, Int(cshims_available_cpus()))
    }
}
