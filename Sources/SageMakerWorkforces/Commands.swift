/// What a caller asks of the rules, as plain values: each operation's request once its shape has been
/// checked (SageMakerAPI decodes the wire form into these). Absent optionals mean "not given": the rules
/// decide what that means (keep, default, or refuse).

/// `WorkforceVpcConfigRequest`: every member optional; what they mean together is decided by the rules.
public struct VpcConfigRequest: Sendable, Equatable {
    /// The VPC; empty or absent together with no ids removes the VPC configuration.
    public var vpcId: String?
    /// 1–5 `sg-…` ids.
    public var securityGroupIds: [String]?
    /// 1–16 `subnet-…` ids.
    public var subnets: [String]?

    /// A request.
    public init(vpcId: String?, securityGroupIds: [String]?, subnets: [String]?) {
        self.vpcId = vpcId
        self.securityGroupIds = securityGroupIds
        self.subnets = subnets
    }
}

/// A `MemberDefinition` as sent: which of the two alternatives were present (the rules want exactly one).
public struct MemberDefinitionRequest: Sendable, Equatable {
    /// `CognitoMemberDefinition`, if given.
    public var cognito: MemberDefinition?
    /// `OidcMemberDefinition`, if given.
    public var oidc: MemberDefinition?

    /// A request.
    public init(cognito: MemberDefinition?, oidc: MemberDefinition?) {
        self.cognito = cognito
        self.oidc = oidc
    }
}

/// CreateWorkforce (spec §6).
public struct CreateWorkforceCommand: Sendable, Equatable {
    /// The new workforce's name.
    public var workforceName: String
    /// Exactly one of this and ``oidcConfig``.
    public var cognitoConfig: CognitoConfig?
    /// Exactly one of this and ``cognitoConfig``.
    public var oidcConfig: OidcConfig?
    /// `SourceIpConfig.Cidrs`; absent is unrestricted.
    public var sourceIpCidrs: [String]?
    /// `WorkforceVpcConfig`.
    public var vpcConfig: VpcConfigRequest?
    /// `IpAddressType`.
    public var ipAddressType: IpAddressType?
    /// Tags for the new workforce.
    public var tags: [Tag]

    /// A command.
    public init(
        workforceName: String, cognitoConfig: CognitoConfig? = nil, oidcConfig: OidcConfig? = nil, sourceIpCidrs: [String]? = nil,
        vpcConfig: VpcConfigRequest? = nil, ipAddressType: IpAddressType? = nil, tags: [Tag] = []
    ) {
        self.workforceName = workforceName
        self.cognitoConfig = cognitoConfig
        self.oidcConfig = oidcConfig
        self.sourceIpCidrs = sourceIpCidrs
        self.vpcConfig = vpcConfig
        self.ipAddressType = ipAddressType
        self.tags = tags
    }
}

/// UpdateWorkforce (spec §6): what is given replaces what the workforce has; the rest stays.
public struct UpdateWorkforceCommand: Sendable, Equatable {
    /// The workforce to update.
    public var workforceName: String
    /// The new allow-list (`[]` removes the restriction).
    public var sourceIpCidrs: [String]?
    /// The new OIDC configuration, whole.
    public var oidcConfig: OidcConfig?
    /// Set, replace or (`{}`) remove the VPC.
    public var vpcConfig: VpcConfigRequest?
    /// The new address type.
    public var ipAddressType: IpAddressType?

    /// A command.
    public init(
        workforceName: String, sourceIpCidrs: [String]? = nil, oidcConfig: OidcConfig? = nil, vpcConfig: VpcConfigRequest? = nil,
        ipAddressType: IpAddressType? = nil
    ) {
        self.workforceName = workforceName
        self.sourceIpCidrs = sourceIpCidrs
        self.oidcConfig = oidcConfig
        self.vpcConfig = vpcConfig
        self.ipAddressType = ipAddressType
    }
}

/// Sort key of the list operations.
public enum ListSortBy: String, Sendable, CaseIterable {
    /// By name.
    case name = "Name"
    /// By creation time, then name.
    case createDate = "CreateDate"
}

/// ListWorkforces and ListWorkteams: a filter, an order and a page.
public struct ListQuery: Sendable, Equatable {
    /// The page size AWS uses when the caller gives none.
    public static let defaultMaxResults = 10

