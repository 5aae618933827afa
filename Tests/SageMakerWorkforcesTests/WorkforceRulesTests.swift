import DomainTestSupport
import Testing

@testable import SageMakerWorkforces

/// Which AWS error a rule's refusal becomes, without its message.
enum ErrorKind: Equatable {
    case validation, conflict, resourceInUse, resourceLimitExceeded, resourceNotFound
}

extension WorkforceError {
    var kind: ErrorKind {
        switch self {
        case .validation: .validation
        case .conflict: .conflict
        case .resourceInUse: .resourceInUse
        case .resourceLimitExceeded: .resourceLimitExceeded
        case .resourceNotFound: .resourceNotFound
        }
    }
}

private let rules = WorkforceRules.make()

private let moreThanOneWorkforce =
    "Cannot create more than one workforce for account 123456789012. If you are trying to update existing workforce, please use UpdateWorkforce API"

/// A lifecycle part-way through a transition that completes at `dueAt`.
private func pending(_ status: WorkforceStatus, dueAt: EpochMilliseconds = t0 + 500) -> WorkforceLifecycle {
    WorkforceLifecycle(status: status, target: status == .deleting ? .gone : .active, dueAt: dueAt)
}

// MARK: - CreateWorkforce

@Suite struct CreateWorkforceRuleTests {
    @Test func cognitoWorkforceStartsInitializing() throws {
        let workforce = try rules.createWorkforce(
            .make(name: "MyWorkforce", tags: [("team", "ml")]), in: testNamespace, existing: nil, now: t0)
        #expect(workforce.name == "MyWorkforce")
        #expect(workforce.namespace == testNamespace)
        #expect(workforce.identityProvider == .cognito(testCognito))
        #expect(workforce.createdAt == t0)
        #expect(workforce.lastUpdatedAt == t0)
        #expect(workforce.sourceIpCidrs == [])
        #expect(workforce.vpcConfig == nil)
        #expect(workforce.ipAddressType == nil)
        #expect(workforce.tags == [Tag("team", "ml")])
        #expect(workforce.lifecycle.observed(at: t0)?.status == .initializing)
        #expect(workforce.lifecycle.observed(at: t0 + delay - 1)?.status == .initializing)
        #expect(workforce.lifecycle.observed(at: t0 + delay)?.status == .active)
    }

    @Test func oidcWorkforceKeepsOnlyTheFingerprint() throws {
        let workforce = try rules.createWorkforce(
            .make(oidc: Request.oidc(scope: "openid", extraParams: [("prompt", "login")])), in: testNamespace, existing: nil, now: t0)
        let oidc = try #require(workforce.oidcConfig)
        #expect(workforce.cognitoConfig == nil)
        #expect(oidc.clientSecretFingerprint == OidcConfig.digest(ofSecret: clientSecret))
        #expect(oidc.scope == "openid")
        #expect(oidc.authenticationRequestExtraParams == [KeyValue("prompt", "login")])
        #expect(!String(reflecting: workforce).contains(clientSecret))
    }

    @Test func bothIdentityProvidersAreRefused() throws {
        let input = CreateWorkforceCommand(workforceName: "wf", cognitoConfig: Request.cognito, oidcConfig: Request.oidc())
        let error = thrown { () throws(WorkforceError) in try rules.createWorkforce(input, in: testNamespace, existing: nil, now: t0) }
        #expect(error?.kind == .validation)
    }

    @Test func neitherIdentityProviderIsRefused() throws {
        let input = CreateWorkforceCommand.make(cognito: nil)
        let error = thrown { () throws(WorkforceError) in try rules.createWorkforce(input, in: testNamespace, existing: nil, now: t0) }
        #expect(error?.kind == .validation)
    }

