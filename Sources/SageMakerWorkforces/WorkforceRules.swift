/// The workforce rules of the spec (§5, §6, §7) as pure functions: given the current state, the request
/// and the time, the new state or the reason it is refused. Nothing here reads or writes anything, so the
/// caller runs a rule inside one transaction and a refusal leaves the state exactly as it was.
public struct WorkforceRules: Sendable {
    /// How long a status transition takes; 0 completes it within the call.
    public var transitionDelay: EpochMilliseconds

    /// Rules with the configured transition delay (milliseconds).
    public init(transitionDelay: EpochMilliseconds) { self.transitionDelay = max(0, transitionDelay) }

    /// The most work teams one namespace may hold.
    public static let maxWorkteams = 25

    /// The most tags one resource may carry (spec §6, §7).
    public static let maxTags = 50

    // MARK: Workforce

    /// CreateWorkforce: `existing` is the namespace's live workforce, if any (spec §6). `settled` makes
    /// it `Active` at once (fixtures).
    public func createWorkforce(
        _ input: CreateWorkforceCommand, in namespace: Namespace, existing: Workforce?, now: EpochMilliseconds, settled: Bool = false
    ) throws(WorkforceError) -> Workforce {
        // The workforce keeps its tags as given; AddTags' rules only decide whether they are allowed.
        _ = try Self.addTags(input.tags, to: [])
        let identity: IdentityProvider
        switch (input.cognitoConfig, input.oidcConfig) {
        case (let cognito?, nil): identity = .cognito(cognito)
        case (nil, let oidc?): identity = .oidc(oidc)
        case (.some, .some):
            throw .validation("Only one of CognitoConfig or OidcConfig can be specified for a workforce, not both.")
        case (nil, nil):
            throw .validation("Either CognitoConfig or OidcConfig must be specified to create a workforce.")
        }
        let vpc = try Self.resolveVpc(input.vpcConfig, current: nil)
        let cidrs = input.sourceIpCidrs ?? []
        try Self.checkInvariants(cidrs: cidrs, vpc: vpc, ipAddressType: input.ipAddressType)
        if existing != nil {
            throw .validation(
                "Cannot create more than one workforce for account \(namespace.account). If you are trying to update existing workforce, please use UpdateWorkforce API"
            )
        }
        return Workforce(
            namespace: namespace, name: input.workforceName, createdAt: now, lastUpdatedAt: now, identityProvider: identity,
            sourceIpCidrs: cidrs, vpcConfig: vpc, ipAddressType: input.ipAddressType,
            lifecycle: settled ? .active : transition(from: .initializing, to: .active, now: now),
            vpcEndpointPending: vpc != nil && !settled, tags: input.tags)
    }

    /// UpdateWorkforce (spec §6, the reference page): every check before any change.
    public func updateWorkforce(
        _ input: UpdateWorkforceCommand, workforce: Workforce?, workteamCount: Int, now: EpochMilliseconds
    ) throws(WorkforceError) -> Workforce {
        guard var workforce, let observed = workforce.lifecycle.observed(at: now) else {
            throw .workforceNotFound(input.workforceName)
        }
        switch observed.status {
        case .active, .failed: break
        case .initializing, .updating, .deleting:
            throw .conflict("Workforce \(workforce.name) is currently \(observed.status.rawValue). Wait for it to become Active.")
        }
        let requestedVpc = try input.vpcConfig.map { request throws(WorkforceError) in try Self.vpcChange(request) }
        if let oidc = input.oidcConfig {
            guard case .oidc = workforce.identityProvider else {
                throw .validation(
                    "Cannot update OidcConfig of workforce \(workforce.name) because it uses CognitoConfig. A workforce cannot change its identity provider."
                )
            }
            if workteamCount > 0 {
                throw .conflict("Cannot update OidcConfig of workforce \(workforce.name) because it has work teams. Delete the work teams first.")
            }
            workforce.identityProvider = .oidc(oidc)
        }
        let previousVpcId = workforce.vpcConfig?.vpcId
        if let requestedVpc { workforce.vpcConfig = requestedVpc.config }
        if let cidrs = input.sourceIpCidrs { workforce.sourceIpCidrs = cidrs }
        if let type = input.ipAddressType { workforce.ipAddressType = type }
        try Self.checkInvariants(cidrs: workforce.sourceIpCidrs, vpc: workforce.vpcConfig, ipAddressType: workforce.ipAddressType)

        let vpcIdChanged = workforce.vpcConfig != nil && workforce.vpcConfig?.vpcId != previousVpcId
        workforce.vpcEndpointPending = vpcIdChanged
        workforce.lastUpdatedAt = now
        workforce.lifecycle = transition(from: .updating, to: .active, now: now)
        return workforce
    }

