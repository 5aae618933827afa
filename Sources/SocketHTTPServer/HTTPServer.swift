import Locking
import Dispatch
import Glibc

/// An HTTP/1.1 server on non-blocking sockets driven by Dispatch sources.
///
/// Each connection has one serial queue owning its state; requests on a connection are answered one
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
    private let log: @Sendable (HTTPServerLogLevel, String) -> Void
    private let acceptQueue = DispatchQueue(label: "SocketHTTPServer.accept")
    /// The queue every connection's serial queue targets.
    private let connectionTargetQueue = DispatchQueue(label: "SocketHTTPServer.connections", attributes: .concurrent)
    /// The registry: lifecycle, listener and open connections (one lock, never held while calling out).
    private let state = LockedValue(State())

    /// Creates a server; nothing happens until ``start()``.
    public init(
        configuration: HTTPServerConfiguration,
        responder: any HTTPResponder,
        log: @escaping @Sendable (HTTPServerLogLevel, String) -> Void = { _, _ in }
    ) {
        self.configuration = configuration
        self.responder = responder
        self.log = log
    }

    deinit {
        let (listener, connections) = state.withLock { ($0.listener, Array($0.connections.values)) }
        listener?.close()
        for connection in connections { connection.forceClose() }
    }

    /// Binds, listens and starts accepting. Throws a typed error (e.g. address in use, with errno text) if it cannot.
    public func start() throws(HTTPServerError) {
        guard let address = SocketAddress(host: configuration.host, port: configuration.port) else {
            if (0...65535).contains(configuration.port) { throw .invalidHost(configuration.host) }
            throw .invalidPort(configuration.port)
        }
        let port = try state.withLock { state throws(HTTPServerError) -> Int in
            guard state.lifecycle == .idle else { throw .alreadyStarted }
            let fd: Int32
            do throws(SystemCallError) {
                fd = try SocketCalls.makeStreamSocket(family: address.family)
            } catch {
                throw HTTPServerError(error)
            }
            let port: Int
            do throws(SystemCallError) {
                try SocketCalls.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1, label: "SO_REUSEADDR")
                if address.family == AF_INET6 {
                    // Dual-stack on "::": IPv4 clients arrive as IPv4-mapped addresses.
                    try SocketCalls.setOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, value: 0, label: "IPV6_V6ONLY")
                }
                try SocketCalls.bind(fd, to: address)
                try SocketCalls.listen(fd, backlog: configuration.backlog)
                port = try SocketCalls.localPort(fd)
            } catch {
                do {
                    try SocketCalls.close(fd)
                } catch let closeError {
                    log(.warning, "event=listener_close_failed error=\"\(closeError)\"")
                }
                throw HTTPServerError(error)
            }
            let listener = Listener(
                fd: fd,
                queue: acceptQueue,
                log: log,
                onAccept: { [weak self] client, peer in self?.accepted(client, peer: peer) ?? Self.discard(client) },
                onClosed: { [weak self] in self?.listenerClosed() }
            )
            state.lifecycle = .running
            state.listener = listener
            state.isListenerOpen = true
            state.port = port
            listener.start()
            return port
        }
        log(.info, "event=listening host=\(configuration.host) port=\(port)")
    }

    /// The port actually bound (useful with port 0). Valid after start().
    public var port: Int {
        state.withLock { $0.port }
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
            log(.info, "event=shutdown_started open_connections=\(connections.count)")
            listener?.close()
            for connection in connections { connection.beginShutdown() }
            acceptQueue.asyncAfter(deadline: .now() + dispatchInterval(gracePeriod)) {
                self.gracePeriodEnded()
            }
        }
    }

    // MARK: - Internals

    private func accepted(_ fd: Int32, peer: ConnectionInfo) {
        let settings = ConnectionSettings(
            limits: configuration.limits,
            requestReadTimeout: configuration.headerReadTimeout,
            idleTimeout: configuration.idleTimeout,
            lingerTimeout: min(configuration.idleTimeout, .seconds(2)),
            lingerByteLimit: 1024 * 1024
        )
        let connection = state.withLock { state -> HTTPConnection? in
            guard state.lifecycle == .running else { return nil }
            state.nextConnectionID += 1
            let connection = HTTPConnection(
                id: state.nextConnectionID,
                fd: fd,
                info: peer,
                targetQueue: connectionTargetQueue,
                settings: settings,
                responder: responder,
                log: log,
                onClosed: { [weak self] connection in self?.connectionClosed(connection) }
            )
            state.connections[connection.id] = connection
            return connection
        }
        guard let connection else {
            Self.discard(fd)
            return
        }
        do {
            // Responses go out in one write; don't let Nagle hold back the next pipelined one.
            try SocketCalls.setOption(fd, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1, label: "TCP_NODELAY")
        } catch {
            log(.debug, "event=nodelay_failed connection=\(connection.id) error=\"\(error)\"")
        }
        connection.start()
    }

    /// Closes a socket accepted while shutting down.
    private static func discard(_ fd: Int32) {
        do {
            try SocketCalls.close(fd)
        } catch {
            // Nothing to report to: the descriptor is released on Linux whatever close returned.
        }
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
        log(.warning, "event=shutdown_force_close open_connections=\(remaining.count)")
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
        log(.info, "event=shutdown_complete")
        for completion in completions { completion() }
    }
}
