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
        var headers = response.headers
        let status = response.status
        let statusForbidsBody = (100..<200).contains(status) || status == 204 || status == 304
        switch connection {
        case .close: headers.replaceOrAdd(name: "Connection", value: "close")
        case .keepAlive: headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        case .persistent: break
        }
        if !headers.contains("Date") { headers.add(name: "Date", value: date) }
        if !statusForbidsBody && !headers.contains("Content-Length") && !headers.contains("Transfer-Encoding") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        let writesBody = !isHeadRequest && !statusForbidsBody

        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + headers.count * 40 + (writesBody ? response.body.count : 0))
        bytes.append(contentsOf: "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(for: status))\r\n".utf8)
        for (name, value) in headers {
            appendSanitized(name, to: &bytes)
            bytes.append(contentsOf: ": ".utf8)
            appendSanitized(value, to: &bytes)
            bytes.append(contentsOf: "\r\n".utf8)
        }
        bytes.append(contentsOf: "\r\n".utf8)
        if writesBody { bytes.append(contentsOf: response.body) }
        return bytes
    }

    /// The bytes of an error response for a request we could not read: `Connection: close`,
    /// `text/plain` with `reason` as the body (as NIO's `HTTPServerProtocolErrorHandler` does).
    static func errorResponse(status: Int, reason: String, date: String) -> [UInt8] {
        let response = HTTPResponse.text(reason, status: status)
        return serialize(response, isHeadRequest: false, connection: .close, date: date)
    }

    /// Appends a header name or value with CR, LF and NUL replaced by SP, so a responder can never
    /// split the response (RFC 9110 §5.5).
    private static func appendSanitized(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            bytes.append(byte == 0x0D || byte == 0x0A || byte == 0x00 ? 0x20 : byte)
        }
    }
}