    @Test func secondWorkforceInANamespaceUsesAWSText() throws {
        let input = CreateWorkforceCommand.make(name: "second")
        #expect(throws: WorkforceError.validation(moreThanOneWorkforce)) {
            try rules.createWorkforce(input, in: testNamespace, existing: .make(name: "first"), now: t0)
        }
    }

    @Test(arguments: [WorkforceStatus.initializing, .updating, .deleting, .failed])
    func existingWorkforceInAnyStatusBlocksCreate(status: WorkforceStatus) throws {
        let existing = Workforce.make(lifecycle: status == .failed ? WorkforceLifecycle(status: .failed, failureReason: "x") : pending(status))
        #expect(throws: WorkforceError.validation(moreThanOneWorkforce)) {
            try rules.createWorkforce(.make(name: "wf"), in: testNamespace, existing: existing, now: t0)
        }
    }

    @Test func accountInTheMessageIsTheNamespaces() throws {
        let namespace = Namespace.make(account: "000000000000", region: "eu-west-1")
        let input = CreateWorkforceCommand.make()
        let error = thrown { () throws(WorkforceError) in
            try rules.createWorkforce(input, in: namespace, existing: .make(namespace: namespace), now: t0)
        }
        #expect(error?.message.hasPrefix("Cannot create more than one workforce for account 000000000000. ") == true)
    }

    @Test func vpcWithCIDRsIsRefused() throws {
        let input = CreateWorkforceCommand.make(cidrs: ["10.0.0.0/8"], vpc: Request.vpc())
        let error = thrown { () throws(WorkforceError) in try rules.createWorkforce(input, in: testNamespace, existing: nil, now: t0) }
        #expect(error?.kind == .validation)
    }

    @Test func vpcWithEmptyCIDRsIsAccepted() throws {
        let workforce = try rules.createWorkforce(.make(cidrs: [], vpc: Request.vpc()), in: testNamespace, existing: nil, now: t0)
        #expect(workforce.vpcConfig == .make())
        #expect(workforce.sourceIpCidrs == [])
    }

    @Test func vpcEndpointAppearsOnceInitializingEnds() throws {
        let workforce = try rules.createWorkforce(.make(vpc: Request.vpc("vpc-9")), in: testNamespace, existing: nil, now: t0)
        #expect(workforce.vpcEndpointId(at: t0) == nil)
        #expect(workforce.vpcEndpointId(at: t0 + delay - 1) == nil)
        #expect(workforce.vpcEndpointId(at: t0 + delay) == Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-9"))
    }

    @Test func partialVpcIsRefused() throws {
        let input = CreateWorkforceCommand.make(vpc: VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: nil, subnets: ["subnet-1"]))
        let error = thrown { () throws(WorkforceError) in try rules.createWorkforce(input, in: testNamespace, existing: nil, now: t0) }
        #expect(error?.kind == .validation)
    }

    @Test(arguments: [nil, IpAddressType.ipv4])
    func ipv6CIDRNeedsDualstack(ipAddressType: IpAddressType?) throws {
        let input = CreateWorkforceCommand.make(cidrs: ["10.0.0.0/8", "2001:db8::/32"], ipAddressType: ipAddressType)
        let error = thrown { () throws(WorkforceError) in try rules.createWorkforce(input, in: testNamespace, existing: nil, now: t0) }
        #expect(error?.kind == .validation)
        #expect(error?.message.contains("2001:db8::/32") == true)
    }

    @Test func ipv6CIDRWithDualstackIsAccepted() throws {
        let workforce = try rules.createWorkforce(
            .make(cidrs: ["2001:db8::/32", "10.0.0.1/16"], ipAddressType: .dualstack), in: testNamespace, existing: nil, now: t0)
        #expect(workforce.sourceIpCidrs == ["2001:db8::/32", "10.0.0.1/16"])
        #expect(workforce.ipAddressType == .dualstack)
    }

    @Test func settledCreateIsActiveAtOnce() throws {
        let workforce = try rules.createWorkforce(.make(vpc: Request.vpc()), in: testNamespace, existing: nil, now: t0, settled: true)
        #expect(workforce.lifecycle == .active)
        #expect(workforce.vpcEndpointId(at: t0) != nil)
    }

    @Test func zeroDelayShowsTheFinalStatusInTheSameCall() throws {
        let workforce = try WorkforceRules.make(transitionDelay: 0).createWorkforce(
            .make(vpc: Request.vpc()), in: testNamespace, existing: nil, now: t0)
        #expect(workforce.lifecycle.observed(at: t0)?.status == .active)
        #expect(workforce.vpcEndpointId(at: t0) != nil)
    }

    @Test func negativeDelayCountsAsZero() {
        #expect(WorkforceRules(transitionDelay: -5).transitionDelay == 0)
    }
}

// MARK: - UpdateWorkforce

private func update(
    _ input: UpdateWorkforceCommand, _ workforce: Workforce?, teams: Int = 0, now: EpochMilliseconds = t0
) throws(WorkforceError) -> Workforce {
    try rules.updateWorkforce(input, workforce: workforce, workteamCount: teams, now: now)
}

/// The refusal of `input` on `workforce`, or nil if it was applied.
private func refusal(_ input: UpdateWorkforceCommand, _ workforce: Workforce?, teams: Int = 0, now: EpochMilliseconds = t0) -> WorkforceError? {
    thrown { () throws(WorkforceError) in try update(input, workforce, teams: teams, now: now) }
}

