import Glibc

/// An incremental HTTP/1.1 request parser (RFC 9112), a value type fed bytes as they arrive.
///
/// Call `append(_:)` with received bytes, then ``next()`` until it returns nil
/// (more bytes needed). Requests are produced in order; bytes after a complete request stay buffered
/// for the next one (pipelining). After an error the parser is dead and keeps throwing that error.
///
/// Decisions where the RFCs leave a choice:
/// - A bare LF ends a line of the request-line and header section (RFC 9112 §2.2 "MAY recognize a
///   single LF"), but chunked framing (chunk-size lines, chunk data, trailers) requires CRLF, since
///   leniency there is a known request-smuggling vector. A CR not followed by LF is rejected (§2.2).
/// - Empty lines before a request-line are skipped (RFC 9112 §2.2 "SHOULD ignore at least one").
/// - Field values keep obs-text bytes (RFC 9110 §5.5) and are decoded as UTF-8 lossily: invalid
///   sequences become U+FFFD. Other control characters in values are rejected with 400.
/// - Trailer fields (RFC 9112 §7.1.2) are checked and bounded like headers, then discarded.
/// - `Host` is not required (RFC 9112 §3.2 says MUST 400 without it; local SDK test clients omit it).
public struct HTTPRequestParser: Sendable {
    private enum State: Sendable, Equatable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    /// The request being assembled.
    private struct PartialRequest: Sendable {
        var method = ""
        var target = ""
        var versionMinor = 1
        var headers = HTTPHeaders()
        var body: [UInt8] = []
        var headerBytes = 0
        var trailerBytes = 0
        var chunkExtensionBytes = 0
        var expectsContinue = false
        var continueEmitted = false
    }

    private let limits: HTTPParserLimits
    private var buffer: [UInt8] = []
    /// First byte not yet consumed.
    private var readIndex = 0
    /// Where the search for the next LF resumes, so byte-at-a-time feeding stays linear.
    private var scanIndex = 0
    private var state = State.requestLine
    private var partial = PartialRequest()
    private var failure: HTTPParseError?

