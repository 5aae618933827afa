/// `name=value&…` as in a URL's query or an `application/x-www-form-urlencoded` body (WHATWG URL
/// "application/x-www-form-urlencoded parsing"): pairs split on `&`, each on its first `=`, `+` read as
/// a space, `%XX` decoded as UTF-8 (lossily), a malformed `%` kept as it is.
///
/// The one place the journal and the dashboard read parameters, so it is one call to swap once the
/// transport's `HTTPRequest` carries parsed query parameters.
enum QueryString {
    /// The pairs of `query` in order (a name may repeat); empty pieces are skipped.
    static func parameters(_ query: String?) -> [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        var pairs: [(name: String, value: String)] = []
        for piece in query.utf8.split(separator: UInt8(ascii: "&")) where !piece.isEmpty {
            let equals = piece.firstIndex(of: UInt8(ascii: "="))
            let name = equals.map { piece[piece.startIndex..<$0] } ?? piece[...]
            let value = equals.map { piece[piece.index(after: $0)...] } ?? piece[piece.endIndex...]
            pairs.append((decode(name), decode(value)))
        }
        return pairs
    }

    /// The parameters of a form body (the same syntax as a query).
    static func parameters(formBody body: [UInt8]) -> [(name: String, value: String)] {
        parameters(String(decoding: body, as: UTF8.self))
    }

    /// One name or value, `+` and `%XX` decoded.
    static func decode(_ encoded: Substring.UTF8View) -> String {
        guard encoded.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(decoding: encoded, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = encoded.index(index, offsetBy: 1, limitedBy: encoded.endIndex),
                high < encoded.endIndex, let low = encoded.index(high, offsetBy: 1, limitedBy: encoded.endIndex), low < encoded.endIndex,
                let highValue = hexValue(encoded[high]), let lowValue = hexValue(encoded[low])
            {
                bytes.append(highValue << 4 | lowValue)
                index = low
            } else {
                bytes.append(byte)
            }
            index = encoded.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of one hexadecimal digit.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
