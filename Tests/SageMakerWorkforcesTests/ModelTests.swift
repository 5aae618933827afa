import DomainTestSupport
import Testing

@testable import SageMakerWorkforces

@Suite struct WorkforceLifecycleTests {
    @Test func settledStatusIsShownAsStored() {
        #expect(WorkforceLifecycle.active.observed(at: t0)?.status == .active)
        #expect(!WorkforceLifecycle.active.isPending(at: t0))
        let failed = WorkforceLifecycle(status: .failed, failureReason: "disk full")
        #expect(failed.observed(at: t0)?.status == .failed)
        #expect(failed.observed(at: t0)?.failureReason == "disk full")
    }

    @Test func reasonIsShownOnlyWhenFailed() {
        let active = WorkforceLifecycle(status: .active, failureReason: "stale")
        #expect(active.observed(at: t0)?.failureReason == nil)
    }

    @Test(arguments: [WorkforceStatus.initializing, .updating])
    func transitionToActiveCompletesAtTheDueTime(status: WorkforceStatus) {
        let lifecycle = WorkforceLifecycle(status: status, target: .active, dueAt: t0)
        #expect(lifecycle.observed(at: t0 - 1)?.status == status)
        #expect(lifecycle.isPending(at: t0 - 1))
        #expect(lifecycle.observed(at: t0)?.status == .active)
        #expect(!lifecycle.isPending(at: t0))
        #expect(lifecycle.observed(at: t0 + 1_000_000)?.status == .active)
    }

    @Test func deletionEndsInNothing() {
        let lifecycle = WorkforceLifecycle(status: .deleting, target: .gone, dueAt: t0)
        #expect(lifecycle.observed(at: t0 - 1)?.status == .deleting)
        #expect(lifecycle.observed(at: t0) == nil)
    }

    @Test func injectedFailureEndsFailedWithItsReason() {
        let lifecycle = WorkforceLifecycle(status: .updating, target: .failed(reason: "injected"), dueAt: t0)
        #expect(lifecycle.observed(at: t0 - 1)?.status == .updating)
        #expect(lifecycle.observed(at: t0 - 1)?.failureReason == nil)
        #expect(lifecycle.observed(at: t0)?.status == .failed)
        #expect(lifecycle.observed(at: t0)?.failureReason == "injected")
    }

    @Test func statusRawValuesAreTheWireValues() {
        #expect(WorkforceStatus.allCases.map(\.rawValue) == ["Initializing", "Updating", "Deleting", "Failed", "Active"])
        #expect(IpAddressType.allCases.map(\.rawValue) == ["ipv4", "dualstack"])
    }
}

@Suite struct WorkforceIdentifierTests {
    private func isLowerAlphanumeric(_ text: Substring) -> Bool {
        text.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
    }

    @Test func subDomainFormat() {
        let subDomain = Workforce.subDomain(namespace: testNamespace, name: "wf")
        let label = subDomain.prefix { $0 != "." }
        #expect(label.count == 10)
        #expect(isLowerAlphanumeric(label))
        #expect(subDomain.dropFirst(10) == ".labeling.us-east-1.sagemaker.aws")
        #expect(!subDomain.contains("://"))
        #expect(Workforce.make().subDomain == subDomain)
    }

    @Test func subDomainIsStableAndDependsOnAccountRegionAndName() {
        let base = Workforce.subDomain(namespace: testNamespace, name: "wf")
        #expect(Workforce.subDomain(namespace: .make(), name: "wf") == base)
        #expect(Workforce.subDomain(namespace: testNamespace, name: "wf2") != base)
        #expect(Workforce.subDomain(namespace: testNamespace, name: "WF") != base)
        #expect(Workforce.subDomain(namespace: .make(account: "000000000000"), name: "wf") != base)
        let otherRegion = Workforce.subDomain(namespace: .make(region: "eu-west-1"), name: "wf")
        #expect(otherRegion.hasSuffix(".labeling.eu-west-1.sagemaker.aws"))
        #expect(otherRegion.prefix(10) != base.prefix(10))
    }

    /// SHA-256("subdomain\0<account>\0<region>\0<name>"), first 10 bytes mod 36 into a–z0–9: computed
    /// independently (Python's hashlib). Stored databases and portal host names depend on it not changing.
    @Test func subDomainDerivationIsPinned() {
        let namespace = Namespace(account: "123456789012", region: "us-east-1")
        #expect(Workforce.subDomain(namespace: namespace, name: "my-workforce") == "y6ke8hxock.labeling.us-east-1.sagemaker.aws")
    }

    @Test func vpcEndpointIdFormat() {
        let id = Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-1")
        #expect(id.hasPrefix("vpce-"))
        #expect(id.count == 5 + 17)
        #expect(id.dropFirst(5).unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "f") || ($0 >= "0" && $0 <= "9") })
        #expect(Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-1") == id)
        #expect(Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-2") != id)
        #expect(Workforce.vpcEndpointId(namespace: testNamespace, name: "wf2", vpcId: "vpc-1") != id)
    }

    @Test func noVpcNoEndpoint() {
        #expect(Workforce.make().vpcEndpointId(at: t0) == nil)
    }

    @Test func arnsKeepTheNamesCase() {
        #expect(Workforce.make(name: "MyWF").arn == "arn:aws:sagemaker:us-east-1:123456789012:workforce/MyWF")
        #expect(Workteam.make(name: "My-Team").arn == "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/My-Team")
        #expect(Workteam.make(workforceName: "MyWF").workforceArn == "arn:aws:sagemaker:us-east-1:123456789012:workforce/MyWF")
        #expect(Workteam.arn(namespace: .make(region: "cn-north-1"), name: "t") == "arn:aws-cn:sagemaker:cn-north-1:123456789012:workteam/private-crowd/t")
    }

    @Test func identityAccessors() {
        #expect(Workforce.make().cognitoConfig == testCognito)
        #expect(Workforce.make().oidcConfig == nil)
        #expect(Workforce.makeOIDC().oidcConfig == .make())
        #expect(Workforce.makeOIDC().cognitoConfig == nil)
    }
}

@Suite struct NamespaceTests {
    @Test(arguments: [
        ("us-east-1", "aws"), ("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"), ("us-gov-east-1", "aws-us-gov"), ("us-west-2", "aws"),
    ])
    func partition(region: String, partition: String) {
        #expect(Namespace.make(region: region).partition == partition)
    }

    @Test func arn() {
        #expect(Namespace.make(account: "000000000000", region: "us-gov-west-1").arn("workforce/wf") == "arn:aws-us-gov:sagemaker:us-gov-west-1:000000000000:workforce/wf")
    }

    @Test func namespacesAreDistinctByAccountAndRegion() {
        #expect(Namespace.make() == Namespace.make())
        #expect(Namespace.make(account: "000000000000") != Namespace.make())
        #expect(Namespace.make(region: "eu-west-1") != Namespace.make())
        #expect(Set([Namespace.make(), .make(), .make(region: "eu-west-1")]).count == 2)
    }
}

@Suite struct WorkforceErrorTests {
    @Test func notFoundMessagesUseTheWordsTerraformMatches() {
        #expect(WorkforceError.workforceNotFound("wf") == .validation("No workforce found with name wf."))
        #expect(WorkforceError.workteamNotFound("t") == .validation("The work team t does not exist."))
        #expect(WorkforceError.conflict("c").message == "c")
        #expect(WorkforceError.resourceLimitExceeded("l").message == "l")
    }
}