@Suite struct UpdateWorkforceRuleTests {
    @Test func missingWorkforceIsNotFound() throws {
        #expect(throws: WorkforceError.validation("No workforce found with name ghost.")) {
            try update(.make(name: "ghost"), nil)
        }
    }

    @Test func workforceWhoseDeletionCompletedIsNotFound() throws {
        let gone = Workforce.make(lifecycle: pending(.deleting, dueAt: t0 - 1))
        #expect(refusal(.make(), gone) == .validation("No workforce found with name wf."))
    }

    @Test(arguments: [WorkforceStatus.initializing, .updating, .deleting])
    func transitionInProgressIsAConflict(status: WorkforceStatus) throws {
        let workforce = Workforce.make(lifecycle: pending(status, dueAt: t0 + 500))
        #expect(refusal(.make(cidrs: []), workforce) == .conflict("Workforce wf is currently \(status.rawValue). Wait for it to become Active."))
        #expect(refusal(.make(), workforce, now: t0 + 499)?.kind == .conflict)
    }

    @Test(arguments: [WorkforceStatus.initializing, .updating])
    func updateIsAllowedOnceTheTransitionIsDue(status: WorkforceStatus) throws {
        let workforce = Workforce.make(lifecycle: pending(status, dueAt: t0))
        let updated = try update(.make(cidrs: ["10.0.0.0/8"]), workforce, now: t0)
        #expect(updated.sourceIpCidrs == ["10.0.0.0/8"])
        #expect(updated.lifecycle.observed(at: t0)?.status == .updating)
    }

    @Test func failedWorkforceAcceptsUpdateAndLosesItsReason() throws {
        let failed = Workforce.make(lifecycle: WorkforceLifecycle(status: .failed, failureReason: "injected fault"))
        #expect(failed.lifecycle.observed(at: t0)?.failureReason == "injected fault")
        let updated = try update(.make(), failed)
        #expect(updated.lifecycle.observed(at: t0)?.status == .updating)
        #expect(updated.lifecycle.observed(at: t0)?.failureReason == nil)
        #expect(updated.lifecycle.observed(at: t0 + delay)?.status == .active)
        #expect(updated.lifecycle.observed(at: t0 + delay)?.failureReason == nil)
    }

    @Test func workforceThatTransitionedToFailedAcceptsUpdate() throws {
        let failing = Workforce.make(lifecycle: WorkforceLifecycle(status: .updating, target: .failed(reason: "boom"), dueAt: t0 - 1))
        #expect(failing.lifecycle.observed(at: t0)?.status == .failed)
        let updated = try update(.make(), failing)
        #expect(updated.lifecycle.observed(at: t0 + delay)?.status == .active)
        #expect(updated.lifecycle.observed(at: t0 + delay)?.failureReason == nil)
    }

    @Test func nameOnlyUpdateBumpsLastUpdatedAndNothingElse() throws {
        let workforce = Workforce.make(cidrs: ["10.0.0.0/8"], ipAddressType: .ipv4, tags: [Tag("k", "v")])
        let updated = try update(.make(), workforce)
        var expected = workforce
        expected.lastUpdatedAt = t0
        expected.lifecycle = WorkforceLifecycle(status: .updating, target: .active, dueAt: t0 + delay)
        #expect(updated == expected)
        #expect(updated.createdAt == t0 - 60_000)
    }

    @Test func updatingBecomesActiveAfterTheDelay() throws {
        let updated = try update(.make(cidrs: ["10.0.0.0/8"]), .make())
        #expect(updated.lifecycle.observed(at: t0)?.status == .updating)
        #expect(updated.lifecycle.isPending(at: t0 + delay - 1))
        #expect(updated.lifecycle.observed(at: t0 + delay)?.status == .active)
        #expect(!updated.lifecycle.isPending(at: t0 + delay))
    }

    // MARK: CIDRs

    @Test func cidrsReplaceTheList() throws {
        let updated = try update(.make(cidrs: ["192.168.0.0/16", "172.16.0.0/12"]), .make(cidrs: ["10.0.0.0/8"]))
        #expect(updated.sourceIpCidrs == ["192.168.0.0/16", "172.16.0.0/12"])
    }

    @Test func emptyCidrsRemoveTheRestriction() throws {
        #expect(try update(.make(cidrs: []), .make(cidrs: ["10.0.0.0/8"])).sourceIpCidrs == [])
    }

    @Test func omittedCidrsAreKept() throws {
        #expect(try update(.make(ipAddressType: .ipv4), .make(cidrs: ["10.0.0.0/8"])).sourceIpCidrs == ["10.0.0.0/8"])
    }

    @Test func hostBitsAreKeptAsGiven() throws {
        #expect(try update(.make(cidrs: ["10.0.0.1/16"]), .make()).sourceIpCidrs == ["10.0.0.1/16"])
    }

    @Test func ipv6CIDRWithDualstackInTheSameRequest() throws {
        let updated = try update(.make(cidrs: ["2001:db8::/32"], ipAddressType: .dualstack), .make())
        #expect(updated.sourceIpCidrs == ["2001:db8::/32"])
        #expect(updated.ipAddressType == .dualstack)
    }

    @Test func ipv6CIDRWithoutDualstackIsRefused() throws {
        #expect(refusal(.make(cidrs: ["2001:db8::/32"]), .make())?.kind == .validation)
        #expect(refusal(.make(cidrs: ["::/0"]), .make(ipAddressType: .ipv4))?.kind == .validation)
        #expect(refusal(.make(cidrs: ["::ffff:1.2.3.4/128"], ipAddressType: .ipv4), .make(ipAddressType: .dualstack))?.kind == .validation)
    }

    @Test func ipv6CIDROnADualstackWorkforce() throws {
        #expect(try update(.make(cidrs: ["2001:db8::/32"]), .make(ipAddressType: .dualstack)).sourceIpCidrs == ["2001:db8::/32"])
    }

    @Test func switchingToIPv4WhileIPv6CIDRsRemainIsRefused() throws {
        let dualstack = Workforce.make(cidrs: ["10.0.0.0/8", "2001:db8::/32"], ipAddressType: .dualstack)
        #expect(refusal(.make(ipAddressType: .ipv4), dualstack)?.kind == .validation)
    }

    @Test func switchingToIPv4WhileClearingIPv6CIDRs() throws {
        let dualstack = Workforce.make(cidrs: ["10.0.0.0/8", "2001:db8::/32"], ipAddressType: .dualstack)
        let updated = try update(.make(cidrs: ["10.0.0.0/8"], ipAddressType: .ipv4), dualstack)
        #expect(updated.ipAddressType == .ipv4)
        #expect(updated.sourceIpCidrs == ["10.0.0.0/8"])
    }

    @Test func ipAddressTypeSwitchesEitherWay() throws {
        #expect(try update(.make(ipAddressType: .dualstack), .make(ipAddressType: .ipv4)).ipAddressType == .dualstack)
        #expect(try update(.make(ipAddressType: .ipv4), .make(ipAddressType: .dualstack)).ipAddressType == .ipv4)
        #expect(try update(.make(), .make(ipAddressType: .dualstack)).ipAddressType == .dualstack)
    }

    // MARK: OIDC

    @Test func oidcOnACognitoWorkforceIsRefused() throws {
        #expect(refusal(.make(oidc: Request.oidc()), .make())?.kind == .validation)
    }

    @Test func oidcOnAWorkforceWithTeamsIsAConflict() throws {
        #expect(
            refusal(.make(oidc: Request.oidc()), .makeOIDC(), teams: 1)
                == .conflict("Cannot update OidcConfig of workforce wf because it has work teams. Delete the work teams first."))
    }

    @Test func oidcWithoutTeamsReplacesTheWholeConfig() throws {
        let workforce = Workforce.make(identity: .oidc(.make(secret: "old-secret", scope: "openid", extra: [KeyValue("a", "b")])))
        let updated = try update(.make(oidc: Request.oidc(clientId: "new-client", secret: "new-secret", issuer: "https://other.example.com")), workforce)
        let oidc = try #require(updated.oidcConfig)
        #expect(oidc.clientId == "new-client")
        #expect(oidc.issuer == "https://other.example.com")
        #expect(oidc.clientSecretFingerprint == OidcConfig.digest(ofSecret: "new-secret"))
        #expect(oidc.clientSecretFingerprint != workforce.oidcConfig?.clientSecretFingerprint)
        #expect(oidc.scope == nil)
        #expect(oidc.authenticationRequestExtraParams == nil)
    }

    // MARK: VPC

    @Test func vpcIsAddedToAnUnrestrictedWorkforce() throws {
        let updated = try update(.make(vpc: Request.vpc("vpc-1", groups: ["sg-1", "sg-2"], subnets: ["subnet-1"])), .make())
        #expect(updated.vpcConfig == WorkforceVpcConfig(vpcId: "vpc-1", securityGroupIds: ["sg-1", "sg-2"], subnets: ["subnet-1"]))
        #expect(updated.vpcEndpointPending)
    }

    @Test func vpcIsReplaced() throws {
        let updated = try update(.make(vpc: Request.vpc("vpc-2", groups: ["sg-2"], subnets: ["subnet-2"])), .make(vpc: .make("vpc-1")))
        #expect(updated.vpcConfig == WorkforceVpcConfig(vpcId: "vpc-2", securityGroupIds: ["sg-2"], subnets: ["subnet-2"]))
    }

    @Test func emptyVpcConfigRemovesIt() throws {
        let updated = try update(.make(vpc: Request.noVpc), .make(vpc: .make()))
        #expect(updated.vpcConfig == nil)
        #expect(updated.vpcEndpointId(at: t0) == nil)
    }

    @Test func emptyVpcIdRemovesIt() throws {
        var input = UpdateWorkforceCommand.make()
        input.vpcConfig = VpcConfigRequest(vpcId: "", securityGroupIds: nil, subnets: nil)
        #expect(try update(input, .make(vpc: .make())).vpcConfig == nil)
    }

    @Test func omittedVpcConfigIsKept() throws {
        #expect(try update(.make(ipAddressType: .dualstack), .make(vpc: .make())).vpcConfig == .make())
    }

    static let partialVpcConfigs: [VpcConfigRequest] = [
        VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: nil, subnets: nil),
        VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: ["sg-1"], subnets: nil),
        VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: nil, subnets: ["subnet-1"]),
        VpcConfigRequest(vpcId: nil, securityGroupIds: ["sg-1"], subnets: ["subnet-1"]),
        VpcConfigRequest(vpcId: nil, securityGroupIds: ["sg-1"], subnets: nil),
        VpcConfigRequest(vpcId: "", securityGroupIds: ["sg-1"], subnets: ["subnet-1"]),
    ]

    @Test(arguments: partialVpcConfigs)
    func partialVpcConfigIsRefused(request: VpcConfigRequest) throws {
        var input = UpdateWorkforceCommand.make()
        input.vpcConfig = request
        #expect(refusal(input, .make())?.kind == .validation)
        #expect(refusal(input, .make(vpc: .make()))?.kind == .validation)
    }

    /// Spec §7, order of checks: shape → the resource exists → status → the stateful rules. A partial
    /// `WorkforceVpcConfig` passes the shape (each member is optional), so a missing workforce is
    /// reported as not found (Terraform matches `No workforce`), not as a bad VPC config.
    @Test func partialVpcConfigOnAMissingWorkforceIsNotFound() throws {
        var input = UpdateWorkforceCommand.make(name: "ghost")
        input.vpcConfig = VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: nil, subnets: nil)
        #expect(refusal(input, nil) == .validation("No workforce found with name ghost."))
    }

    /// Spec §7, order of checks: the status check (ConflictException) comes before the stateful rules.
    @Test func partialVpcConfigOnAnUpdatingWorkforceIsAConflict() throws {
        var input = UpdateWorkforceCommand.make()
        input.vpcConfig = VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: nil, subnets: nil)
        #expect(refusal(input, .make(lifecycle: pending(.updating))) == .conflict("Workforce wf is currently Updating. Wait for it to become Active."))
    }

    @Test func cidrsOnAVpcWorkforceAreRefused() throws {
        #expect(refusal(.make(cidrs: ["10.0.0.0/8"]), .make(vpc: .make()))?.kind == .validation)
    }

    @Test func addingAVpcToARestrictedWorkforceMustClearTheCIDRs() throws {
        let restricted = Workforce.make(cidrs: ["10.0.0.0/8"])
        #expect(refusal(.make(vpc: Request.vpc()), restricted)?.kind == .validation)
        let updated = try update(.make(cidrs: [], vpc: Request.vpc()), restricted)
        #expect(updated.sourceIpCidrs == [])
        #expect(updated.vpcConfig == .make())
    }

    @Test func removingTheVpcAndRestrictingInOneRequest() throws {
        let updated = try update(.make(cidrs: ["10.0.0.0/8"], vpc: Request.noVpc), .make(vpc: .make()))
        #expect(updated.vpcConfig == nil)
        #expect(updated.sourceIpCidrs == ["10.0.0.0/8"])
    }

    // MARK: VpcEndpointId (spec §7)

    @Test func vpcEndpointIsAbsentWhileUpdatingAfterAVpcIdChange() throws {
        let updated = try update(.make(vpc: Request.vpc("vpc-new")), .make(vpc: .make("vpc-old")))
        #expect(updated.vpcEndpointId(at: t0) == nil)
        #expect(updated.vpcEndpointId(at: t0 + delay) == Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-new"))
    }

    @Test func vpcEndpointIsAbsentWhileUpdatingAfterAddingAVpc() throws {
        let updated = try update(.make(vpc: Request.vpc("vpc-new")), .make())
        #expect(updated.vpcEndpointId(at: t0) == nil)
        #expect(updated.vpcEndpointId(at: t0 + delay) != nil)
    }

    @Test func vpcEndpointStaysWhileUpdatingWithoutAVpcIdChange() throws {
        let workforce = Workforce.make(vpc: .make("vpc-1"))
        let endpoint = Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-1")
        #expect(workforce.vpcEndpointId(at: t0) == endpoint)

        let nameOnly = try update(.make(), workforce)
        #expect(nameOnly.lifecycle.observed(at: t0)?.status == .updating)
        #expect(nameOnly.vpcEndpointId(at: t0) == endpoint)

        let sameVpcOtherSubnets = try update(.make(vpc: Request.vpc("vpc-1", subnets: ["subnet-9"])), workforce)
        #expect(sameVpcOtherSubnets.vpcEndpointId(at: t0) == endpoint)
    }

    // MARK: Refusals change nothing

    @Test func refusedUpdateReturnsNoWorkforce() throws {
        let restricted = Workforce.make(cidrs: ["10.0.0.0/8"])
        let input = UpdateWorkforceCommand.make(vpc: Request.vpc(), ipAddressType: .dualstack)
        var result: Workforce?
        let error = thrown { () throws(WorkforceError) in
            result = try update(input, restricted)
        }
        #expect(error?.kind == .validation)
        #expect(result == nil)
        #expect(restricted.vpcConfig == nil)
        #expect(restricted.ipAddressType == nil)
    }
}

