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

    /// What one state's step did: moved to another state (go on), or produced an event or nil
    /// (more bytes needed) for ``next()`` to return.
    private enum Step {
        case advanced
        case yield(HTTPParserEvent?)
    }

    private mutating func step() throws(HTTPParseError) -> HTTPParserEvent? {
        while true {
            let step: Step
            switch state {
            case .requestLine: step = try stepRequestLine()
            case .headers: step = try stepHeaders()
            case .fixedBody(let remaining): step = stepFixedBody(remaining: remaining)
            case .chunkSize: step = try stepChunkSize()
            case .chunkData(let remaining): step = stepChunkData(remaining: remaining)
            case .chunkDataEnd: step = try stepChunkDataEnd()
            case .trailers: step = try stepTrailers()
            }
            if case .yield(let event) = step { return event }
        }
    }

    private mutating func stepRequestLine() throws(HTTPParseError) -> Step {
        guard let line = try takeLine() else {
            try checkIncompleteRequestLine()
            return .yield(nil)
        }
        // RFC 9112 §2.2: ignore empty lines received before the request-line.
        if line.isEmpty { return .advanced }
        if line.end - line.start > limits.maxRequestLineBytes { throw .requestLineTooLong }
        (partial.method, partial.target, partial.versionMinor) = try withBytes(of: line, HTTPGrammar.requestLine)
        partial.headers.reserveCapacity(12)
        state = .headers
        return .advanced
    }

    private mutating func stepHeaders() throws(HTTPParseError) -> Step {
        guard let line = try takeLine() else {
            try checkIncompleteFieldLine(sectionBytes: partial.headerBytes)
            return .yield(nil)
        }
        if line.isEmpty {
            if let event = try startBody() { return .yield(event) }
            return .advanced
        }
        partial.headerBytes += line.consumed
        if partial.headerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
        let (name, value) = try withBytes(of: line, HTTPGrammar.fieldLine)
        // Checked, then copied as bytes: a `String` is made only of a value someone asks for.
        buffer.withUnsafeBufferPointer { bytes in
            let fieldLine = UnsafeBufferPointer(rebasing: bytes[line.start..<line.end])
            partial.headers.add(fieldLine: fieldLine, name: name, value: value)
        }
        return .advanced
    }

    private mutating func stepFixedBody(remaining: Int) -> Step {
        let take = min(remaining, pendingCount)
        partial.body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
        consume(take)
        if take == remaining { return .yield(.request(finishRequest())) }
        state = .fixedBody(remaining: remaining - take)
        return .yield(needMoreBody())
    }

    private mutating func stepChunkSize() throws(HTTPParseError) -> Step {
        guard let line = try takeLine() else {
            // As for the request-line, a trailing CR may still be the start of the CRLF.
            var length = pendingCount
            if length > 0 && buffer[buffer.count - 1] == UInt8(ascii: "\r") { length -= 1 }
            if length > maxChunkSizeLineBytes { throw .chunkExtensionsTooLarge }
            return .yield(needMoreBody())
        }
        // RFC 9112 §7.1: chunk-size [ chunk-ext ] CRLF — CRLF required here.
        guard line.endedWithCRLF else { throw .invalidChunkSize }
        if line.end - line.start > maxChunkSizeLineBytes { throw .chunkExtensionsTooLarge }
        let (size, extensionBytes) = try withBytes(of: line, HTTPGrammar.chunkSizeLine)
        // RFC 9112 §7.1.1 lets a server bound chunk extensions: together, as much as a header section.
        partial.chunkExtensionBytes += extensionBytes
        if partial.chunkExtensionBytes > limits.maxHeaderBytes { throw .chunkExtensionsTooLarge }
        if size == 0 {
            state = .trailers
        } else {
            if size > limits.maxBodyBytes - partial.body.count { throw .bodyTooLarge }
            state = .chunkData(remaining: size)
        }
        return .advanced
    }

    private mutating func stepChunkData(remaining: Int) -> Step {
        let take = min(remaining, pendingCount)
        partial.body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
        consume(take)
        if take < remaining {
            state = .chunkData(remaining: remaining - take)
            return .yield(needMoreBody())
        }
        state = .chunkDataEnd
        return .advanced
    }

    /// RFC 9112 §7.1: chunk-data is followed by CRLF.
    private mutating func stepChunkDataEnd() throws(HTTPParseError) -> Step {
        if pendingCount >= 1 && buffer[readIndex] != UInt8(ascii: "\r") { throw .invalidChunkTerminator }
        guard pendingCount >= 2 else { return .yield(needMoreBody()) }
        guard buffer[readIndex + 1] == UInt8(ascii: "\n") else { throw .invalidChunkTerminator }
        consume(2)
        state = .chunkSize
        return .advanced
    }

    /// RFC 9112 §7.1.2: trailer-section = *( field-line CRLF ), then the final CRLF.
    private mutating func stepTrailers() throws(HTTPParseError) -> Step {
        guard let line = try takeLine() else {
            try checkIncompleteFieldLine(sectionBytes: partial.trailerBytes)
            return .yield(needMoreBody())
        }
        guard line.endedWithCRLF else { throw .invalidChunkTerminator }
        if line.isEmpty { return .yield(.request(finishRequest())) }
        partial.trailerBytes += line.consumed
        if partial.trailerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
        _ = try withBytes(of: line, HTTPGrammar.fieldLine)
        return .advanced
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
        // RFC 9110 §10.1.1: a 100-continue expectation in an HTTP/1.0 request MUST be ignored.
        partial.expectsContinue =
            partial.versionMinor >= 1 && headers.mayContain(.expect) && headers.containsToken("100-continue", in: "Expect")

        if headers.mayContain(.transferEncoding) && headers.contains("Transfer-Encoding") {
            let transferEncodings = headers.values(for: "Transfer-Encoding")
            // RFC 9112 §6.3 item 3: Transfer-Encoding with Content-Length is a smuggling attempt → 400.
            guard !headers.contains("Content-Length") else { throw .contentLengthWithTransferEncoding }
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

        if let length = try HTTPGrammar.contentLength(of: headers) {
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

    /// Calls `body` with the content of `line` (its line ending excluded), on the buffer's memory.
    private func withBytes<Result>(
        of line: Line, _ body: (UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Result
    ) throws(HTTPParseError) -> Result {
        let outcome = buffer.withUnsafeBufferPointer { bytes in
            Swift.Result { () throws(HTTPParseError) in try body(UnsafeBufferPointer(rebasing: bytes[line.start..<line.end])) }
        }
        return try outcome.get()
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