    /// Most items on one page.
    public var maxResults: Int
    /// Case-sensitive substring of the name.
    public var nameContains: String?
    /// Where the page starts (a ``PageToken``).
    public var nextToken: String?
    /// The sort key.
    public var sortBy: ListSortBy
    /// Whether the order is descending.
    public var descending: Bool

    /// A query; the defaults are AWS's (10 items, by creation date, ascending).
    public init(
        maxResults: Int = defaultMaxResults, nameContains: String? = nil, nextToken: String? = nil, sortBy: ListSortBy = .createDate,
        descending: Bool = false
    ) {
        self.maxResults = maxResults
        self.nameContains = nameContains
        self.nextToken = nextToken
        self.sortBy = sortBy
        self.descending = descending
    }
}

/// CreateWorkteam (spec §6).
public struct CreateWorkteamCommand: Sendable, Equatable {
    /// The new team's name.
    public var workteamName: String
    /// The workforce; absent means the namespace's.
    public var workforceName: String?
    /// 1–200 characters.
    public var description: String
    /// The members, in order.
    public var memberDefinitions: [MemberDefinitionRequest]
    /// Kept as given.
    public var notificationConfiguration: NotificationConfiguration?
    /// Kept as given.
    public var workerAccessConfiguration: WorkerAccessConfiguration?
    /// Tags for the new team.
    public var tags: [Tag]

    /// A command.
    public init(
        workteamName: String, workforceName: String? = nil, description: String, memberDefinitions: [MemberDefinitionRequest],
        notificationConfiguration: NotificationConfiguration? = nil, workerAccessConfiguration: WorkerAccessConfiguration? = nil,
        tags: [Tag] = []
    ) {
        self.workteamName = workteamName
        self.workforceName = workforceName
        self.description = description
        self.memberDefinitions = memberDefinitions
        self.notificationConfiguration = notificationConfiguration
        self.workerAccessConfiguration = workerAccessConfiguration
        self.tags = tags
    }
}

/// UpdateWorkteam (spec §6): given fields replace; omitted fields stay.
public struct UpdateWorkteamCommand: Sendable, Equatable {
    /// The team to update.
    public var workteamName: String
    /// The new description.
    public var description: String?
    /// The new members, replacing the list.
    public var memberDefinitions: [MemberDefinitionRequest]?
    /// The new notification configuration.
    public var notificationConfiguration: NotificationConfiguration?
    /// The new worker access configuration.
    public var workerAccessConfiguration: WorkerAccessConfiguration?

    /// A command.
    public init(
        workteamName: String, description: String? = nil, memberDefinitions: [MemberDefinitionRequest]? = nil,
        notificationConfiguration: NotificationConfiguration? = nil, workerAccessConfiguration: WorkerAccessConfiguration? = nil
    ) {
        self.workteamName = workteamName
        self.description = description
        self.memberDefinitions = memberDefinitions
        self.notificationConfiguration = notificationConfiguration
        self.workerAccessConfiguration = workerAccessConfiguration
    }
}

/// AddTags (spec §6): keys overwrite, new keys append.
public struct AddTagsCommand: Sendable, Equatable {
    /// The tagged resource's ARN.
    public var resourceArn: String
    /// The tags to set.
    public var tags: [Tag]

    /// A command.
    public init(resourceArn: String, tags: [Tag]) {
        self.resourceArn = resourceArn
        self.tags = tags
    }
}

/// DeleteTags (spec §6): removes the keys, compared by their exact bytes.
public struct DeleteTagsCommand: Sendable, Equatable {
    /// The tagged resource's ARN.
    public var resourceArn: String
    /// The keys to remove.
    public var tagKeys: [String]

    /// A command.
    public init(resourceArn: String, tagKeys: [String]) {
        self.resourceArn = resourceArn
        self.tagKeys = tagKeys
    }
}

/// ListTags (spec §6): one page of a resource's tags.
public struct ListTagsQuery: Sendable, Equatable {
    /// The page size AWS uses when the caller gives none.
    public static let defaultMaxResults = 50

    /// The tagged resource's ARN.
    public var resourceArn: String
    /// Most tags on one page.
    public var maxResults: Int
    /// Where the page starts (a ``PageToken``).
    public var nextToken: String?

    /// A query.
    public init(resourceArn: String, maxResults: Int = defaultMaxResults, nextToken: String? = nil) {
        self.resourceArn = resourceArn
        self.maxResults = maxResults
        self.nextToken = nextToken
    }
}
