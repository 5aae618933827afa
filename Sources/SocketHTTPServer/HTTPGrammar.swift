import Glibc

/// The grammar of the lines of a request head and of chunked framing (RFC 9112 §3, §5, §7.1; RFC 9110
/// §5, §8.6): pure functions over one line's bytes, line ending excluded. ``HTTPRequestParser`` finds
/// the lines and keeps the framing state; these say what a line means or why it is invalid.
enum HTTPGrammar {
    /// RFC 9112 §3: `request-line = method SP request-target SP HTTP-version`.
    static func requestLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (method: String, target: String, versionMinor: Int) {
        guard let firstSpace = line.firstIndex(of: UInt8(ascii: " ")),
              let secondSpace = line[(firstSpace + 1)...].firstIndex(of: UInt8(ascii: " ")),
              !line[(secondSpace + 1)...].contains(UInt8(ascii: " "))
        else { throw .invalidRequestLine }
        let methodRange = 0..<firstSpace
        let targetRange = (firstSpace + 1)..<secondSpace
        let versionRange = (secondSpace + 1)..<line.count
        guard !methodRange.isEmpty else { throw .invalidRequestLine }
        guard !targetRange.isEmpty else { throw .invalidTarget }

        // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT (case-sensitive).
        // Byte by byte: `starts(with: "HTTP/".utf8)` went through a generic path, about 240 instructions.
        let start = versionRange.lowerBound
        guard versionRange.count == 8, line[start] == UInt8(ascii: "H"), line[start + 1] == UInt8(ascii: "T"),
              line[start + 2] == UInt8(ascii: "T"), line[start + 3] == UInt8(ascii: "P"), line[start + 4] == UInt8(ascii: "/"),
              let major = digitValue(line[start + 5]),
              line[start + 6] == UInt8(ascii: "."),
              let minor = digitValue(line[start + 7])
        else { throw .invalidRequestLine }
        // RFC 9110 §15.6.6: a major version (or 1.x) we do not speak → 505.
        guard major == 1, minor <= 1 else { throw .unsupportedVersion }

        // RFC 9112 §3.1: method = token.
        for index in methodRange where !isTokenByte(line[index]) { throw .invalidMethod }
        // RFC 9112 §3.2 / RFC 3986: the target is visible ASCII; no whitespace, controls or raw UTF-8.
        for index in targetRange {
            let byte = line[index]
            if byte <= 0x20 || byte >= 0x7F { throw .invalidTarget }
        }
        let method = UnsafeBufferPointer(rebasing: line[methodRange])
        let target = UnsafeBufferPointer(rebasing: line[targetRange])
        return (
            commonMethod(method) ?? String(decoding: method, as: UTF8.self),
            target.count == 1 && target[0] == UInt8(ascii: "/") ? "/" : String(decoding: target, as: UTF8.self),
            minor
        )
    }

    /// The method as a literal when it is one that every API call (`POST`) or browser and probe (`GET`,
    /// `HEAD`) uses, instead of a `String` decoded from the bytes. Methods are case-sensitive (RFC 9110
    /// §9.1): only these exact bytes count.
    @inline(__always)
    private static func commonMethod(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch bytes.count {
        case 4 where bytes[0] == UInt8(ascii: "P") && bytes[1] == UInt8(ascii: "O") && bytes[2] == UInt8(ascii: "S")
            && bytes[3] == UInt8(ascii: "T"):
            "POST"
        case 3 where bytes[0] == UInt8(ascii: "G") && bytes[1] == UInt8(ascii: "E") && bytes[2] == UInt8(ascii: "T"):
            "GET"
        case 4 where bytes[0] == UInt8(ascii: "H") && bytes[1] == UInt8(ascii: "E") && bytes[2] == UInt8(ascii: "A")
            && bytes[3] == UInt8(ascii: "D"):
            "HEAD"
        default: nil
        }
    }

    /// RFC 9112 §5: `field-line = field-name ":" OWS field-value OWS`, for a line that is not empty.
    static func fieldLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (name: Range<Int>, value: Range<Int>) {
        // RFC 9112 §5.2: obs-fold (a line starting with SP/HTAB) → 400. This also covers whitespace
        // between the request-line and the first field (RFC 9112 §2.2).
        if let first = line.first, isOptionalWhitespace(first) { throw .obsoleteLineFolding }
        // One pass over the name: token bytes up to the colon. Anything else is an error, and the
        // checks below (in the order the rules are listed) say which.
        var colon = 0
        while colon < line.count, isTokenByte(line[colon]) { colon += 1 }
        if colon == 0 || colon == line.count || line[colon] != UInt8(ascii: ":") {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { throw .invalidHeaderName }
            // RFC 9112 §5.1: no whitespace between field name and colon; MUST reject with 400.
            if isOptionalWhitespace(line[colon - 1]) { throw .whitespaceBeforeColon }
            throw .invalidHeaderName
        }

        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, isOptionalWhitespace(line[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, isOptionalWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        // RFC 9110 §5.5: field-value = *( VCHAR / obs-text / SP / HTAB ); NUL and other CTLs → 400.
        if containsControl(UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])) { throw .invalidHeaderValue }
        return (0..<colon, valueStart..<valueEnd)
    }

