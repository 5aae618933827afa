import Testing
import Digest

/// Bytes from a hex string written in the test (RFC 4231 writes keys and data that way).
private func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8).map { $0 <= 0x39 ? $0 - 0x30 : ($0 | 0x20) - 0x61 + 10 }
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// A deterministic generator (SplitMix64) so that a failing split can be reproduced from its seed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("héllo wörld 🎉", "88887bb90756341fffb0054b79689cf2cbf38d266b236ec83e657a03d284fd28"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hash(message).hexString == digest)
        #expect(SHA256.hash(Array(message.utf8)).hexString == digest)
    }

    /// Lengths around the padding boundaries: 55 bytes is the last that fits the length field in
    /// the same block, 56…63 need an extra block, 64 and 119/120 repeat this one block later.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: length)).hexString == digest)
    }

    @Test func oneMillionAInUnevenChunks() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        var hasher = SHA256()
        var fed = 0
        var size = 1
        // Chunk sizes cycle through 1…997 so that chunks straddle block boundaries at every offset.
        while fed < 1_000_000 {
            let take = min(size, 1_000_000 - fed)
            hasher.update(chunk[0..<take])
            fed += take
            size = size % 997 + 1
        }
        #expect(hasher.finalize().hexString == expected)
        #expect(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)).hexString == expected)
    }

    @Test(arguments: [1, 2, 3, 42, 0xdead_beef] as [UInt64])
    func incrementalEqualsOneShot(seed: UInt64) {
        var random = SplitMix64(state: seed)
        for _ in 0..<20 {
            let length = Int.random(in: 0...700, using: &random)
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let oneShot = SHA256.hash(message)

            var hasher = SHA256()
            var start = 0
            while start < length {
                let end = min(length, start + Int.random(in: 0...130, using: &random))
                // Alternate between the overloads so each one is exercised at random offsets.
                switch Int.random(in: 0..<3, using: &random) {
                case 0: hasher.update(Array(message[start..<end]))
                case 1: message[start..<end].withUnsafeBytes { hasher.update($0) }
                default: hasher.update(message[start..<end].lazy.map { $0 })  // not contiguous
                }
                start = end
            }
            #expect(hasher.finalize() == oneShot, "seed \(seed), length \(length)")
        }
    }

    @Test func stringAndBytesAgree() {
        var hasher = SHA256()
        hasher.update("héllo ")
        hasher.update(Array("wörld 🎉".utf8))
        #expect(hasher.finalize() == SHA256.hash("héllo wörld 🎉"))
    }

    @Test func hasherIsAValue() {
        // A copy continues independently: the struct holds no shared reference.
        var first = SHA256()
        first.update("ab")
        var second = first
        first.update("c")
        second.update("d")
        #expect(first.finalize() == SHA256.hash("abc"))
        #expect(second.finalize() == SHA256.hash("abd"))
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect([0x00, 0x0f, 0xa0, 0xff, 0x5c].hexString == "000fa0ff5c")
        #expect([UInt8]().hexString == "")
    }
}

@Suite struct HMACSHA256Tests {
    /// RFC 4231 §4.2–4.8, except test case 5 (truncated output, not offered here).
    @Test(arguments: [
        (1, bytes(hex: String(repeating: "0b", count: 20)), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (2, Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (3, bytes(hex: String(repeating: "aa", count: 20)), bytes(hex: String(repeating: "dd", count: 50)),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (4, bytes(hex: "0102030405060708090a0b0c0d0e0f10111213141516171819"), bytes(hex: String(repeating: "cd", count: 50)),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (6, bytes(hex: String(repeating: "aa", count: 131)),
         Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (7, bytes(hex: String(repeating: "aa", count: 131)),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(testCase: Int, key: [UInt8], message: [UInt8], mac: String) {
        #expect(HMACSHA256.authenticationCode(key: key, message: message).hexString == mac, "test case \(testCase)")
    }

    @Test func keyOfExactlyOneBlockIsNotHashed() {
        // 64 bytes is used as is, 65 is hashed first: the boundary of RFC 2104's key rule.
        #expect(HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x6b, count: 64), message: Array("msg".utf8)).hexString
            == "d62ad25bb128e96ab6ef43464aaf2bb91b5b85f013381e9ba6be747e8d0911b2")
        #expect(HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x6b, count: 65), message: Array("msg".utf8)).hexString
            == "c65585780e821bd312cfaa440c33cb28d6af6b323d4977ae83934834ce589e38")
    }
}