    /// Creates a parser enforcing `limits`.
    public init(limits: HTTPParserLimits = .init()) {
        self.limits = limits
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// How many received bytes are not yet consumed by an event.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Whether bytes of a request not yet complete have been received (a request is under way).
    public var hasBufferedBytes: Bool {
        readIndex < buffer.count || state != .requestLine
    }

    /// The next event, or nil when more bytes are needed.
    ///
    /// After an error the parser is dead and every later call throws the same error.
    public mutating func next() throws(HTTPParseError) -> HTTPParserEvent? {
        if let failure { throw failure }
        do {
            return try step()
        } catch {
            failure = error
            throw error
        }
    }

    // MARK: - State machine

    private var pendingCount: Int { buffer.count - readIndex }

    private mutating func step() throws(HTTPParseError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .requestLine:
                guard let line = try takeLine() else {
                    try checkIncompleteRequestLine()
                    return nil
                }
                // RFC 9112 §2.2: ignore empty lines received before the request-line.
                if line.isEmpty { continue }
                try parseRequestLine(line)
                partial.headers.reserveCapacity(12)
                state = .headers

            case .headers:
                guard let line = try takeLine() else {
                    try checkIncompleteFieldLine(sectionBytes: partial.headerBytes)
                    return nil
                }
                if line.isEmpty {
                    if let event = try startBody() { return event }
                    continue
                }
                partial.headerBytes += line.consumed
                if partial.headerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
                let (name, value) = try parseFieldLine(line)
                partial.headers.add(name: name, value: value)

            case .fixedBody(let remaining):
                let take = min(remaining, pendingCount)
                partial.body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
                consume(take)
                if take == remaining { return .request(finishRequest()) }
                state = .fixedBody(remaining: remaining - take)
                return needMoreBody()

            case .chunkSize:
                guard let line = try takeLine() else {
                    // As for the request-line, a trailing CR may still be the start of the CRLF.
                    var length = pendingCount
                    if length > 0 && buffer[buffer.count - 1] == UInt8(ascii: "\r") { length -= 1 }
                    if length > maxChunkSizeLineBytes { throw .chunkExtensionsTooLarge }
                    return needMoreBody()
                }
                // RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF — CRLF required here.
                guard line.endedWithCRLF else { throw .invalidChunkSize }
                if line.end - line.start > maxChunkSizeLineBytes { throw .chunkExtensionsTooLarge }
                let size = try parseChunkSizeLine(line)
                if size == 0 {
                    state = .trailers
                } else {
                    if size > limits.maxBodyBytes - partial.body.count { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }

            case .chunkData(let remaining):
                let take = min(remaining, pendingCount)
                partial.body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
                consume(take)
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return needMoreBody()
                }
                state = .chunkDataEnd

            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF.
                if pendingCount >= 1 && buffer[readIndex] != UInt8(ascii: "\r") { throw .invalidChunkTerminator }
                guard pendingCount >= 2 else { return needMoreBody() }
                guard buffer[readIndex + 1] == UInt8(ascii: "\n") else { throw .invalidChunkTerminator }
                consume(2)
                state = .chunkSize

            case .trailers:
                // RFC 9112 §7.1.2: trailer-section = *( field-line CRLF ), then the final CRLF.
                guard let line = try takeLine() else {
                    try checkIncompleteFieldLine(sectionBytes: partial.trailerBytes)
                    return needMoreBody()
                }
                guard line.endedWithCRLF else { throw .invalidChunkTerminator }
                if line.isEmpty { return .request(finishRequest()) }
                partial.trailerBytes += line.consumed
                if partial.trailerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
                _ = try parseFieldLine(line)
            }
        }
    }

    /// The longest chunk-size line accepted, CRLF excluded: 64 bytes of chunk-size (leading zeros
    /// included) plus what is left of the extension budget (maxHeaderBytes over all chunks). Applied to
    /// complete and incomplete lines alike, so how the line is split across reads cannot change the answer.
    private var maxChunkSizeLineBytes: Int { 64 + (limits.maxHeaderBytes - partial.chunkExtensionBytes) }

    /// nil (more bytes needed), or `.expectContinue` the first time the body is found incomplete
    /// after `Expect: 100-continue` (RFC 9110 §10.1.1).
    private mutating func needMoreBody() -> HTTPParserEvent? {
        guard partial.expectsContinue, !partial.continueEmitted else { return nil }
        partial.continueEmitted = true
        return .expectContinue
    }

    /// Decides the body framing once the header section is complete (RFC 9112 §6.3).
    /// Returns a request when it has no body.
    private mutating func startBody() throws(HTTPParseError) -> HTTPParserEvent? {
        let headers = partial.headers
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        // RFC 9110 §10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored.
        partial.expectsContinue = partial.versionMinor >= 1 && headers.containsToken("100-continue", in: "Expect")

        if !transferEncodings.isEmpty {
            // RFC 9112 §6.3 item 3: Transfer-Encoding with Content-Length is a smuggling attempt → 400.
            guard contentLengths.isEmpty else { throw .contentLengthWithTransferEncoding }
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
            guard partial.versionMinor >= 1 else { throw .invalidTransferEncoding }
            var codings: [String] = []
            for value in transferEncodings {
                for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let coding = trimmingOptionalWhitespace(element)
                    if !coding.isEmpty { codings.append(asciiLowercased(coding)) }
                }
            }
            // RFC 9112 §6.1: a coding we do not understand → 501.
            if codings.contains(where: { $0 != "chunked" }) { throw .unsupportedTransferEncoding }
            // RFC 9112 §6.3 item 4 / §7: chunked exactly once, as the final coding.
            guard codings.count == 1 else { throw .invalidTransferEncoding }
            state = .chunkSize
            return nil
        }

        if !contentLengths.isEmpty {
            let length = try parseContentLength(contentLengths)
            // RFC 9110 §15.5.14: refuse before reading a body we would not accept.
            guard length <= limits.maxBodyBytes else { throw .bodyTooLarge }
            if length == 0 { return .request(finishRequest()) }
            // Reserve modestly: a client may announce 1 MiB and never send it.
            partial.body.reserveCapacity(min(length, 64 * 1024))
            state = .fixedBody(remaining: length)
            return nil
        }

        // RFC 9112 §6.3 item 7: a request with neither header has no body.
        return .request(finishRequest())
    }

    /// RFC 9110 §8.6 / RFC 9112 §6.3 item 5: `1*DIGIT`; identical repeated values (as separate
    /// fields or a list) collapse to one; differing values → 400.
    private func parseContentLength(_ values: [String]) throws(HTTPParseError) -> Int {
        var result: Int?
        for value in values {
            var value = value
            // On the bytes, element by element between commas: this runs for every request with a body.
            var failure: HTTPParseError?
            value.withUTF8 { bytes in
                forEachListElement(bytes) { element in
                    guard !element.isEmpty else {
                        failure = .invalidContentLength
                        return false
                    }
                    var length = 0
                    var overflow = false
                    for byte in bytes[element] {
                        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                            failure = .invalidContentLength
                            return false
                        }
                        if !overflow {
                            let (times10, o1) = length.multipliedReportingOverflow(by: 10)
                            let (sum, o2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                            overflow = o1 || o2
                            length = sum
                        }
                    }
                    // A valid but absurd length is simply too large.
                    if overflow { length = Int.max }
                    if let previous = result, previous != length {
                        failure = .conflictingContentLength
                        return false
                    }
                    result = length
                    return true
                }
            }
            if let failure { throw failure }
        }
        guard let result else { throw .invalidContentLength }
        return result
    }

    /// RFC 9112 §7.1: `chunk-size = 1*HEXDIG`, `chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )`.
    /// Extensions are ignored after checking they hold no control characters; their total size is bounded.
    private mutating func parseChunkSizeLine(_ line: Line) throws(HTTPParseError) -> Int {
        var index = line.start
        var size = 0
        var overflow = false
        while index < line.end, let digit = hexValue(buffer[index]) {
            if !overflow {
                let (times16, o1) = size.multipliedReportingOverflow(by: 16)
                let (sum, o2) = times16.addingReportingOverflow(digit)
                overflow = o1 || o2
                size = sum
            }
            index += 1
        }
        guard index > line.start else { throw .invalidChunkSize }
        if overflow { throw .bodyTooLarge }
        if index < line.end {
            var extensionStart = index
            while extensionStart < line.end, buffer[extensionStart] == UInt8(ascii: " ") || buffer[extensionStart] == UInt8(ascii: "\t") {
                extensionStart += 1
            }
            guard extensionStart < line.end, buffer[extensionStart] == UInt8(ascii: ";") else { throw .invalidChunkSize }
            for position in extensionStart..<line.end {
                let byte = buffer[position]
                if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F { throw .invalidChunkExtension }
            }
            partial.chunkExtensionBytes += line.end - index
            if partial.chunkExtensionBytes > limits.maxHeaderBytes { throw .chunkExtensionsTooLarge }
        }
        return size
    }

    private mutating func finishRequest() -> HTTPRequest {
        let request = HTTPRequest(
            method: partial.method,
            target: partial.target,
            versionMinor: partial.versionMinor,
            headers: partial.headers,
            body: partial.body
        )
        partial = PartialRequest()
        state = .requestLine
        compact()
        return request
    }

    // MARK: - Lines

    /// A line in `buffer`: content `start..<end` (line ending excluded), `consumed` bytes including it.
    private struct Line {
        var start: Int
        var end: Int
        var consumed: Int
        var endedWithCRLF: Bool
        var isEmpty: Bool { start == end }
    }

    /// Takes the next complete line, or returns nil (consuming nothing) when no LF has arrived.
    private mutating func takeLine() throws(HTTPParseError) -> Line? {
        let count = buffer.count
        let scanFrom = scanIndex
        // memchr: the line scan is the parser's inner loop.
        let found: Int? = buffer.withUnsafeBytes { bytes in
            guard scanFrom < count, let base = bytes.baseAddress else { return nil }
            return memchr(base + scanFrom, Int32(UInt8(ascii: "\n")), count - scanFrom)
                .map { base.distance(to: UnsafeRawPointer($0)) }
        }
        guard let index = found else {
            scanIndex = count
            return nil
        }
        let start = readIndex
        var end = index
        let endedWithCRLF = end > start && buffer[end - 1] == UInt8(ascii: "\r")
        if endedWithCRLF { end -= 1 }
        // RFC 9112 §2.2: a bare CR (not followed by LF) is invalid.
        let bareCR = buffer.withUnsafeBytes { bytes in
            guard end > start, let base = bytes.baseAddress else { return false }
            return memchr(base + start, Int32(UInt8(ascii: "\r")), end - start) != nil
        }
        if bareCR { throw .invalidLineEnding }
        let line = Line(start: start, end: end, consumed: index + 1 - start, endedWithCRLF: endedWithCRLF)
        readIndex = index + 1
        scanIndex = readIndex
        return line
    }

    private mutating func consume(_ count: Int) {
        readIndex += count
        if scanIndex < readIndex { scanIndex = readIndex }
    }

    /// The request-line so far has no LF: 414 as soon as its content must exceed the limit
    /// (a trailing CR may still be the start of its CRLF).
    private func checkIncompleteRequestLine() throws(HTTPParseError) {
        var length = pendingCount
        if length > 0 && buffer[buffer.count - 1] == UInt8(ascii: "\r") { length -= 1 }
        if length > limits.maxRequestLineBytes { throw .requestLineTooLong }
    }

    /// A field line (or the final empty line) is incomplete: 431 as soon as the section must exceed
    /// the limit. Unless all we have is one CR (maybe the final CRLF), the pending bytes are a field
    /// line that will need at least one more byte (its LF).
    private func checkIncompleteFieldLine(sectionBytes: Int) throws(HTTPParseError) {
        let pending = pendingCount
        guard pending > 0 else { return }
        if pending == 1 && buffer[readIndex] == UInt8(ascii: "\r") { return }
        if sectionBytes + pending + 1 > limits.maxHeaderBytes { throw .headersTooLarge }
    }

    // MARK: - Head grammar

    /// RFC 9112 §3: `request-line = method SP request-target SP HTTP-version`.
    private mutating func parseRequestLine(_ line: Line) throws(HTTPParseError) {
        let length = line.end - line.start
        if length > limits.maxRequestLineBytes { throw .requestLineTooLong }
        var spaces: [Int] = []
        for index in line.start..<line.end where buffer[index] == UInt8(ascii: " ") {
            spaces.append(index)
            if spaces.count > 2 { break }
        }
        guard spaces.count == 2 else { throw .invalidRequestLine }
        let methodRange = line.start..<spaces[0]
        let targetRange = (spaces[0] + 1)..<spaces[1]
        let versionRange = (spaces[1] + 1)..<line.end
        guard !methodRange.isEmpty else { throw .invalidRequestLine }
        guard !targetRange.isEmpty else { throw .invalidTarget }

        // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT (case-sensitive).
        let version = buffer[versionRange]
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)),
              let major = digitValue(buffer[versionRange.lowerBound + 5]),
              buffer[versionRange.lowerBound + 6] == UInt8(ascii: "."),
              let minor = digitValue(buffer[versionRange.lowerBound + 7])
        else { throw .invalidRequestLine }
        // RFC 9110 §15.6.6: a major version (or 1.x) we do not speak → 505.
        guard major == 1, minor <= 1 else { throw .unsupportedVersion }

        // RFC 9112 §3.1: method = token.
        for index in methodRange where !isTokenByte(buffer[index]) { throw .invalidMethod }
        // RFC 9112 §3.2 / RFC 3986: the target is visible ASCII; no whitespace, controls or raw UTF-8.
        for index in targetRange {
            let byte = buffer[index]
            if byte <= 0x20 || byte >= 0x7F { throw .invalidTarget }
        }
        partial.method = String(decoding: buffer[methodRange], as: UTF8.self)
        partial.target = String(decoding: buffer[targetRange], as: UTF8.self)
        partial.versionMinor = minor
    }

    /// RFC 9112 §5: `field-line = field-name ":" OWS field-value OWS`.
    private func parseFieldLine(_ line: Line) throws(HTTPParseError) -> (String, String) {
        // On the buffer's memory: this runs for every field line of every request.
        let parsed: Result<(String, String), HTTPParseError> = buffer.withUnsafeBufferPointer { buffer in
            let first = buffer[line.start]
            // RFC 9112 §5.2: obs-fold (a line starting with SP/HTAB) → 400. This also covers whitespace
            // between the request-line and the first field (RFC 9112 §2.2).
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { return .failure(.obsoleteLineFolding) }
            var colon = line.start
            while colon < line.end, buffer[colon] != UInt8(ascii: ":") { colon += 1 }
            guard colon < line.end, colon > line.start else { return .failure(.invalidHeaderName) }
            // RFC 9112 §5.1: no whitespace between field name and colon; MUST reject with 400.
            let last = buffer[colon - 1]
            if last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { return .failure(.whitespaceBeforeColon) }
            for index in line.start..<colon where !isTokenByte(buffer[index]) { return .failure(.invalidHeaderName) }

            var valueStart = colon + 1
            var valueEnd = line.end
            while valueStart < valueEnd, isOptionalWhitespace(buffer[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart, isOptionalWhitespace(buffer[valueEnd - 1]) { valueEnd -= 1 }
            // RFC 9110 §5.5: field-value = *( VCHAR / obs-text / SP / HTAB ); NUL and other CTLs → 400.
            for index in valueStart..<valueEnd {
                let byte = buffer[index]
                if (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F { return .failure(.invalidHeaderValue) }
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[line.start..<colon]), as: UTF8.self)
            let value = String(decoding: UnsafeBufferPointer(rebasing: buffer[valueStart..<valueEnd]), as: UTF8.self)
            return .success((name, value))
        }
        return try parsed.get()
    }

    /// Drops consumed bytes; releases a large emptied buffer so idle connections stay small.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4096)
            readIndex = 0
            scanIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }
}

// MARK: - Byte classes

/// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
@inline(__always)
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
         UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
         UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
}

@inline(__always)
private func isOptionalWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}

@inline(__always)
private func digitValue(_ byte: UInt8) -> Int? {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) ? Int(byte - UInt8(ascii: "0")) : nil
}

@inline(__always)
private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
}
