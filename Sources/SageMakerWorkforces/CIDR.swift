/// An IP address, IPv4 or IPv6, as bytes (4 or 16).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { bytes.count == 16 }

    /// Parses dotted-quad IPv4 (RFC 791 text form: four decimal octets 0–255, no leading zeros)
    /// or IPv6 text (RFC 4291 §2.2, including `::` and a trailing dotted quad).
    public init?(_ text: some StringProtocol) {
        self.init(utf8: Array(text.utf8)[...])
    }

    /// Parses the UTF-8 bytes of an address (see ``init(_:)``).
    init?(utf8 text: ArraySlice<UInt8>) {
        guard let bytes = Self.parseIPv4(text) ?? Self.parseIPv6(text) else { return nil }
        self.bytes = bytes
    }

    /// An address from raw bytes (4 or 16).
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// For an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), the IPv4 address; otherwise self.
    public var unmappingIPv4: IPAddress {
        guard isIPv6, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF,
            let v4 = IPAddress(bytes: Array(bytes[12..<16]))
        else { return self }
        return v4
    }

    /// RFC 5952 text: IPv4 dotted; IPv6 lowercase with the longest run of zero groups (two or more)
    /// as `::`, and IPv4-mapped addresses as `::ffff:a.b.c.d`.
    public var description: String {
        if !isIPv6 { return bytes.map(String.init).joined(separator: ".") }
        if unmappingIPv4 != self { return "::ffff:\(unmappingIPv4)" }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < groups.count {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < groups.count, groups[index] == 0 { index += 1 }
            if index - start > best.length { best = (start, index - start) }
        }
        let text = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return text.joined(separator: ":") }
        let head = text[..<best.start].joined(separator: ":")
        let tail = text[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    // The parsers work on UTF-8 bytes: every valid character is ASCII, and the Character-based ones they
    // replace cost about 45,000 instructions a CIDR on every UpdateWorkforce (issue 15). They accept
    // exactly what those did (CIDRTests compares them on random and edge-case input).

    /// Four decimal octets 0–255 separated by `.`, each 1–3 digits with no leading zero.
    static func parseIPv4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(4)
        var value = 0
        var digits = 0
        for byte in text {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, result.count < 3 else { return nil }
                result.append(UInt8(value))
                value = 0
                digits = 0
            } else if let digit = decimalDigit(byte) {
                // "010" is ambiguous (octal in some stacks): a leading zero only alone.
                guard digits < 3, digits == 0 || value != 0 else { return nil }
                value = value * 10 + digit
                digits += 1
                guard value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, result.count == 3 else { return nil }
        result.append(UInt8(value))
        return result
    }

    /// Eight groups of 1–4 hex digits separated by `:`, one `::` standing for the zero groups it hides,
    /// the last 32 bits optionally a dotted quad.
    static func parseIPv6(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.contains(UInt8(ascii: ":")), text.count <= 45 else { return nil }
        var all: [UInt16]
        if let gap = doubleColon(in: text) {
            let tailStart = gap + 2
            guard doubleColon(in: text[tailStart...]) == nil,
                let head = groups(text[..<gap], allowTrailingIPv4: false),
                let tail = groups(text[tailStart...], allowTrailingIPv4: true),
                head.count + tail.count <= 7
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(text, allowTrailingIPv4: true), only.count == 8 else { return nil }
            all = only
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for group in all {
            bytes.append(UInt8(group >> 8))
            bytes.append(UInt8(group & 0xFF))
        }
        return bytes
    }

    /// Where the first `::` starts.
    private static func doubleColon(in text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        while index + 1 < text.endIndex {
            if text[index] == UInt8(ascii: ":"), text[index + 1] == UInt8(ascii: ":") { return index }
            index += 1
        }
        return nil
    }

    /// The `:`-separated groups of one side of `::` (empty pieces are errors; an empty side is none).
    private static func groups(_ part: ArraySlice<UInt8>, allowTrailingIPv4: Bool) -> [UInt16]? {
        if part.isEmpty { return [] }
        var result: [UInt16] = []
        var pieceStart = part.startIndex
        while true {
            let pieceEnd = part[pieceStart...].firstIndex(of: UInt8(ascii: ":")) ?? part.endIndex
            let piece = part[pieceStart..<pieceEnd]
            let isLast = pieceEnd == part.endIndex
            if allowTrailingIPv4, isLast, piece.contains(UInt8(ascii: ".")) {
                guard let v4 = parseIPv4(piece) else { return nil }
                result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
            } else {
                guard (1...4).contains(piece.count) else { return nil }
                var value: UInt16 = 0
                for byte in piece {
                    guard let digit = hexDigit(byte) else { return nil }
                    value = value << 4 | digit
                }
                result.append(value)
            }
            if isLast { return result }
            pieceStart = pieceEnd + 1
        }
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func hexDigit(_ byte: UInt8) -> UInt16? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt16(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt16(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt16(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}

/// A CIDR block (RFC 4632 for IPv4, RFC 4291 §2.3 for IPv6): an address and a prefix length.
///
/// Parsed, not only pattern-matched (spec §3). Host bits may be set (`10.0.0.1/16` is accepted and
/// kept as given, spec §7); matching uses only the prefix.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The address as written.
    public let address: IPAddress
    /// The prefix length: 0–32 for IPv4, 0–128 for IPv6.
    public let prefixLength: Int
    /// The text the caller gave, kept exactly.
    public let text: String

    /// Parses `address/prefix`; nil unless both parts are valid and the prefix fits the family.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")),
            let address = IPAddress(utf8: utf8[..<slash])
        else { return nil }
        let prefix = utf8[(slash + 1)...]
        guard (1...3).contains(prefix.count), prefix.first != UInt8(ascii: "0") || prefix.count == 1 else { return nil }
        var length = 0
        for byte in prefix {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }  // a second "/" too
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
        }
        guard length <= address.bytes.count * 8 else { return nil }
        self.address = address
        self.prefixLength = length
        self.text = text
    }

    /// Whether this is an IPv6 block.
    public var isIPv6: Bool { address.isIPv6 }

    /// Whether `candidate` lies inside the block. IPv4-mapped IPv6 addresses match IPv4 blocks.
    public func contains(_ candidate: IPAddress) -> Bool {
        let candidate = isIPv6 ? candidate : candidate.unmappingIPv4
        guard candidate.bytes.count == address.bytes.count else { return false }
        var remaining = prefixLength
        for index in 0..<address.bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if candidate.bytes[index] & mask != address.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The text as given.
    public var description: String { text }
}
