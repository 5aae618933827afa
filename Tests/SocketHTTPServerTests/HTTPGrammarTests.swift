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
}
