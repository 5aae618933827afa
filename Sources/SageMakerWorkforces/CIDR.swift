/// An IP address, IPv4 or IPv6, as bytes (4 or 16).
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { bytes.count == 16 }

    /// Parses dotted-quad IPv4 (RFC 791 text form: four decimal octets 0–255, no leading zeros)
    /// or IPv6 text (RFC 4291 §2.2, including `::` and a trailing dotted quad).
    public init?(_ text: some StringProtocol) {
        if let v4 = Self.parseIPv4(Substring(text)) {
            bytes = v4
        } else if let v6 = Self.parseIPv6(Substring(text)) {
            bytes = v6
        } else {
            return nil
        }
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

    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
            guard part.count == 1 || part.first != "0" else { return nil }  // "010" is ambiguous (octal in some stacks)
            guard let octet = UInt8(part) else { return nil }
            result.append(octet)
        }
        return result
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }

        func groups(_ part: Substring, allowTrailingIPv4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (position, piece) in pieces.enumerated() {
                if allowTrailingIPv4, position == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                    continue
                }
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), let value = UInt16(piece, radix: 16) else {
                    return nil
                }
                result.append(value)
            }
            return result
        }

        var all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowTrailingIPv4: false),
                let tail = groups(halves[1], allowTrailingIPv4: true),
                head.count + tail.count <= 7
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(halves[0], allowTrailingIPv4: true), only.count == 8 else { return nil }
            all = only
        }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

extension Substring {
    fileprivate func components(separatedBy separator: String) -> [Substring] {
        var result: [Substring] = []
        var rest = self[...]
        while let range = rest.firstRange(of: separator) {
            result.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        result.append(rest)
        return result
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
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
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(parts[0]) else { return nil }
        let prefix = parts[1]
        guard (1...3).contains(prefix.count), prefix.allSatisfy(\.isASCIIDigitCharacter),
            prefix.count == 1 || prefix.first != "0", let length = Int(prefix),
            length <= address.bytes.count * 8
        else { return nil }
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
