import Locking
import Dispatch
import Glibc

/// An HTTP/1.1 server on non-blocking sockets, driven by Dispatch through a few ``EventLoop``s.
///
/// The listener accepts on its own queue and hands each connection to the next loop in turn; the loop's
/// serial queue owns the connection's state from then on. Requests on a connection are answered one
/// at a time in order. Limits, timeouts, keep-alive (RFC 9112 §9.3) and graceful shutdown are built in.
public final class HTTPServer: Sendable {
    private enum Lifecycle {
        case idle
        case running
        case shuttingDown
        case stopped
    }

    private struct State {
        var lifecycle = Lifecycle.idle
        var port = 0
        var listener: Listener?
        var loops: EventLoopGroup?
        var isListenerOpen = false
        var connections: [Int: HTTPConnection] = [:]
        var nextConnectionID = 0
        var shutdownCompletions: [@Sendable () -> Void] = []

        /// The completions to call when shutdown has finished: listener closed and no connection left.
        mutating func takeCompletionsIfStopped() -> [@Sendable () -> Void] {
            guard lifecycle == .shuttingDown, !isListenerOpen, connections.isEmpty else { return [] }
            lifecycle = .stopped
            defer { shutdownCompletions = [] }
            return shutdownCompletions
        }
    }

    private let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let log: HTTPServerLog
    private let acceptQueue = DispatchQueue(label: "SocketHTTPServer.accept")
    /// The registry: lifecycle, listener and open connections (one lock, never held while calling out).
    private let state = LockedValue(State())

    /// Creates a server; nothing happens until ``start()``.
    public init(
        configuration: HTTPServerConfiguration,
        responder: any HTTPResponder,
        log: @escaping HTTPServerLog = { _, _, _ in }
    ) {
        self.configuration = configuration
        self.responder = responder
        self.log = log
    }

    deinit {
        let (listener, connections, loops) = state.withLock { ($0.listener, Array($0.connections.values), $0.loops) }
        listener?.close()
        for connection in connections { connection.forceClose() }
        // After the connections' closes, which run first on their loops' queues.
        loops?.close()
    }

    /// Binds, listens and starts accepting. Throws a typed error (e.g. address in use, with errno text) if it cannot.
    public func start() throws(HTTPServerError) {
        guard let address = SocketAddress(host: configuration.host, port: configuration.port) else {
            if (0...65535).contains(configuration.port) { throw .invalidHost(configuration.host) }
            throw .invalidPort(configuration.port)
        }
        let port = try state.withLock { state throws(HTTPServerError) -> Int in
            guard state.lifecycle == .idle else { throw .alreadyStarted }
            let socket: SocketDescriptor
            do throws(SystemCallError) {
                socket = try SocketCalls.makeStreamSocket(family: address.family)
            } catch {
                throw HTTPServerError(error)
            }
            let port: Int
            let loops: EventLoopGroup
            do throws(SystemCallError) {
                try SocketCalls.setOption(socket, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, label: "SO_REUSEADDR")
                if address.family == AF_INET6 {
                    // Dual-stack on "::": IPv4 clients arrive as IPv4-mapped addresses.
                    try SocketCalls.setOption(socket, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 0, label: "IPV6_V6ONLY")
                }
                try SocketCalls.bind(socket, to: address)
                try SocketCalls.listen(socket, backlog: configuration.backlog)
                port = try SocketCalls.localPort(socket)
                // Last: a group that cannot be made closes the loops it made; nothing after can fail.
                loops = try EventLoopGroup(count: configuration.eventLoopCount)
            } catch {
                do {
                    try socket.close()
                } catch let closeError {
                    log(.warning, "listener_close_failed", [("error", "\(closeError)")])
                }
                throw HTTPServerError(error)
            }
            let listener = Listener(
                socket: socket,
                queue: acceptQueue,
                log: log,
                onAccept: { [weak self] client, peer in self?.accepted(client, peer: peer) },
                onClosed: { [weak self] in self?.listenerClosed() }
            )
            state.lifecycle = .running
            state.listener = listener
            state.loops = loops
            state.isListenerOpen = true
            state.port = port
            listener.start()
            return port
        }
        log(.info, "listening", [("host", configuration.host), ("port", String(port))])
    }

