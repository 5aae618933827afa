@testable import SageMakerWorkforces

/// The Character-based parsers CIDR.swift had before issue 15 (they cost ~45,000 instructions a CIDR on
/// every UpdateWorkforce), kept as the oracle the byte-level ones are compared with.
enum ReferenceParser {
    static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isReferenceDigit) else { return nil }
            guard part.count == 1 || part.first != "0" else { return nil }  // "010" is ambiguous (octal in some stacks)
            guard let octet = UInt8(part) else { return nil }
            result.append(octet)
        }
        return result
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        let halves = text.referenceComponents(separatedBy: "::")
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

    /// The old CIDR.init's answer: (address bytes, prefix length), or nil.
    static func cidr(_ text: String) -> ([UInt8], Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = ipAddress(parts[0]) else { return nil }
        let prefix = parts[1]
        guard (1...3).contains(prefix.count), prefix.allSatisfy(\.isReferenceDigit),
            prefix.count == 1 || prefix.first != "0", let length = Int(prefix),
            length <= address.count * 8
        else { return nil }
        return (address, length)
    }

    static func ipAddress(_ text: Substring) -> [UInt8]? { parseIPv4(text) ?? parseIPv6(text) }
}

extension Substring {
    fileprivate func referenceComponents(separatedBy separator: String) -> [Substring] {
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
    fileprivate var isReferenceDigit: Bool { isASCII && isNumber }
}
