import Dispatch
import Glibc

/// Timeouts and limits one connection needs, copied from the server configuration.
struct ConnectionSettings: Sendable {
    var limits: HTTPParserLimits
    var requestReadTimeout: Duration
    var idleTimeout: Duration
    /// How long to keep draining input after the final response, before closing (lingering close).
    var lingerTimeout: Duration
    /// How many bytes to drain during a lingering close before giving up.
    var lingerByteLimit: Int
}

/// One accepted TCP connection: reads requests, hands them to the responder one at a time in order,
/// writes the responses, and closes on error, timeout, peer close or shutdown.
///
/// Its state is owned by its serial `queue`: the read, write and timer sources deliver their events
/// there, responder completions run there (at once when the responder answers on that queue, as reads
/// do; through `queue.async` otherwise), and the server only ever enqueues work on it.
final class HTTPConnection: @unchecked Sendable {
    // Why `@unchecked Sendable` is safe: every `var` below is read and written only on `queue`
    // (checked with `dispatchPrecondition` in debug builds). The `let`s are immutable, and the Dispatch
    // objects they hold are thread-safe. Other threads only call `start`, `beginShutdown` and
    // `forceClose`, which do nothing but `queue.async`.

    private enum Phase: Equatable {
        /// Reading (and parsing) a request, or idle between requests.
        case reading
        /// The responder has the current request.
        case responding
        /// The current response is being written.
        case writing
        /// The last response is written and our write side shut: draining input until the peer closes.
        case lingering
        /// Torn down; the descriptor is closed or about to be.
        case closed
    }

    private enum TimerPurpose {
        case none
        case idle
        case requestRead
        case writeStall
        case linger
    }

    /// Identifies the connection in the server's registry and in logs.
    let id: Int
    /// The serial queue that owns all mutable state.
    let queue: DispatchQueue
    /// The peer.
    let info: ConnectionInfo
    private let fd: Int32
    private let settings: ConnectionSettings
    private let responder: any HTTPResponder
    private let log: @Sendable (HTTPServerLogLevel, String) -> Void
    /// Called once, on `queue`, after the descriptor is closed.
    private let onClosed: @Sendable (HTTPConnection) -> Void

    private var phase = Phase.reading
    private var parser: HTTPRequestParser
    private var readSource: DispatchSourceRead?
    private var isReadSuspended = false
    private var writeSource: DispatchSourceWrite?
    private var timer: DispatchSourceTimer?
    private var timerPurpose = TimerPurpose.none
    private var timerDeadline = DispatchTime.distantFuture
    /// When the dispatch timer is actually set to fire. Re-arming is lazy: the timer is only
    /// rescheduled when the new deadline is earlier than this, and a firing that comes before the
    /// logical deadline reschedules itself. Rescheduling a dispatch timer on every request costs a
    /// wake-up of libdispatch's manager thread (measured: 10–15% of the CPU of a keep-alive request).
    private var scheduledDeadline = DispatchTime.distantFuture
    private var timerLeeway = DispatchTimeInterval.milliseconds(1)
    /// Read/write sources not yet through their cancel handler; the descriptor closes only at 0.
    private var liveDescriptorSources = 0
    private var isDescriptorClosed = false
    private var output: [UInt8] = []
    private var outputIndex = 0
    private var closesAfterWrite = false
    private var hasPeerClosedInput = false
    private var isShuttingDown = false
    private var lingerDiscardedBytes = 0
    /// Incremented per request; a responder completion for an older request is dropped.
    private var requestGeneration = 0
    private var currentRequestIsHead = false
    private var currentRequestKeepAlive = true
    private var currentRequestVersionMinor = 1
    /// True while `responder.respond` runs: a completion that comes back on `queue` meanwhile is kept in
    /// `inlineResponse` and written by the loop in `processBufferedRequests`, not by recursion.
    private var isInsideResponder = false
    private var inlineResponse: (response: HTTPResponse, generation: Int)?
    /// True while `processBufferedRequests` loops; a response drained meanwhile lets the loop go on.
    private var isProcessingRequests = false
    /// The `Date` header value and the second it was formatted for (one format per second, not per response).
    private var cachedDate = (second: 0, text: "")

