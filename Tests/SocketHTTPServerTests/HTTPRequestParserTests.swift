import Testing

@testable import SocketHTTPServer

@Suite struct HTTPRequestParserTests {
    @Test func simplePostWithContentLength() throws {
        let requests = try parseRequests(
            "POST /_emulator/health?x=1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 5\r\n\r\nhello"
        )
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/_emulator/health?x=1")
        #expect(request.path == "/_emulator/health")
        #expect(request.query == "x=1")
        #expect(request.versionMinor == 1)
        #expect(request.headers["content-type"] == "application/x-amz-json-1.1")
        #expect(request.headers.count == 3)
        #expect(request.body == Array("hello".utf8))
    }

    @Test func bytesFedOneAtATime() throws {
        let text = "POST /a HTTP/1.1\r\nContent-Length: 3\r\nX-A:  spaced value \t\r\n\r\nabc"
        var parser = HTTPRequestParser.make()
        var events: [HTTPParserEvent] = []
        for (index, byte) in text.utf8.enumerated() {
            parser.append([byte])
            let produced = try parser.drain()
            if index < text.utf8.count - 1 { #expect(produced.isEmpty, "event before the last byte at \(index)") }
            events += produced
        }
        #expect(events == [.request(HTTPRequest(
            method: "POST", target: "/a", headers: HTTPHeaders([("Content-Length", "3"), ("X-A", "spaced value")]), body: Array("abc".utf8)
        ))])
        #expect(!parser.hasBufferedBytes)
    }

    @Test func chunkedBodyFedOneAtATime() throws {
        let text = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n"
        var parser = HTTPRequestParser.make()
        var bodies: [[UInt8]] = []
        for byte in text.utf8 {
            parser.append([byte])
            for case .request(let request) in try parser.drain() { bodies.append(request.body) }
        }
        #expect(bodies == [Array("abcde".utf8)])
    }

    @Test func pipelinedRequestsInOneBuffer() throws {
        var parser = HTTPRequestParser.make()
        let events = try parser.feed(
            "GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiDELETE /3?q HTTP/1.1\r\n\r\nGET /4 HTTP/1.1\r\n"
        )
        let targets = events.compactMap { event -> String? in
            if case .request(let request) = event { return request.target }
            return nil
        }
        #expect(targets == ["/1", "/2", "/3?q"])
        #expect(events.count == 3)
        #expect(parser.hasBufferedBytes, "the head of /4 is still buffered")
        #expect(try parser.feed("\r\n").count == 1)
        #expect(!parser.hasBufferedBytes)
    }

    @Test func chunkedWithExtensionsAndTrailers() throws {
        var parser = HTTPRequestParser.make()
        let events = try parser.feed(
            "POST /up HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n"
                + "6 ; quoted=\"a b\";flag\r\n world\r\n"
                + "A\r\n0123456789\r\n"
                + "0;last\r\nX-Checksum: abc\r\nX-Other: d\r\n\r\n"
                + "GET /next HTTP/1.1\r\n\r\n"
        )
        guard events.count == 2, case .request(let upload) = events[0], case .request(let next) = events[1] else {
            Issue.record("expected two requests, got \(events)")
            return
        }
        #expect(upload.body == Array("hello world0123456789".utf8))
        #expect(!upload.headers.contains("X-Checksum"), "trailers are discarded")
        #expect(next.target == "/next")
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var expected: HTTPParseError
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "garbage", text: "GARBAGE\r\n\r\n", expected: .invalidRequestLine),
        ErrorCase(name: "HTTP/0.9 style", text: "GET /\r\n\r\n", expected: .invalidRequestLine),
        ErrorCase(name: "three spaces", text: "GET /a b HTTP/1.1\r\n\r\n", expected: .invalidRequestLine),
        ErrorCase(name: "empty target", text: "GET  HTTP/1.1\r\n\r\n", expected: .invalidTarget),
        ErrorCase(name: "lowercase version", text: "GET / http/1.1\r\n\r\n", expected: .invalidRequestLine),
        ErrorCase(name: "bad version digits", text: "GET / HTTP/1.x\r\n\r\n", expected: .invalidRequestLine),
        ErrorCase(name: "method not a token", text: "G(T / HTTP/1.1\r\n\r\n", expected: .invalidMethod),
        ErrorCase(name: "target with control byte", text: "GET /a\u{01}b HTTP/1.1\r\n\r\n", expected: .invalidTarget),
        ErrorCase(name: "target with raw UTF-8", text: "GET /é HTTP/1.1\r\n\r\n", expected: .invalidTarget),
        ErrorCase(name: "HTTP/2.0", text: "GET / HTTP/2.0\r\n\r\n", expected: .unsupportedVersion),
        ErrorCase(name: "HTTP/1.2", text: "GET / HTTP/1.2\r\n\r\n", expected: .unsupportedVersion),
        ErrorCase(name: "h2 preface", text: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", expected: .unsupportedVersion),
        ErrorCase(name: "space in field name", text: "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", expected: .invalidHeaderName),
        ErrorCase(name: "no colon", text: "GET / HTTP/1.1\r\nNoColon\r\n\r\n", expected: .invalidHeaderName),
        ErrorCase(name: "empty field name", text: "GET / HTTP/1.1\r\n: v\r\n\r\n", expected: .invalidHeaderName),
        ErrorCase(name: "whitespace before colon", text: "GET / HTTP/1.1\r\nHost : x\r\n\r\n", expected: .whitespaceBeforeColon),
        ErrorCase(name: "tab before colon", text: "GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", expected: .whitespaceBeforeColon),
        ErrorCase(name: "obs-fold", text: "GET / HTTP/1.1\r\nA: b\r\n  c\r\n\r\n", expected: .obsoleteLineFolding),
        ErrorCase(name: "whitespace after request line", text: "GET / HTTP/1.1\r\n A: b\r\n\r\n", expected: .obsoleteLineFolding),
        ErrorCase(name: "bare CR in field", text: "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", expected: .invalidLineEnding),
        ErrorCase(name: "bare CR in request line", text: "GET /\r HTTP/1.1\r\n\r\n", expected: .invalidLineEnding),
        ErrorCase(name: "NUL in value", text: "GET / HTTP/1.1\r\nA: b\u{00}c\r\n\r\n", expected: .invalidHeaderValue),
        ErrorCase(name: "DEL in value", text: "GET / HTTP/1.1\r\nA: b\u{7F}\r\n\r\n", expected: .invalidHeaderValue),
        ErrorCase(name: "letters in Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "negative Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "plus sign Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "empty Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "spaced digits Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "two differing Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", expected: .conflictingContentLength),
        ErrorCase(name: "differing Content-Length list", text: "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n", expected: .conflictingContentLength),
        ErrorCase(name: "empty Content-Length list element", text: "POST / HTTP/1.1\r\nContent-Length: 5,\r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "leading empty Content-Length list element", text: "POST / HTTP/1.1\r\nContent-Length: , 5\r\n\r\n", expected: .invalidContentLength),
        ErrorCase(name: "Content-Length and Transfer-Encoding", text: "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", expected: .contentLengthWithTransferEncoding),
        ErrorCase(name: "gzip coding", text: "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", expected: .unsupportedTransferEncoding),
        ErrorCase(name: "gzip then chunked", text: "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", expected: .unsupportedTransferEncoding),
        ErrorCase(name: "chunked twice", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", expected: .invalidTransferEncoding),
        ErrorCase(name: "chunked in HTTP/1.0", text: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", expected: .invalidTransferEncoding),
        ErrorCase(name: "non-hex chunk size", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", expected: .invalidChunkSize),
        ErrorCase(name: "chunk size with bare LF", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", expected: .invalidChunkSize),
        ErrorCase(name: "chunk size then junk", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n", expected: .invalidChunkSize),
        ErrorCase(name: "chunk extension with control", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;a\u{01}\r\n", expected: .invalidChunkExtension),
        ErrorCase(name: "chunk data too long", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n", expected: .invalidChunkTerminator),
        ErrorCase(name: "chunk data with bare LF", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", expected: .invalidChunkTerminator),
        ErrorCase(name: "trailer with bare LF end", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\n", expected: .invalidChunkTerminator),
        ErrorCase(name: "bad trailer", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", expected: .invalidHeaderName),
        ErrorCase(name: "huge Content-Length", text: "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999999\r\n\r\n", expected: .bodyTooLarge),
        ErrorCase(name: "huge chunk size", text: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n", expected: .bodyTooLarge),
    ]

    @Test(arguments: errorCases)
    func rejects(_ errorCase: ErrorCase) {
        #expect(parseError(errorCase.text) == errorCase.expected)
    }

    @Test func errorStatuses() {
        #expect(HTTPParseError.invalidRequestLine.status == 400)
        #expect(HTTPParseError.requestLineTooLong.status == 414)
        #expect(HTTPParseError.headersTooLarge.status == 431)
        #expect(HTTPParseError.bodyTooLarge.status == 413)
        #expect(HTTPParseError.unsupportedTransferEncoding.status == 501)
        #expect(HTTPParseError.unsupportedVersion.status == 505)
        #expect(HTTPParseError.contentLengthWithTransferEncoding.status == 400)
        #expect(HTTPParseError.obsoleteLineFolding.reason.hasSuffix("."))
    }

    @Test func parserStaysDeadAfterAnError() {
        var parser = HTTPRequestParser.make()
        #expect(throws: HTTPParseError.invalidRequestLine) { try parser.feed("BROKEN\r\n") }
        #expect(throws: HTTPParseError.invalidRequestLine) { try parser.feed("GET / HTTP/1.1\r\n\r\n") }
    }

    @Test func identicalContentLengthsCollapse() throws {
        let requests = try parseRequests("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok")
        #expect(requests.first?.body == Array("ok".utf8))
    }

    @Test func noBodyWithoutFramingHeaders() throws {
        // RFC 9112 §6.3: the bytes after the head are the next request, not a body.
        let requests = try parseRequests("POST /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n")
        #expect(requests.map(\.target) == ["/a", "/b"])
        #expect(requests.first?.body == [])
    }

    @Test func toleratesBareLineFeedsAndLeadingEmptyLines() throws {
        let requests = try parseRequests("\r\n\nGET /lf HTTP/1.1\nA: b\n\n")
        #expect(requests.map(\.target) == ["/lf"])
        #expect(requests.first?.headers["a"] == "b")
    }

    @Test func nonUTF8HeaderValueIsDecodedLossily() throws {
        var parser = HTTPRequestParser.make()
        parser.append(Array("GET / HTTP/1.1\r\nX-Bin: a".utf8) + [0xFF, 0xC3] + Array("b\r\n\r\n".utf8))
        let events = try parser.drain()
        guard case .request(let request) = events.first else {
            Issue.record("no request")
            return
        }
        #expect(request.headers["X-Bin"] == "a\u{FFFD}\u{FFFD}b")
    }

    // MARK: Limits

    @Test func requestLineLimit() {
        let limits = HTTPParserLimits.make(requestLine: 32)
        let atLimit = "GET /" + String(repeating: "a", count: 32 - 14) + " HTTP/1.1"
        #expect(atLimit.utf8.count == 32)
        #expect(parseError(atLimit + "\r\n\r\n", limits: limits) == nil)
        let overLimit = "GET /" + String(repeating: "a", count: 32 - 13) + " HTTP/1.1"
        #expect(parseError(overLimit + "\r\n\r\n", limits: limits) == .requestLineTooLong)
        // Known before any line ending arrives: 32 bytes and a CR may still be fine, 33 bytes are not.
        #expect(parseError(atLimit + "\r", limits: limits) == nil)
        #expect(parseError("GET /" + String(repeating: "a", count: 28), limits: limits) == .requestLineTooLong)
    }

    @Test func headerSectionLimit() {
        let limits = HTTPParserLimits.make(header: 40)
        // Field lines including their CRLF, excluding the final empty line: exactly 40 bytes.
        let fields = "A: " + String(repeating: "x", count: 20) + "\r\n" + "B: " + String(repeating: "y", count: 10) + "\r\n"
        #expect(fields.utf8.count == 40)
        #expect(parseError("GET / HTTP/1.1\r\n" + fields + "\r\n", limits: limits) == nil)
        let oneMore = "A: " + String(repeating: "x", count: 21) + "\r\n" + "B: " + String(repeating: "y", count: 10) + "\r\n"
        #expect(parseError("GET / HTTP/1.1\r\n" + oneMore + "\r\n", limits: limits) == .headersTooLarge)
        // Known before the section ends: 40 bytes of a field line still need their LF.
        #expect(parseError("GET / HTTP/1.1\r\n" + String(repeating: "z", count: 39), limits: limits) == nil)
        #expect(parseError("GET / HTTP/1.1\r\n" + String(repeating: "z", count: 40), limits: limits) == .headersTooLarge)
    }

    @Test func contentLengthLimit() {
        let limits = HTTPParserLimits.make(body: 10)
        #expect(parseError("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits) == nil)
        // 413 as soon as the head is complete, before any body byte.
        #expect(parseError("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits: limits) == .bodyTooLarge)
    }

    @Test func chunkedBodyLimit() throws {
        let limits = HTTPParserLimits.make(body: 10)
        let atLimit = try parseRequests("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n", limits: limits)
        #expect(atLimit.first?.body.count == 10)
        #expect(parseError("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n", limits: limits) == .bodyTooLarge)
    }

    @Test func trailerAndExtensionLimits() {
        let limits = HTTPParserLimits.make(header: 32)
        let head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        // Trailer lines count like header lines; the extension bytes (from ";") add up across chunks.
        #expect(parseError(head + "0\r\nT: " + String(repeating: "t", count: 27) + "\r\n\r\n", limits: limits) == nil)
        #expect(parseError(head + "0\r\nT: " + String(repeating: "t", count: 28) + "\r\n\r\n", limits: limits) == .headersTooLarge)
        #expect(parseError(head + "1;" + String(repeating: "e", count: 31) + "\r\nx\r\n", limits: limits) == nil)
        #expect(parseError(head + "1;" + String(repeating: "e", count: 32) + "\r\n", limits: limits) == .chunkExtensionsTooLarge)
    }

    @Test func chunkSizeLineLimitIsTheSameWholeOrInPieces() {
        // Caught by Tests/Fuzz (Regressions/FuzzHTTPParser/chunk-size-leading-zeros-split): leading zeros
        // made a chunk-size line that was accepted when it arrived whole and refused when it arrived in pieces.
        let limits = HTTPParserLimits.make(header: 64)
        let head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        // 64 bytes of chunk-size plus the 64-byte extension budget: the longest size line accepted.
        let longest = String(repeating: "0", count: 127) + "1"
        for (sizeLine, expected) in [(longest, nil), ("0" + longest, HTTPParseError.chunkExtensionsTooLarge)] {
            let text = head + sizeLine + "\r\nx\r\n0\r\n\r\n"
            #expect(parseError(text, limits: limits) == expected, "whole, \(sizeLine.count) bytes")
            var parser = HTTPRequestParser.make(limits: limits)
            var error: HTTPParseError?
            for byte in text.utf8 where error == nil {
                parser.append([byte])
                do { _ = try parser.drain() } catch let thrown { error = thrown }
            }
            #expect(error == expected, "one byte at a time, \(sizeLine.count) bytes")
        }
    }

    // MARK: Expect, versions, targets

    @Test func expectContinueIsAnnouncedOnceBeforeTheBody() throws {
        var parser = HTTPRequestParser.make()
        #expect(try parser.feed("PUT /x HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n") == [.expectContinue])
        #expect(try parser.feed("ab") == [])
        let events = try parser.feed("cd")
        #expect(events.count == 1)
        if case .request(let request) = events.first { #expect(request.body == Array("abcd".utf8)) }
    }

    @Test func expectContinueNotAnnouncedWhenBodyAlreadyHere() throws {
        var parser = HTTPRequestParser.make()
        let events = try parser.feed("PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(events.count == 1)
        #expect(events.first != .expectContinue)
    }

    @Test func expectContinueWithChunkedBody() throws {
        var parser = HTTPRequestParser.make()
        #expect(try parser.feed("PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n") == [.expectContinue])
        #expect(try parser.feed("2\r\nok\r\n0\r\n\r\n").count == 1)
    }

    @Test func expectContinueWithTooLargeBodyIs413() {
        let limits = HTTPParserLimits.make(body: 10)
        #expect(parseError("PUT /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n", limits: limits) == .bodyTooLarge)
    }

    @Test func expectContinueIgnoredForHTTP10() throws {
        var parser = HTTPRequestParser.make()
        #expect(try parser.feed("PUT /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n") == [])
    }

    @Test func http10() throws {
        let request = try #require(try parseRequests("GET /old HTTP/1.0\r\n\r\n").first)
        #expect(request.versionMinor == 0)
        #expect(!request.wantsKeepAlive)
        let keepAlive = try #require(try parseRequests("GET /old HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").first)
        #expect(keepAlive.wantsKeepAlive)
        let closing = try #require(try parseRequests("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n").first)
        #expect(!closing.wantsKeepAlive)
    }

    @Test func querySplit() {
        let full = HTTPRequest(method: "GET", target: "/a/b?x=1&y=2?z")
        #expect(full.path == "/a/b")
        #expect(full.query == "x=1&y=2?z")
        let empty = HTTPRequest(method: "GET", target: "/a?")
        #expect(empty.path == "/a")
        #expect(empty.query == "")
        let none = HTTPRequest(method: "GET", target: "/a")
        #expect(none.query == nil)
    }

    @Test func hasBufferedBytesTracksAPartialRequest() throws {
        var parser = HTTPRequestParser.make()
        #expect(!parser.hasBufferedBytes)
        _ = try parser.feed("GET / HT")
        #expect(parser.hasBufferedBytes)
        _ = try parser.feed("TP/1.1\r\n")
        #expect(parser.hasBufferedBytes, "request-line consumed, headers pending")
        #expect(try parser.feed("\r\n").count == 1)
        #expect(!parser.hasBufferedBytes)
    }
}
