import Glibc

/// A one-shot, blocking HTTP/1.1 client: `workforce-emulator --health-check` asks a running emulator
/// with it, so a container `HEALTHCHECK` needs nothing but the binary, and tests use it too.
///
/// It blocks its thread for up to the timeout: never call it on a server's queue or a Dispatch
/// global queue. Each call is one connection with `Connection: close`.
public enum HTTPClient {
    /// A response as received.
    public struct Response: Sendable, Equatable {
        /// The status code.
        public var status: Int
        /// The header fields, in order.
        public var headers: HTTPHeaders
        /// The body: `Content-Length` bytes, or everything up to the server's close.
        public var body: [UInt8]
    }

    /// `GET path` to `host:port` (an IPv4 or IPv6 literal, or `localhost`); `timeout` bounds the
    /// whole exchange, connect included.
    public static func get(host: String, port: Int, path: String, timeout: Duration = .seconds(2)) throws(HTTPClientError) -> Response {
        guard let address = SocketAddress(host: host, port: port) else { throw .invalidAddress(host: host, port: port) }
        let deadline = ContinuousClock.now + timeout
        let authority = address.family == AF_INET6 && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
        let request = Array("GET \(path) HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n\r\n".utf8)
        do {
            let socket = try SocketCalls.makeStreamSocket(family: address.family, blocking: true)
            // On Linux SO_SNDTIMEO also bounds connect(2).
            try SocketCalls.setTimeout(socket, name: SO_SNDTIMEO, try remaining(until: deadline))
            do throws(SystemCallError) {
                try SocketCalls.connect(socket, to: address)
            } catch {
                // A connect that SO_SNDTIMEO cut short.
                if error.code == EINPROGRESS || error.code == EAGAIN { throw HTTPClientError.timedOut }
                throw error
            }
            var sent = 0
            while sent < request.count {
                try SocketCalls.setTimeout(socket, name: SO_SNDTIMEO, try remaining(until: deadline))
                guard let count = try send(request[sent...], on: socket) else { throw HTTPClientError.timedOut }
                sent += count
            }
            var received = ResponseReader()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)
            defer { buffer.deallocate() }
            while true {
                if let response = try received.response(atEndOfStream: false) { return response }
                try SocketCalls.setTimeout(socket, name: SO_RCVTIMEO, try remaining(until: deadline))
                switch try SocketCalls.read(socket, into: buffer) {
                case .bytes(let count): received.bytes.append(contentsOf: buffer[0..<count])
                case .wouldBlock: throw HTTPClientError.timedOut
                case .endOfFile:
                    guard let response = try received.response(atEndOfStream: true) else { throw HTTPClientError.closedEarly }
                    return response
                }
            }
        } catch {
            // Only SystemCallError and HTTPClientError are thrown above.
            throw HTTPClientError(error)
        }
    }

    private static func send(_ bytes: ArraySlice<UInt8>, on socket: borrowing SocketDescriptor) throws(SystemCallError) -> Int? {
        let outcome = bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try SocketCalls.send(socket, buffer) }
        }
        return try outcome.get()
    }

    private static func remaining(until deadline: ContinuousClock.Instant) throws(HTTPClientError) -> Duration {
        let left = deadline - ContinuousClock.now
        guard left > .zero else { throw .timedOut }
        return left
    }

    /// The bytes received so far, and the response once they hold all of it.
    private struct ResponseReader {
        var bytes: [UInt8] = []

        func response(atEndOfStream: Bool) throws(HTTPClientError) -> Response? {
            let terminator = Array("\r\n\r\n".utf8)
            guard let headEnd = bytes.indices.dropLast(3).first(where: { bytes[$0..<($0 + 4)].elementsEqual(terminator) }) else {
                return nil
            }
            let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
            // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
            let statusLine = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), statusLine[1].utf8.count == 3,
                  let status = Int(statusLine[1])
            else { throw .malformedResponse(String(lines[0])) }
            var headers = HTTPHeaders()
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { throw .malformedResponse(String(line)) }
                headers.add(name: String(line[..<colon]), value: String(trimmingOptionalWhitespace(line[line.index(after: colon)...])))
            }
            let body = bytes[(headEnd + 4)...]
            if let length = headers["Content-Length"].flatMap({ Int($0) }) {
                guard body.count >= length else { return nil }
                return Response(status: status, headers: headers, body: Array(body.prefix(length)))
            }
            // Framed by the close (RFC 9112 §6.3 item 8).
            return atEndOfStream ? Response(status: status, headers: headers, body: Array(body)) : nil
        }
    }
}

/// Why ``HTTPClient`` got no response.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host is not an IPv4/IPv6 literal nor `localhost`, or the port is outside 0...65535.
    case invalidAddress(host: String, port: Int)
    /// The timeout passed before the response was complete.
    case timedOut
    /// The server closed the connection before a complete response.
    case closedEarly
    /// The response's status line or a header line is not HTTP/1.x.
    case malformedResponse(String)
    /// A system call failed, with its `errno` (e.g. `ECONNREFUSED` from `connect`).
    case systemCall(operation: String, errno: Int32, message: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidAddress(let host, let port): "invalid address \(host) port \(port)"
        case .timedOut: "timed out"
        case .closedEarly: "the server closed the connection before a complete response"
        case .malformedResponse(let line): "malformed response: \(line)"
        case .systemCall(let operation, let code, let message): "\(operation) failed: \(message) (errno \(code))"
        }
    }

    init(_ error: any Error) {
        switch error {
        case let error as HTTPClientError: self = error
        case let error as SystemCallError: self = .systemCall(operation: error.operation, errno: error.code, message: errorMessage(error.code))
        default: self = .malformedResponse("\(error)")
        }
    }
}
