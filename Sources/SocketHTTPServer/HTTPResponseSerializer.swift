/// Turns an ``HTTPResponse`` into bytes on the wire (RFC 9112 §4, §6).
enum HTTPResponseSerializer {
    /// What the server tells the client about the connection (RFC 9112 §9.3, §9.6).
    enum ConnectionDirective {
        /// The server closes after this response: `Connection: close`.
        case close
        /// An HTTP/1.0 client asked to keep the connection: `Connection: keep-alive`.
        case keepAlive
        /// HTTP/1.1 default persistence: no `Connection` header added.
        case persistent
    }

    /// Serializes `response`, adding `Date` and `Content-Length` unless present and setting `Connection`.
    ///
    /// The status line is always HTTP/1.1 (RFC 9110 §6.2: the highest minor version we conform to).
    /// No body is written for HEAD requests or 1xx/204/304 responses (RFC 9112 §6.3 item 1), and
    /// `Content-Length` is not added to 1xx/204 (RFC 9110 §8.6: MUST NOT) or 304 responses.
    static func serialize(
        _ response: HTTPResponse,
        isHeadRequest: Bool,
        connection: ConnectionDirective,
        date: String
    ) -> [UInt8] {
        let status = response.status
        let statusForbidsBody = (100..<200).contains(status) || status == 204 || status == 304
        let connectionValue: String? =
            switch connection {
            case .close: "close"
            case .keepAlive: "keep-alive"
            case .persistent: nil
            }
        // One pass over the responder's fields, on their bytes: it runs for every response.
        var hasDate = false
        var hasFraming = false
        var hasConnection = false
        response.headers.forEachField { name, _ in
            if matches(name, "Date") { hasDate = true }
            if matches(name, "Content-Length") || matches(name, "Transfer-Encoding") { hasFraming = true }
            if matches(name, "Connection") { hasConnection = true }
        }
        let writesBody = !isHeadRequest && !statusForbidsBody

        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + response.headers.count * 48 + (writesBody ? response.body.count : 0))
        appendStatusLine(status, to: &bytes)
        var wroteConnection = false
        response.headers.forEachField { name, value in
            if let connectionValue, hasConnection, matches(name, "Connection") {
                // Replaces the first `Connection` field in place and drops the others.
                guard !wroteConnection else { return }
                wroteConnection = true
                appendField(name: "Connection", value: connectionValue, to: &bytes)
                return
            }
            appendField(name: name, value: value, to: &bytes)
        }
        if let connectionValue, !wroteConnection { appendField(name: "Connection", value: connectionValue, to: &bytes) }
        if !hasDate { appendField(name: "Date", value: date, to: &bytes) }
        if !statusForbidsBody && !hasFraming {
            bytes.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        if writesBody { bytes.append(contentsOf: response.body) }
        return bytes
    }

    private static func appendStatusLine(_ status: Int, to bytes: inout [UInt8]) {
        if status == 200 {
            bytes.append(contentsOf: "HTTP/1.1 200 OK\r\n".utf8)
        } else {
            bytes.append(contentsOf: "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(for: status))\r\n".utf8)
        }
    }

    private static func appendField(name: String, value: String, to bytes: inout [UInt8]) {
        var name = name
        var value = value
        name.withUTF8 { name in value.withUTF8 { value in appendField(name: name, value: value, to: &bytes) } }
    }

    private static func appendField(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        appendSanitized(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
        appendSanitized(value, to: &bytes)
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Whether a field name is `name`, ASCII case-insensitively.
    @inline(__always)
    private static func matches(_ field: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        field.count == name.utf8CodeUnitCount
            && name.withUTF8Buffer { HTTPHeaders.namesMatch(field, $0) }
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        precondition(value >= 0)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            bytes.append(contentsOf: buffer[start...])
        }
    }

    /// The bytes of an error response for a request we could not read: `Connection: close`,
    /// `text/plain` with `reason` as the body (as NIO's `HTTPServerProtocolErrorHandler` does).
    static func errorResponse(status: Int, reason: String, date: String) -> [UInt8] {
        let response = HTTPResponse.text(reason, status: status)
        return serialize(response, isHeadRequest: false, connection: .close, date: date)
    }

    /// Appends a header name or value with CR, LF and NUL replaced by SP, so a responder can never
    /// split the response (RFC 9110 §5.5).
    private static func appendSanitized(_ source: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: source)
        for index in start..<bytes.count where bytes[index] == 0x0D || bytes[index] == 0x0A || bytes[index] == 0x00 {
            bytes[index] = 0x20
        }
    }
}