    /// DeleteWorkforce: nil when nothing changes (already `Deleting`, spec §5).
    public func deleteWorkforce(name: String, workforce: Workforce?, workteamCount: Int, now: EpochMilliseconds) throws(WorkforceError) -> Workforce? {
        guard var workforce, let observed = workforce.lifecycle.observed(at: now) else { throw .workforceNotFound(name) }
        if observed.status == .deleting { return nil }
        if workteamCount > 0 { throw .resourceInUse("Cannot delete workforce \(workforce.name) because it has work teams.") }
        workforce.lifecycle = WorkforceLifecycle(status: .deleting, target: .gone, dueAt: now + transitionDelay)
        return workforce
    }

    private func transition(from status: WorkforceStatus, to target: TransitionTarget, now: EpochMilliseconds) -> WorkforceLifecycle {
        WorkforceLifecycle(status: status, target: target, dueAt: now + transitionDelay)
    }

    /// What a `WorkforceVpcConfig` in a request asks for: remove (`{}`, or an empty `VpcId` and no ids)
    /// or set; anything partial is refused.
    struct VpcChange { var config: WorkforceVpcConfig? }

    static func vpcChange(_ request: VpcConfigRequest) throws(WorkforceError) -> VpcChange {
        let vpcId = request.vpcId ?? ""
        switch (vpcId.isEmpty, request.securityGroupIds, request.subnets) {
        case (true, nil, nil):
            return VpcChange(config: nil)
        case (false, let groups?, let subnets?):
            return VpcChange(config: WorkforceVpcConfig(vpcId: vpcId, securityGroupIds: groups, subnets: subnets))
        default:
            throw .validation(
                "WorkforceVpcConfig must specify VpcId, SecurityGroupIds and Subnets together, or be empty ({}) to remove the VPC configuration."
            )
        }
    }

    static func resolveVpc(_ request: VpcConfigRequest?, current: WorkforceVpcConfig?) throws(WorkforceError) -> WorkforceVpcConfig? {
        guard let request else { return current }
        return try vpcChange(request).config
    }

    /// What must hold of every workforce, however it came to be (spec §7): no IP restriction on a VPC
    /// workforce (the reference's warning), and IPv6 CIDRs only on a `dualstack` workforce.
    public static func checkInvariants(cidrs: [String], vpc: WorkforceVpcConfig?, ipAddressType: IpAddressType?) throws(WorkforceError) {
        if vpc != nil, !cidrs.isEmpty {
            throw .validation(
                "Amazon SageMaker does not support Source Ip restriction for worker portals in VPC. Remove the CIDRs (SourceIpConfig {\"Cidrs\": []}) or the WorkforceVpcConfig."
            )
        }
        if ipAddressType != .dualstack, let ipv6 = cidrs.first(where: { CIDR($0)?.isIPv6 == true }) {
            throw .validation("CIDR \(ipv6) is an IPv6 range, which requires IpAddressType dualstack.")
        }
    }

    // MARK: Work teams

    /// CreateWorkteam: `workforce` is the namespace's workforce (or the named one, nil if absent). Returns
    /// the team, the tags it starts with (the request's, under AddTags' rules), and the workforce to create
    /// with it when the namespace had none (human-review-api.md §7: `default`, from Cognito members).
    public func createWorkteam(
        _ input: CreateWorkteamCommand, in namespace: Namespace, workforce: Workforce?, existingNames: [String], now: EpochMilliseconds
    ) throws(WorkforceError) -> (team: Workteam, tags: [Tag], createdWorkforce: Workforce?) {
        let tags = try Self.addTags(input.tags, to: [])
        var createdWorkforce: Workforce?
        let teamWorkforce: Workforce
        if input.workforceName == nil, workforce.flatMap({ $0.lifecycle.observed(at: now) }) == nil {
            let created = try Self.defaultWorkforce(for: input.memberDefinitions, in: namespace, now: now)
            createdWorkforce = created
            teamWorkforce = created
        } else {
            teamWorkforce = try liveWorkforce(workforce, named: input.workforceName, now: now)
        }
        if existingNames.contains(input.workteamName) {
            throw .resourceInUse("The work team \(input.workteamName) already exists.")
        }
        if existingNames.count >= Self.maxWorkteams {
            throw .resourceLimitExceeded(
                "The account-level service limit 'Number of work teams' is \(Self.maxWorkteams) Workteams, with current utilization of \(existingNames.count) Workteams and a request delta of 1 Workteams. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota."
            )
        }
        let members = try Self.checkMembers(input.memberDefinitions, for: teamWorkforce)
        let team = Workteam(
            namespace: namespace, name: input.workteamName, workforceName: teamWorkforce.name, description: input.description,
            memberDefinitions: members, notificationConfiguration: input.notificationConfiguration,
            workerAccessConfiguration: input.workerAccessConfiguration, createdAt: now, lastUpdatedAt: now)
        return (team, tags, createdWorkforce)
    }

    /// The name of the workforce CreateWorkteam creates in a namespace that has none.
    public static let defaultWorkforceName = "default"

