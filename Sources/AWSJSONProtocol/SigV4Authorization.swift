import Glibc

/// A SigV4 `Authorization` header split into its fields: one parser for routing (the namespace comes
/// from the credential scope, spec §2) and for verification (``SigV4Verifier``).
///
/// `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...`:
/// after the algorithm and one space, comma-separated `name=value` fields; spaces before a name and
/// after a value are ignored, a part without `=` is skipped, and a repeated name keeps its last value.
///
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-request.html
public struct SigV4Authorization: Sendable, Equatable {
    /// The `Credential` field, if present.
    public var credential: String?
    /// The `SignedHeaders` field, if present.
    public var signedHeaders: String?
    /// The `Signature` field, if present.
    public var signature: String?

    /// The fields of a SigV4 header; nil when the header does not start with `AWS4-HMAC-SHA256 `.
    public init?(header: String) {
        var header = header
        var fields: (String?, String?, String?) = (nil, nil, nil)
        let isSigV4 = header.withUTF8 { bytes in
            Self.forEachField(bytes) { name, value in
                let text = { String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self) }
                if Self.equals(bytes, name, Self.credentialName) {
                    fields.0 = text()
                } else if Self.equals(bytes, name, Self.signedHeadersName) {
                    fields.1 = text()
                } else if Self.equals(bytes, name, Self.signatureName) {
                    fields.2 = text()
                }
            }
        }
        guard isSigV4 else { return nil }
        (credential, signedHeaders, signature) = fields
    }

    /// The credential scope, when the `Credential` field is a well-formed one.
    public var scope: SigV4CredentialScope? { credential.flatMap(SigV4CredentialScope.init(credential:)) }

    static let algorithm: StaticString = "AWS4-HMAC-SHA256 "
    static let credentialName: StaticString = "Credential"
    static let signedHeadersName: StaticString = "SignedHeaders"
    static let signatureName: StaticString = "Signature"

    /// Calls `visit` with the name and value ranges of each field; false when `bytes` is not a SigV4 header.
    static func forEachField(_ bytes: UnsafeBufferPointer<UInt8>, _ visit: (Range<Int>, Range<Int>) -> Void) -> Bool {
        let prefix = algorithm.utf8CodeUnitCount
        guard bytes.count >= prefix, equals(bytes, 0..<prefix, algorithm) else { return false }
        guard let base = bytes.baseAddress else { return true }
        // With memchr: the header is some 250 bytes and read on every request.
        func position(of byte: UInt8, from: Int, to: Int) -> Int? {
            guard from < to, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        var start = prefix
        while start < bytes.count {
            let end = position(of: UInt8(ascii: ","), from: start, to: bytes.count) ?? bytes.count
            var nameStart = start
            while nameStart < end, bytes[nameStart] == UInt8(ascii: " ") { nameStart += 1 }
            if let equals = position(of: UInt8(ascii: "="), from: nameStart, to: end) {
                var valueEnd = end
                while valueEnd > equals + 1, bytes[valueEnd - 1] == UInt8(ascii: " ") { valueEnd -= 1 }
                visit(nameStart..<equals, (equals + 1)..<valueEnd)
            }
            start = end + 1
        }
        return true
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString) -> Bool {
        guard range.count == text.utf8CodeUnitCount else { return false }
        guard let base = bytes.baseAddress else { return range.isEmpty }
        return memcmp(base + range.lowerBound, text.utf8Start, range.count) == 0
    }
}

/// The credential scope of a SigV4 `Authorization` header: `<key>/<date>/<region>/<service>/aws4_request`,
/// every part non-empty.
public struct SigV4CredentialScope: Sendable, Equatable {
    /// The access key id.
    public var accessKeyID: String
    /// `YYYYMMDD`.
    public var date: String
    /// The region the request was signed for.
    public var region: String
    /// The signing name, `sagemaker` for SageMaker.
    public var service: String

    /// The scope of an `Authorization` header's `Credential` field, read as ``SigV4Authorization`` reads
    /// it; nil when it is not a SigV4 header or has no well-formed scope. Only the `Credential` field's
    /// four parts become strings: it runs on every request.
    public init?(authorization: String) {
        var authorization = authorization
        guard let scope = authorization.withUTF8({ Self(authorization: $0) }) else { return nil }
        self = scope
    }

    /// ``init(authorization:)`` on the header's bytes.
    public init?(authorization bytes: UnsafeBufferPointer<UInt8>) {
        guard let ranges = Self.ranges(ofAuthorization: bytes) else { return nil }
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        (accessKeyID, date, region, service) = (text(ranges.accessKeyID), text(ranges.date), text(ranges.region), text(ranges.service))
    }

    /// A `Credential` field's value; nil unless it is `<key>/<date>/<region>/<service>/aws4_request`.
    public init?(credential: String) {
        var credential = credential
        let parts = credential.withUTF8 { bytes -> (String, String, String, String)? in
            guard let ranges = Self.ranges(ofCredential: bytes) else { return nil }
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            return (text(ranges.accessKeyID), text(ranges.date), text(ranges.region), text(ranges.service))
        }
        guard let parts else { return nil }
        (accessKeyID, date, region, service) = parts
    }

    /// Where the four parts of the scope are in an `Authorization` header's bytes, read as
    /// ``init(authorization:)`` reads them: for a caller that wants only some of them as text (the router
    /// wants the region and, when it is an account id, the access key, on every request).
    public static func ranges(
        ofAuthorization bytes: UnsafeBufferPointer<UInt8>
    ) -> (accessKeyID: Range<Int>, date: Range<Int>, region: Range<Int>, service: Range<Int>)? {
        var credential: Range<Int>?
        guard SigV4Authorization.forEachField(bytes, { name, value in
            if SigV4Authorization.equals(bytes, name, SigV4Authorization.credentialName) { credential = value }
        }), let credential, let parts = ranges(ofCredential: UnsafeBufferPointer(rebasing: bytes[credential]))
        else { return nil }
        let shift = credential.lowerBound
        func moved(_ range: Range<Int>) -> Range<Int> { (range.lowerBound + shift)..<(range.upperBound + shift) }
        return (moved(parts.accessKeyID), moved(parts.date), moved(parts.region), moved(parts.service))
    }

    /// Exactly four slashes, no empty part, and `aws4_request` (its exact bytes) last.
    private static func ranges(
        ofCredential bytes: UnsafeBufferPointer<UInt8>
    ) -> (accessKeyID: Range<Int>, date: Range<Int>, region: Range<Int>, service: Range<Int>)? {
        // The four slashes' positions, without allocating an array for them, found with memchr: this
        // runs on every request (byte by byte it was some 400 instructions).
        guard let base = bytes.baseAddress else { return nil }
        func slash(after start: Int) -> Int? {
            guard start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "/")), bytes.count - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        guard let first = slash(after: 0), let second = slash(after: first + 1), let third = slash(after: second + 1),
            let fourth = slash(after: third + 1), slash(after: fourth + 1) == nil
        else { return nil }
        let slashes = (first, second, third, fourth)
        guard SigV4Authorization.equals(bytes, (slashes.3 + 1)..<bytes.count, "aws4_request") else { return nil }
        let parts = (0..<slashes.0, (slashes.0 + 1)..<slashes.1, (slashes.1 + 1)..<slashes.2, (slashes.2 + 1)..<slashes.3)
        guard !parts.0.isEmpty, !parts.1.isEmpty, !parts.2.isEmpty, !parts.3.isEmpty else { return nil }
        return parts
    }
}
