import SageMakerWorkforces

// Domain values the rule and API tests build on (SageMakerWorkforcesTests, SageMakerAPITests): one "now",
// one namespace, one secret, and settled workforces and work teams made from them. Each test target adds
// the request factories of its own layer (SDK-shaped bodies for the API, decoded commands for the rules).

/// 2025-11-29T00:00:00Z in milliseconds: the tests' "now".
public let t0: EpochMilliseconds = 1_764_374_400_000

/// The transition delay the rule tests run with.
public let delay: EpochMilliseconds = 1_000

public let testNamespace = Namespace.make()

/// A secret that must never leave the request it came in.
public let clientSecret = "Sup3r-Secret-Value!"

extension Namespace {
    public static func make(account: String = "123456789012", region: String = "us-east-1") -> Namespace {
        Namespace(account: account, region: region)
    }
}

extension WorkforceRules {
    public static func make(transitionDelay: EpochMilliseconds = delay) -> WorkforceRules {
        WorkforceRules(transitionDelay: transitionDelay)
    }
}

public let testCognito = CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1")

extension OidcConfig {
    public static func make(secret: String = clientSecret, scope: String? = nil, extra: [KeyValue]? = nil) -> OidcConfig {
        OidcConfig(
            clientId: "oidc-client", clientSecret: secret, issuer: "https://idp.example.com",
            authorizationEndpoint: "https://idp.example.com/authorize", tokenEndpoint: "https://idp.example.com/token",
            userInfoEndpoint: "https://idp.example.com/userinfo", logoutEndpoint: "https://idp.example.com/logout",
            jwksUri: "https://idp.example.com/jwks", scope: scope, authenticationRequestExtraParams: extra)
    }
}

extension Workforce {
    /// A settled `Active` Cognito workforce created a minute before `t0`, unless told otherwise.
    public static func make(
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

    public static func makeOIDC(name: String = "wf", secret: String = clientSecret) -> Workforce {
        make(name: name, identity: .oidc(.make(secret: secret)))
    }
}

extension WorkforceVpcConfig {
    public static func make(_ vpcId: String = "vpc-0a1b2c3d") -> WorkforceVpcConfig {
        WorkforceVpcConfig(vpcId: vpcId, securityGroupIds: ["sg-0a1b2c3d"], subnets: ["subnet-0a1b2c3d"])
    }
}

public let testCognitoMember = MemberDefinition.cognito(userPool: "us-east-1_AbC123", userGroup: "labelers", clientId: "client-1")

extension Workteam {
    public static func make(
        name: String = "team", workforceName: String = "wf", members: [MemberDefinition] = [testCognitoMember],
        createdAt: EpochMilliseconds = t0 - 30_000
    ) -> Workteam {
        Workteam(
            namespace: testNamespace, name: name, workforceName: workforceName, description: "Labelers", memberDefinitions: members,
            createdAt: createdAt, lastUpdatedAt: createdAt)
    }
}

/// The error `body` threw, or nil when it returned.
public func thrown<E: Error, T>(_ body: () throws(E) -> T) -> E? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