    /// The port actually bound (useful with port 0). Valid after start().
    public var port: Int {
        state.withLock { $0.port }
    }

    /// The loops while running (for tests).
    var eventLoops: [EventLoop] {
        state.withLock { $0.loops?.loops ?? [] }
    }

    /// How many accepted connections are still open.
    public var openConnectionCount: Int {
        state.withLock { $0.connections.count }
    }

    /// Stop accepting (close the listener at once), let requests in flight finish and be written,
    /// close idle connections, then call `completion` (or after `gracePeriod`, force-closing the rest).
    ///
    /// `completion` is called exactly once, on an arbitrary thread. Calling `shutdown` again is allowed;
    /// each completion is called when shutdown finishes.
    public func shutdown(gracePeriod: Duration = .seconds(5), completion: @escaping @Sendable () -> Void) {
        enum Action {
            case completeNow
            case wait
            case begin(Listener?, [HTTPConnection])
        }
        let action = state.withLock { state -> Action in
            switch state.lifecycle {
            case .idle, .stopped:
                state.lifecycle = .stopped
                return .completeNow
            case .shuttingDown:
                state.shutdownCompletions.append(completion)
                return .wait
            case .running:
                state.lifecycle = .shuttingDown
                state.shutdownCompletions.append(completion)
                return .begin(state.listener, Array(state.connections.values))
            }
        }
        switch action {
        case .completeNow:
            completion()
        case .wait:
            break
        case .begin(let listener, let connections):
            log(.info, "shutdown_started", [("open_connections", String(connections.count))])
            listener?.close()
            for connection in connections { connection.beginShutdown() }
            acceptQueue.asyncAfter(deadline: .now() + dispatchInterval(gracePeriod)) {
                self.gracePeriodEnded()
            }
        }
    }

    // MARK: - Internals

    /// Registers and starts a connection; a socket accepted once shutdown began is dropped (closed).
    private func accepted(_ socket: consuming SocketDescriptor, peer: ConnectionInfo) {
        let settings = ConnectionSettings(configuration)
        var unclaimed = Optional(socket)
        let connection = state.withLock { state -> HTTPConnection? in
            guard state.lifecycle == .running, let loop = state.loops?.nextLoop(), let socket = unclaimed.take() else { return nil }
            state.nextConnectionID += 1
            let connection = HTTPConnection(
                id: state.nextConnectionID,
                socket: socket,
                info: peer,
                loop: loop,
                settings: settings,
                responder: responder,
                log: log,
                onClosed: { [weak self] connection in self?.connectionClosed(connection) }
            )
            state.connections[connection.id] = connection
            return connection
        }
        // Not running any more: `unclaimed` still holds the socket and closes it on leaving scope.
        connection?.start()
    }

    private func connectionClosed(_ connection: HTTPConnection) {
        let completions = state.withLock { state in
            state.connections[connection.id] = nil
            return state.takeCompletionsIfStopped()
        }
        finish(completions)
    }

    private func listenerClosed() {
        let completions = state.withLock { state in
            state.isListenerOpen = false
            return state.takeCompletionsIfStopped()
        }
        finish(completions)
    }

    private func gracePeriodEnded() {
        let remaining = state.withLock { state in
            state.lifecycle == .shuttingDown ? Array(state.connections.values) : []
        }
        guard !remaining.isEmpty else { return }
        log(.warning, "shutdown_force_close", [("open_connections", String(remaining.count))])
        for connection in remaining { connection.forceClose() }
        // A connection whose queue is blocked (a responder that never returns) cannot close; don't wait forever.
        acceptQueue.asyncAfter(deadline: .now() + .seconds(1)) {
            let completions = self.state.withLock { state -> [@Sendable () -> Void] in
                guard state.lifecycle == .shuttingDown else { return [] }
                state.lifecycle = .stopped
                defer { state.shutdownCompletions = [] }
                return state.shutdownCompletions
            }
            self.finish(completions)
        }
    }

    private func finish(_ completions: [@Sendable () -> Void]) {
        guard !completions.isEmpty else { return }
        // Stopped: no connection is left on the loops (or the ones left are blocked for good).
        let loops = state.withLock { state in
            defer { state.loops = nil }
            return state.loops
        }
        loops?.close()
        log(.info, "shutdown_complete", [])
        for completion in completions { completion() }
    }
}
