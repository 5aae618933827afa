import SocketHTTPServer

/// Everything a parser produced from one connection's bytes, fed in given pieces.
struct ParseTranscript {
    /// Tiny limits (odd control byte), which a few dozen bytes reach, so every 414, 431 and 413 path
    /// and every boundary around them is close; or small ones (even), which an SDK request fits.
    static func limits(for control: UInt8) -> HTTPParserLimits {
        control & 1 == 1
            ? HTTPParserLimits(maxRequestLineBytes: 32, maxHeaderBytes: 64, maxBodyBytes: 128)
            : HTTPParserLimits(maxRequestLineBytes: 256, maxHeaderBytes: 1024, maxBodyBytes: 2048)
    }

    /// The complete requests, in order.
    private(set) var requests: [HTTPRequest] = []
    /// How many `.expectContinue` events came before each request (and, last, after the last one).
    private(set) var continuesBeforeRequest: [Int] = [0]
    /// The error that killed the parser, if one did.
    private(set) var failure: HTTPParseError?
    /// Whether the parser, still alive, holds part of a request at the end.
    private(set) var endsMidRequest = false

    /// Feeds `stream` in pieces cut at the ascending offsets `cuts`, draining events after each piece,
    /// as the connection does after each read.
    init(feeding stream: UnsafeRawBufferPointer, cutAt cuts: [Int], limits: HTTPParserLimits) {
        var parser = HTTPRequestParser(limits: limits)
        var pieceStart = 0
        for pieceEnd in cuts + [stream.count] {
            parser.append(UnsafeRawBufferPointer(rebasing: stream[pieceStart..<pieceEnd]))
            pieceStart = pieceEnd
            if failure == nil {
                drain(&parser)
            } else {
                // More bytes on a dead connection change nothing.
                Self.checkStillFailing(&parser, with: failure)
            }
        }
        endsMidRequest = failure == nil && parser.hasBufferedBytes
        if failure != nil {
            Self.checkStillFailing(&parser, with: failure)
            parser.append(Array("GET / HTTP/1.1\r\n\r\n".utf8))
            Self.checkStillFailing(&parser, with: failure)
        }
    }

    private mutating func drain(_ parser: inout HTTPRequestParser) {
        do {
            while let event = try parser.next() {
                switch event {
                case .expectContinue:
                    continuesBeforeRequest[continuesBeforeRequest.count - 1] += 1
                case .request(let request):
                    requests.append(request)
                    continuesBeforeRequest.append(0)
                }
            }
        } catch {
            failure = error
        }
    }

    private static func checkStillFailing(_ parser: inout HTTPRequestParser, with failure: HTTPParseError?) {
        do {
            let event = try parser.next()
            fatalError("a dead parser produced \(String(describing: event)) after \(String(describing: failure))")
        } catch {
            check(error == failure, "a dead parser changed its error from \(String(describing: failure)) to \(error)")
        }
    }

    /// Framing invariants of every request, whatever the input.
    func checkInvariants(limits: HTTPParserLimits) {
        // RFC 9110 §10.1.1: at most one interim 100 per request.
        check(continuesBeforeRequest.allSatisfy { $0 <= 1 }, "more than one expectContinue for one request: \(continuesBeforeRequest)")
        for request in requests {
            check(request.body.count <= limits.maxBodyBytes, "body of \(request.body.count) bytes over the limit")
            check(!request.method.isEmpty && request.method.utf8.allSatisfy(Self.isTokenByte), "method \(request.method.debugDescription)")
            check(!request.target.isEmpty && request.target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "target \(request.target.debugDescription)")
            check(request.method.utf8.count + request.target.utf8.count + 10 <= limits.maxRequestLineBytes, "request line over the limit")
            check(request.versionMinor == 0 || request.versionMinor == 1, "version 1.\(request.versionMinor)")
            var headerBytes = 0
            for (name, value) in request.headers {
                check(!name.isEmpty && name.utf8.allSatisfy(Self.isTokenByte), "field name \(name.debugDescription)")
                check(
                    !value.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }, "control byte in field value \(value.debugDescription)")
                check(value.utf8.first != 0x20 && value.utf8.first != 0x09, "leading whitespace in \(value.debugDescription)")
                check(value.utf8.last != 0x20 && value.utf8.last != 0x09, "trailing whitespace in \(value.debugDescription)")
                headerBytes += name.utf8.count + 2
            }
            check(headerBytes <= limits.maxHeaderBytes, "header section over the limit")
            if request.headers.contains("Transfer-Encoding") {
                check(!request.headers.contains("Content-Length"), "both Content-Length and Transfer-Encoding")
                check(request.versionMinor == 1, "Transfer-Encoding in HTTP/1.0")
            } else if let declared = request.headers["Content-Length"] {
                let first = declared.split(separator: ",").first.map { $0.trimmingSpaces } ?? ""
                check(Int(first) == request.body.count, "Content-Length \(declared) but a body of \(request.body.count) bytes")
            } else {
                check(request.body.isEmpty, "a body without Content-Length or Transfer-Encoding")
            }
        }
    }

    /// Both runs saw the same bytes, so they must agree on the requests, on whether the bytes were
    /// acceptable, and on whether a request is still under way. (Which error is reported may differ: a line over a limit is refused as soon as that
    /// is certain, before a bad byte further on in it is seen.)
    static func checkSameOutcome(_ lhs: ParseTranscript, _ rhs: ParseTranscript, _ what: String) {
        check(lhs.requests == rhs.requests, "\(what): requests differ: \(lhs.requests) vs \(rhs.requests)")
        check(
            (lhs.failure == nil) == (rhs.failure == nil),
            "\(what): \(String(describing: lhs.failure)) vs \(String(describing: rhs.failure)) after \(lhs.requests.count) requests")
        check(lhs.endsMidRequest == rhs.endsMidRequest, "\(what): a request under way in one and not the other")
    }

    /// A parsed request, written back out in canonical form, parses to the same request.
    static func checkRoundTrip(_ request: HTTPRequest) {
        var bytes = Array("\(request.method) \(request.target) HTTP/1.\(request.versionMinor)\r\n".utf8)
        for (name, value) in request.headers {
            bytes += Array("\(name): \(value)\r\n".utf8)
        }
        bytes += Array("\r\n".utf8)
        if request.headers.contains("Transfer-Encoding") {
            if !request.body.isEmpty {
                bytes += Array("\(String(request.body.count, radix: 16))\r\n".utf8) + request.body + Array("\r\n".utf8)
            }
            bytes += Array("0\r\n\r\n".utf8)
        } else {
            bytes += request.body
        }
        // Default limits: lossy UTF-8 decoding may have made a field value longer than it was sent.
        let again = bytes.withUnsafeBytes { ParseTranscript(feeding: $0, cutAt: [], limits: HTTPParserLimits()) }
        check(again.failure == nil, "re-serialized request refused: \(String(describing: again.failure))")
        check(again.requests == [request], "re-serialized request parsed as \(again.requests), not \(request)")
    }

    /// RFC 9110 §5.6.2 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

extension Substring {
    /// Without leading and trailing SP / HTAB.
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
