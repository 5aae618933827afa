import DomainTestSupport

@testable import SageMakerWorkforces

/// Pieces of requests, as the API decodes them from what an SDK sends.
enum Request {
    static let cognito = CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1")

    static func oidc(
        clientId: String = "oidc-client", secret: String = clientSecret, issuer: String = "https://idp.example.com",
        scope: String? = nil, extraParams: [(String, String)]? = nil
    ) -> OidcConfig {
        OidcConfig(
            clientId: clientId, clientSecret: secret, issuer: issuer, authorizationEndpoint: "https://idp.example.com/authorize",
            tokenEndpoint: "https://idp.example.com/token", userInfoEndpoint: "https://idp.example.com/userinfo",
            logoutEndpoint: "https://idp.example.com/logout", jwksUri: "https://idp.example.com/jwks", scope: scope,
            authenticationRequestExtraParams: extraParams?.map { KeyValue($0.0, $0.1) })
    }

    static func vpc(_ vpcId: String = "vpc-0a1b2c3d", groups: [String] = ["sg-0a1b2c3d"], subnets: [String] = ["subnet-0a1b2c3d"]) -> VpcConfigRequest {
        VpcConfigRequest(vpcId: vpcId, securityGroupIds: groups, subnets: subnets)
    }

    /// `WorkforceVpcConfig: {}`.
    static let noVpc = VpcConfigRequest(vpcId: nil, securityGroupIds: nil, subnets: nil)

    static func cognitoMember(userPool: String = "us-east-1_AbC123", group: String = "labelers", clientId: String = "client-1") -> MemberDefinitionRequest {
        MemberDefinitionRequest(cognito: .cognito(userPool: userPool, userGroup: group, clientId: clientId), oidc: nil)
    }

    static func oidcMember(_ groups: [String] = ["labelers"]) -> MemberDefinitionRequest {
        MemberDefinitionRequest(cognito: nil, oidc: .oidc(groups: groups))
    }

    static func tags(_ tags: [(String, String)]) -> [Tag] { tags.map { Tag($0.0, $0.1) } }
}

extension CreateWorkforceCommand {
    /// A Cognito workforce request unless `oidc` is given; `cognito: nil` leaves Cognito out.
    static func make(
        name: String = "wf", cognito: CognitoConfig? = Request.cognito, oidc: OidcConfig? = nil, cidrs: [String]? = nil,
        vpc: VpcConfigRequest? = nil, ipAddressType: IpAddressType? = nil, tags: [(String, String)] = []
    ) -> CreateWorkforceCommand {
        CreateWorkforceCommand(
            workforceName: name, cognitoConfig: oidc == nil ? cognito : nil, oidcConfig: oidc, sourceIpCidrs: cidrs, vpcConfig: vpc,
            ipAddressType: ipAddressType, tags: Request.tags(tags))
    }
}

extension UpdateWorkforceCommand {
    static func make(
        name: String = "wf", cidrs: [String]? = nil, oidc: OidcConfig? = nil, vpc: VpcConfigRequest? = nil, ipAddressType: IpAddressType? = nil
    ) -> UpdateWorkforceCommand {
        UpdateWorkforceCommand(workforceName: name, sourceIpCidrs: cidrs, oidcConfig: oidc, vpcConfig: vpc, ipAddressType: ipAddressType)
    }
}

extension CreateWorkteamCommand {
    static func make(
        name: String = "team", workforceName: String? = nil, description: String = "Labelers",
        members: [MemberDefinitionRequest] = [Request.cognitoMember()], notificationTopicArn: String? = nil, tags: [(String, String)] = []
    ) -> CreateWorkteamCommand {
        CreateWorkteamCommand(
            workteamName: name, workforceName: workforceName, description: description, memberDefinitions: members,
            notificationConfiguration: notificationTopicArn.map { NotificationConfiguration(notificationTopicArn: $0) },
            tags: Request.tags(tags))
    }
}

extension UpdateWorkteamCommand {
    static func make(
        name: String = "team", description: String? = nil, members: [MemberDefinitionRequest]? = nil, notificationTopicArn: String? = nil
    ) -> UpdateWorkteamCommand {
        UpdateWorkteamCommand(
            workteamName: name, description: description, memberDefinitions: members,
            notificationConfiguration: notificationTopicArn.map { NotificationConfiguration(notificationTopicArn: $0) })
    }
}

extension ListQuery {
    static func make(
        maxResults: Int = ListQuery.defaultMaxResults, nameContains: String? = nil, nextToken: String? = nil, sortBy: ListSortBy = .createDate,
        descending: Bool = false
    ) -> ListQuery {
        ListQuery(maxResults: maxResults, nameContains: nameContains, nextToken: nextToken, sortBy: sortBy, descending: descending)
    }
}
