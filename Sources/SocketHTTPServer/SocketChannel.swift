import Dispatch
import Glibc

/// A connection's socket and the Dispatch sources that watch it: the socket's one owner.
///
/// Reading is one ``ReadSource`` for the connection's life; a write source exists only while a
/// response waits for room in the socket buffer. ``close(then:)`` cancels both and closes the socket
/// once their cancel handlers have run, so no source ever watches a closed (and maybe reused)
/// descriptor. The connection sees only these few calls, so another event source (an epoll loop)
/// could replace Dispatch's here alone.
final class SocketChannel: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: it is used only on `queue` (its owner's, the connection's),
    // where its sources deliver their handlers too; it is Sendable only to be captured by them.

    private let queue: DispatchQueue
    /// The socket until it is closed.
    private var socket: SocketDescriptor?
    private var readSource: ReadSource?
    private var writeSource: DispatchSourceWrite?
    /// Sources not yet through their cancel handler; the socket closes only at 0.
    private var openSources = 0
    /// Set by `close(then:)`: called once the socket is closed, with the error `close` reported.
    private var onClosed: ((SystemCallError?) -> Void)?

    /// Takes ownership of `socket`; handlers will run on `queue`.
    init(socket: consuming SocketDescriptor, queue: DispatchQueue) {
        self.socket = consume socket
        self.queue = queue
    }

    /// Sets a socket option (`TCP_NODELAY` and the like).
    func setOption(level: Int32, name: Int32, value: Int32, label: String) throws(SystemCallError) {
        switch socket {
        case .some(let socket): try SocketCalls.setOption(socket, level: level, name: name, value: value, label: label)
        case .none: throw SystemCallError(operation: "setsockopt(\(label))", code: EBADF)
        }
    }

    /// Calls `onReadable` on the queue whenever bytes or EOF are there, until closed.
    func startReading(onReadable: @escaping @Sendable () -> Void) {
        guard readSource == nil else { return }
        switch socket {
        case .some(let socket):
            readSource = ReadSource(socket: socket, queue: queue, onReadable: onReadable, onCancelled: { self.sourceCancelled() })
            openSources += 1
        case .none:
            return
        }
    }

    /// Stops `onReadable` until ``resumeReading()`` (read-ahead limit, EOF, a final response).
    func suspendReading() {
        readSource?.suspend()
    }

    /// Calls `onReadable` again.
    func resumeReading() {
        readSource?.resume()
    }

    /// Reads up to `buffer.count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReadResult {
        switch socket {
        case .some(let socket): try SocketCalls.read(socket, into: buffer)
        case .none: throw SystemCallError(operation: "read", code: EBADF)
        }
    }

    /// Reads until `EAGAIN` or EOF, handing each chunk to `consume` (which returns false to stop),
    /// unless `stopsBefore` says to stop before the next read. Returns whether EOF was seen.
    ///
    /// Yields after 1 MiB so one fast client cannot monopolize the queue; the source fires again while
    /// bytes remain. (Stopping at a short read would save a system call, but libdispatch then misses a
    /// FIN that came with the last bytes: tried, and a half-closed peer stayed open until the idle timeout.)
    func readAvailable(
        stopsBefore: () -> Bool,
        consume: (UnsafeRawBufferPointer) -> Bool
    ) throws(SystemCallError) -> Bool {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        var totalRead = 0
        while totalRead < 1024 * 1024, !stopsBefore() {
            switch try read(into: buffer) {
            case .bytes(let count):
                totalRead += count
                guard consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) else { return false }
            case .endOfFile:
                return true
            case .wouldBlock:
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

    /// Whether a write source waits for room in the socket buffer.
    var isWaitingUntilWritable: Bool { writeSource != nil }

    /// Calls `onWritable` on the queue whenever the socket buffer has room, until
    /// ``stopWaitingUntilWritable()``. Returns false if already waiting.
    func waitUntilWritable(onWritable: @escaping @Sendable () -> Void) -> Bool {
        guard writeSource == nil else { return false }
        let source: DispatchSourceWrite
        switch socket {
        case .some(let socket): source = DispatchSource.makeWriteSource(fileDescriptor: socket.rawValue, queue: queue)
        case .none: return false
        }
        source.setEventHandler(handler: onWritable)
        source.setCancelHandler { self.sourceCancelled() }
        openSources += 1
        writeSource = source
        source.resume()
        return true
    }

    /// Drops the write source once the output is drained.
    func stopWaitingUntilWritable() {
        writeSource?.cancel()
        writeSource = nil
    }

    /// Cancels every source, then closes the socket once none uses it and calls `then` with the error
    /// `close` reported (on the queue; at once if no source was open). Later calls do nothing.
    func close(then: @escaping (SystemCallError?) -> Void) {
        guard onClosed == nil, socket != nil else { return }
        onClosed = then
        stopWaitingUntilWritable()
        readSource?.cancel()
        readSource = nil
        closeIfUnused()
    }

    private func sourceCancelled() {
        openSources -= 1
        closeIfUnused()
    }

    private func closeIfUnused() {
        guard openSources == 0, let onClosed, let socket = socket.take() else { return }
        self.onClosed = nil
        do {
            try socket.close()
            onClosed(nil)
        } catch {
            onClosed(error)
        }
    }
}
