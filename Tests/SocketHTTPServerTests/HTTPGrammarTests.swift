import Testing

@testable import SocketHTTPServer

@Suite struct HTTPGrammarTests {
    /// The byte-by-byte rule, as RFC 9110 §5.5 states it: the oracle for the sixteen-at-a-time test.
    private func oracle(_ bytes: [UInt8]) -> Bool {
        bytes.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }
    }

    private func fast(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { containsControl($0) }
    }

    @Test func findsEveryControlByteAtEveryPositionAndLength() {
        let controls: [UInt8] = Array(0x00..<0x20).filter { $0 != 0x09 } + [0x7F]
        // Short values (byte by byte), one block, blocks and an overlapping last block.
        for length in 1...40 {
            for position in 0..<length {
                for control in controls {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[position] = control
                    #expect(fast(bytes), "0x\(String(control, radix: 16)) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func allowsTabsObsTextAndEveryVisibleByte() {
        let allowed: [UInt8] = [0x09, 0x20] + Array(0x21..<0x7F) + Array(0x80...0xFF)
        #expect(!fast(allowed))
        #expect(!fast([]))
        #expect(!fast([UInt8](repeating: 0x09, count: 17)))
        #expect(!fast([UInt8](repeating: 0x80, count: 16)))
        #expect(!fast([UInt8](repeating: 0xFF, count: 9)))
    }

    @Test func agreesWithTheByteByByteRuleOnRandomValues() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0x9F, 0xC3, 0xFF]
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            // Mostly harmless bytes, so that both answers come up often.
            let bytes = (0..<length).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0
                    ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0x20...0x7E, using: &generator)
            }
            #expect(fast(bytes) == oracle(bytes), "\(bytes)")
        }
    }

    /// RFC 9110 §5.6.2's tchar list, written out: the oracle for the bitmap.
    @Test func tokenBytesAreExactlyTheTcharList() {
        let tchar = Set(Array("!#$%&'*+-.^_`|~0123456789".utf8) + Array("abcdefghijklmnopqrstuvwxyz".utf8) + Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))
        for byte in 0...255 {
            #expect(isTokenByte(UInt8(byte)) == tchar.contains(UInt8(byte)), "byte \(byte)")
        }
    }

    private func requestLine(_ text: String) throws(HTTPParseError) -> (method: String, target: String, versionMinor: Int) {
        let bytes = Array(text.utf8)
        var result: Result<(method: String, target: String, versionMinor: Int), HTTPParseError>!
        bytes.withUnsafeBufferPointer { line in
            do throws(HTTPParseError) { result = .success(try HTTPGrammar.requestLine(line)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// Common methods and the root target come back as literals, others as decoded: the same text
    /// either way, methods case-sensitive (RFC 9110 §9.1), near misses kept as sent.
    @Test(arguments: [
        ("POST / HTTP/1.1", "POST", "/", 1), ("GET / HTTP/1.0", "GET", "/", 0), ("HEAD /x HTTP/1.1", "HEAD", "/x", 1),
        ("post / HTTP/1.1", "post", "/", 1), ("POSTS // HTTP/1.1", "POSTS", "//", 1), ("PUT * HTTP/1.1", "PUT", "*", 1),
        ("GE /a?b=c HTTP/1.1", "GE", "/a?b=c", 1), ("HEAP / HTTP/1.1", "HEAP", "/", 1), ("PSST / HTTP/1.1", "PSST", "/", 1),
        ("GeT / HTTP/1.1", "GeT", "/", 1), ("poST / HTTP/1.1", "poST", "/", 1), ("hEAD / HTTP/1.1", "hEAD", "/", 1), ("X . HTTP/1.1", "X", ".", 1),
    ])
    func requestLineReadsMethodTargetAndVersion(line: String, method: String, target: String, minor: Int) throws {
        let parsed = try requestLine(line)
        #expect(parsed.method == method && parsed.target == target && parsed.versionMinor == minor)
    }

    /// The version is `HTTP/` and two digits exactly (RFC 9112 §2.3), checked byte by byte.
    @Test(arguments: [
        ("POST / http/1.1", HTTPParseError.invalidRequestLine), ("POST / HTTP/1.", .invalidRequestLine),
        ("POST / HTTX/1.1", .invalidRequestLine), ("POST / XTTP/1.1", .invalidRequestLine), ("POST / HTTP-1.1", .invalidRequestLine),
        ("POST / HTTP/1.10", .invalidRequestLine), ("POST / HTTP/2.0", .unsupportedVersion), ("POST / HTTP/1.2", .unsupportedVersion),
        ("POST / HTtP/1.1", .invalidRequestLine), ("POST / HTTP/1x1", .invalidRequestLine),
    ])
    func requestLineVersionsOutOfGrammarAreRefused(line: String, error: HTTPParseError) {
        #expect(throws: error) { try requestLine(line) }
    }
}
