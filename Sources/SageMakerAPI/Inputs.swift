import AWSJSONProtocol
import JSON

/// A request input that can be read from an awsJson body (shape checks only; the rules come later).
public protocol OperationInput: Sendable {
    /// Reads the members, recording constraint violations in `reader.validation`; throws
    /// `SerializationException` for a wrong JSON type.
    init(reading reader: StructureReader) throws(AWSError)
}

extension OperationInput {
    /// Reads and validates a whole body: wrong types → `SerializationException`; any violation →
    /// one `ValidationException` listing them all (spec §7, first two steps).
    public static func decode(_ body: JSONValue) throws(AWSError) -> Self {
        let validation = ShapeValidation()
        let input = try Self(reading: StructureReader.body(body, validation: validation))
        try validation.finish()
        return input
    }
}

/// The `OidcConfig` of a request: the stored form plus the fact that a secret was given.
public struct OidcConfigInput: Sendable, Equatable {
    /// The configuration as it will be stored (secret reduced to its fingerprint).
    public var config: OidcConfig
}

extension StructureReader {
    func cognitoConfig(_ member: String) throws(AWSError) -> CognitoConfig? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> CognitoConfig in
            let userPool = try r.string("UserPool", required: true, Shapes.cognitoUserPool)
            let clientId = try r.string("ClientId", required: true, Shapes.clientId)
            return CognitoConfig(userPool: userPool ?? "", clientId: clientId ?? "")
        }
    }

    func oidcConfig(_ member: String) throws(AWSError) -> OidcConfig? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> OidcConfig in
            let clientId = try r.string("ClientId", required: true, Shapes.clientId)
            let clientSecret = try r.string("ClientSecret", required: true, Shapes.clientSecret)
            let issuer = try r.string("Issuer", required: true, Shapes.oidcEndpoint)
            let authorization = try r.string("AuthorizationEndpoint", required: true, Shapes.oidcEndpoint)
            let token = try r.string("TokenEndpoint", required: true, Shapes.oidcEndpoint)
            let userInfo = try r.string("UserInfoEndpoint", required: true, Shapes.oidcEndpoint)
            let logout = try r.string("LogoutEndpoint", required: true, Shapes.oidcEndpoint)
            let jwks = try r.string("JwksUri", required: true, Shapes.oidcEndpoint)
            let scope = try r.string("Scope", Shapes.scope)
            let extra = try r.stringMap(
                "AuthenticationRequestExtraParams", maxEntries: 10, key: Shapes.extraParamsText, value: Shapes.extraParamsText)
            return OidcConfig(
                clientId: clientId ?? "", clientSecret: clientSecret ?? "", issuer: issuer ?? "",
                authorizationEndpoint: authorization ?? "", tokenEndpoint: token ?? "", userInfoEndpoint: userInfo ?? "",
                logoutEndpoint: logout ?? "", jwksUri: jwks ?? "", scope: scope,
                authenticationRequestExtraParams: extra?.map { KeyValue($0.0, $0.1) })
        }
    }

    /// `SourceIpConfig.Cidrs`, the list itself (required inside the structure).
    func sourceIpCidrs(_ member: String) throws(AWSError) -> [String]? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> [String] in
            try r.strings("Cidrs", required: true, max: Shapes.maxCidrs, Shapes.cidr) ?? []
        }
    }

    func vpcConfigRequest(_ member: String) throws(AWSError) -> VpcConfigRequest? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> VpcConfigRequest in
            VpcConfigRequest(
                vpcId: try r.string("VpcId", Shapes.vpcId),
                securityGroupIds: try r.strings("SecurityGroupIds", min: 1, max: 5, Shapes.securityGroupId),
                subnets: try r.strings("Subnets", min: 1, max: 16, Shapes.subnetId))
        }
    }

    func tags(_ member: String, required: Bool = false) throws(AWSError) -> [Tag]? {
        try structures(member, required: required, min: 0, max: Shapes.maxTags) { (r: StructureReader) throws(AWSError) -> Tag in
            Tag(try r.string("Key", required: true, Shapes.tagKey) ?? "", try r.string("Value", required: true, Shapes.tagValue) ?? "")
        }
    }

    func memberDefinitions(_ member: String, required: Bool) throws(AWSError) -> [MemberDefinitionRequest]? {
        try structures(member, required: required, min: 1, max: 10) { (r: StructureReader) throws(AWSError) -> MemberDefinitionRequest in
            let cognito = try r.structure("CognitoMemberDefinition") { (c: StructureReader) throws(AWSError) -> MemberDefinition in
                .cognito(
                    userPool: try c.string("UserPool", required: true, Shapes.cognitoUserPool) ?? "",
                    userGroup: try c.string("UserGroup", required: true, Shapes.cognitoUserGroup) ?? "",
                    clientId: try c.string("ClientId", required: true, Shapes.clientId) ?? "")
            }
            let oidc = try r.structure("OidcMemberDefinition") { (o: StructureReader) throws(AWSError) -> MemberDefinition in
                // `Groups` is optional in the model but an OIDC definition without groups means nothing.
                .oidc(groups: try o.strings("Groups", required: true, min: 1, max: 10, Shapes.group) ?? [])
            }
            return MemberDefinitionRequest(cognito: cognito, oidc: oidc)
        }
    }

    func notificationConfiguration(_ member: String) throws(AWSError) -> NotificationConfiguration? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> NotificationConfiguration in
            NotificationConfiguration(notificationTopicArn: try r.string("NotificationTopicArn", Shapes.notificationTopicArn))
        }
    }

    func workerAccessConfiguration(_ member: String) throws(AWSError) -> WorkerAccessConfiguration? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> WorkerAccessConfiguration in
            var result = WorkerAccessConfiguration(hasS3Presign: false, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil)
            try r.structure("S3Presign") { (s: StructureReader) throws(AWSError) -> Void in
                result.hasS3Presign = true
                try s.structure("IamPolicyConstraints") { (i: StructureReader) throws(AWSError) -> Void in
                    result.hasIamPolicyConstraints = true
                    result.sourceIp = try i.string("SourceIp", Shapes.enabledOrDisabled)
                    result.vpcSourceIp = try i.string("VpcSourceIp", Shapes.enabledOrDisabled)
                }
            }
            return result
        }
    }
}

