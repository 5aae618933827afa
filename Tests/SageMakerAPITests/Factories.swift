import AWSJSONProtocol
import JSON

@testable import SageMakerAPI
import SageMakerWorkforces

/// 2025-11-29T00:00:00Z in milliseconds: the tests' "now".
let t0: EpochMilliseconds = 1_764_374_400_000

/// The transition delay the rule tests run with.
let delay: EpochMilliseconds = 1_000

let testNamespace = Namespace.make()

/// A secret that must never leave the request it came in.
let clientSecret = "Sup3r-Secret-Value!"

extension Namespace {
    static func make(account: String = "123456789012", region: String = "us-east-1") -> Namespace {
        Namespace(account: account, region: region)
    }
}

extension WorkforceRules {
    static func make(transitionDelay: EpochMilliseconds = delay) -> WorkforceRules {
        WorkforceRules(transitionDelay: transitionDelay)
    }
}

/// Pieces of request bodies, as an SDK would send them.
enum Body {
    static let cognito: JSONValue = ["UserPool": "us-east-1_AbC123", "ClientId": "client-1"]

    static func oidc(
        clientId: String = "oidc-client", secret: String = clientSecret, issuer: String = "https://idp.example.com",
        scope: String? = nil, extraParams: [(String, JSONValue)]? = nil
    ) -> JSONValue {
        var object = JSONObject([
            ("ClientId", .string(clientId)), ("ClientSecret", .string(secret)), ("Issuer", .string(issuer)),
            ("AuthorizationEndpoint", "https://idp.example.com/authorize"), ("TokenEndpoint", "https://idp.example.com/token"),
            ("UserInfoEndpoint", "https://idp.example.com/userinfo"), ("LogoutEndpoint", "https://idp.example.com/logout"),
            ("JwksUri", "https://idp.example.com/jwks"),
        ])
        if let scope { object["Scope"] = .string(scope) }
        if let extraParams { object["AuthenticationRequestExtraParams"] = .object(JSONObject(extraParams)) }
        return .object(object)
    }

    static func vpc(_ vpcId: String = "vpc-0a1b2c3d", groups: [String] = ["sg-0a1b2c3d"], subnets: [String] = ["subnet-0a1b2c3d"]) -> JSONValue {
        [
            "VpcId": .string(vpcId), "SecurityGroupIds": .array(groups.map(JSONValue.string)),
            "Subnets": .array(subnets.map(JSONValue.string)),
        ]
    }

    static func cidrs(_ cidrs: [String]) -> JSONValue { ["Cidrs": .array(cidrs.map(JSONValue.string))] }

    static func cognitoMember(userPool: String = "us-east-1_AbC123", group: String = "labelers", clientId: String = "client-1") -> JSONValue {
        ["CognitoMemberDefinition": ["UserPool": .string(userPool), "UserGroup": .string(group), "ClientId": .string(clientId)]]
    }

    static func oidcMember(_ groups: [String] = ["labelers"]) -> JSONValue {
        ["OidcMemberDefinition": ["Groups": .array(groups.map(JSONValue.string))]]
    }

    static func tags(_ tags: [(String, String)]) -> JSONValue {
        .array(tags.map { ["Key": .string($0.0), "Value": .string($0.1)] })
    }
}

/// Decodes a body with `members` into `T`; a refused body throws.
func decodeBody<T: OperationInput>(_ type: T.Type, _ members: [(String, JSONValue)]) throws(AWSError) -> T {
    try T.decode(.object(JSONObject(members)))
}

extension CreateWorkforceCommand {
    /// A Cognito workforce request unless `oidc` is given; `cognito: nil` leaves Cognito out.
    static func make(
        name: String = "wf", cognito: JSONValue? = Body.cognito, oidc: JSONValue? = nil, cidrs: [String]? = nil,
        vpc: JSONValue? = nil, ipAddressType: String? = nil, tags: [(String, String)] = []
    ) throws -> CreateWorkforceCommand {
        var members: [(String, JSONValue)] = [("WorkforceName", .string(name))]
        if let oidc { members.append(("OidcConfig", oidc)) }
        if let cognito, oidc == nil { members.append(("CognitoConfig", cognito)) }
        if let cidrs { members.append(("SourceIpConfig", Body.cidrs(cidrs))) }
        if let vpc { members.append(("WorkforceVpcConfig", vpc)) }
        if let ipAddressType { members.append(("IpAddressType", .string(ipAddressType))) }
        if !tags.isEmpty { members.append(("Tags", Body.tags(tags))) }
        return try decodeBody(CreateWorkforceCommand.self, members)
    }
}

extension UpdateWorkforceCommand {
    static func make(
        name: String = "wf", cidrs: [String]? = nil, oidc: JSONValue? = nil, vpc: JSONValue? = nil, ipAddressType: String? = nil
    ) throws -> UpdateWorkforceCommand {
        var members: [(String, JSONValue)] = [("WorkforceName", .string(name))]
        if let cidrs { members.append(("SourceIpConfig", Body.cidrs(cidrs))) }
        if let oidc { members.append(("OidcConfig", oidc)) }
        if let vpc { members.append(("WorkforceVpcConfig", vpc)) }
        if let ipAddressType { members.append(("IpAddressType", .string(ipAddressType))) }
        return try decodeBody(UpdateWorkforceCommand.self, members)
    }
}

