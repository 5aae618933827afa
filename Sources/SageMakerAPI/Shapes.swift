import AWSJSONProtocol

/// The constraints of the SageMaker shapes this emulator reads (spec/sagemaker-workforce-shapes.json),
/// with the spec's corrections: `Cidrs` holds at most 10, and `Cidr` is parsed rather than matched
/// against the model's broken IPv6 pattern (spec, preamble and §3).
public enum Shapes {
    public static let workforceName = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.workforceName)
    public static let workteamName = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.workteamName)
    public static let clientId = StringConstraints(minLength: 1, maxLength: 1024, pattern: Patterns.printableASCII)
    public static let clientSecret = StringConstraints(minLength: 1, maxLength: 1024, pattern: Patterns.printableASCII, isSensitive: true)
    public static let cognitoUserPool = StringConstraints(minLength: 1, maxLength: 55, pattern: Patterns.cognitoUserPool)
    public static let cognitoUserGroup = StringConstraints(minLength: 1, maxLength: 128, pattern: Patterns.groupName)
    public static let group = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.groupName)
    public static let oidcEndpoint = StringConstraints(minLength: 0, maxLength: 500, pattern: Patterns.oidcEndpoint)
    public static let scope = StringConstraints(minLength: 0, maxLength: 1024, pattern: Patterns.scope)
    public static let extraParamsText = StringConstraints(minLength: 0, maxLength: 512, pattern: Patterns.anyLine)
    /// The model's own text for `Cidr`, which AWS quotes; the check itself is ``CIDR``'s parser.
    public static let cidr = StringConstraints(
        minLength: 4, maxLength: 64,
        pattern: StringPattern(
            "(^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\\/(3[0-2]|[1-2][0-9]|[0-9]))$)|(^s*((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3})|:))|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4}){1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]d|1dd|[1-9]?d)(.(25[0-5]|2[0-4]d|1dd|[1-9]?d)){3}))|:)))(%.+)?s*(\\/(12[0-8]|1[0-1][0-9]|[1-9][0-9]|[0-9]))$)"
        ) { CIDR($0) != nil })
    public static let maxCidrs = 10
    /// An empty `VpcId` is allowed through (spec §6: an empty `VpcId` with no ids removes the VPC).
    public static let vpcId = StringConstraints(
        minLength: 0, maxLength: 32,
        pattern: StringPattern("vpc-[0-9a-z]*") { $0.isEmpty || Patterns.awsIdentifier(prefix: "vpc-").matches($0) })
    public static let securityGroupId = StringConstraints(minLength: 0, maxLength: 32, pattern: Patterns.awsIdentifier(prefix: "sg-"))
    public static let subnetId = StringConstraints(minLength: 0, maxLength: 32, pattern: Patterns.awsIdentifier(prefix: "subnet-"))
    public static let ipAddressType = StringConstraints.oneOf(IpAddressType.allCases.map(\.rawValue))
    public static let tagKey = StringConstraints(minLength: 1, maxLength: 128, pattern: Patterns.tagText)
    public static let tagValue = StringConstraints(minLength: 0, maxLength: 256, pattern: Patterns.tagText)
    public static let maxTags = 50
    public static let description = StringConstraints(minLength: 1, maxLength: 200, pattern: Patterns.nonEmptyLine)
    public static let notificationTopicArn = StringConstraints(pattern: Patterns.notificationTopicArn)
    public static let enabledOrDisabled = StringConstraints.oneOf(["Enabled", "Disabled"])
    public static let resourceArn = StringConstraints(minLength: 0, maxLength: 256, pattern: Patterns.resourceArn)
    public static let nextToken = StringConstraints(minLength: 0, maxLength: 8192, pattern: Patterns.anyLine)
    public static let sortBy = StringConstraints.oneOf(["Name", "CreateDate"])
    public static let sortOrder = StringConstraints.oneOf(["Ascending", "Descending"])
}
