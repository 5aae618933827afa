import Digest

/// `CognitoConfig`: the Amazon Cognito user pool a workforce authenticates with.
public struct CognitoConfig: Sendable, Equatable {
    /// e.g. `us-east-1_AbC123`.
    public var userPool: String
    /// The app client id.
    public var clientId: String

    /// A Cognito configuration.
    public init(userPool: String, clientId: String) {
        self.userPool = userPool
        self.clientId = clientId
    }
}

/// `OidcConfig` as the emulator keeps it: everything but the secret, which is write-only (spec §4):
/// only a SHA-256 fingerprint of it is stored, so nothing can return, log or leak it.
public struct OidcConfig: Sendable, Equatable {
    /// The OIDC client id.
    public var clientId: String
    /// The identity provider's issuer URL.
    public var issuer: String
    /// Where workers are sent to sign in.
    public var authorizationEndpoint: String
    /// Where codes are exchanged for tokens.
    public var tokenEndpoint: String
    /// Where user claims are read.
    public var userInfoEndpoint: String
    /// Where workers are sent to sign out.
    public var logoutEndpoint: String
    /// The provider's signing keys.
    public var jwksUri: String
    /// Space-separated scopes, echoed in responses.
    public var scope: String?
    /// Extra authorization request parameters, in the caller's order, echoed in responses.
    public var authenticationRequestExtraParams: [KeyValue]?
    /// `sha256:<hex>` of the client secret.
    public var clientSecretFingerprint: String

    /// An OIDC configuration; the secret is reduced to its fingerprint here.
    public init(
        clientId: String, clientSecret: String, issuer: String, authorizationEndpoint: String, tokenEndpoint: String,
        userInfoEndpoint: String, logoutEndpoint: String, jwksUri: String, scope: String? = nil,
        authenticationRequestExtraParams: [KeyValue]? = nil
    ) {
        self.init(
            clientId: clientId, clientSecretFingerprint: Self.digest(ofSecret: clientSecret), issuer: issuer,
            authorizationEndpoint: authorizationEndpoint, tokenEndpoint: tokenEndpoint, userInfoEndpoint: userInfoEndpoint,
            logoutEndpoint: logoutEndpoint, jwksUri: jwksUri, scope: scope,
            authenticationRequestExtraParams: authenticationRequestExtraParams)
    }

    /// An OIDC configuration as stored (with the fingerprint, not the secret).
    public init(
        clientId: String, clientSecretFingerprint: String, issuer: String, authorizationEndpoint: String,
        tokenEndpoint: String, userInfoEndpoint: String, logoutEndpoint: String, jwksUri: String, scope: String?,
        authenticationRequestExtraParams: [KeyValue]?
    ) {
        self.clientId = clientId
        self.clientSecretFingerprint = clientSecretFingerprint
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.userInfoEndpoint = userInfoEndpoint
        self.logoutEndpoint = logoutEndpoint
        self.jwksUri = jwksUri
        self.scope = scope
        self.authenticationRequestExtraParams = authenticationRequestExtraParams
    }

    /// `sha256:<hex>`; the secret itself is never kept.
    public static func digest(ofSecret secret: String) -> String { "sha256:" + SHA256.hash(secret).hexString }
}

/// A string pair (tags, OIDC extra parameters), kept in order.
public struct KeyValue: Sendable, Equatable {
    /// The key (tag keys compare by their exact bytes).
    public var key: String
    /// The value.
    public var value: String

    /// A pair.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A tag on a resource.
public typealias Tag = KeyValue

/// How workers sign in: a workforce has exactly one, for life.
public enum IdentityProvider: Sendable, Equatable {
    /// An Amazon Cognito user pool.
    case cognito(CognitoConfig)
    /// An OpenID Connect provider.
    case oidc(OidcConfig)
}

/// `WorkforceVpcConfig` of a workforce that has one.
public struct WorkforceVpcConfig: Sendable, Equatable {
    /// The VPC, `vpc-…`.
    public var vpcId: String
    /// 1–5 security groups, `sg-…`.
    public var securityGroupIds: [String]
    /// 1–16 subnets, `subnet-…`.
    public var subnets: [String]

    /// A VPC configuration.
    public init(vpcId: String, securityGroupIds: [String], subnets: [String]) {
        self.vpcId = vpcId
        self.securityGroupIds = securityGroupIds
        self.subnets = subnets
    }
}

/// `WorkforceIpAddressType`.
public enum IpAddressType: String, Sendable, CaseIterable {
    /// IPv4 only.
    case ipv4
    /// IPv4 and IPv6.
    case dualstack
}

/// `WorkforceStatus`.
public enum WorkforceStatus: String, Sendable, CaseIterable {
    case initializing = "Initializing"
    case updating = "Updating"
    case deleting = "Deleting"
    case failed = "Failed"
    case active = "Active"
}

/// Where a pending transition leads.
public enum TransitionTarget: Sendable, Equatable {
    /// `Initializing`/`Updating` → `Active`.
    case active
    /// `Deleting` → gone.
    case gone
    /// → `Failed` with a reason (fault injection).
    case failed(reason: String)
}

/// A workforce's status as stored: the status the last call set, and where it goes when.
///
/// The status a caller sees is a pure function of this and the clock (``observed(at:)``), so transitions
/// complete on time across restarts without timers (spec §5; DESIGN "Persistence").
public struct WorkforceLifecycle: Sendable, Equatable {
    /// The status set by the last call.
    public var status: WorkforceStatus
    /// The failure reason, while `status` is `Failed`.
    public var failureReason: String?
    /// The transition in progress, if any.
    public var target: TransitionTarget?
    /// When the transition completes.
    public var dueAt: EpochMilliseconds?

