import Dispatch
import Glibc

/// One accepted TCP connection: reads requests, hands them to the responder one at a time in order,
/// writes the responses, and closes on error, timeout, peer close or shutdown.
///
/// A small state machine (as swift-nio's `HTTPServerPipelineHandler`): ``ConnectionState`` says where
/// the connection is, and each event (readable, a response, output drained, a deadline, shutdown) is
/// one transition. Its state is owned by the serial `queue` of the ``EventLoop`` it belongs to (shared
/// with the loop's other connections): the loop's readiness reports and the timer arrive there,
/// responder completions run there (at once when the responder answers on that queue, as reads do;
/// through `queue.async` otherwise), and the server only ever enqueues work on it.
final class HTTPConnection: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: every `var` below is read and written only on `queue`
    // (checked with `dispatchPrecondition` in debug builds). The `let`s are immutable, and the Dispatch
    // objects they hold are thread-safe. Other threads only call `start`, `beginShutdown` and
    // `forceClose`, which do nothing but `queue.async`.

    /// Identifies the connection in the server's registry and in logs.
    let id: Int
    /// The loop's serial queue, which owns all mutable state.
    let queue: DispatchQueue
    private let loop: EventLoop
    /// The peer.
    let info: ConnectionInfo
    private let settings: ConnectionSettings
    private let responder: any HTTPResponder
    private let serverLog: HTTPServerLog
    /// Called once, on `queue`, after the socket is closed.
    private let onClosed: @Sendable (HTTPConnection) -> Void

    // `@exclusivity(unchecked)`: only `queue` touches this state, and no mutating call on it (parser,
    // output, timer) re-enters the connection; the run-time checks were ~20 tracked accesses a request.
    @exclusivity(unchecked) private var state = ConnectionState.reading
    @exclusivity(unchecked) private var parser: HTTPRequestParser
    private let channel: SocketChannel
    @exclusivity(unchecked) private var output = OutputBuffer()
    /// From `start` until teardown.
    @exclusivity(unchecked) private var timer: ConnectionTimer?
    @exclusivity(unchecked) private var dateHeader = DateHeaderCache()
    private var hasPeerClosedInput = false
    private var isShuttingDown = false
    /// Requests handed to the responder so far; the current one's generation.
    private var requestCount = 0
    /// The responder call running on this queue, if any.
    @exclusivity(unchecked) private var responderCall = ResponderCall()
    /// True while `processBufferedRequests` loops; a response drained meanwhile lets the loop go on.
    private var isProcessingRequests = false

    /// Pipelined bytes read ahead while a request is answered; past this, reading pauses until the
    /// response is written (one request at a time, RFC 9112 §9.3.2, with bounded memory).
    static let readAheadLimit = 64 * 1024
    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(
        id: Int,
        socket: consuming SocketDescriptor,
        info: ConnectionInfo,
        loop: EventLoop,
        settings: ConnectionSettings,
        responder: any HTTPResponder,
        log: @escaping HTTPServerLog,
        onClosed: @escaping @Sendable (HTTPConnection) -> Void
    ) {
        self.id = id
        self.loop = loop
        self.queue = loop.queue
        self.channel = SocketChannel(socket: socket, loop: loop)
        self.info = info
        self.settings = settings
        self.responder = responder
        self.serverLog = log
        self.onClosed = onClosed
        self.parser = HTTPRequestParser(limits: settings.limits)
    }

    // MARK: - Entry points (any thread)

    /// Joins the loop and starts reading.
    func start() {
        queue.async { self.startOnQueue() }
    }

    /// Server shutdown: close if idle; otherwise finish the request under way with `Connection: close`.
    func beginShutdown() {
        queue.async { self.beginShutdownOnQueue() }
    }

    /// Closes now, whatever is under way.
    func forceClose() {
        queue.async { self.tearDown(reason: "forced by shutdown") }
    }

    private func startOnQueue() {
        assertOnQueue()
        // Shutdown may have closed us before this block ran.
        guard !state.isClosed, timer == nil else { return }
        do {
            // Responses go out in one write; don't let Nagle hold back the next pipelined one.
            try channel.setOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1, label: "TCP_NODELAY")
        } catch {
            log(.debug, "nodelay_failed", ("error", "\(error)"))
        }
        do {
            try channel.startReading { self.handleReadable() }
        } catch {
            log(.warning, "watch_failed", ("error", "\(error)"))
            tearDown(reason: "cannot watch the socket")
            return
        }
        timer = ConnectionTimer(queue: queue) { self.handleTimer() }
        log(.debug, "connection_open", ("peer", "\(info.peerAddress):\(info.peerPort)"))
        if isShuttingDown {
            tearDown(reason: "server shutting down")
            return
        }
        timer?.arm(.idle, after: settings.idleTimeout)
    }

    // MARK: - Reading

    private func handleReadable() {
        assertOnQueue()
        guard !state.isClosed else { return }
        let sawEndOfFile: Bool
        do {
            sawEndOfFile = try channel.readAvailable(
                stopsBefore: { state.isAnswering && parser.bufferedByteCount >= Self.readAheadLimit },
                consume: received
            )
        } catch {
            log(error.isPeerGone ? .debug : .warning, "read_failed", ("error", "\(error)"))
            tearDown(reason: "read failed")
            return
        }
        guard !state.isClosed else { return }
        if sawEndOfFile {
            hasPeerClosedInput = true
            // Nothing more to read; reading again would only find EOF.
            channel.suspendReading()
        }
        switch state {
        case .lingering:
            if hasPeerClosedInput { tearDown(reason: "peer closed after final response") }
        case .reading:
            processBufferedRequests()
        case .responding, .writing:
            // Reading goes on while a request is answered; enough read-ahead pauses it.
            if parser.bufferedByteCount >= Self.readAheadLimit { channel.suspendReading() }
        case .closed:
            break
        }
    }

    /// Bytes read: for the parser, or counted and dropped while lingering. False once torn down.
    private func received(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard case .lingering(let discarded) = state else {
            parser.append(bytes)
            return true
        }
        guard discarded + bytes.count <= settings.lingerByteLimit else {
            tearDown(reason: "lingering close drained enough")
            return false
        }
        state = .lingering(discardedBytes: discarded + bytes.count)
        return true
    }

    /// Parses buffered bytes: answers `100 Continue`, hands over the next complete request, or waits for more.
    private func processBufferedRequests() {
        assertOnQueue()
        guard !isProcessingRequests else { return }
        isProcessingRequests = true
        defer { isProcessingRequests = false }
        while case .reading = state {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                log(.info, "bad_request", ("status", String(error.status)), ("reason", error.reason))
                writeFinalErrorResponse(status: error.status, reason: error.reason)
                return
            }
            switch event {
            case .expectContinue:
                // RFC 9110 §10.1.1: tell the client to send the body.
                enqueueOutput(Self.continueResponse)
            case .request(let request):
                dispatch(request)
                // A response produced on this queue during `dispatch` is written here; if it drains at
                // once the loop goes on with the next pipelined request (no recursion per request).
                guard let (response, generation) = responderCall.heldResponse else { return }
                responderCall.heldResponse = nil
                responderCompleted(response, generation: generation)
            case nil:
                waitForMoreInput()
                return
            }
        }
    }

    private func waitForMoreInput() {
        channel.isWaitingForInput = true
        if hasPeerClosedInput {
            // No more bytes will come; a partial request can never complete.
            tearDown(reason: parser.hasBufferedBytes ? "peer closed mid-request" : "peer closed")
            return
        }
        if !parser.hasBufferedBytes {
            if isShuttingDown {
                tearDown(reason: "idle during shutdown")
                return
            }
            timer?.arm(.idle, after: settings.idleTimeout)
        } else if timer?.purpose != .requestRead {
            // RFC 9112 §9.5 allows closing; we time the whole request from its first byte.
            timer?.arm(.requestRead, after: settings.requestReadTimeout)
        }
        if !hasPeerClosedInput { channel.resumeReading() }
    }

    // MARK: - Responding

    private func dispatch(_ request: HTTPRequest) {
        assertOnQueue()
        requestCount += 1
        let generation = requestCount
        channel.isWaitingForInput = false
        // One request at a time (RFC 9112 §9.3.2): pipelined bytes stay buffered until the response is written.
        state = .responding(InFlightRequest(request, generation: generation))
        timer?.disarm()
        responderCall.isRunning = true
        responder.respond(to: request, connection: info) { [loop] response in
            // Answered on this connection's queue (reads run on the caller's thread): no hop.
            if loop.isCurrent {
                self.completedOnQueue(response, generation: generation)
            } else {
                self.queue.async { self.responderCompleted(response, generation: generation) }
            }
        }
        responderCall.isRunning = false
    }

    private func completedOnQueue(_ response: HTTPResponse, generation: Int) {
        assertOnQueue()
        if responderCall.isRunning && generation == requestCount && responderCall.heldResponse == nil {
            responderCall.heldResponse = (response, generation)
        } else {
            responderCompleted(response, generation: generation)
        }
    }

    private func responderCompleted(_ response: HTTPResponse, generation: Int) {
        assertOnQueue()
        guard case .responding(let request) = state, generation == request.generation else {
            if !state.isClosed && generation == requestCount {
                log(.warning, "responder_completed_twice")
            }
            // Otherwise the connection closed while the responder ran: drop the response quietly.
            return
        }
        let (bytes, closes) = request.serialize(response, isShuttingDown: isShuttingDown, date: dateHeader.current())
        state = .writing(closesAfterWrite: closes)
        enqueueOutput(bytes)
    }

    /// A request we cannot read: one response with `Connection: close`, then close (RFC 9112 §9.6).
    private func writeFinalErrorResponse(status: Int, reason: String) {
        assertOnQueue()
        state = .writing(closesAfterWrite: true)
        channel.suspendReading()
        timer?.disarm()
        enqueueOutput(HTTPResponseSerializer.errorResponse(status: status, reason: reason, date: dateHeader.current()))
    }

    // MARK: - Writing

    private func enqueueOutput(_ bytes: [UInt8]) {
        output.append(bytes)
        if !channel.isWaitingUntilWritable {
            flushOutput()
        } else if state.isWriting && timer?.purpose != .writeStall {
            timer?.arm(.writeStall, after: settings.idleTimeout)
        }
    }

    /// Writes directly until done or `EAGAIN`; on `EAGAIN` the loop says when there is room.
    private func flushOutput() {
        assertOnQueue()
        guard !state.isClosed else { return }
        let progress: OutputBuffer.FlushProgress
        do {
            progress = try output.flush(to: channel)
        } catch {
            log(error.isPeerGone ? .debug : .warning, "write_failed", ("error", "\(error)"))
            tearDown(reason: "write failed")
            return
        }
        guard case .blocked(let madeProgress) = progress else {
            channel.stopWaitingUntilWritable()
            outputDrained()
            return
        }
        // A stalled write is timed from its last progress.
        if state.isWriting && (madeProgress || timer?.purpose != .writeStall) {
            timer?.arm(.writeStall, after: settings.idleTimeout)
        }
        let pending = output.pendingCount
        if channel.waitUntilWritable(onWritable: { self.flushOutput() }) {
            log(.debug, "write_blocked", ("pending_bytes", String(pending)))
        }
    }

    private func outputDrained() {
        // Not writing a response: a 100 Continue written while reading.
        guard case .writing(let closesAfterWrite) = state else { return }
        timer?.disarm()
        if closesAfterWrite || isShuttingDown {
            startLingeringClose()
        } else {
            state = .reading
            // Inside the request loop the loop itself goes on; otherwise (an asynchronous response) start it.
            processBufferedRequests()
        }
    }

    /// RFC 9112 §9.6: half-close, then read until the peer closes (or a short timeout), so unread
    /// request bytes do not make the kernel reset the connection before the client reads the response.
    private func startLingeringClose() {
        state = .lingering(discardedBytes: 0)
        do {
            try channel.shutdownWrite()
        } catch {
            log(error.isPeerGone ? .debug : .warning, "shutdown_failed", ("error", "\(error)"))
            tearDown(reason: "shutdown failed")
            return
        }
        if hasPeerClosedInput {
            tearDown(reason: "closed after final response")
            return
        }
        parser = HTTPRequestParser(limits: settings.limits)
        timer?.arm(.linger, after: settings.lingerTimeout)
        channel.resumeReading()
    }

    // MARK: - Timeouts, shutdown and teardown

    private func handleTimer() {
        assertOnQueue()
        guard !state.isClosed, let purpose = timer?.fire() else { return }
        switch purpose {
        case .idle:
            tearDown(reason: "idle timeout")
        case .requestRead:
            guard case .reading = state else { return }
            log(.info, "request_timeout")
            writeFinalErrorResponse(status: 408, reason: "The request was not received in time.")
        case .writeStall:
            log(.info, "write_timeout")
            tearDown(reason: "write timeout")
        case .linger:
            tearDown(reason: "lingering close timeout")
        }
    }

    private func beginShutdownOnQueue() {
        assertOnQueue()
        isShuttingDown = true
        if case .reading = state, !parser.hasBufferedBytes, output.isEmpty {
            tearDown(reason: "idle during shutdown")
        }
        // Otherwise the request under way finishes and its response carries `Connection: close`.
    }

    /// Leaves the loop and closes the socket; then the server hears of it.
    private func tearDown(reason: String) {
        assertOnQueue()
        guard !state.isClosed else { return }
        state = .closed
        log(.debug, "connection_close", ("reason", reason))
        timer?.cancel()
        timer = nil
        output.removeAll()
        parser = HTTPRequestParser(limits: settings.limits)
        channel.close { error in
            if let error { self.log(.warning, "close_failed", ("error", "\(error)")) }
            self.onClosed(self)
        }
    }

    // MARK: - Helpers

    /// One log line of this connection: `connection=<id>` first, then `fields`.
    private func log(_ level: HTTPServerLogLevel, _ event: String, _ fields: (String, String)...) {
        serverLog(level, event, [("connection", String(id))] + fields)
    }

    @inline(__always)
    private func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }
}
