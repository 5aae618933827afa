/// The list syntax of field values (RFC 9110 §5.6.1, §5.6.3) and ASCII case folding, on bytes and text.
extension HTTPHeaders {
    /// Whether the comma-separated `list` has an element equal to `token` once optional whitespace is
    /// trimmed, ASCII case-insensitively.
    static func list(_ list: String, containsToken token: String) -> Bool {
        var list = list
        var token = token
        return list.withUTF8 { bytes in token.withUTF8 { wanted in Self.list(bytes, containsToken: wanted) } }
    }

    /// ``list(_:containsToken:)`` on bytes: it runs for `Connection` on every request.
    static func list(_ bytes: UnsafeBufferPointer<UInt8>, containsToken wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        var found = false
        forEachListElement(bytes) { element in
            found = !wanted.isEmpty && element.count == wanted.count
                && wanted.indices.allSatisfy { asciiLower(bytes[element.lowerBound + $0]) == asciiLower(wanted[$0]) }
            return !found
        }
        return found
    }
}

/// Calls `body` with the bounds of each element of a comma-separated list (RFC 9110 §5.6.1) in `bytes`,
/// optional whitespace trimmed, empty elements included, until `body` returns false.
func forEachListElement(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
    var start = 0
    while start <= bytes.count {
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: ",") { end += 1 }
        var first = start
        var last = end
        while first < last, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
        while last > first, bytes[last - 1] == UInt8(ascii: " ") || bytes[last - 1] == UInt8(ascii: "\t") { last -= 1 }
        guard body(first..<last) else { return }
        start = end + 1
    }
}

/// Lowercases ASCII letters only; other bytes are unchanged.
@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
}

/// A string with its ASCII letters lowercased.
func asciiLowercased<S: StringProtocol>(_ string: S) -> String {
    String(decoding: string.utf8.map(asciiLower), as: UTF8.self)
}

/// Drops leading and trailing SP / HTAB (RFC 9110 §5.6.3 OWS).
func trimmingOptionalWhitespace(_ string: Substring) -> Substring {
    var result = string
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return result
}