/// `WorkforceVpcConfigRequest`: every member optional; what they mean together is decided by the rules.
public struct VpcConfigRequest: Sendable, Equatable {
    public var vpcId: String?
    public var securityGroupIds: [String]?
    public var subnets: [String]?

    /// A request.
    public init(vpcId: String?, securityGroupIds: [String]?, subnets: [String]?) {
        self.vpcId = vpcId
        self.securityGroupIds = securityGroupIds
        self.subnets = subnets
    }
}

/// A `MemberDefinition` as sent: which of the two alternatives were present.
public struct MemberDefinitionRequest: Sendable, Equatable {
    public var cognito: MemberDefinition?
    public var oidc: MemberDefinition?

    /// A request.
    public init(cognito: MemberDefinition?, oidc: MemberDefinition?) {
        self.cognito = cognito
        self.oidc = oidc
    }
}

/// `CreateWorkforceRequest`.
public struct CreateWorkforceInput: OperationInput, Equatable {
    public var workforceName: String
    public var cognitoConfig: CognitoConfig?
    public var oidcConfig: OidcConfig?
    public var sourceIpCidrs: [String]?
    public var vpcConfig: VpcConfigRequest?
    public var ipAddressType: IpAddressType?
    public var tags: [Tag]

    public init(reading r: StructureReader) throws(AWSError) {
        cognitoConfig = try r.cognitoConfig("CognitoConfig")
        ipAddressType = try r.string("IpAddressType", Shapes.ipAddressType).flatMap(IpAddressType.init(rawValue:))
        oidcConfig = try r.oidcConfig("OidcConfig")
        sourceIpCidrs = try r.sourceIpCidrs("SourceIpConfig")
        tags = try r.tags("Tags") ?? []
        workforceName = try r.string("WorkforceName", required: true, Shapes.workforceName) ?? ""
        vpcConfig = try r.vpcConfigRequest("WorkforceVpcConfig")
    }
}

/// `UpdateWorkforceRequest`.
public struct UpdateWorkforceInput: OperationInput, Equatable {
    public var workforceName: String
    public var sourceIpCidrs: [String]?
    public var oidcConfig: OidcConfig?
    public var vpcConfig: VpcConfigRequest?
    public var ipAddressType: IpAddressType?

    public init(reading r: StructureReader) throws(AWSError) {
        ipAddressType = try r.string("IpAddressType", Shapes.ipAddressType).flatMap(IpAddressType.init(rawValue:))
        oidcConfig = try r.oidcConfig("OidcConfig")
        sourceIpCidrs = try r.sourceIpCidrs("SourceIpConfig")
        workforceName = try r.string("WorkforceName", required: true, Shapes.workforceName) ?? ""
        vpcConfig = try r.vpcConfigRequest("WorkforceVpcConfig")
    }
}

/// `DescribeWorkforceRequest` and `DeleteWorkforceRequest`.
public struct WorkforceNameInput: OperationInput, Equatable {
    public var workforceName: String

    public init(reading r: StructureReader) throws(AWSError) {
        workforceName = try r.string("WorkforceName", required: true, Shapes.workforceName) ?? ""
    }
}

/// Sort key of the list operations.
public enum ListSortBy: String, Sendable { case name = "Name", createDate = "CreateDate" }