    /// Marks each connection's queue, so a responder completion can tell it is already running there.
    private static let queueKey = DispatchSpecificKey<ObjectIdentifier>()
    /// Pipelined bytes read ahead while a request is answered; past this, reading pauses until the
    /// response is written (one request at a time, RFC 9112 §9.3.2, with bounded memory).
    static let readAheadLimit = 64 * 1024

    init(
        id: Int,
        fd: Int32,
        info: ConnectionInfo,
        targetQueue: DispatchQueue,
        settings: ConnectionSettings,
        responder: any HTTPResponder,
        log: @escaping @Sendable (HTTPServerLogLevel, String) -> Void,
        onClosed: @escaping @Sendable (HTTPConnection) -> Void
    ) {
        self.id = id
        self.fd = fd
        self.info = info
        self.queue = DispatchQueue(label: "SocketHTTPServer.connection", target: targetQueue)
        self.settings = settings
        self.responder = responder
        self.log = log
        self.onClosed = onClosed
        self.parser = HTTPRequestParser(limits: settings.limits)
        queue.setSpecific(key: Self.queueKey, value: ObjectIdentifier(self))
    }

    // MARK: - Entry points (any thread)

    /// Installs the sources and starts reading.
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

    // MARK: - Setup

    private func startOnQueue() {
        assertOnQueue()
        // Shutdown may have closed us before this block ran.
        guard phase != .closed else { return }
        let readSource = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        readSource.setEventHandler { self.handleReadable() }
        readSource.setCancelHandler { self.descriptorSourceCancelled() }
        liveDescriptorSources += 1
        self.readSource = readSource

        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { self.handleTimer() }
        timer.schedule(deadline: .distantFuture)
        self.timer = timer

        readSource.resume()
        timer.resume()
        log(.debug, "event=connection_open connection=\(id) peer=\(info.peerAddress):\(info.peerPort)")
        if isShuttingDown {
            tearDown(reason: "server shutting down")
            return
        }
        arm(.idle, after: settings.idleTimeout)
    }

    // MARK: - Reading

    private func handleReadable() {
        assertOnQueue()
        guard phase != .closed else { return }
        var sawEndOfFile = false
        var totalRead = 0
        let chunkSize = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        // Read until EAGAIN, but yield after 1 MiB so one fast client cannot monopolize the queue;
        // the source fires again while bytes remain. (Stopping at a short read would save a system call,
        // but libdispatch then misses a FIN that came with the last bytes: tried, and a half-closed peer
        // stayed open until the idle timeout.)
        readLoop: while totalRead < 1024 * 1024 {
            if phase != .reading && phase != .lingering && parser.bufferedByteCount >= Self.readAheadLimit { break }
            let result: ReadResult
            do {
                result = try SocketCalls.read(fd, into: buffer)
            } catch {
                log(error.isPeerGone ? .debug : .warning, "event=read_failed connection=\(id) error=\"\(error)\"")
                tearDown(reason: "read failed")
                return
            }
            switch result {
            case .bytes(let count):
                totalRead += count
                if phase == .lingering {
                    lingerDiscardedBytes += count
                    if lingerDiscardedBytes > settings.lingerByteLimit {
                        tearDown(reason: "lingering close drained enough")
                        return
                    }
                } else {
                    parser.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                }
            case .endOfFile:
                sawEndOfFile = true
                break readLoop
            case .wouldBlock:
                break readLoop
            }
        }

        if sawEndOfFile {
            hasPeerClosedInput = true
            // A read source keeps firing at EOF; stop it.
            suspendReading()
        }
        switch phase {
        case .lingering:
            if hasPeerClosedInput { tearDown(reason: "peer closed after final response") }
        case .reading:
            processBufferedRequests()
        case .responding, .writing:
            // Reading goes on while a request is answered (no suspend/resume per request: each costs
            // libdispatch a wake-up of its event thread); enough read-ahead pauses it.
            if parser.bufferedByteCount >= Self.readAheadLimit { suspendReading() }
        case .closed:
            break
        }
    }

