import Dispatch
import Glibc

/// The listening socket and its read source: accepts connections until closed.
final class Listener: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: every `var` is read and written only on `queue` (serial);
    // `close()` and `start()` only enqueue work there.

    private let fd: Int32
    private let queue: DispatchQueue
    private let log: @Sendable (HTTPServerLogLevel, String) -> Void
    private let onAccept: @Sendable (Int32, ConnectionInfo) -> Void
    private let onClosed: @Sendable () -> Void
    private var source: DispatchSourceRead?
    private var isSuspended = false
    private var isClosed = false
    private var isBackingOff = false

    /// How long to pause accepting when out of descriptors or memory, instead of spinning.
    private static let backoff = DispatchTimeInterval.milliseconds(100)

    init(
        fd: Int32,
        queue: DispatchQueue,
        log: @escaping @Sendable (HTTPServerLogLevel, String) -> Void,
        onAccept: @escaping @Sendable (Int32, ConnectionInfo) -> Void,
        onClosed: @escaping @Sendable () -> Void
    ) {
        self.fd = fd
        self.queue = queue
        self.log = log
        self.onAccept = onAccept
        self.onClosed = onClosed
    }

    /// Starts accepting.
    func start() {
        queue.async {
            guard !self.isClosed, self.source == nil else { return }
            let source = DispatchSource.makeReadSource(fileDescriptor: self.fd, queue: self.queue)
            source.setEventHandler { self.acceptAll() }
            source.setCancelHandler { self.closeDescriptor() }
            self.source = source
            source.resume()
        }
    }

    /// Stops accepting and closes the listening socket (new connects are refused).
    func close() {
        queue.async {
            guard !self.isClosed else { return }
            self.isClosed = true
            guard let source = self.source else {
                self.closeDescriptor()
                return
            }
            source.cancel()
            if self.isSuspended {
                source.resume()
                self.isSuspended = false
            }
            self.source = nil
        }
    }

    private func closeDescriptor() {
        do {
            try SocketCalls.close(fd)
        } catch {
            log(.warning, "event=listener_close_failed error=\"\(error)\"")
        }
        log(.info, "event=listener_closed")
        onClosed()
    }

    /// Accepts until `EAGAIN`.
    private func acceptAll() {
        while !isClosed {
            let result: AcceptResult
            do {
                result = try SocketCalls.accept(fd)
            } catch {
                handleAcceptError(error)
                return
            }
            switch result {
            case .accepted(let client, let peer):
                if isBackingOff {
                    isBackingOff = false
                    log(.info, "event=accept_resumed")
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
            log(.debug, "event=accept_skipped error=\"\(error)\"")
            queue.async { self.acceptAll() }
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
            // Out of descriptors or memory: the pending connection stays in the backlog, so the source
            // would fire again at once. Pause instead of spinning; log once per episode.
            if !isBackingOff {
                isBackingOff = true
                log(.warning, "event=accept_backoff error=\"\(error)\"")
            }
            pause(for: Self.backoff)
        default:
            log(.error, "event=accept_failed error=\"\(error)\"")
            pause(for: Self.backoff)
        }
    }

    private func pause(for interval: DispatchTimeInterval) {
        guard let source, !isSuspended else { return }
        source.suspend()
        isSuspended = true
        queue.asyncAfter(deadline: .now() + interval) {
            guard !self.isClosed, let source = self.source, self.isSuspended else { return }
            self.isSuspended = false
            source.resume()
        }
    }
}