// MARK: - DeleteWorkforce

private func delete(_ workforce: Workforce?, name: String = "wf", teams: Int = 0, now: EpochMilliseconds = t0) throws(WorkforceError) -> Workforce? {
    try rules.deleteWorkforce(name: name, workforce: workforce, workteamCount: teams, now: now)
}

@Suite struct DeleteWorkforceRuleTests {
    @Test func deletingThenGone() throws {
        let deleting = try #require(try delete(.make()))
        #expect(deleting.lifecycle.observed(at: t0)?.status == .deleting)
        #expect(deleting.lifecycle.observed(at: t0 + delay - 1)?.status == .deleting)
        #expect(deleting.lifecycle.observed(at: t0 + delay) == nil)
    }

    @Test func workforceWithTeamsIsInUse() {
        #expect(throws: WorkforceError.resourceInUse("Cannot delete workforce wf because it has work teams.")) {
            try delete(.make(), teams: 2)
        }
    }

    @Test func deletingAgainChangesNothing() throws {
        let deleting = try #require(try delete(.make()))
        #expect(try delete(deleting, now: t0 + 10) == nil)
    }

    @Test func missingWorkforceIsNotFound() {
        #expect(throws: WorkforceError.validation("No workforce found with name ghost.")) { try delete(nil, name: "ghost") }
        let gone = Workforce.make(lifecycle: pending(.deleting, dueAt: t0))
        #expect(throws: WorkforceError.validation("No workforce found with name wf.")) { try delete(gone) }
    }

    @Test(arguments: [WorkforceStatus.initializing, .updating])
    func deleteIsAllowedMidTransition(status: WorkforceStatus) throws {
        let deleting = try #require(try delete(.make(lifecycle: pending(status))))
        #expect(deleting.lifecycle.observed(at: t0)?.status == .deleting)
    }

    @Test func failedWorkforceCanBeDeleted() throws {
        let deleting = try #require(try delete(.make(lifecycle: WorkforceLifecycle(status: .failed, failureReason: "x"))))
        #expect(deleting.lifecycle.observed(at: t0)?.status == .deleting)
        #expect(deleting.lifecycle.observed(at: t0)?.failureReason == nil)
    }

    @Test func zeroDelayIsGoneAtOnce() throws {
        let deleting = try #require(try WorkforceRules.make(transitionDelay: 0).deleteWorkforce(name: "wf", workforce: .make(), workteamCount: 0, now: t0))
        #expect(deleting.lifecycle.observed(at: t0) == nil)
    }
}