    /// Parses buffered bytes: answers `100 Continue`, hands over the next complete request, or waits for more.
    private func processBufferedRequests() {
        assertOnQueue()
        guard !isProcessingRequests else { return }
        isProcessingRequests = true
        defer { isProcessingRequests = false }
        while phase == .reading {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                log(.info, "event=bad_request connection=\(id) status=\(error.status) reason=\"\(error.reason)\"")
                writeFinalErrorResponse(status: error.status, reason: error.reason)
                return
            }
            switch event {
            case .expectContinue:
                // RFC 9110 §10.1.1: tell the client to send the body.
                enqueueOutput(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
            case .request(let request):
                dispatch(request)
                // A response produced on this queue during `dispatch` is written here; if it drains at
                // once the loop goes on with the next pipelined request (no recursion per request).
                guard let (response, generation) = inlineResponse else { return }
                inlineResponse = nil
                responderCompleted(response, generation: generation)
            case nil:
                waitForMoreInput()
                return
            }
        }
    }

    private func waitForMoreInput() {
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
            arm(.idle, after: settings.idleTimeout)
        } else if timerPurpose != .requestRead {
            // RFC 9112 §9.5 allows closing; we time the whole request from its first byte.
            arm(.requestRead, after: settings.requestReadTimeout)
        }
        resumeReading()
    }

    // MARK: - Responding

    private func dispatch(_ request: HTTPRequest) {
        assertOnQueue()
        phase = .responding
        // One request at a time (RFC 9112 §9.3.2): pipelined bytes stay buffered until the response is written.
        disarmTimer()
        requestGeneration += 1
        let generation = requestGeneration
        currentRequestIsHead = request.method == "HEAD"
        currentRequestKeepAlive = request.wantsKeepAlive
        currentRequestVersionMinor = request.versionMinor
        let identity = ObjectIdentifier(self)
        isInsideResponder = true
        responder.respond(to: request, connection: info) { response in
            // Answered on this connection's queue (reads run on the caller's thread): no hop.
            if DispatchQueue.getSpecific(key: Self.queueKey) == identity {
                self.completedOnQueue(response, generation: generation)
            } else {
                self.queue.async { self.responderCompleted(response, generation: generation) }
            }
        }
        isInsideResponder = false
    }

    private func completedOnQueue(_ response: HTTPResponse, generation: Int) {
        assertOnQueue()
        if isInsideResponder && generation == requestGeneration && inlineResponse == nil {
            inlineResponse = (response, generation)
        } else {
            responderCompleted(response, generation: generation)
        }
    }

    private func responderCompleted(_ response: HTTPResponse, generation: Int) {
        assertOnQueue()
        guard phase == .responding, generation == requestGeneration else {
            if phase != .closed && generation == requestGeneration {
                log(.warning, "event=responder_completed_twice connection=\(id)")
            }
            // Otherwise the connection closed while the responder ran: drop the response quietly.
            return
        }
        // RFC 9112 §9.3 / §9.6: close when the client or the responder asked to, or we are shutting down.
        // (A client that half-closed after pipelining still gets every complete request answered;
        // the connection closes when the parser then needs bytes that can no longer come.)
        let closes = !currentRequestKeepAlive || isShuttingDown
            || response.headers.containsToken("close", in: "Connection")
        let directive: HTTPResponseSerializer.ConnectionDirective =
            closes ? .close : (currentRequestVersionMinor == 0 ? .keepAlive : .persistent)
        let bytes = HTTPResponseSerializer.serialize(
            response, isHeadRequest: currentRequestIsHead, connection: directive, date: currentDate()
        )
        closesAfterWrite = closes
        phase = .writing
        enqueueOutput(bytes)
    }

    /// A request we cannot read: one response with `Connection: close`, then close (RFC 9112 §9.6).
    private func writeFinalErrorResponse(status: Int, reason: String) {
        assertOnQueue()
        phase = .writing
        suspendReading()
        disarmTimer()
        closesAfterWrite = true
        enqueueOutput(HTTPResponseSerializer.errorResponse(status: status, reason: reason, date: currentDate()))
    }

    /// The `Date` header value, formatted once per second per connection.
    private func currentDate() -> String {
        let second = time(nil)
        if second != cachedDate.second {
            cachedDate = (second, HTTPDate.format(epochSeconds: Int64(second)))
        }
        return cachedDate.text
    }

    // MARK: - Writing

    private func enqueueOutput(_ bytes: [UInt8]) {
        if outputIndex == output.count {
            output = bytes
            outputIndex = 0
        } else {
            output.append(contentsOf: bytes)
        }
        if writeSource == nil {
            flushOutput()
        } else if phase == .writing && timerPurpose != .writeStall {
            arm(.writeStall, after: settings.idleTimeout)
        }
    }

    /// Writes directly until done or `EAGAIN`; on `EAGAIN` a write source resumes when there is room.
    private func flushOutput() {
        assertOnQueue()
        guard phase != .closed else { return }
        while outputIndex < output.count {
            let outcome = output.withUnsafeBytes { bytes in
                Result { () throws(SystemCallError) in
                    try SocketCalls.send(fd, UnsafeRawBufferPointer(rebasing: bytes[outputIndex...]))
                }
            }
            let sent: Int?
            do {
                sent = try outcome.get()
            } catch {
                log(error.isPeerGone ? .debug : .warning, "event=write_failed connection=\(id) error=\"\(error)\"")
                tearDown(reason: "write failed")
                return
            }
            guard let sent else {
                waitUntilWritable()
                return
            }
            outputIndex += sent
            if phase == .writing && outputIndex < output.count { arm(.writeStall, after: settings.idleTimeout) }
        }
        output = []
        outputIndex = 0
        if let writeSource {
            writeSource.cancel()
            self.writeSource = nil
        }
        outputDrained()
    }

    private func waitUntilWritable() {
        if phase == .writing && timerPurpose != .writeStall { arm(.writeStall, after: settings.idleTimeout) }
        guard writeSource == nil else { return }
        log(.debug, "event=write_blocked connection=\(id) pending_bytes=\(output.count - outputIndex)")
        let source = DispatchSource.makeWriteSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { self.flushOutput() }
        source.setCancelHandler { self.descriptorSourceCancelled() }
        liveDescriptorSources += 1
        writeSource = source
        source.resume()
    }

    private func outputDrained() {
        guard phase == .writing else { return }  // e.g. a 100 Continue written while reading
        disarmTimer()
        if closesAfterWrite || isShuttingDown {
            startLingeringClose()
        } else {
            phase = .reading
            // Inside the request loop the loop itself goes on; otherwise (an asynchronous response) start it.
            processBufferedRequests()
        }
    }

    /// RFC 9112 §9.6: half-close, then read until the peer closes (or a short timeout), so unread
    /// request bytes do not make the kernel reset the connection before the client reads the response.
    private func startLingeringClose() {
        phase = .lingering
        do {
            try SocketCalls.shutdownWrite(fd)
        } catch {
            log(error.isPeerGone ? .debug : .warning, "event=shutdown_failed connection=\(id) error=\"\(error)\"")
            tearDown(reason: "shutdown failed")
            return
        }
        if hasPeerClosedInput {
            tearDown(reason: "closed after final response")
            return
        }
        parser = HTTPRequestParser(limits: settings.limits)
        arm(.linger, after: settings.lingerTimeout)
        resumeReading()
    }

    // MARK: - Timers

    private func arm(_ purpose: TimerPurpose, after duration: Duration) {
        guard let timer else { return }
        let interval = dispatchInterval(duration)
        timerPurpose = purpose
        timerDeadline = DispatchTime.now() + interval
        timerLeeway = leeway(for: duration)
        if timerDeadline < scheduledDeadline {
            scheduledDeadline = timerDeadline
            timer.schedule(deadline: timerDeadline, leeway: timerLeeway)
        }
    }

    /// Forgets the deadline; a firing still scheduled finds nothing to do.
    private func disarmTimer() {
        timerPurpose = .none
        timerDeadline = .distantFuture
    }

    /// 10% of the timeout, between 1 ms and 1 s: timers coalesce without firing noticeably late.
    private func leeway(for duration: Duration) -> DispatchTimeInterval {
        let tenth = duration / 10
        let clamped = min(max(tenth, .milliseconds(1)), .seconds(1))
        return dispatchInterval(clamped)
    }

    private func handleTimer() {
        assertOnQueue()
        scheduledDeadline = .distantFuture  // a one-shot timer that fired is no longer scheduled
        guard phase != .closed, timerPurpose != .none else { return }
        // The deadline moved later since the timer was set (lazy re-arming): wait for it.
        guard DispatchTime.now() >= timerDeadline else {
            scheduledDeadline = timerDeadline
            timer?.schedule(deadline: timerDeadline, leeway: timerLeeway)
            return
        }
        let purpose = timerPurpose
        disarmTimer()
        switch purpose {
        case .none:
            return
        case .idle:
            tearDown(reason: "idle timeout")
        case .requestRead:
            guard phase == .reading else { return }
            log(.info, "event=request_timeout connection=\(id)")
            writeFinalErrorResponse(status: 408, reason: "The request was not received in time.")
        case .writeStall:
            log(.info, "event=write_timeout connection=\(id)")
            tearDown(reason: "write timeout")
        case .linger:
            tearDown(reason: "lingering close timeout")
        }
    }

    // MARK: - Shutdown and teardown

    private func beginShutdownOnQueue() {
        assertOnQueue()
        isShuttingDown = true
        if phase == .reading && !parser.hasBufferedBytes && outputIndex == output.count {
            tearDown(reason: "idle during shutdown")
        }
        // Otherwise the request under way finishes and its response carries `Connection: close`.
    }

    /// Cancels every source; the descriptor is closed once the read and write sources' cancel handlers ran.
    private func tearDown(reason: String) {
        assertOnQueue()
        guard phase != .closed else { return }
        phase = .closed
        log(.debug, "event=connection_close connection=\(id) reason=\"\(reason)\"")
        timer?.cancel()
        timer = nil
        if let writeSource {
            writeSource.cancel()
            self.writeSource = nil
        }
        if let readSource {
            readSource.cancel()
            // A suspended source never delivers its cancel handler.
            if isReadSuspended { readSource.resume() }
            isReadSuspended = false
            self.readSource = nil
        }
        output = []
        outputIndex = 0
        parser = HTTPRequestParser(limits: settings.limits)
        closeDescriptorIfUnused()
    }

    private func descriptorSourceCancelled() {
        assertOnQueue()
        liveDescriptorSources -= 1
        closeDescriptorIfUnused()
    }

    private func closeDescriptorIfUnused() {
        guard phase == .closed, liveDescriptorSources == 0, !isDescriptorClosed else { return }
        isDescriptorClosed = true
        do {
            try SocketCalls.close(fd)
        } catch {
            log(.warning, "event=close_failed connection=\(id) error=\"\(error)\"")
        }
        onClosed(self)
    }

    private func suspendReading() {
        guard let readSource, !isReadSuspended else { return }
        readSource.suspend()
        isReadSuspended = true
    }

    private func resumeReading() {
        guard let readSource, isReadSuspended, !hasPeerClosedInput else { return }
        readSource.resume()
        isReadSuspended = false
    }

    @inline(__always)
    private func assertOnQueue() {
        #if DEBUG
        dispatchPrecondition(condition: .onQueue(queue))
        #endif
    }
}
