import AWSJSONProtocol
import DomainTestSupport
import JSON

@testable import SageMakerAPI
import SageMakerWorkforces

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