// MARK: - Work teams

private func createTeam(
    _ input: CreateWorkteamCommand, workforce: Workforce?, existing: [String] = [], now: EpochMilliseconds = t0
) throws(WorkforceError) -> Workteam {
    try rules.createWorkteam(input, in: testNamespace, workforce: workforce, existingNames: existing, now: now).team
}

private func createTeamError(_ input: CreateWorkteamCommand, workforce: Workforce?, existing: [String] = []) -> WorkforceError? {
    thrown { () throws(WorkforceError) in try createTeam(input, workforce: workforce, existing: existing) }
}

@Suite struct CreateWorkteamRuleTests {
    @Test func cognitoTeam() throws {
        let team = try createTeam(
            .make(name: "labelers", description: "Image labelers", notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:t"),
            workforce: .make())
        #expect(team.name == "labelers")
        #expect(team.namespace == testNamespace)
        #expect(team.workforceName == "wf")
        #expect(team.description == "Image labelers")
        #expect(team.memberDefinitions == [testCognitoMember])
        #expect(team.notificationConfiguration == NotificationConfiguration(notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:t"))
        #expect(team.createdAt == t0)
        #expect(team.lastUpdatedAt == t0)
    }

    @Test func oidcTeamKeepsMembersInOrder() throws {
        let team = try createTeam(.make(members: [Request.oidcMember(["b", "a"]), Request.oidcMember(["c"])]), workforce: .makeOIDC())
        #expect(team.memberDefinitions == [.oidc(groups: ["b", "a"]), .oidc(groups: ["c"])])
    }

    @Test func namedWorkforceMustBeTheNamespacesOne() throws {
        #expect(try createTeam(.make(workforceName: "wf"), workforce: .make()).workforceName == "wf")
        #expect(createTeamError(.make(workforceName: "other"), workforce: .make()) == .validation("No workforce found with name other."))
    }

    @Test func noWorkforceIsNotFoundWhenNamedOrOIDC() throws {
        #expect(createTeamError(.make(workforceName: "wf"), workforce: nil) == .validation("No workforce found with name wf."))
        #expect(createTeamError(.make(workforceName: "default"), workforce: nil) == .validation("No workforce found with name default."))
        #expect(createTeamError(.make(members: [Request.oidcMember(["g"])]), workforce: nil) == .validation("No workforce found with name default."))
    }

    /// human-review-api.md §7: the first Cognito team of a namespace brings workforce `default` into being.
    @Test func firstCognitoTeamCreatesWorkforceDefault() throws {
        let created = try rules.createWorkteam(.make(), in: testNamespace, workforce: nil, existingNames: [], now: t0)
        let workforce = try #require(created.createdWorkforce)
        #expect(workforce.name == "default" && workforce.namespace == testNamespace)
        #expect(workforce.lifecycle == .active && workforce.createdAt == t0 && workforce.lastUpdatedAt == t0)
        #expect(workforce.sourceIpCidrs.isEmpty && workforce.vpcConfig == nil && workforce.ipAddressType == nil && workforce.tags.isEmpty)
        guard case .cognito(let userPool, _, let clientId) = testCognitoMember else { Issue.record("not cognito"); return }
        #expect(workforce.identityProvider == .cognito(CognitoConfig(userPool: userPool, clientId: clientId)))
        #expect(created.team.workforceName == "default")
        // a workforce whose deletion has completed counts as none
        let gone = Workforce.make(lifecycle: WorkforceLifecycle(status: .deleting, target: .gone, dueAt: t0 - 1))
        #expect(try rules.createWorkteam(.make(), in: testNamespace, workforce: gone, existingNames: [], now: t0).createdWorkforce != nil)
        // an existing workforce is used, never a second one made
        #expect(try rules.createWorkteam(.make(), in: testNamespace, workforce: .make(), existingNames: [], now: t0).createdWorkforce == nil)
    }

    @Test func defaultWorkforceNeedsMembersOfOnePool() throws {
        let other = MemberDefinitionRequest(cognito: .cognito(userPool: "us-east-1_Other999", userGroup: "g", clientId: "c"), oidc: nil)
        #expect(createTeamError(.make(members: [Request.cognitoMember(), other]), workforce: nil)?.kind == .validation)
        #expect(createTeamError(.make(members: [Request.cognitoMember(), Request.oidcMember(["g"])]), workforce: nil)?.kind == .validation)
        #expect(createTeamError(.make(), workforce: nil, existing: ["team"]) == .resourceInUse("The work team team already exists."))
    }

    @Test func deletingWorkforceRefusesNewTeams() throws {
        let deleting = Workforce.make(lifecycle: pending(.deleting))
        let error = createTeamError(.make(), workforce: deleting)
        #expect(error?.kind == .validation)
        #expect(error?.message.hasPrefix("No workforce") == false)
    }

    @Test func workforceWhoseDeletionCompletedIsNotFound() throws {
        let gone = Workforce.make(lifecycle: pending(.deleting, dueAt: t0))
        #expect(createTeamError(.make(workforceName: "wf"), workforce: gone) == .validation("No workforce found with name wf."))
        // Unnamed with Cognito members, the namespace counts as having none: `default` is created (spec §7).
        #expect(try rules.createWorkteam(.make(), in: testNamespace, workforce: gone, existingNames: [], now: t0).createdWorkforce?.name == "default")
    }

    @Test func duplicateNameIsInUse() throws {
        let error = createTeamError(.make(name: "team"), workforce: .make(), existing: ["other", "team"])
        #expect(error?.kind == .resourceInUse)
        #expect(error?.message.contains("team") == true)
    }

    @Test func twentyFifthTeamIsFineAndTwentySixthExceedsTheLimit() throws {
        let twentyFour = (1...24).map { "team\($0)" }
        #expect(try createTeam(.make(name: "last"), workforce: .make(), existing: twentyFour).name == "last")
        let error = createTeamError(.make(name: "extra"), workforce: .make(), existing: twentyFour + ["last"])
        #expect(error?.kind == .resourceLimitExceeded)
    }

    @Test func cognitoMembersMustUseTheWorkforcesPoolAndClient() throws {
        #expect(createTeamError(.make(members: [Request.cognitoMember(userPool: "us-east-1_Other")]), workforce: .make())?.kind == .validation)
        #expect(createTeamError(.make(members: [Request.cognitoMember(clientId: "other-client")]), workforce: .make())?.kind == .validation)
        #expect(
            createTeamError(.make(members: [Request.cognitoMember(), Request.cognitoMember(clientId: "other-client")]), workforce: .make())?.kind
                == .validation)
        let twoGroups = try createTeam(.make(members: [Request.cognitoMember(group: "a"), Request.cognitoMember(group: "b")]), workforce: .make())
        #expect(twoGroups.memberDefinitions.count == 2)
    }