    /// The workforce a first Cognito team brings into being (human-review-api.md §7 rule 1): `default`,
    /// the first member's pool and client, unrestricted, `Active` at once. OIDC members cannot make one
    /// (rule 3); whether the other members match it is ``checkMembers(_:for:)``'s to say.
    static func defaultWorkforce(
        for definitions: [MemberDefinitionRequest], in namespace: Namespace, now: EpochMilliseconds
    ) throws(WorkforceError) -> Workforce {
        guard let first = definitions.first, case .cognito(let userPool, _, let clientId)? = first.cognito, first.oidc == nil else {
            if let first = definitions.first, (first.cognito == nil) == (first.oidc == nil) {
                throw .validation("Each MemberDefinition must specify exactly one of CognitoMemberDefinition or OidcMemberDefinition.")
            }
            throw .workforceNotFound(defaultWorkforceName)
        }
        return Workforce(
            namespace: namespace, name: defaultWorkforceName, createdAt: now, lastUpdatedAt: now,
            identityProvider: .cognito(CognitoConfig(userPool: userPool, clientId: clientId)))
    }

    /// UpdateWorkteam: given members replace the list; omitted fields stay.
    public func updateWorkteam(_ input: UpdateWorkteamCommand, workteam: Workteam?, workforce: Workforce?, now: EpochMilliseconds) throws(WorkforceError) -> Workteam {
        guard var workteam else { throw .workteamNotFound(input.workteamName) }
        if let members = input.memberDefinitions {
            let workforce = try liveWorkforce(workforce, named: workteam.workforceName, now: now)
            workteam.memberDefinitions = try Self.checkMembers(members, for: workforce)
        } else {
            _ = try liveWorkforce(workforce, named: workteam.workforceName, now: now)
        }
        if let description = input.description { workteam.description = description }
        if let notification = input.notificationConfiguration { workteam.notificationConfiguration = notification }
        if let access = input.workerAccessConfiguration { workteam.workerAccessConfiguration = access }
        workteam.lastUpdatedAt = now
        return workteam
    }

    private func liveWorkforce(_ workforce: Workforce?, named name: String?, now: EpochMilliseconds) throws(WorkforceError) -> Workforce {
        guard let workforce, let observed = workforce.lifecycle.observed(at: now), name == nil || name == workforce.name else {
            throw .workforceNotFound(name ?? "default")
        }
        if observed.status == .deleting {
            throw .validation("Workforce \(workforce.name) is being deleted. Work teams cannot be created or updated in it.")
        }
        return workforce
    }

    /// Members must match the workforce's identity provider (spec §6 CreateWorkteam).
    static func checkMembers(_ definitions: [MemberDefinitionRequest], for workforce: Workforce) throws(WorkforceError) -> [MemberDefinition] {
        var members: [MemberDefinition] = []
        for definition in definitions {
            switch (definition.cognito, definition.oidc) {
            case (let member?, nil), (nil, let member?): members.append(member)
            default:
                throw .validation("Each MemberDefinition must specify exactly one of CognitoMemberDefinition or OidcMemberDefinition.")
            }
        }
        for member in members {
            switch (member, workforce.identityProvider) {
            case (.cognito(let userPool, _, let clientId), .cognito(let config)):
                guard userPool == config.userPool, clientId == config.clientId else {
                    throw .validation(
                        "CognitoMemberDefinition UserPool \(userPool) and ClientId \(clientId) must match the CognitoConfig of workforce \(workforce.name)."
                    )
                }
            case (.oidc, .oidc): break
            case (.cognito, .oidc):
                throw .validation("Workforce \(workforce.name) uses OidcConfig: its work teams take OidcMemberDefinition, not CognitoMemberDefinition.")
            case (.oidc, .cognito):
                throw .validation("Workforce \(workforce.name) uses CognitoConfig: its work teams take CognitoMemberDefinition, not OidcMemberDefinition.")
            }
        }
        return members
    }

    // MARK: Tags

    /// AddTags: keys overwrite, new keys append; at most 50; `aws:` keys are reserved.
    public static func addTags(_ new: [Tag], to current: [Tag]) throws(WorkforceError) -> [Tag] {
        if let reserved = new.first(where: { $0.key.lowercased().hasPrefix("aws:") }) {
            throw .validation("Tag keys starting with 'aws:' are reserved for system use: \(reserved.key)")
        }
        var result = current
        for tag in new {
            // Keys compare by their exact bytes, as AWS compares them (not by Unicode equivalence).
            if let index = result.firstIndex(where: { $0.key.utf8.elementsEqual(tag.key.utf8) }) {
                result[index].value = tag.value
            } else {
                result.append(tag)
            }
        }
        if result.count > Self.maxTags {
            throw .validation("Resource cannot have more than \(Self.maxTags) tags; this request would leave it with \(result.count).")
        }
        return result
    }
}