/// `ListWorkforcesRequest` and `ListWorkteamsRequest`.
public struct ListInput: Sendable, Equatable {
    public var maxResults: Int
    public var nameContains: String?
    public var nextToken: String?
    public var sortBy: ListSortBy
    public var descending: Bool

    init(reading r: StructureReader, name: StringConstraints) throws(AWSError) {
        maxResults = try r.integer("MaxResults", min: 1, max: 100) ?? 10
        nameContains = try r.string("NameContains", name)
        nextToken = try r.string("NextToken", Shapes.nextToken)
        sortBy = try r.string("SortBy", Shapes.sortBy).flatMap(ListSortBy.init(rawValue:)) ?? .createDate
        descending = try r.string("SortOrder", Shapes.sortOrder) == "Descending"
    }
}

/// `ListWorkforcesRequest`.
public struct ListWorkforcesInput: OperationInput, Equatable {
    public var list: ListInput
    public init(reading r: StructureReader) throws(AWSError) { list = try ListInput(reading: r, name: Shapes.workforceName) }
}

/// `ListWorkteamsRequest`.
public struct ListWorkteamsInput: OperationInput, Equatable {
    public var list: ListInput
    public init(reading r: StructureReader) throws(AWSError) { list = try ListInput(reading: r, name: Shapes.workteamName) }
}

/// `CreateWorkteamRequest`.
public struct CreateWorkteamInput: OperationInput, Equatable {
    public var workteamName: String
    public var workforceName: String?
    public var description: String
    public var memberDefinitions: [MemberDefinitionRequest]
    public var notificationConfiguration: NotificationConfiguration?
    public var workerAccessConfiguration: WorkerAccessConfiguration?
    public var tags: [Tag]

    public init(reading r: StructureReader) throws(AWSError) {
        description = try r.string("Description", required: true, Shapes.description) ?? ""
        memberDefinitions = try r.memberDefinitions("MemberDefinitions", required: true) ?? []
        notificationConfiguration = try r.notificationConfiguration("NotificationConfiguration")
        tags = try r.tags("Tags") ?? []
        workerAccessConfiguration = try r.workerAccessConfiguration("WorkerAccessConfiguration")
        workforceName = try r.string("WorkforceName", Shapes.workforceName)
        workteamName = try r.string("WorkteamName", required: true, Shapes.workteamName) ?? ""
    }
}

/// `UpdateWorkteamRequest`.
public struct UpdateWorkteamInput: OperationInput, Equatable {
    public var workteamName: String
    public var description: String?
    public var memberDefinitions: [MemberDefinitionRequest]?
    public var notificationConfiguration: NotificationConfiguration?
    public var workerAccessConfiguration: WorkerAccessConfiguration?

    public init(reading r: StructureReader) throws(AWSError) {
        description = try r.string("Description", Shapes.description)
        memberDefinitions = try r.memberDefinitions("MemberDefinitions", required: false)
        notificationConfiguration = try r.notificationConfiguration("NotificationConfiguration")
        workerAccessConfiguration = try r.workerAccessConfiguration("WorkerAccessConfiguration")
        workteamName = try r.string("WorkteamName", required: true, Shapes.workteamName) ?? ""
    }
}

/// `DescribeWorkteamRequest` and `DeleteWorkteamRequest`.
public struct WorkteamNameInput: OperationInput, Equatable {
    public var workteamName: String
    public init(reading r: StructureReader) throws(AWSError) {
        workteamName = try r.string("WorkteamName", required: true, Shapes.workteamName) ?? ""
    }
}

/// `AddTagsInput`.
public struct AddTagsInput: OperationInput, Equatable {
    public var resourceArn: String
    public var tags: [Tag]
    public init(reading r: StructureReader) throws(AWSError) {
        resourceArn = try r.string("ResourceArn", required: true, Shapes.resourceArn) ?? ""
        tags = try r.tags("Tags", required: true) ?? []
    }
}

/// `DeleteTagsInput`.
public struct DeleteTagsInput: OperationInput, Equatable {
    public var resourceArn: String
    public var tagKeys: [String]
    public init(reading r: StructureReader) throws(AWSError) {
        resourceArn = try r.string("ResourceArn", required: true, Shapes.resourceArn) ?? ""
        tagKeys = try r.strings("TagKeys", required: true, min: 1, max: 50, Shapes.tagKey) ?? []
    }
}

/// `ListTagsInput`.
public struct ListTagsInput: OperationInput, Equatable {
    public var resourceArn: String
    public var maxResults: Int
    public var nextToken: String?
    public init(reading r: StructureReader) throws(AWSError) {
        maxResults = try r.integer("MaxResults", min: 50) ?? 50
        nextToken = try r.string("NextToken", Shapes.nextToken)
        resourceArn = try r.string("ResourceArn", required: true, Shapes.resourceArn) ?? ""
    }
}
