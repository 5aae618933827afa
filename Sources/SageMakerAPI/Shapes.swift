import AWSJSONProtocol
import SageMakerWorkforces

/// The constraints of the SageMaker shapes this emulator reads (spec/sagemaker-workforce-shapes.json),
/// with the spec's corrections: `Cidrs` holds at most 10, and `Cidr` is parsed rather than matched
/// against the model's broken IPv6 pattern (spec, preamble and §3). The patterns are the domain's
/// (``Patterns``), handed to the shape reader as they are.
public enum Shapes {
    /// `WorkforceName`: 1–63, the domain's workforce name pattern.
    public static let workforceName = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.workforceName)
    /// `WorkteamName`: 1–63, the domain's work team name pattern.
    public static let workteamName = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.workteamName)
    /// `ClientId` (Cognito and OIDC): printable ASCII.
    public static let clientId = StringConstraints(minLength: 1, maxLength: 1024, pattern: Patterns.printableASCII)
    /// `ClientSecret`: sensitive, so messages never quote it.
    public static let clientSecret = StringConstraints(minLength: 1, maxLength: 1024, pattern: Patterns.printableASCII, isSensitive: true)
    /// `CognitoUserPool`, e.g. `us-east-1_AbC123`.
    public static let cognitoUserPool = StringConstraints(minLength: 1, maxLength: 55, pattern: Patterns.cognitoUserPool)
    /// `CognitoUserGroup`.
    public static let cognitoUserGroup = StringConstraints(minLength: 1, maxLength: 128, pattern: Patterns.groupName)
    /// One of an OIDC member definition's `Groups`.
    public static let group = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.groupName)
    /// The OIDC endpoints and `Issuer`: `https://` URLs.
    public static let oidcEndpoint = StringConstraints(minLength: 0, maxLength: 500, pattern: Patterns.oidcEndpoint)
    /// `Scope`: space-separated scopes.
    public static let scope = StringConstraints(minLength: 0, maxLength: 1024, pattern: Patterns.scope)
    /// Keys and values of `AuthenticationRequestExtraParams`.
    public static let extraParamsText = StringConstraints(minLength: 0, maxLength: 512, pattern: Patterns.anyLine)
    /// The model's own text for `Cidr`, which AWS quotes; the check itself is ``CIDR``'s parser.
    public static let cidr = StringConstraints(
        minLength: 4, maxLength: 64,
        pattern: StringPattern(
            "(^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\\/(3[0-2]|[1-2][0-9]|[0-9]))$)|(^s*((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:)))(%.+)?s*(\\/(12[0-8]|1[0-1][0-9]|[1-9][0-9]|[0-9]))$)"
        ) { CIDR($0) != nil })
    /// Most entries in `SourceIpConfig.Cidrs` (the spec's cap; the model has none).
    public static let maxCidrs = 10
    /// An empty `VpcId` is allowed through (spec §6: an empty `VpcId` with no ids removes the VPC).
    public static let vpcId = StringConstraints(
        minLength: 0, maxLength: 32,
        pattern: StringPattern("vpc-[0-9a-z]*") { $0.isEmpty || Patterns.awsIdentifier(prefix: "vpc-").matches($0) })
    /// One of `SecurityGroupIds`.
    public static let securityGroupId = StringConstraints(minLength: 0, maxLength: 32, pattern: Patterns.awsIdentifier(prefix: "sg-"))
    /// One of `Subnets`.
    public static let subnetId = StringConstraints(minLength: 0, maxLength: 32, pattern: Patterns.awsIdentifier(prefix: "subnet-"))
    /// `WorkforceIpAddressType`.
    public static let ipAddressType = StringConstraints.oneOf(IpAddressType.allCases.map(\.rawValue))
    /// `TagKey`.
    public static let tagKey = StringConstraints(minLength: 1, maxLength: 128, pattern: Patterns.tagText)
    /// `TagValue`.
    public static let tagValue = StringConstraints(minLength: 0, maxLength: 256, pattern: Patterns.tagText)
    /// Most entries in `Tags`: the rules' own limit.
    public static let maxTags = WorkforceRules.maxTags
    /// A work team's `Description`.
    public static let description = StringConstraints(minLength: 1, maxLength: 200, pattern: Patterns.nonEmptyLine)
    /// `NotificationTopicArn`: an SNS topic ARN.
    public static let notificationTopicArn = StringConstraints(pattern: Patterns.notificationTopicArn)
    /// `SourceIp` and `VpcSourceIp` of `IamPolicyConstraints`.
    public static let enabledOrDisabled = StringConstraints.oneOf(["Enabled", "Disabled"])
    /// The `ResourceArn` of the tag operations.
    public static let resourceArn = StringConstraints(minLength: 0, maxLength: 256, pattern: Patterns.resourceArn)
    /// `NextToken`.
    public static let nextToken = StringConstraints(minLength: 0, maxLength: 8192, pattern: Patterns.anyLine)
    /// `SortBy` of the list operations.
    public static let sortBy = StringConstraints.oneOf(["Name", "CreateDate"])
    /// `SortOrder` of the list operations.
    public static let sortOrder = StringConstraints.oneOf(["Ascending", "Descending"])
}

extension StringConstraints {
    /// A string shape whose pattern is one the domain states.
    init(minLength: Int? = nil, maxLength: Int? = nil, pattern: TextPattern, isSensitive: Bool = false) {
        self.init(minLength: minLength, maxLength: maxLength, pattern: StringPattern(pattern), isSensitive: isSensitive)
    }
}

extension StringPattern {
    /// The shape reader's form of a domain pattern: the same text, the same predicate (no extra call).
    init(_ pattern: TextPattern) {
        self.init(pattern.source, matches: pattern.matches)
    }
}
