#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking HTTP/1.1 client over a real socket, for end-to-end tests.
struct TestHTTPClient {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let port: Int
    /// A loopback source address to connect from (any 127.x.y.z), as a worker at that address would.
    var sourceAddress: String? = nil

    /// Sends `raw` on a new connection and reads one response.
    func send(raw: [UInt8]) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let sourceAddress {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(sourceAddress)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw Failure(description: "bind to \(sourceAddress) failed: errno \(errno)") }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect failed: errno \(errno)") }
        var offset = 0
        while offset < raw.count {
            let sent = raw[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            offset += sent
        }
        return try readResponse(fd, expectsBody: !raw.starts(with: Array("HEAD ".utf8)))
    }

    /// POSTs an awsJson 1.1 call.
    func call(_ operation: String, _ body: String, headers extra: [(String, String)] = []) throws -> Response {
        var request = "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: SageMaker.\(operation)\r\n"
        request += "Content-Type: application/x-amz-json-1.1\r\nContent-Length: \(body.utf8.count)\r\n"
        for (name, value) in extra { request += "\(name): \(value)\r\n" }
        request += "\r\n\(body)"
        return try send(raw: Array(request.utf8))
    }

    /// A request with any method and path, no body.
    func request(_ method: String, _ path: String, headers: [(String, String)] = [("Host", "localhost")]) throws -> Response {
        var request = "\(method) \(path) HTTP/1.1\r\nContent-Length: 0\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        return try send(raw: Array((request + "\r\n").utf8))
    }

    private func readResponse(_ fd: Int32, expectsBody: Bool) throws -> Response {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() throws {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw Failure(description: "connection closed before a full response (errno \(errno))") }
            buffer.append(contentsOf: chunk[0..<count])
        }
        var headEnd: Int?
        while headEnd == nil {
            try fill()
            headEnd = buffer.indices.dropLast(3).first {
                buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10
            }
        }
        guard let headEnd else { throw Failure(description: "no head") }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        let headers: [(String, String)] = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop(while: { $0 == " " })))
        }
        // A response to HEAD has a Content-Length but no body (RFC 9110 §9.3.2).
        let length = expectsBody ? Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "0") ?? 0 : 0
        while buffer.count < headEnd + 4 + length { try fill() }
        return Response(status: status, headers: headers, body: Array(buffer[(headEnd + 4)..<(headEnd + 4 + length)]))
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var result: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            result.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        result.append(String(rest))
        return result
    }
}
