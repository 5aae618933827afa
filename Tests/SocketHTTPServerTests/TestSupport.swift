import Locking
import Dispatch
import Glibc
import Testing

@testable import SocketHTTPServer

// MARK: - Parser helpers

extension HTTPParserLimits {
    static func make(requestLine: Int = 8 * 1024, header: Int = 16 * 1024, body: Int = 1024 * 1024) -> HTTPParserLimits {
        HTTPParserLimits(maxRequestLineBytes: requestLine, maxHeaderBytes: header, maxBodyBytes: body)
    }
}

extension HTTPRequestParser {
    static func make(limits: HTTPParserLimits = .make()) -> HTTPRequestParser {
        HTTPRequestParser(limits: limits)
    }

    /// Appends `text` and drains every event.
    mutating func feed(_ text: String) throws(HTTPParseError) -> [HTTPParserEvent] {
        append(Array(text.utf8))
        return try drain()
    }

    mutating func drain() throws(HTTPParseError) -> [HTTPParserEvent] {
        var events: [HTTPParserEvent] = []
        while let event = try next() { events.append(event) }
        return events
    }
}

/// The error parsing `text` ends with, or nil if it parsed (completely or partly) without one.
func parseError(_ text: String, limits: HTTPParserLimits = .make()) -> HTTPParseError? {
    var parser = HTTPRequestParser.make(limits: limits)
    do {
        _ = try parser.feed(text)
        return nil
    } catch {
        return error
    }
}

/// The requests parsed from `text`; throws on a parse error.
func parseRequests(_ text: String, limits: HTTPParserLimits = .make()) throws -> [HTTPRequest] {
    var parser = HTTPRequestParser.make(limits: limits)
    return try parser.feed(text).compactMap {
        if case .request(let request) = $0 { return request }
        return nil
    }
}

// MARK: - Live server helpers

/// A responder built from a closure.
struct ClosureResponder: HTTPResponder {
    let handler: @Sendable (HTTPRequest, ConnectionInfo, @escaping @Sendable (HTTPResponse) -> Void) -> Void

    func respond(to request: HTTPRequest, connection: ConnectionInfo, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        handler(request, connection, completion)
    }

    /// Answers `METHOD target body` as text, with the peer in `X-Peer`.
    static func echo(delay: @escaping @Sendable (HTTPRequest) -> Duration? = { _ in nil }) -> ClosureResponder {
        ClosureResponder { request, connection, completion in
            var response = HTTPResponse.text("\(request.method) \(request.target) \(String(decoding: request.body, as: UTF8.self))")
            response.headers.add(name: "X-Peer", value: "\(connection.peerAddress):\(connection.peerPort)")
            if let delay = delay(request) {
                let ready = response
                DispatchQueue.global().asyncAfter(deadline: .now() + dispatchInterval(delay)) { completion(ready) }
            } else {
                completion(response)
            }
        }
    }
}

/// Collects log lines (and so proves the logger is thread-safe to call).
final class LogRecorder: Sendable {
    private let lines = LockedValue<[String]>([])

    /// Records `level event=name key=value ...`.
    var log: HTTPServerLog {
        { level, event, fields in
            let line = fields.reduce("\(level) event=\(event)") { $0 + " \($1.0)=\($1.1)" }
            self.lines.withLock { $0.append(line) }
        }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// A started server on 127.0.0.1, port 0.
struct TestServer {
    let server: HTTPServer
    let logs: LogRecorder

    var port: Int { server.port }

    static func make(
        host: String = "127.0.0.1",
        limits: HTTPParserLimits = .make(),
        headerReadTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(5),
        eventLoopCount: Int = EventLoopGroup.defaultCount,
        responder: any HTTPResponder = ClosureResponder.echo()
    ) throws -> TestServer {
        var configuration = HTTPServerConfiguration()
        configuration.eventLoopCount = eventLoopCount
        configuration.host = host
        configuration.port = 0
        configuration.limits = limits
        configuration.headerReadTimeout = headerReadTimeout
        configuration.idleTimeout = idleTimeout
        let logs = LogRecorder()
        let server = HTTPServer(configuration: configuration, responder: responder, log: logs.log)
        try server.start()
        return TestServer(server: server, logs: logs)
    }

    /// Shuts down and waits for the completion.
    func stop(gracePeriod: Duration = .seconds(2)) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            server.shutdown(gracePeriod: gracePeriod) { continuation.resume() }
        }
    }

    func client(receiveTimeout: Duration = .seconds(5)) throws -> TestClient {
        try TestClient(port: port, receiveTimeout: receiveTimeout)
    }
}

struct ClientError: Error, CustomStringConvertible {
    var description: String
}

