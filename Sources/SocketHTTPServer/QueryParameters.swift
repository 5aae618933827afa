/// The parameters of a request-target's query, parsed once when the request is made.
///
/// Parsed as the WHATWG URL Standard's `application/x-www-form-urlencoded` parser does
/// (https://url.spec.whatwg.org/#urlencoded-parsing): split at `&`, empty pieces skipped, each split
/// at its first `=` (no `=`: the value is empty), `+` read as a space, then `%XX` percent-decoded
/// (RFC 3986 §2.1; a `%` not followed by two hex digits stays as it is) and the bytes read as UTF-8,
/// invalid sequences becoming U+FFFD. Names are compared exactly; order and repeats are kept.
/// Iterates as `(name, value)`.
/// The raw query stays in ``HTTPRequest/query`` for what needs it verbatim (SigV4's canonical query).
public struct QueryParameters: Sendable, Equatable, Sequence {
    /// One `name=value` pair, decoded; the value is empty when the pair had no `=`.
    struct Parameter: Sendable, Equatable {
        var name: String
        var value: String
    }

    private var parameters: [Parameter]

    /// Parses `query` (the request-target after `?`, without it); nil or empty gives no parameters.
    public init(_ query: String?) {
        guard let query, !query.isEmpty else {
            parameters = []
            return
        }
        parameters = query.utf8.split(separator: UInt8(ascii: "&")).map { pair in
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else {
                return Parameter(name: Self.decode(pair), value: "")
            }
            return Parameter(name: Self.decode(pair[..<equals]), value: Self.decode(pair[pair.index(after: equals)...]))
        }
    }

    /// The value of the first parameter named `name`, or nil.
    public subscript(name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// The values of every parameter named `name`, in order.
    public func values(for name: String) -> [String] {
        parameters.filter { $0.name == name }.map(\.value)
    }

    /// How many parameters there are.
    public var count: Int { parameters.count }

    /// Whether there are none.
    public var isEmpty: Bool { parameters.isEmpty }

    /// Iterates the parameters in order as `(name, value)`.
    public struct Iterator: IteratorProtocol {
        var base: IndexingIterator<[Parameter]>

        /// The next parameter, or nil after the last one.
        public mutating func next() -> (name: String, value: String)? {
            guard let parameter = base.next() else { return nil }
            return (name: parameter.name, value: parameter.value)
        }
    }

    /// Iterates the parameters in order as `(name, value)`, as ``HTTPHeaders`` does its fields.
    public func makeIterator() -> Iterator {
        Iterator(base: parameters.makeIterator())
    }

    /// `+` → space, `%XX` → its byte, then UTF-8 (lossily).
    private static func decode(_ text: Substring.UTF8View) -> String {
        guard text.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(Substring(text))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"),
                      let high = text.index(index, offsetBy: 1, limitedBy: text.endIndex), high < text.endIndex,
                      let low = text.index(high, offsetBy: 1, limitedBy: text.endIndex), low < text.endIndex,
                      let highValue = hexValue(text[high]), let lowValue = hexValue(text[low]) {
                bytes.append(highValue << 4 | lowValue)
                index = low
            } else {
                bytes.append(byte)
            }
            index = text.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
