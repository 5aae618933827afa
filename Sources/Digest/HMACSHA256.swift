/// HMAC with SHA-256 ([RFC 2104](https://www.rfc-editor.org/rfc/rfc2104), test vectors in
/// [RFC 4231](https://www.rfc-editor.org/rfc/rfc4231)), as used by AWS Signature Version 4.
public enum HMACSHA256 {
    /// `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message))` with a 64-byte block; returns 32 bytes.
    ///
    /// A key longer than the block is first replaced by its SHA-256 digest; a shorter one is padded
    /// with zeros (RFC 2104 §2).
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        block.append(contentsOf: repeatElement(0, count: SHA256.blockSize - block.count))

        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()

        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }
}
