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
