/// An isolated (account, region) pair: each has its own workforce, work teams and tags (spec §2).
public struct Namespace: Hashable, Sendable, CustomStringConvertible {
    /// The 12-digit account id.
    public var account: String
    /// The region, e.g. `us-east-1`.
    public var region: String

    /// A namespace.
    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    /// The ARN partition: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws` (spec §2).
    public var partition: String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// `arn:<partition>:sagemaker:<region>:<account>:<resource>`.
    public func arn(_ resource: String) -> String { "arn:\(partition):sagemaker:\(region):\(account):\(resource)" }

    /// `<account>/<region>`, for messages and logs.
    public var description: String { "\(account)/\(region)" }

    /// Whether `text` is an account id: exactly 12 ASCII digits (spec §2).
    public static func isAccountID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isAccountID($0) }
    }

    /// ``isAccountID(_:)`` on UTF-8 bytes.
    public static func isAccountID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 12 && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether `text` can name a region: 1 to 32 lowercase ASCII letters, digits and hyphens
    /// (`us-east-1`, `cn-north-1`, `us-gov-west-1`; AWS's longest is 14 characters).
    public static func isRegionName(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isRegionName($0) }
    }

    /// ``isRegionName(_:)`` on UTF-8 bytes.
    public static func isRegionName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        (1...32).contains(bytes.count)
            && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}

/// Milliseconds since the Unix epoch: what the store keeps and the clock answers.
public typealias EpochMilliseconds = Int64
