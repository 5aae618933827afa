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
    /// or the credential is not `<key>/<date>/<region>/<service>/aws4_request`.
    public init?(authorization: String) {
        guard authorization.hasPrefix("AWS4-HMAC-SHA256") else { return nil }
        guard let range = authorization.firstRange(of: "Credential=") else { return nil }
        let rest = authorization[range.upperBound...]
        let credential = rest.prefix { $0 != "," && $0 != " " }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[4] == "aws4_request", parts[0...3].allSatisfy({ !$0.isEmpty }) else { return nil }
        accessKeyID = String(parts[0])
        date = String(parts[1])
        region = String(parts[2])
        service = String(parts[3])
    }
}