    @Test func membersMustMatchTheIdentityProvider() throws {
        #expect(createTeamError(.make(members: [Request.oidcMember()]), workforce: .make())?.kind == .validation)
        #expect(createTeamError(.make(members: [Request.cognitoMember()]), workforce: .makeOIDC())?.kind == .validation)
        #expect(createTeamError(.make(members: [Request.oidcMember(), Request.cognitoMember()]), workforce: .makeOIDC())?.kind == .validation)
    }

    @Test func definitionWithBothOrNeitherIsRefused() throws {
        let both = MemberDefinitionRequest(
            cognito: .cognito(userPool: "us-east-1_AbC123", userGroup: "g", clientId: "client-1"), oidc: .oidc(groups: ["g"]))
        #expect(createTeamError(.make(members: [both]), workforce: .make())?.kind == .validation)
        #expect(createTeamError(.make(members: [both]), workforce: .makeOIDC())?.kind == .validation)
        #expect(createTeamError(.make(members: [MemberDefinitionRequest(cognito: nil, oidc: nil)]), workforce: .makeOIDC())?.kind == .validation)
    }
}

@Suite struct UpdateWorkteamRuleTests {
    private func updateTeam(_ input: UpdateWorkteamCommand, team: Workteam? = .make(), workforce: Workforce? = .make()) throws(WorkforceError) -> Workteam {
        try rules.updateWorkteam(input, workteam: team, workforce: workforce, now: t0)
    }

