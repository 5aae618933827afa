import Dispatch
import Glibc

/// The listening socket and its read source: accepts connections until closed.
final class Listener: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: every `var` is read and written only on `queue` (serial);
    // `close()` and `start()` only enqueue work there.

    private let queue: DispatchQueue
    private let log: HTTPServerLog
    private let onAccept: @Sendable (consuming SocketDescriptor, ConnectionInfo) -> Void
    private let onClosed: @Sendable () -> Void
    /// The listening socket until it is closed (from the read source's cancel handler once started).
    private var socket: SocketDescriptor?
    private var readSource: ReadSource?
    private var isClosed = false
    private var isBackingOff = false

    /// How long to pause accepting when out of descriptors or memory, instead of spinning.
    private static let backoff = DispatchTimeInterval.milliseconds(100)

    init(
        socket: consuming SocketDescriptor,
        queue: DispatchQueue,
        log: @escaping HTTPServerLog,
        onAccept: @escaping @Sendable (consuming SocketDescriptor, ConnectionInfo) -> Void,
        onClosed: @escaping @Sendable () -> Void
    ) {
        self.socket = consume socket
        self.queue = queue
        self.log = log
        self.onAccept = onAccept
        self.onClosed = onClosed
    }

    /// Starts accepting.
    func start() {
        queue.async {
            guard !self.isClosed, self.readSource == nil else { return }
            switch self.socket {
            case .some(let socket):
                self.readSource = ReadSource(
                    socket: socket, queue: self.queue,
                    onReadable: { self.acceptAll() },
                    onCancelled: { self.closeSocket() }
                )
            case .none:
                return
            }
        }
    }

    /// Stops accepting and closes the listening socket (new connects are refused).
    func close() {
        queue.async {
            guard !self.isClosed else { return }
            self.isClosed = true
            guard self.readSource != nil else {
                self.closeSocket()
                return
            }
            self.readSource?.cancel()
            self.readSource = nil
        }
    }

    private func closeSocket() {
        guard let socket = socket.take() else { return }
        do {
            try socket.close()
        } catch {
            log(.warning, "listener_close_failed", [("error", "\(error)")])
        }
        log(.info, "listener_closed", [])
        onClosed()
    }

    /// Accepts until `EAGAIN`.
    private func acceptAll() {
        while !isClosed {
            let result: AcceptResult
            switch socket {
            case .some(let listening):
                do {
                    result = try SocketCalls.accept(listening)
                } catch {
                    handleAcceptError(error)
                    return
                }
            case .none:
                return
            }
            switch consume result {
            case .accepted(let client, let peer):
                if isBackingOff {
                    isBackingOff = false
                    log(.info, "accept_resumed", [])
                }
                onAccept(client, peer)
            case .wouldBlock:
                return
            }
        }
    }

    private func handleAcceptError(_ error: SystemCallError) {
        switch error.code {
        case ECONNABORTED, EPROTO, EPERM:
            // The connection died in the backlog (or a firewall refused it): not our problem, go on.
            log(.debug, "accept_skipped", [("error", "\(error)")])
            queue.async { self.acceptAll() }
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
            // Out of descriptors or memory: the pending connection stays in the backlog, so the source
            // would fire again at once. Pause instead of spinning; log once per episode.
            if !isBackingOff {
                isBackingOff = true
                log(.warning, "accept_backoff", [("error", "\(error)")])
            }
            pause(for: Self.backoff)
        default:
            log(.error, "accept_failed", [("error", "\(error)")])
            pause(for: Self.backoff)
        }
    }

    private func pause(for interval: DispatchTimeInterval) {
        guard readSource?.isSuspended == false else { return }
        readSource?.suspend()
        queue.asyncAfter(deadline: .now() + interval) {
            guard !self.isClosed else { return }
            self.readSource?.resume()
        }
    }
}
