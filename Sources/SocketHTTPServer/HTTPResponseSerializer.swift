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
    ///
    /// It runs for every response, so the head is measured first, written into temporary memory (on
    /// the stack when small), and then copied with the body into an array reserved to their size. Appending
    /// piece by piece to the array checked its capacity and uniqueness a dozen times a response, and
    /// `Array(unsafeUninitializedCapacity:)` allocates through an unspecialized generic path that looks up
    /// metadata at run time (about 600 instructions).
    static func serialize(
        _ response: HTTPResponse,
        isHeadRequest: Bool,
        connection: ConnectionDirective,
        date: String
    ) -> [UInt8] {
        let status = response.status
        let statusForbidsBody = (100..<200).contains(status) || status == 204 || status == 304
        let connectionValue: StaticString? =
            switch connection {
            case .close: "close"
            case .keepAlive: "keep-alive"
            case .persistent: nil
            }
        // One pass over the responder's fields, on their bytes: what the server must add, and how long
        // the fields are.
        var hasDate = false
        var hasFraming = false
        var hasConnection = false
        var fieldBytes = 0
        response.headers.forEachField { name, value in
            fieldBytes += name.count + value.count + 4
            if matches(name, "Date") { hasDate = true }
            if matches(name, "Content-Length") || matches(name, "Transfer-Encoding") { hasFraming = true }
            if matches(name, "Connection") { hasConnection = true }
        }
        let writesBody = !isHeadRequest && !statusForbidsBody
        let statusLine: String? = status == 200 ? nil : "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(for: status))\r\n"
        var date = date
        // An upper bound: `Connection` may replace a field of the responder's instead of adding one.
        let headCapacity = (statusLine?.utf8.count ?? okStatusLine.utf8CodeUnitCount) + fieldBytes
            + (connectionValue.map { 14 + $0.utf8CodeUnitCount } ?? 0) + (hasDate ? 0 : 8 + date.utf8.count)
            + 16 + 20 + 2 + 2

        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: headCapacity) { scratch in
            var out = Writer(base: scratch.baseAddress!, capacity: headCapacity)
            if var statusLine {
                statusLine.withUTF8 { out.append($0) }
            } else {
                out.append(okStatusLine)
            }
            var wroteConnection = false
            response.headers.forEachField { name, value in
                if let connectionValue, hasConnection, matches(name, "Connection") {
                    // Replaces the first `Connection` field in place and drops the others.
                    guard !wroteConnection else { return }
                    wroteConnection = true
                    out.appendField("Connection", connectionValue)
                    return
                }
                out.appendSanitized(name)
                out.append(": ")
                out.appendSanitized(value)
                out.append("\r\n")
            }
            if let connectionValue, !wroteConnection { out.appendField("Connection", connectionValue) }
            if !hasDate {
                out.append("Date: ")
                date.withUTF8 { out.appendSanitized($0) }
                out.append("\r\n")
            }
            if !statusForbidsBody && !hasFraming {
                out.append("Content-Length: ")
                out.appendDecimal(response.body.count)
                out.append("\r\n")
            }
            out.append("\r\n")

            var bytes: [UInt8] = []
            bytes.reserveCapacity(out.count + (writesBody ? response.body.count : 0))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<out.count]))
            if writesBody { bytes.append(contentsOf: response.body) }
            return bytes
        }
    }

    private static let okStatusLine: StaticString = "HTTP/1.1 200 OK\r\n"

    /// Writes a response's bytes into memory sized beforehand by ``serialize(_:isHeadRequest:connection:date:)``.
    private struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        /// What was measured; writing past it would be a bug in the measuring, stopped here.
        let capacity: Int
        var count = 0

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(count + bytes.count <= capacity, "response head larger than measured")
            guard let source = bytes.baseAddress else { return }
            (base + count).initialize(from: source, count: bytes.count)
            count += bytes.count
        }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { append($0) }
        }

        mutating func appendField(_ name: StaticString, _ value: StaticString) {
            append(name)
            append(": ")
            append(value)
            append("\r\n")
        }

        /// Appends a header name or value with CR, LF and NUL replaced by SP, so a responder can never
        /// split the response (RFC 9110 §5.5).
        mutating func appendSanitized(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = count
            append(bytes)
            // Eight bytes at a time: a word with no byte below 0x0E holds none of the three ("has less
            // than n", exact as a yes/no for n <= 128).
            let ones: UInt64 = 0x0101_0101_0101_0101
            while count - index >= 8 {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if (word &- ones &* 0x0E) & ~word & (ones &* 0x80) != 0 { blank(index..<index + 8) }
                index += 8
            }
            blank(index..<count)
        }

        private func blank(_ range: Range<Int>) {
            for index in range where base[index] == 0x0D || base[index] == 0x0A || base[index] == 0x00 {
                base[index] = 0x20
            }
        }

        mutating func appendDecimal(_ value: Int) {
            precondition(value >= 0)
            var digits = 1
            var rest = value / 10
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            precondition(count + digits <= capacity, "response head larger than measured")
            var remaining = value
            for index in stride(from: count + digits - 1, through: count, by: -1) {
                base[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            count += digits
        }
    }

    /// Whether a field name is `name`, ASCII case-insensitively.
    @inline(__always)
    private static func matches(_ field: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        field.count == name.utf8CodeUnitCount
            && name.withUTF8Buffer { HTTPHeaders.namesMatch(field, $0) }
    }

    /// The bytes of an error response for a request we could not read: `Connection: close`,
    /// `text/plain` with `reason` as the body (as NIO's `HTTPServerProtocolErrorHandler` does).
    static func errorResponse(status: Int, reason: String, date: String) -> [UInt8] {
        let response = HTTPResponse.text(reason, status: status)
        return serialize(response, isHeadRequest: false, connection: .close, date: date)
    }
}
