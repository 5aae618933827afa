import Dispatch

/// A `DispatchSourceRead` on a socket that keeps suspend and resume in balance and can always be
/// cancelled: how the listener is told a connection is pending (connections are told by their
/// ``EventLoop``).
///
/// libdispatch traps on an unbalanced `resume`, and never delivers the cancel handler of a suspended
/// source (so the descriptor, closed from that handler, would leak); this type tracks the suspension
/// so neither can happen. Its owner calls it only on the queue the handlers run on.
struct ReadSource {
    private let source: DispatchSourceRead
    /// Whether ``suspend()`` stopped events until ``resume()``.
    private(set) var isSuspended = false

    /// Starts watching `socket`: `onReadable` runs on `queue` while bytes (or EOF, or a pending
    /// connection) are there; `onCancelled` runs there once after ``cancel()``, when the source no
    /// longer uses the descriptor and it may be closed.
    init(
        socket: borrowing SocketDescriptor,
        queue: DispatchQueue,
        onReadable: @escaping @Sendable () -> Void,
        onCancelled: @escaping @Sendable () -> Void
    ) {
        source = DispatchSource.makeReadSource(fileDescriptor: socket.rawValue, queue: queue)
        source.setEventHandler(handler: onReadable)
        source.setCancelHandler(handler: onCancelled)
        source.resume()
    }

    /// Stops delivering events until ``resume()``; does nothing if already suspended.
    mutating func suspend() {
        guard !isSuspended else { return }
        source.suspend()
        isSuspended = true
    }

    /// Delivers events again; does nothing unless suspended.
    mutating func resume() {
        guard isSuspended else { return }
        source.resume()
        isSuspended = false
    }

    /// Stops for good. A suspended source is resumed first: its cancel handler runs only then.
    mutating func cancel() {
        source.cancel()
        resume()
    }
}
