/// The `X-Amz-Target` header of an awsJson 1.1 request: `<TargetPrefix>.<Operation>`.
public struct AWSTarget: Sendable, Equatable {
    /// The service's target prefix, e.g. `SageMaker`.
    public var prefix: String
    /// The operation name, e.g. `UpdateWorkforce`.
    public var operation: String

    /// Splits the header at its last `.`; nil when it has no dot or an empty side.
    public init?(header: String) {
        guard let dot = header.lastIndex(of: ".") else { return nil }
        let prefix = header[..<dot]
        let operation = header[header.index(after: dot)...]
        guard !prefix.isEmpty, !operation.isEmpty else { return nil }
        self.prefix = String(prefix)
        self.operation = String(operation)
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
        var utf8 = authorization.utf8[...]
        guard utf8.starts(with: "AWS4-HMAC-SHA256".utf8) else { return nil }
        let marker = Array("Credential=".utf8)
        var start: String.UTF8View.Index?
        var index = utf8.startIndex
        while index < utf8.endIndex {
            if utf8[index...].starts(with: marker) {
                start = utf8.index(index, offsetBy: marker.count)
                break
            }
            index = utf8.index(after: index)
        }
        guard let start else { return nil }
        utf8 = utf8[start...]
        let end = utf8.firstIndex { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") } ?? utf8.endIndex
        let parts = utf8[..<end].split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4].elementsEqual("aws4_request".utf8), parts[0...3].allSatisfy({ !$0.isEmpty }) else {
            return nil
        }
        func text(_ part: Substring.UTF8View.SubSequence) -> String { String(decoding: part, as: UTF8.self) }
        accessKeyID = text(parts[0])
        date = text(parts[1])
        region = text(parts[2])
        service = text(parts[3])
    }
}
