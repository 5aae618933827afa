import CShims
import Dispatch
import Glibc

/// A connection's socket and its registration in an ``EventLoop``: the socket's one owner.
///
/// The socket is registered once, edge-triggered for both directions (see ``EventLoop``), so the
/// loop reports each time it *becomes* readable or writable. The channel turns those edges into the
/// level-style calls the connection wants: `onReadable` while reading is not suspended, `onWritable`
/// while a response waits for room. Edge-triggering makes one rule binding: after a report, input
/// must be read until it is drained, or no further report comes. ``readAvailable(stopsBefore:consume:)``
/// notes when it stopped early (its 1 MiB turn, the read-ahead limit), and the channel then asks again
/// itself, on the queue, unless reading is suspended; ``resumeReading()`` asks once too.
///
/// Drained means `EAGAIN`, EOF, or a read that returned less than it asked for: the receive queue held
/// no more at that moment, and bytes arriving after it raise a new edge (the kernel reports each arrival
/// to epoll, also one that lands while the read holds the socket). That saves the `read` that would only
/// say `EAGAIN`, one system call in two (nginx does the same with `EPOLLRDHUP`). The exception is a
/// closed peer: its FIN raised its edge already, perhaps with the last bytes, so once a report says the
/// peer closed (``CSHIMS_EVENT_PEER_CLOSED``) reading goes on to EOF.
final class SocketChannel: EventLoopWatcher, @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: it is used only on its loop's queue (its owner's, the
    // connection's), where the loop reports too; it is Sendable only to be captured by blocks on it.

    private let loop: EventLoop
    /// The socket until it is closed.
    private var socket: SocketDescriptor?
    /// The loop's token once registered.
    private var token: UInt64?
    private var onReadable: (@Sendable () -> Void)?
    private var onWritable: (@Sendable () -> Void)?
    private var isReadingSuspended = false
    /// The last read stopped before the input was drained: input may remain that no report will announce.
    private var mayHaveUnreadInput = false
    /// A report said the peer closed its side (or the socket failed): reads go on to EOF, not to a short read.
    private var peerMayHaveClosed = false
    /// A redelivery of `onReadable` is already queued.
    private var isReadAgainQueued = false
    /// Set by the connection: it waits for the peer's next request, nothing else (see ``EventLoopWatcher``).
    var isWaitingForInput = false

    /// Takes ownership of `socket`; it is watched by `loop`, and every call comes on `loop.queue`.
    init(socket: consuming SocketDescriptor, loop: EventLoop) {
        self.socket = consume socket
        self.loop = loop
    }

    /// Sets a socket option (`TCP_NODELAY` and the like).
    func setOption(level: Int32, name: Int32, value: Int32, label: String) throws(SystemCallError) {
        switch socket {
        case .some(let socket): try SocketCalls.setOption(socket, level: level, name: name, value: value, label: label)
        case .none: throw SystemCallError(operation: "setsockopt(\(label))", code: EBADF)
        }
    }

    /// Registers with the loop and calls `onReadable` on the queue whenever bytes or EOF may be there,
    /// until closed. Throws if the loop cannot watch the socket (then the connection closes).
    func startReading(onReadable: @escaping @Sendable () -> Void) throws(SystemCallError) {
        guard token == nil else { return }
        switch socket {
        case .some(let socket):
            token = try loop.register(socket, watcher: self)
            self.onReadable = onReadable
        case .none:
            throw SystemCallError(operation: "epoll_ctl(ADD)", code: EBADF)
        }
    }

    /// Stops `onReadable` until ``resumeReading()`` (read-ahead limit, EOF, a final response).
    func suspendReading() {
        isReadingSuspended = true
    }

    /// Calls `onReadable` again (once now, on the queue: an edge may have passed while suspended).
    func resumeReading() {
        guard isReadingSuspended else { return }
        isReadingSuspended = false
        readAgainLater()
    }

    /// Reads up to `buffer.count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReadResult {
        switch socket {
        case .some(let socket): try SocketCalls.read(socket, into: buffer)
        case .none: throw SystemCallError(operation: "read", code: EBADF)
        }
    }

    /// Reads until the input is drained (`EAGAIN`, EOF, or a short read while the peer has not closed:
    /// see the type), handing each chunk to `consume` (which returns false to stop), unless `stopsBefore`
    /// says to stop before the next read. Returns whether EOF was seen.
    ///
    /// Yields after 1 MiB so one fast client cannot monopolize the loop; the channel then reads again
    /// from a block queued behind the loop's other work.
    func readAvailable(
        stopsBefore: () -> Bool,
        consume: (UnsafeRawBufferPointer) -> Bool
    ) throws(SystemCallError) -> Bool {
        // The loop's buffer: `consume` copies what it keeps, and nothing else reads on this queue meanwhile.
        let buffer = loop.readBuffer
        var totalRead = 0
        mayHaveUnreadInput = true
        while totalRead < 1024 * 1024, !stopsBefore() {
            switch try read(into: buffer) {
            case .bytes(let count):
                totalRead += count
                guard consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) else { return false }
                if count < buffer.count && !peerMayHaveClosed {
                    // Drained (see the type's comment): what comes later raises its own edge.
                    mayHaveUnreadInput = false
                    return false
                }
            case .endOfFile:
                mayHaveUnreadInput = false
                return true
            case .wouldBlock:
                mayHaveUnreadInput = false
                return false
            }
        }
        return false
    }

    /// Sends what the socket buffer takes: the count, or nil when it is full.
    func send(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int? {
        switch socket {
        case .some(let socket): try SocketCalls.send(socket, bytes)
        case .none: throw SystemCallError(operation: "send", code: EBADF)
        }
    }

    /// Half-closes: FIN after the bytes already sent (RFC 9112 §9.6).
    func shutdownWrite() throws(SystemCallError) {
        switch socket {
        case .some(let socket): try SocketCalls.shutdownWrite(socket)
        case .none: throw SystemCallError(operation: "shutdown", code: EBADF)
        }
    }

    /// Whether output waits for room in the socket buffer.
    var isWaitingUntilWritable: Bool { onWritable != nil }

    /// Calls `onWritable` on the queue whenever the socket buffer gains room, until
    /// ``stopWaitingUntilWritable()``. Call after a send found the buffer full (so the next edge is
    /// sure to come). Returns false if already waiting.
    func waitUntilWritable(onWritable: @escaping @Sendable () -> Void) -> Bool {
        guard self.onWritable == nil, socket != nil else { return false }
        self.onWritable = onWritable
        return true
    }

    /// Stops `onWritable` once the output is drained.
    func stopWaitingUntilWritable() {
        onWritable = nil
    }

    /// Leaves the loop, closes the socket and calls `then` with the error `close` reported, at once.
    /// Later calls do nothing.
    func close(then: (SystemCallError?) -> Void) {
        guard let socket = socket.take() else { return }
        if let token { loop.deregister(socket, token: token) }
        token = nil
        onReadable = nil
        onWritable = nil
        do {
            try socket.close()
            then(nil)
        } catch {
            then(error)
        }
    }

    // MARK: - EventLoopWatcher

    func socketIsReady(_ events: UInt32) {
        if events & CSHIMS_EVENT_PEER_CLOSED != 0 { peerMayHaveClosed = true }
        if events & CSHIMS_EVENT_WRITABLE != 0, let onWritable { onWritable() }
        if events & CSHIMS_EVENT_READABLE != 0 { deliverReadable() }
    }

    private func deliverReadable() {
        guard !isReadingSuspended, let onReadable else { return }
        onReadable()
        if mayHaveUnreadInput && !isReadingSuspended { readAgainLater() }
    }

    /// Queues one `onReadable` behind the loop's other work (at most one queued at a time).
    private func readAgainLater() {
        guard !isReadAgainQueued, onReadable != nil else { return }
        isReadAgainQueued = true
        loop.queue.async {
            self.isReadAgainQueued = false
            self.deliverReadable()
        }
    }
}
