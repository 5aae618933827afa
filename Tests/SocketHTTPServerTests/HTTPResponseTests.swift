import Testing

@testable import SocketHTTPServer

@Suite struct HTTPResponseTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func addsDateAndContentLength() {
        let bytes = HTTPResponseSerializer.serialize(
            HTTPResponse(status: 200, body: Array("hi".utf8)), isHeadRequest: false, connection: .persistent, date: "D"
        )
        #expect(text(bytes) == "HTTP/1.1 200 OK\r\nDate: D\r\nContent-Length: 2\r\n\r\nhi")
    }

    @Test func keepsResponderHeadersAndSetsConnection() {
        let response = HTTPResponse(status: 404, headers: ["Content-Length": "0", "Date": "X", "Connection": "keep-alive"])
        let bytes = HTTPResponseSerializer.serialize(response, isHeadRequest: false, connection: .close, date: "D")
        #expect(text(bytes) == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nDate: X\r\nConnection: close\r\n\r\n")
    }

    @Test func repeatedConnectionFieldsBecomeOneInTheFirstPlace() {
        let response = HTTPResponse(status: 200, headers: HTTPHeaders([("connection", "upgrade"), ("X-A", "1"), ("Connection", "x")]))
        let bytes = HTTPResponseSerializer.serialize(response, isHeadRequest: false, connection: .keepAlive, date: "D")
        #expect(text(bytes) == "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nX-A: 1\r\nDate: D\r\nContent-Length: 0\r\n\r\n")
        // Persistent (HTTP/1.1 default) leaves the responder's fields as they are.
        let kept = HTTPResponseSerializer.serialize(response, isHeadRequest: false, connection: .persistent, date: "D")
        #expect(text(kept) == "HTTP/1.1 200 OK\r\nconnection: upgrade\r\nX-A: 1\r\nConnection: x\r\nDate: D\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func contentLengthIsTheBodySizeInDecimal() {
        for size in [0, 1, 9, 10, 99_999, 1_048_576] {
            let bytes = HTTPResponseSerializer.serialize(
                HTTPResponse(status: 200, body: [UInt8](repeating: 0x41, count: size)), isHeadRequest: true, connection: .persistent, date: "D")
            #expect(text(bytes).hasSuffix("Content-Length: \(size)\r\n\r\n"))
        }
        let chunked = HTTPResponse(status: 200, headers: ["transfer-encoding": "chunked"], body: [])
        #expect(!text(HTTPResponseSerializer.serialize(chunked, isHeadRequest: false, connection: .persistent, date: "D")).contains("Content-Length"))
    }

    @Test func headWritesNoBodyButKeepsLength() {
        let bytes = HTTPResponseSerializer.serialize(
            HTTPResponse(status: 200, body: Array("hello".utf8)), isHeadRequest: true, connection: .keepAlive, date: "D"
        )
        #expect(text(bytes) == "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nDate: D\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func noContentHasNoLengthOrBody() {
        let bytes = HTTPResponseSerializer.serialize(
            HTTPResponse(status: 204, body: Array("x".utf8)), isHeadRequest: false, connection: .persistent, date: "D"
        )
        #expect(text(bytes) == "HTTP/1.1 204 No Content\r\nDate: D\r\n\r\n")
    }

    @Test func headerInjectionIsNeutralized() {
        let response = HTTPResponse(status: 200, headers: ["X-A": "a\r\nSet-Cookie: evil"])
        let bytes = HTTPResponseSerializer.serialize(response, isHeadRequest: false, connection: .persistent, date: "D")
        #expect(text(bytes).contains("X-A: a  Set-Cookie: evil\r\n"))
    }

    /// The check runs eight bytes at a time: a CR, LF or NUL at any place of a word, or in the tail,
    /// becomes SP, and HTAB and other bytes stay.
    @Test func injectionIsNeutralizedAtEveryPosition() {
        for length in [1, 7, 8, 9, 16, 23] {
            for position in 0..<length {
                for bad: UInt8 in [0x0D, 0x0A, 0x00] {
                    var value = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                    value[position] = bad
                    if position + 1 < length { value[position + 1] = 0x09 }
                    let response = HTTPResponse(status: 200, headers: HTTPHeaders([("X-A", String(decoding: value, as: UTF8.self))]))
                    let bytes = HTTPResponseSerializer.serialize(response, isHeadRequest: false, connection: .persistent, date: "D")
                    var expected = value
                    expected[position] = 0x20
                    #expect(text(bytes).hasPrefix("HTTP/1.1 200 OK\r\nX-A: \(String(decoding: expected, as: UTF8.self))\r\nDate: D\r\n"))
                }
            }
        }
    }

    @Test func errorResponse() {
        let bytes = HTTPResponseSerializer.errorResponse(status: 400, reason: "Bad.", date: "D")
        #expect(text(bytes) == "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nDate: D\r\nContent-Length: 4\r\n\r\nBad.")
    }

    @Test func reasonPhrases() {
        #expect(HTTPResponse.reasonPhrase(for: 413) == "Content Too Large")
        #expect(HTTPResponse.reasonPhrase(for: 431) == "Request Header Fields Too Large")
        #expect(HTTPResponse.reasonPhrase(for: 799) == "Unknown")
    }

    @Test(arguments: [
        (Int64(0), "Thu, 01 Jan 1970 00:00:00 GMT"),
        (Int64(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT"),
        (Int64(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT"),
        (Int64(1_709_251_199), "Thu, 29 Feb 2024 23:59:59 GMT"),
        (Int64(4_102_444_800), "Fri, 01 Jan 2100 00:00:00 GMT"),
        (Int64(-1), "Wed, 31 Dec 1969 23:59:59 GMT"),
    ])
    func imfFixdate(seconds: Int64, expected: String) {
        #expect(HTTPDate.format(epochSeconds: seconds) == expected)
    }
}
