extension HTTPHeaders {
    /// Names that the server asks for on every request and response (framing, connection options and
    /// credentials: RFC 9112 §6, §9.3, RFC 9110 §11.6.2). ``mayContain(_:)`` answers without a lookup for
    /// those most messages do not have: three to five lookups a request, each a scan of every field
    /// behind a `String` and two buffer accesses. `Content-Length` and `Authorization`, which most
    /// requests do have, are found where they were added instead of by a scan (two scans a request).
    package enum KnownName: UInt8, Sendable {
        case connection = 1
        case expect = 2
        case transferEncoding = 4
        case contentLength = 8
        case authorization = 16

        /// The name as written in messages.
        var text: String {
            switch self {
            case .connection: "Connection"
            case .expect: "Expect"
            case .transferEncoding: "Transfer-Encoding"
            case .contentLength: "Content-Length"
            case .authorization: "Authorization"
            }
        }

        /// Which of them `name` is, ASCII case-insensitively; nil for any other name.
        @inline(__always)
        init?(_ name: UnsafeBufferPointer<UInt8>) {
            // Told apart by length first: most names are none of these lengths.
            switch name.count {
            case 10 where Self.matches(name, "connection"): self = .connection
            case 6 where Self.matches(name, "expect"): self = .expect
            case 17 where Self.matches(name, "transfer-encoding"): self = .transferEncoding
            case 14 where Self.matches(name, "content-length"): self = .contentLength
            case 13 where Self.matches(name, "authorization"): self = .authorization
            default: return nil
            }
        }

        /// Whether `name` (as long as `lowercase`, at least 4 bytes) is `lowercase` but for the case of
        /// its ASCII letters, compared a word at a time: every field name of one of these lengths passes
        /// through here as it is added (three a typical API request), and byte by byte it cost about 8
        /// instructions a byte. Exact for any bytes: see ``foldedEqual(_:_:)``.
        @inline(__always)
        private static func matches(_ name: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
            let count = name.count
            let left = UnsafeRawPointer(name.baseAddress!)
            let right = UnsafeRawPointer(lowercase.utf8Start)
            guard count >= 8 else {
                // 4 to 7 bytes: two 4-byte words, overlapping.
                return foldedEqual(left.loadUnaligned(as: UInt32.self), right.loadUnaligned(as: UInt32.self))
                    && foldedEqual(
                        left.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self),
                        right.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            }
            var offset = 0
            while offset + 8 < count {
                guard foldedEqual(
                    left.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                    right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) else { return false }
                offset += 8
            }
            // The last eight bytes, overlapping what was compared already.
            return foldedEqual(
                left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self),
                right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }

        /// Whether the bytes of `word` equal those of `lowercase` (lowercase letters, `-`, digits) with
        /// the case of letters ignored. Where `lowercase` has a letter (0x61–0x7A, the only ones with
        /// 0x40 set) the 0x20 bit of `word` is set before comparing, which maps exactly the letter's two
        /// cases to it; every other byte must be equal as it is.
        @inline(__always)
        private static func foldedEqual<Word: FixedWidthInteger & UnsignedInteger>(_ word: Word, _ lowercase: Word) -> Bool {
            let letters = (lowercase & (Word.max / 0xFF &* 0x40)) &>> 1
            return word | letters == lowercase
        }
    }
}
