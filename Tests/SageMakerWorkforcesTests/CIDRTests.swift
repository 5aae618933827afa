import Testing

@testable import SageMakerWorkforces

private func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }
private func cidr(_ text: String) throws -> CIDR { try #require(CIDR(text)) }

@Suite struct IPAddressTests {
    @Test func ipv4Bytes() throws {
        #expect(try address("0.0.0.0").bytes == [0, 0, 0, 0])
        #expect(try address("255.255.255.255").bytes == [255, 255, 255, 255])
        #expect(try address("10.1.20.200").bytes == [10, 1, 20, 200])
        #expect(try !address("10.1.20.200").isIPv6)
        #expect(try address("10.1.20.200").description == "10.1.20.200")
    }

    @Test(arguments: [
        "256.0.0.0", "1.2.3.256", "010.0.0.1", "1.2.3.04", "00.1.2.3", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3",
        "1.2.3.-4", "1.2.3.+4", "a.b.c.d", " 1.2.3.4", "1.2.3.4 ", "1.2.3.1000", "",
    ])
    func invalidIPv4(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv6Forms() throws {
        #expect(try address("::").bytes == Array(repeating: 0, count: 16))
        #expect(try address("::1").bytes == Array(repeating: 0, count: 15) + [1])
        #expect(try address("2001:db8::").bytes == [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 12))
        #expect(try address("2001:DB8::1").bytes == [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])
        #expect(
            try address("2001:0db8:0001:0002:0003:0004:0005:0006").bytes
                == [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6])
        #expect(try address("1:2:3:4:5:6:7::").bytes == [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0])
        #expect(try address("::ffff:1.2.3.4").bytes == Array(repeating: 0, count: 10) + [0xff, 0xff, 1, 2, 3, 4])
        #expect(try address("1:2:3:4:5:6:1.2.3.4").bytes == [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4])
        #expect(try address("::1").isIPv6)
    }

    @Test(arguments: [
        ":::", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::", "g::1", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "1.2.3.4::", "::ffff:1.2.3.256", "::ffff:01.2.3.4", "fe80::1%eth0", ":1::", "1:", "[::1]",
    ])
    func invalidIPv6(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func unmappingIPv4() throws {
        #expect(try address("::ffff:10.1.2.3").unmappingIPv4 == address("10.1.2.3"))
        #expect(try address("::fffe:10.1.2.3").unmappingIPv4 == address("::fffe:10.1.2.3"))
        #expect(try address("10.1.2.3").unmappingIPv4 == address("10.1.2.3"))
    }

    @Test func rawBytesMustBeFourOrSixteen() {
        #expect(IPAddress(bytes: [1, 2, 3, 4]) != nil)
        #expect(IPAddress(bytes: Array(repeating: 0, count: 16)) != nil)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
        #expect(IPAddress(bytes: Array(repeating: 0, count: 6)) == nil)
    }
}

@Suite struct CIDRTests {
    @Test(arguments: 0...32)
    func everyIPv4PrefixIsAccepted(prefix: Int) throws {
        let block = try cidr("10.0.0.0/\(prefix)")
        #expect(block.prefixLength == prefix)
        #expect(!block.isIPv6)
    }

    @Test(arguments: [0, 1, 32, 64, 127, 128])
    func ipv6PrefixesAreAccepted(prefix: Int) throws {
        let block = try cidr("2001:db8::/\(prefix)")
        #expect(block.prefixLength == prefix)
        #expect(block.isIPv6)
    }

    @Test(arguments: [
        "::/0", "2001:db8::/32", "2001:0db8:0000:0000:0000:0000:0000:0001/128", "::ffff:1.2.3.4/128", "::1/128", "fe80::/10",
        "0.0.0.0/0", "255.255.255.255/32", "192.168.1.0/24",
    ])
    func validBlocks(text: String) throws {
        #expect(try cidr(text).text == text)
    }

    @Test(arguments: [
        "10.0.0.0/33", "256.0.0.0/8", "010.0.0.0/8", "10.0.0.0", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/+8",
        "10.0.0.0/8/8", "10.0.0/8", "/8", "10.0.0.0/ 8", "10.0.0.0 /8", "::/129", "2001:db8:::/48", "1:2:3:4:5:6:7:8:9/128",
        "2001:db8::/1000", "fe80::1%eth0/64", "", "a/b", "10.0.0.0/3a",
    ])
    func invalidBlocks(text: String) {
        #expect(CIDR(text) == nil)
    }

    @Test func hostBitsAreKeptAsGiven() throws {
        let block = try cidr("10.0.0.1/16")
        #expect(block.text == "10.0.0.1/16")
        #expect(block.description == "10.0.0.1/16")
        #expect(block.address == (try address("10.0.0.1")))
        #expect(try block.contains(address("10.0.255.255")))
        #expect(try block.contains(address("10.0.0.0")))
        #expect(try !block.contains(address("10.1.0.0")))
    }

    @Test func ipv4Containment() throws {
        let block = try cidr("192.168.4.0/22")
        #expect(try block.contains(address("192.168.4.0")))
        #expect(try block.contains(address("192.168.7.255")))
        #expect(try !block.contains(address("192.168.8.0")))
        #expect(try !block.contains(address("192.168.3.255")))
        #expect(try cidr("0.0.0.0/0").contains(address("203.0.113.9")))
        #expect(try cidr("203.0.113.9/32").contains(address("203.0.113.9")))
        #expect(try !cidr("203.0.113.9/32").contains(address("203.0.113.8")))
        #expect(try cidr("128.0.0.0/1").contains(address("200.0.0.1")))
        #expect(try !cidr("128.0.0.0/1").contains(address("127.255.255.255")))
    }

    @Test func ipv6Containment() throws {
        let block = try cidr("2001:db8::/32")
        #expect(try block.contains(address("2001:db8::1")))
        #expect(try block.contains(address("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")))
        #expect(try !block.contains(address("2001:db9::")))
        #expect(try cidr("::/0").contains(address("2001:db8::1")))
        #expect(try cidr("2001:db8::1/128").contains(address("2001:db8::1")))
        #expect(try !cidr("2001:db8::1/128").contains(address("2001:db8::2")))
        #expect(try cidr("fe80::/10").contains(address("febf::1")))
        #expect(try !cidr("fe80::/10").contains(address("fec0::1")))
    }

    @Test func familiesDoNotMixExceptIPv4Mapped() throws {
        #expect(try cidr("10.0.0.0/8").contains(address("::ffff:10.1.2.3")))
        #expect(try !cidr("10.0.0.0/8").contains(address("::ffff:11.1.2.3")))
        #expect(try !cidr("0.0.0.0/0").contains(address("2001:db8::1")))
        #expect(try !cidr("2001:db8::/32").contains(address("10.0.0.1")))
    }
}

/// The byte-level parsers accept exactly what the Character-based ones did (``ReferenceParser``).
@Suite struct CIDRParserEquivalenceTests {
    private func expectSame(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let new = CIDR(text).map { ($0.address.bytes, $0.prefixLength) }
        let old = ReferenceParser.cidr(text)
        #expect(new?.0 == old?.0 && new?.1 == old?.1, "\(text.debugDescription)", sourceLocation: sourceLocation)
        let address = text.split(separator: "/", maxSplits: 1).first ?? ""
        #expect(IPAddress(address)?.bytes == ReferenceParser.ipAddress(address), "\(address.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func edgeCases() {
        for text in [
            "10.0.0.0/16", "0.0.0.0/0", "255.255.255.255/32", "256.0.0.0/8", "1.2.3/8", "1.2.3.4.5/8", "01.2.3.4/8",
            "0.0.0.0/00", "1.2.3.4/33", "1.2.3.4/032", "1.2.3.4//8", "1.2.3.4/8/8", "1.2.3.4/", "/8", "", "1..2.3/8",
            "::/0", "::1/128", "2001:db8::/32", "2001:db8::1::2/64", ":::/8", "::ffff:10.0.0.1/128", "1:2:3:4:5:6:7:8/64",
            "1:2:3:4:5:6:7:8:9/64", "1:2:3:4:5:6:7::/64", "1::2:3:4:5:6:7:8/64", "12345::/16", "g::/16", "::1.2.3.4.5/96",
            "1:2:3:4:5:6:1.2.3.4/96", "1:2:3:4:5:6:7:1.2.3.4/96", "::1.2.3.4:5/96", "fe80::1%eth0/64", "FE80::ABCD/10",
            "1.2.3.4 /8", " 1.2.3.4/8", "１.2.3.4/8", "1.2.3.4/８", "2001:db8::/1\u{301}", "a\u{301}::/8", "1.2.3.4\r\n/8",
            "::/129", "1:2:3:4:5:6:7:8/128", ":1:2:3:4:5:6:7/8", "1:2:3:4:5:6:7:/8", "0:0:0:0:0:0:0:0/0",
        ] {
            expectSame(text)
        }
    }

    @Test func randomInputFromTheCharactersThatMatter() {
        let alphabet = Array("0123456789abcdefABCDEFg.:/ ")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<30_000 {
            let length = Int.random(in: 0...24, using: &generator)
            expectSame(String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "0" }))
        }
        // Mostly well-formed: numbers and groups with random separators.
        for _ in 0..<10_000 {
            var text = ""
            for position in 0..<Int.random(in: 1...9, using: &generator) {
                if position > 0 { text += ["." , ":", "::", ".", ":"].randomElement(using: &generator) ?? "." }
                text += String(Int.random(in: 0...300, using: &generator), radix: Bool.random(using: &generator) ? 10 : 16)
            }
            text += "/" + String(Int.random(in: 0...130, using: &generator))
            expectSame(text)
        }
    }
}