extension CreateWorkteamCommand {
    static func make(
        name: String = "team", workforceName: String? = nil, description: String = "Labelers",
        members: [JSONValue] = [Body.cognitoMember()], notificationTopicArn: String? = nil, tags: [(String, String)] = []
    ) throws -> CreateWorkteamCommand {
        var body: [(String, JSONValue)] = [
            ("WorkteamName", .string(name)), ("Description", .string(description)), ("MemberDefinitions", .array(members)),
        ]
        if let workforceName { body.append(("WorkforceName", .string(workforceName))) }
        if let notificationTopicArn {
            body.append(("NotificationConfiguration", ["NotificationTopicArn": .string(notificationTopicArn)]))
        }
        if !tags.isEmpty { body.append(("Tags", Body.tags(tags))) }
        return try decodeBody(CreateWorkteamCommand.self, body)
    }
}

extension UpdateWorkteamCommand {
    static func make(
        name: String = "team", description: String? = nil, members: [JSONValue]? = nil, notificationTopicArn: String? = nil
    ) throws -> UpdateWorkteamCommand {
        var body: [(String, JSONValue)] = [("WorkteamName", .string(name))]
        if let description { body.append(("Description", .string(description))) }
        if let members { body.append(("MemberDefinitions", .array(members))) }
        if let notificationTopicArn {
            body.append(("NotificationConfiguration", ["NotificationTopicArn": .string(notificationTopicArn)]))
        }
        return try decodeBody(UpdateWorkteamCommand.self, body)
    }
}

extension ListQuery {
    /// A list request body decoded as ListWorkforces would.
    static func make(
        maxResults: Int? = nil, nameContains: String? = nil, nextToken: String? = nil, sortBy: String? = nil, sortOrder: String? = nil
    ) throws -> ListQuery {
        var body: [(String, JSONValue)] = []
        if let maxResults { body.append(("MaxResults", .number(Double(maxResults)))) }
        if let nameContains { body.append(("NameContains", .string(nameContains))) }
        if let nextToken { body.append(("NextToken", .string(nextToken))) }
        if let sortBy { body.append(("SortBy", .string(sortBy))) }
        if let sortOrder { body.append(("SortOrder", .string(sortOrder))) }
        return try decodeBody(ListWorkforcesInput.self, body).list
    }
}

let testCognito = CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1")

extension OidcConfig {
    static func make(secret: String = clientSecret, scope: String? = nil, extra: [KeyValue]? = nil) -> OidcConfig {
        OidcConfig(
            clientId: "oidc-client", clientSecret: secret, issuer: "https://idp.example.com",
            authorizationEndpoint: "https://idp.example.com/authorize", tokenEndpoint: "https://idp.example.com/token",
            userInfoEndpoint: "https://idp.example.com/userinfo", logoutEndpoint: "https://idp.example.com/logout",
            jwksUri: "https://idp.example.com/jwks", scope: scope, authenticationRequestExtraParams: extra)
    }
}

extension Workforce {
    /// A settled `Active` Cognito workforce created a minute before `t0`, unless told otherwise.
    static func make(
        name: String = "wf", namespace: Namespace = testNamespace, identity: IdentityProvider = .cognito(testCognito),
        cidrs: [String] = [], vpc: WorkforceVpcConfig? = nil, ipAddressType: IpAddressType? = nil,
        lifecycle: WorkforceLifecycle = .active, vpcEndpointPending: Bool = false, createdAt: EpochMilliseconds = t0 - 60_000,
        tags: [Tag] = []
    ) -> Workforce {
        Workforce(
            namespace: namespace, name: name, createdAt: createdAt, lastUpdatedAt: createdAt, identityProvider: identity,
            sourceIpCidrs: cidrs, vpcConfig: vpc, ipAddressType: ipAddressType, lifecycle: lifecycle,
            vpcEndpointPending: vpcEndpointPending, tags: tags)
    }

    static func makeOIDC(name: String = "wf", secret: String = clientSecret) -> Workforce {
        make(name: name, identity: .oidc(.make(secret: secret)))
    }
}

extension WorkforceVpcConfig {
    static func make(_ vpcId: String = "vpc-0a1b2c3d") -> WorkforceVpcConfig {
        WorkforceVpcConfig(vpcId: vpcId, securityGroupIds: ["sg-0a1b2c3d"], subnets: ["subnet-0a1b2c3d"])
    }
}

let testCognitoMember = MemberDefinition.cognito(userPool: "us-east-1_AbC123", userGroup: "labelers", clientId: "client-1")

extension Workteam {
    static func make(
        name: String = "team", workforceName: String = "wf", members: [MemberDefinition] = [testCognitoMember],
        createdAt: EpochMilliseconds = t0 - 30_000
    ) -> Workteam {
        Workteam(
            namespace: testNamespace, name: name, workforceName: workforceName, description: "Labelers", memberDefinitions: members,
            createdAt: createdAt, lastUpdatedAt: createdAt)
    }
}

/// The error `body` threw, or nil when it returned.
func thrown<E: Error, T>(_ body: () throws(E) -> T) -> E? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
