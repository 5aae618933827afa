/// The `X-Amz-Target` header of an awsJson 1.1 request: `<TargetPrefix>.<Operation>`.
public struct AWSTarget: Sendable, Equatable {
    /// The service's target prefix, e.g. `SageMaker`.
    public var prefix: String
    /// The operation name, e.g. `UpdateWorkforce`.
    public var operation: String

    /// Splits the header at its last `.`; nil when it has no dot or an empty side.
    public init?(header: String) {
        // On the UTF-8 view: `.` is ASCII, and Character-wise search costs grapheme breaking on every request.
        let utf8 = header.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let afterDot = utf8.index(after: dot)
        guard dot != utf8.startIndex, afterDot != utf8.endIndex else { return nil }
        self.prefix = String(header[..<dot])
        self.operation = String(header[afterDot...])
    }
}

/// The parts of a SigV4 `Authorization` header the emulator routes by (spec §2):
/// `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...`.
///
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-request.html
public struct SigV4CredentialScope: Sendable, Equatable {
    /// The access key id.
    public var accessKeyID: String
    /// `YYYYMMDD`.
    public var date: String
    /// The region the request was signed for.
    public var region: String
    /// The signing name, `sagemaker` for SageMaker.
    public var service: String

    /// Parses the credential scope out of an `Authorization` header; nil when it is not a SigV4 header
    /// or the credential is not `<key>/<date>/<region>/<service>/aws4_request`. Works on the UTF-8
    /// bytes: it runs on every request.
    public init?(authorization: String) {
        var authorization = authorization
        guard let parts = authorization.withUTF8({ Self.scopeParts($0) }) else { return nil }
        (accessKeyID, date, region, service) = parts
    }

    private static let algorithm: StaticString = "AWS4-HMAC-SHA256"
    private static let credentialMarker: StaticString = "Credential="

    private static func scopeParts(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, String, String, String)? {
        let algorithm = UnsafeBufferPointer(start: Self.algorithm.utf8Start, count: Self.algorithm.utf8CodeUnitCount)
        let marker = UnsafeBufferPointer(start: Self.credentialMarker.utf8Start, count: Self.credentialMarker.utf8CodeUnitCount)
        guard bytes.count >= algorithm.count + marker.count,
            UnsafeBufferPointer(rebasing: bytes[0..<algorithm.count]).elementsEqual(algorithm)
        else { return nil }
        var found: Int?
        search: for candidate in algorithm.count...(bytes.count - marker.count) {
            for offset in 0..<marker.count where bytes[candidate + offset] != marker[offset] { continue search }
            found = candidate + marker.count
            break
        }
        guard let start = found else { return nil }
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: " ") { end += 1 }
        // <key>/<date>/<region>/<service>/aws4_request: exactly four slashes, no empty part.
        var slashes: [Int] = []
        slashes.reserveCapacity(4)
        for index in start..<end where bytes[index] == UInt8(ascii: "/") {
            guard slashes.count < 4 else { return nil }
            slashes.append(index)
        }
        guard slashes.count == 4,
            UnsafeBufferPointer(rebasing: bytes[(slashes[3] + 1)..<end]).elementsEqual("aws4_request".utf8)
        else { return nil }
        func part(_ index: Int) -> String? {
            let from = index == 0 ? start : slashes[index - 1] + 1
            let to = slashes[index]
            return from < to ? String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self) : nil
        }
        guard let key = part(0), let date = part(1), let region = part(2), let service = part(3) else { return nil }
        return (key, date, region, service)
    }
}