    /// A lifecycle.
    public init(status: WorkforceStatus, failureReason: String? = nil, target: TransitionTarget? = nil, dueAt: EpochMilliseconds? = nil) {
        self.status = status
        self.failureReason = failureReason
        self.target = target
        self.dueAt = dueAt
    }

    /// Settled and `Active`.
    public static let active = WorkforceLifecycle(status: .active)

    /// What a caller sees at `now`: a status (with reason when `Failed`), or nil once deletion completed.
    public func observed(at now: EpochMilliseconds) -> (status: WorkforceStatus, failureReason: String?)? {
        guard let target, let dueAt, now >= dueAt else {
            return (status, status == .failed ? failureReason : nil)
        }
        switch target {
        case .active: return (.active, nil)
        case .gone: return nil
        case .failed(let reason): return (.failed, reason)
        }
    }

    /// Whether the transition (if any) has not completed at `now`.
    public func isPending(at now: EpochMilliseconds) -> Bool {
        guard target != nil, let dueAt else { return false }
        return now < dueAt
    }
}

/// A private workforce (spec §4).
public struct Workforce: Sendable, Equatable {
    /// The (account, region) it lives in.
    public var namespace: Namespace
    /// Its name, unique in the namespace; the ARN keeps its case.
    public var name: String
    /// `CreateDate`.
    public var createdAt: EpochMilliseconds
    /// `LastUpdatedDate`.
    public var lastUpdatedAt: EpochMilliseconds
    /// Cognito or OIDC, for life.
    public var identityProvider: IdentityProvider
    /// The allow-list; empty means unrestricted.
    public var sourceIpCidrs: [String]
    /// The VPC configuration, while it has one.
    public var vpcConfig: WorkforceVpcConfig?
    /// Only once a caller set it.
    public var ipAddressType: IpAddressType?
    /// The stored status; what callers see is ``WorkforceLifecycle/observed(at:)``.
    public var lifecycle: WorkforceLifecycle
    /// Whether the VPC endpoint is still being created for the current `VpcId` (absent from responses
    /// until the pending transition completes, spec §7).
    public var vpcEndpointPending: Bool
    /// Tags given at creation. (ListTags on a workforce answers `Invalid resource type`, as AWS does.)
    public var tags: [Tag]

    /// A workforce.
    public init(
        namespace: Namespace, name: String, createdAt: EpochMilliseconds, lastUpdatedAt: EpochMilliseconds,
        identityProvider: IdentityProvider, sourceIpCidrs: [String] = [], vpcConfig: WorkforceVpcConfig? = nil,
        ipAddressType: IpAddressType? = nil, lifecycle: WorkforceLifecycle = .active, vpcEndpointPending: Bool = false,
        tags: [Tag] = []
    ) {
        self.namespace = namespace
        self.name = name
        self.createdAt = createdAt
        self.lastUpdatedAt = lastUpdatedAt
        self.identityProvider = identityProvider
        self.sourceIpCidrs = sourceIpCidrs
        self.vpcConfig = vpcConfig
        self.ipAddressType = ipAddressType
        self.lifecycle = lifecycle
        self.vpcEndpointPending = vpcEndpointPending
        self.tags = tags
    }

    /// `arn:<partition>:sagemaker:<region>:<account>:workforce/<name>`.
    public var arn: String { namespace.arn("workforce/\(name)") }

    /// `<10 lowercase alphanumerics>.labeling.<region>.sagemaker.aws`, stable for (account, region, name).
    public var subDomain: String { Self.subDomain(namespace: namespace, name: name) }

    /// The SubDomain of a workforce named `name` in `namespace`.
    public static func subDomain(namespace: Namespace, name: String) -> String {
        // SHA-256 of "subdomain\0<account>\0<region>\0<name>", fed piece by piece (it runs on every Describe).
        var hasher = SHA256()
        hasher.update("subdomain\u{0}")
        hasher.update(namespace.account)
        hasher.update("\u{0}")
        hasher.update(namespace.region)
        hasher.update("\u{0}")
        hasher.update(name)
        let digest = hasher.finalize()
        let label = String(unsafeUninitializedCapacity: 10) { out in
            subDomainAlphabet.withUTF8Buffer { alphabet in
                for index in 0..<10 { out[index] = alphabet[Int(digest[index]) % alphabet.count] }
            }
            return 10
        }
        return label + ".labeling." + namespace.region + ".sagemaker.aws"
    }

    private static let subDomainAlphabet: StaticString = "abcdefghijklmnopqrstuvwxyz0123456789"

