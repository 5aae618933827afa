@testable import SageMakerWorkforces

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