    /// RFC 9110 §8.6 / RFC 9112 §6.3 item 5: `1*DIGIT`; identical repeated values (as separate
    /// fields or a list) collapse to one; differing values → 400. A valid but absurd length is `Int.max`.
    /// Nil when there is no `Content-Length` field. Read off the fields' bytes: it runs for every request.
    static func contentLength(of headers: HTTPHeaders) throws(HTTPParseError) -> Int? {
        var result: Int?
        var failure: HTTPParseError?
        var seen = false
        headers.forEachValue(of: .contentLength) { bytes in
            seen = true
            // Element by element between commas.
            forEachListElement(bytes) { element in
                guard !element.isEmpty else {
                    failure = .invalidContentLength
                    return false
                }
                var length = 0
                var overflow = false
                for byte in bytes[element] {
                    guard let digit = digitValue(byte) else {
                        failure = .invalidContentLength
                        return false
                    }
                    if !overflow {
                        let (times10, o1) = length.multipliedReportingOverflow(by: 10)
                        let (sum, o2) = times10.addingReportingOverflow(digit)
                        overflow = o1 || o2
                        length = sum
                    }
                }
                if overflow { length = Int.max }
                if let previous = result, previous != length {
                    failure = .conflictingContentLength
                    return false
                }
                result = length
                return true
            }
            return failure == nil
        }
        if let failure { throw failure }
        guard seen else { return nil }
        guard let result else { throw .invalidContentLength }
        return result
    }

    /// RFC 9112 §7.1: `chunk-size [ chunk-ext ]`, `chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )`.
    /// Extensions are ignored after checking they hold no control characters; returns their length
    /// (from the end of the size) so the parser can bound their total.
    static func chunkSizeLine(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (size: Int, extensionBytes: Int) {
        var index = 0
        var size = 0
        var overflow = false
        while index < line.count, let digit = hexValue(line[index]) {
            if !overflow {
                let (times16, o1) = size.multipliedReportingOverflow(by: 16)
                let (sum, o2) = times16.addingReportingOverflow(digit)
                overflow = o1 || o2
                size = sum
            }
            index += 1
        }
        guard index > 0 else { throw .invalidChunkSize }
        if overflow { throw .bodyTooLarge }
        guard index < line.count else { return (size, 0) }
        var extensionStart = index
        while extensionStart < line.count, isOptionalWhitespace(line[extensionStart]) { extensionStart += 1 }
        guard extensionStart < line.count, line[extensionStart] == UInt8(ascii: ";") else { throw .invalidChunkSize }
        if containsControl(UnsafeBufferPointer(rebasing: line[extensionStart...])) { throw .invalidChunkExtension }
        return (size, line.count - index)
    }
}

// MARK: - Byte classes

/// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
@inline(__always)
func isTokenByte(_ byte: UInt8) -> Bool {
    // The set as a 128-bit map (no tchar is above 0x7F): one shift and test per byte of every field
    // name. `HTTPGrammarTests` holds it equal to the list above.
    let low: UInt64 = 0x03FF_6CFA_0000_0000  // "!", "#"..."'", "*", "+", "-", ".", "0"..."9"
    let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE  // "A"..."Z", "^", "_", "`", "a"..."z", "|", "~"
    if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
    if byte < 128 { return (high >> UInt64(byte - 64)) & 1 == 1 }
    return false
}

/// RFC 9110 §5.6.3: OWS is SP / HTAB.
@inline(__always)
private func isOptionalWhitespace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}

/// Whether `bytes` holds a control character other than HTAB (``isControl(_:)``), tested sixteen bytes at
/// a time (SSE2 through `SIMD16`): every request's field values pass through it (the `Authorization`
/// value alone is about 250 bytes). Byte by byte it cost about 6 instructions a byte, eight at a time in a
/// word about 2, sixteen at a time about 1.2. Chunk extensions use it too.
func containsControl(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return false }
    let raw = UnsafeRawPointer(base)
    let count = bytes.count
    guard count >= 16 else {
        for byte in bytes where isControl(byte) { return true }
        return false
    }
    var offset = 0
    while offset &+ 16 <= count {
        if containsControl(raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)) { return true }
        offset &+= 16
    }
    // The last sixteen bytes, overlapping what was tested already, instead of a byte-by-byte tail.
    return offset < count && containsControl(raw.loadUnaligned(fromByteOffset: count &- 16, as: SIMD16<UInt8>.self))
}

/// Whether any of `block`'s bytes ``isControl(_:)``.
///
/// Written as one expression over typed constants on purpose: with the mask of the first two tests kept
/// in a `let`, Swift 6.0 compiled the comparisons lane by lane through memory (about 200 instructions a
/// block instead of 12: `pminub`, three `pcmpeqb`, `pandn`, `por`, `pmovmskb`). Callgrind shows it as
/// `SIMD.min()` calls; check there after touching this.
@inline(__always)
private func containsControl(_ block: SIMD16<UInt8>) -> Bool {
    let space = SIMD16<UInt8>(repeating: 0x20)
    let tab = SIMD16<UInt8>(repeating: UInt8(ascii: "\t"))
    let delete = SIMD16<UInt8>(repeating: 0x7F)
    return any(((block .< space) .& (block .!= tab)) .| (block .== delete))
}

/// A control character other than HTAB (RFC 9110 §5.5), which no field value or chunk extension may hold.
@inline(__always)
private func isControl(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
}

@inline(__always)
private func digitValue(_ byte: UInt8) -> Int? {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) ? Int(byte - UInt8(ascii: "0")) : nil
}

@inline(__always)
private func hexValue(_ byte: UInt8) -> Int? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
    default: nil
    }
}