    /// `vpce-` + 17 lowercase hex, stable for (account, region, name, VpcId).
    public static func vpcEndpointId(namespace: Namespace, name: String, vpcId: String) -> String {
        let digest = SHA256.hash("vpce\u{0}\(namespace.account)\u{0}\(namespace.region)\u{0}\(name)\u{0}\(vpcId)")
        return "vpce-" + String(digest.hexString.prefix(17))
    }

    /// The VPC endpoint id shown at `now`: absent while `Initializing`, and while `Updating` after the
    /// `VpcId` changed; otherwise present for a VPC workforce (spec §7).
    public func vpcEndpointId(at now: EpochMilliseconds) -> String? {
        guard let vpcConfig else { return nil }
        if vpcEndpointPending, let observed = lifecycle.observed(at: now),
            observed.status == .initializing || observed.status == .updating
        {
            return nil
        }
        return Self.vpcEndpointId(namespace: namespace, name: name, vpcId: vpcConfig.vpcId)
    }

    /// The OIDC configuration, if this is an OIDC workforce.
    public var oidcConfig: OidcConfig? { if case .oidc(let config) = identityProvider { config } else { nil } }
    /// The Cognito configuration, if this is a Cognito workforce.
    public var cognitoConfig: CognitoConfig? { if case .cognito(let config) = identityProvider { config } else { nil } }
}

/// One `MemberDefinition`: a Cognito user group, or OIDC groups.
public enum MemberDefinition: Sendable, Equatable {
    /// A Cognito user group of the workforce's pool.
    case cognito(userPool: String, userGroup: String, clientId: String)
    /// OIDC groups.
    case oidc(groups: [String])
}

/// `NotificationConfiguration`, kept as given (the topic is optional inside it).
public struct NotificationConfiguration: Sendable, Equatable {
    /// The SNS topic for new tasks.
    public var notificationTopicArn: String?

    /// A configuration.
    public init(notificationTopicArn: String?) { self.notificationTopicArn = notificationTopicArn }
}

/// `WorkerAccessConfiguration.S3Presign.IamPolicyConstraints`, kept as given (each level optional).
public struct WorkerAccessConfiguration: Sendable, Equatable {
    /// Whether `S3Presign` was given.
    public var hasS3Presign: Bool
    /// Whether `IamPolicyConstraints` was given.
    public var hasIamPolicyConstraints: Bool
    /// `Enabled` or `Disabled`.
    public var sourceIp: String?
    /// `Enabled` or `Disabled`.
    public var vpcSourceIp: String?

    /// A configuration.
    public init(hasS3Presign: Bool, hasIamPolicyConstraints: Bool, sourceIp: String?, vpcSourceIp: String?) {
        self.hasS3Presign = hasS3Presign
        self.hasIamPolicyConstraints = hasIamPolicyConstraints
        self.sourceIp = sourceIp
        self.vpcSourceIp = vpcSourceIp
    }
}

/// A private work team (spec §6).
public struct Workteam: Sendable, Equatable {
    /// The (account, region) it lives in.
    public var namespace: Namespace
    /// Its name, unique in the namespace; the ARN keeps its case.
    public var name: String
    /// Its workforce (teams name it by ARN in responses).
    public var workforceName: String
    /// `Description`.
    public var description: String
    /// The members, in the caller's order.
    public var memberDefinitions: [MemberDefinition]
    /// `NotificationConfiguration`, as given.
    public var notificationConfiguration: NotificationConfiguration?
    /// `WorkerAccessConfiguration`, as given.
    public var workerAccessConfiguration: WorkerAccessConfiguration?
    /// `CreateDate`.
    public var createdAt: EpochMilliseconds
    /// `LastUpdatedDate`.
    public var lastUpdatedAt: EpochMilliseconds

    /// A work team.
    public init(
        namespace: Namespace, name: String, workforceName: String, description: String,
        memberDefinitions: [MemberDefinition], notificationConfiguration: NotificationConfiguration? = nil,
        workerAccessConfiguration: WorkerAccessConfiguration? = nil, createdAt: EpochMilliseconds,
        lastUpdatedAt: EpochMilliseconds
    ) {
        self.namespace = namespace
        self.name = name
        self.workforceName = workforceName
        self.description = description
        self.memberDefinitions = memberDefinitions
        self.notificationConfiguration = notificationConfiguration
        self.workerAccessConfiguration = workerAccessConfiguration
        self.createdAt = createdAt
        self.lastUpdatedAt = lastUpdatedAt
    }

    /// `arn:<partition>:sagemaker:<region>:<account>:workteam/private-crowd/<name>`.
    public var arn: String { Self.arn(namespace: namespace, name: name) }

    /// The ARN of a team named `name` in `namespace`.
    public static func arn(namespace: Namespace, name: String) -> String { namespace.arn("workteam/private-crowd/\(name)") }

    /// The workforce's ARN (teams name their workforce by ARN in responses).
    public var workforceArn: String { namespace.arn("workforce/\(workforceName)") }

    /// Its workforce's SubDomain: a team shares its workforce's portal.
    public var subDomain: String { Workforce.subDomain(namespace: namespace, name: workforceName) }
}