/// A parsed response read by ``TestClient``.
struct TestResponse {
    var statusLine: String
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A tiny blocking-socket HTTP client for tests, with a receive timeout so a failing test cannot hang.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(host: String = "127.0.0.1", port: Int, receiveTimeout: Duration = .seconds(5), receiveBufferSize: Int32? = nil) throws {
        guard let address = SocketAddress(host: host, port: port) else { throw ClientError(description: "bad address") }
        fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket: errno \(errno)") }
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw ClientError(description: "connect: errno \(code)")
        }
    }

    /// Takes over one end of a socket pair (``makeConnectionOverSocketPair``).
    init(connected fd: Int32, receiveTimeout: Duration = .seconds(5)) {
        self.fd = fd
        let (seconds, attoseconds) = receiveTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// The client's own port (the server sees it as the peer port).
    var localPort: Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? SocketAddress.peer(from: storage).peerPort : -1
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw ClientError(description: "send: errno \(errno)") }
            offset += sent
        }
    }

    /// Half-closes the sending side.
    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false at EOF. Throws on timeout or error.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return false }
        guard count > 0 else {
            let code = errno
            throw ClientError(description: code == EAGAIN ? "receive timed out" : "recv: errno \(code)")
        }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads exactly `count` raw bytes.
    func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw ClientError(description: "EOF after \(buffer.count) of \(count) bytes") }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    /// Reads one response; its body is framed by Content-Length (none for HEAD).
    func readResponse(isHead: Bool = false) throws -> TestResponse {
        let terminator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            if let index = firstIndex(of: terminator) {
                headEnd = index
            } else if try !fill() {
                throw ClientError(description: "EOF before a complete response head (\(buffer.count) bytes)")
            }
        }
        guard let headEnd else { throw ClientError(description: "unreachable") }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw ClientError(description: "bad status line \(statusLine)")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw ClientError(description: "bad header \(line)") }
            headers.add(name: String(line[..<colon]), value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        var body: [UInt8] = []
        if !isHead && status >= 200 && status != 204 && status != 304 {
            guard let length = headers["Content-Length"].flatMap({ Int($0) }) else {
                throw ClientError(description: "response without Content-Length")
            }
            body = try readBytes(length)
        }
        return TestResponse(statusLine: statusLine, status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection: the next read sees EOF (or a reset) before the timeout.
    func readsEndOfFile() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = chunk.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return true }
        if count < 0 {
            let code = errno
            if code == ECONNRESET { return true }
            if code == EAGAIN { return false }
            throw ClientError(description: "recv: errno \(code)")
        }
        buffer.append(contentsOf: chunk[0..<count])
        return false
    }

    /// Bytes received but not yet consumed.
    var unreadBytes: [UInt8] { buffer }

    private func firstIndex(of pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for start in 0...(buffer.count - pattern.count) where buffer[start] == pattern[0] {
            if Array(buffer[start..<(start + pattern.count)]) == pattern { return start }
        }
        return nil
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Holds responder completions until the test releases them, so ordering is not left to timing.
final class ResponseGate: Sendable {
    private let held = LockedValue<[(HTTPResponse, @Sendable (HTTPResponse) -> Void)]>([])

    func hold(_ response: HTTPResponse, _ completion: @escaping @Sendable (HTTPResponse) -> Void) {
        held.withLock { $0.append((response, completion)) }
    }

    var heldCount: Int { held.withLock { $0.count } }

    func releaseAll() {
        let pending = held.withLock { held in
            defer { held = [] }
            return held
        }
        for (response, completion) in pending { completion(response) }
    }
}

/// A thread-safe one-shot signal for tests.
final class Flag: Sendable {
    private let value = LockedValue(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// The number of threads of this process, from /proc/self/status.
func processThreadCount() -> Int? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("Threads:") {
            return Int(text.dropFirst("Threads:".count).trimmingCharacters(in: " \t\n"))
        }
    }
    return nil
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

// MARK: - Connections over a socket pair

/// An ``HTTPConnection`` on one end of a `socketpair`, with a ``TestClient`` on the other: the
/// connection's state machine without a listener or TCP (as FlyingFox's connection tests do).
struct SocketPairConnection {
    let connection: HTTPConnection
    let peer: TestClient
    let logs: LogRecorder
    let closed: Flag
    /// The connection's own loop.
    let loop: EventLoop

    static func make(
        limits: HTTPParserLimits = .make(),
        requestReadTimeout: Duration = .seconds(5),
        idleTimeout: Duration = .seconds(5),
        sendBuffers: Int32? = nil,
        responder: any HTTPResponder = ClosureResponder.echo()
    ) throws -> SocketPairConnection {
        let fds = try makeSocketPair()
        if var size = sendBuffers {
            // FORCE (root) past wmem_max: either end can put megabytes in flight without blocking.
            for fd in [fds.server, fds.peer] { setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) }
        }
        var configuration = HTTPServerConfiguration()
        configuration.limits = limits
        configuration.headerReadTimeout = requestReadTimeout
        configuration.idleTimeout = idleTimeout
        let logs = LogRecorder()
        let closed = Flag()
        let loop = try EventLoop(label: "test.loop")
        let connection = HTTPConnection(
            id: 1,
            socket: SocketDescriptor(rawValue: fds.server),
            info: ConnectionInfo(peerAddress: "local", peerPort: 0),
            loop: loop,
            settings: ConnectionSettings(configuration),
            responder: responder,
            log: logs.log,
            onClosed: { _ in
                // Called exactly once: a second call would be a double close.
                precondition(!closed.isSet, "onClosed called twice")
                closed.set()
                loop.close()
            }
        )
        connection.start()
        return SocketPairConnection(connection: connection, peer: TestClient(connected: fds.peer), logs: logs, closed: closed, loop: loop)
    }
}

/// A connected `socketpair`: `server` non-blocking, as an accepted socket is; `peer` blocking, for the test.
func makeSocketPair() throws -> (server: Int32, peer: Int32) {
    var fds: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
        throw ClientError(description: "socketpair: errno \(errno)")
    }
    _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
    return (fds[0], fds[1])
}
