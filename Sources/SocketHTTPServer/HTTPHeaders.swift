/// An ordered list of HTTP header fields (RFC 9110 §5).
///
/// Order and duplicates are kept exactly as received or added; name lookups compare
/// case-insensitively (RFC 9110 §5.1: field names are case-insensitive). Equality compares
/// names and values exactly, in order.
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One field line.
    struct Field: Sendable, Equatable {
        var name: String
        var value: String
    }

    private var fields: [Field]

    /// Creates headers from (name, value) pairs, kept in the given order.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Creates headers from a literal such as `["Content-Type": "text/plain"]`, in literal order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The value of the first field named `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.namesMatch($0.name, name) }?.value
    }

    /// The values of every field named `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        var values: [String] = []
        // By index, not `for field in fields`: that copies each field (two retains and releases) to look at its name.
        for index in fields.indices where Self.namesMatch(fields[index].name, name) { values.append(fields[index].value) }
        return values
    }

    /// Reserves room for `count` fields (the parser does, so a typical request's fields need one allocation).
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Appends a field, keeping any existing ones with the same name.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces the first field named `name` (case-insensitive) and removes the others; appends if absent.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.namesMatch($0.name, name) }) else {
            fields.append(Field(name: name, value: value))
            return
        }
        fields[first] = Field(name: name, value: value)
        var index = fields.count - 1
        while index > first {
            if Self.namesMatch(fields[index].name, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    /// Whether at least one field is named `name` (case-insensitive).
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesMatch($0.name, name) }
    }

    /// Whether a comma-separated list header (such as `Connection`) holds `token`, compared case-insensitively
    /// (RFC 9110 §5.6.1 lists, §7.6.1 connection options).
    public func containsToken(_ token: String, in name: String) -> Bool {
        for index in fields.indices where Self.namesMatch(fields[index].name, name) && Self.list(fields[index].value, containsToken: token) {
            return true
        }
        return false
    }

    /// Whether the comma-separated `list` has an element equal to `token` once optional whitespace is
    /// trimmed, ASCII case-insensitively. Works on the bytes: it runs for `Connection` on every request.
    static func list(_ list: String, containsToken token: String) -> Bool {
        var list = list
        var token = token
        return list.withUTF8 { bytes in
            token.withUTF8 { wanted in
                var found = false
                forEachListElement(bytes) { element in
                    found = !wanted.isEmpty && element.count == wanted.count
                        && wanted.indices.allSatisfy { asciiLower(bytes[element.lowerBound + $0]) == asciiLower(wanted[$0]) }
                    return !found
                }
                return found
            }
        }
    }

    /// The number of field lines.
    public var count: Int { fields.count }

    /// Whether there are no field lines.
    public var isEmpty: Bool { fields.isEmpty }

    /// Iterates the fields in order as `(name, value)`.
    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Field]>

        /// The next field, or nil after the last one.
        public mutating func next() -> (name: String, value: String)? {
            guard let field = base.next() else { return nil }
            return (name: field.name, value: field.value)
        }
    }

    /// Iterates the fields in order as `(name, value)`.
    public func makeIterator() -> Iterator {
        Iterator(base: fields.makeIterator())
    }

    /// The fields as `name: value` lines, for debugging.
    public var description: String {
        fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// ASCII case-insensitive comparison; field names are tokens, so ASCII folding is exact.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        // Most names differ in length: decide that before touching the bytes.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                for index in left.indices where asciiLower(left[index]) != asciiLower(right[index]) {
                    return false
                }
                return true
            }
        }
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