    @Test func missingTeam() throws {
        #expect(throws: WorkforceError.validation("The work team ghost does not exist.")) {
            try updateTeam(.make(name: "ghost"), team: nil)
        }
    }

    @Test func givenMembersReplaceTheListAndOthersStay() throws {
        var team = Workteam.make()
        team.notificationConfiguration = NotificationConfiguration(notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:t")
        let updated = try updateTeam(.make(members: [Request.cognitoMember(group: "reviewers")]), team: team)
        #expect(updated.memberDefinitions == [.cognito(userPool: "us-east-1_AbC123", userGroup: "reviewers", clientId: "client-1")])
        #expect(updated.description == "Labelers")
        #expect(updated.notificationConfiguration == team.notificationConfiguration)
        #expect(updated.createdAt == team.createdAt)
        #expect(updated.lastUpdatedAt == t0)
    }

    @Test func descriptionAndNotificationAreReplaced() throws {
        let updated = try updateTeam(.make(description: "New text", notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:n"))
        #expect(updated.description == "New text")
        #expect(updated.notificationConfiguration?.notificationTopicArn == "arn:aws:sns:us-east-1:123456789012:n")
        #expect(updated.memberDefinitions == [testCognitoMember])
    }

    @Test func nameOnlyUpdateBumpsLastUpdated() throws {
        var expected = Workteam.make()
        expected.lastUpdatedAt = t0
        #expect(try updateTeam(.make()) == expected)
    }

    @Test func membersFollowTheCreateRules() throws {
        let oidcMembers = UpdateWorkteamCommand.make(members: [Request.oidcMember()])
        let otherPool = UpdateWorkteamCommand.make(members: [Request.cognitoMember(userPool: "eu-west-1_X")])
        #expect(thrown { () throws(WorkforceError) in try updateTeam(oidcMembers) }?.kind == .validation)
        #expect(thrown { () throws(WorkforceError) in try updateTeam(otherPool) }?.kind == .validation)
        let oidcTeam = Workteam.make(members: [.oidc(groups: ["a"])])
        let updated = try updateTeam(.make(members: [Request.oidcMember(["b"])]), team: oidcTeam, workforce: .makeOIDC())
        #expect(updated.memberDefinitions == [.oidc(groups: ["b"])])
    }

    @Test func deletingWorkforceRefusesUpdates() throws {
        let deleting = Workforce.make(lifecycle: pending(.deleting))
        let description = UpdateWorkteamCommand.make(description: "x")
        let members = UpdateWorkteamCommand.make(members: [Request.cognitoMember()])
        #expect(thrown { () throws(WorkforceError) in try updateTeam(description, workforce: deleting) }?.kind == .validation)
        #expect(thrown { () throws(WorkforceError) in try updateTeam(members, workforce: deleting) }?.kind == .validation)
    }
}

// MARK: - Tags

@Suite struct AddTagsRuleTests {
    @Test func newKeysAppendAndExistingKeysAreOverwrittenInPlace() throws {
        let tags = try WorkforceRules.addTags([Tag("b", "3"), Tag("c", "4")], to: [Tag("a", "1"), Tag("b", "2")])
        #expect(tags == [Tag("a", "1"), Tag("b", "3"), Tag("c", "4")])
    }

    @Test func fiftyTagsAreFineAndFiftyOneAreNot() throws {
        let fortyNine = (1...49).map { Tag("k\($0)", "v") }
        #expect(try WorkforceRules.addTags([Tag("k50", "v")], to: fortyNine).count == 50)
        let fifty = fortyNine + [Tag("k50", "v")]
        #expect(thrown { () throws(WorkforceError) in try WorkforceRules.addTags([Tag("k51", "v")], to: fifty) }?.kind == .validation)
        #expect(try WorkforceRules.addTags([Tag("k1", "new")], to: fifty).first == Tag("k1", "new"))
    }

    @Test func fiftyOneInOneRequestAreRefused() {
        let many = (1...51).map { Tag("k\($0)", "v") }
        #expect(thrown { () throws(WorkforceError) in try WorkforceRules.addTags(many, to: []) }?.kind == .validation)
    }

    @Test(arguments: ["aws:createdBy", "aws:", "AWS:x", "Aws:cloudformation:stack-name"])
    func awsPrefixIsReserved(key: String) {
        let error = thrown { () throws(WorkforceError) in try WorkforceRules.addTags([Tag("ok", "v"), Tag(key, "v")], to: []) }
        #expect(error?.kind == .validation)
    }

    @Test func keysThatOnlyContainAwsAreFine() throws {
        #expect(try WorkforceRules.addTags([Tag("my-aws:key", "v"), Tag("aws", "v")], to: []).count == 2)
    }
}

/// Tags given at creation follow AddTags' rules inside the create rules themselves, checked before
/// anything else the rule decides (a reserved key wins over a missing identity provider or workforce).
@Suite struct CreationTagRuleTests {
    private let reserved = [("aws:createdBy", "me")]

    @Test func createWorkforceRefusesReservedKeysFirst() {
        let error = thrown { () throws(WorkforceError) in
            try rules.createWorkforce(.make(cognito: nil, tags: reserved), in: testNamespace, existing: .make(), now: t0)
        }
        #expect(error == .validation("Tag keys starting with 'aws:' are reserved for system use: aws:createdBy"))
    }

    @Test func aWorkforceKeepsItsTagsAsGiven() throws {
        let workforce = try rules.createWorkforce(.make(tags: [("k", "1"), ("k", "2")]), in: testNamespace, existing: nil, now: t0)
        #expect(workforce.tags == [Tag("k", "1"), Tag("k", "2")])
    }

    @Test func createWorkteamRefusesReservedKeysFirst() {
        let error = thrown { () throws(WorkforceError) in
            try rules.createWorkteam(.make(tags: reserved), in: testNamespace, workforce: nil, existingNames: [], now: t0)
        }
        #expect(error == .validation("Tag keys starting with 'aws:' are reserved for system use: aws:createdBy"))
    }

    @Test func aNewTeamStartsWithTheTagsAsAddTagsWouldLeaveThem() throws {
        let created = try rules.createWorkteam(
            .make(tags: [("k", "1"), ("other", "x"), ("k", "2")]), in: testNamespace, workforce: .make(), existingNames: [], now: t0)
        #expect(created.tags == [Tag("k", "2"), Tag("other", "x")])
    }
}
