import Testing

@testable import SageMakerWorkforces

@Suite struct PortalAccessTests {
    func workforce(cidrs: [String], lifecycle: WorkforceLifecycle = .active) -> Workforce {
        Workforce(
            namespace: Namespace(account: "123456789012", region: "us-east-1"), name: "wf", createdAt: 0, lastUpdatedAt: 0,
            identityProvider: .cognito(CognitoConfig(userPool: "p_1", clientId: "c")), sourceIpCidrs: cidrs, lifecycle: lifecycle)
    }

    func decide(_ cidrs: [String], _ address: String) throws -> PortalAccess.Decision {
        PortalAccess.decide(workforce(cidrs: cidrs), address: try #require(IPAddress(address)))
    }

    @Test func noCidrsAllowsEveryone() throws {
        #expect(try decide([], "203.0.113.7") == .init(isAllowed: true, matchedCidr: nil))
        #expect(try decide([], "2001:db8::1") == .init(isAllowed: true, matchedCidr: nil))
    }

    @Test(arguments: [
        ("127.0.0.5", true, "127.0.0.0/24"), ("127.0.1.5", false, nil), ("10.9.8.7", true, "10.0.0.0/8"),
        ("::ffff:127.0.0.200", true, "127.0.0.0/24"), ("2001:db8:0:1::9", true, "2001:db8::/48"),
        ("2001:db9::1", false, nil), ("::1", false, nil),
    ])
    func addressesInsideAnyCidrAreAllowed(address: String, allowed: Bool, matched: String?) throws {
        let decision = try decide(["127.0.0.0/24", "10.0.0.0/8", "2001:db8::/48"], address)
        #expect(decision.isAllowed == allowed)
        #expect(decision.matchedCidr == matched)
    }

    @Test func hostBitsInAStoredCidrDoNotNarrowIt() throws {
        #expect(try decide(["10.0.0.1/16"], "10.0.255.255").isAllowed)
    }

    @Test func deletingOrGoneWorkforcesServeNoPortal() {
        #expect(PortalAccess.isServing(workforce(cidrs: []), at: 5))
        let deleting = WorkforceLifecycle(status: .deleting, target: .gone, dueAt: 10)
        #expect(!PortalAccess.isServing(workforce(cidrs: [], lifecycle: deleting), at: 5))
        #expect(!PortalAccess.isServing(workforce(cidrs: [], lifecycle: deleting), at: 10))
        let updating = WorkforceLifecycle(status: .updating, target: .active, dueAt: 10)
        #expect(PortalAccess.isServing(workforce(cidrs: [], lifecycle: updating), at: 5))
    }

    @Test(arguments: [
        ("abcde12345.labeling.us-east-1.sagemaker.aws", "abcde12345.labeling.us-east-1.sagemaker.aws"),
        ("ABCDE12345.Labeling.US-EAST-1.sagemaker.aws:4599", "abcde12345.labeling.us-east-1.sagemaker.aws"),
        ("abcde12345.labeling.eu-west-1.sagemaker.aws.", "abcde12345.labeling.eu-west-1.sagemaker.aws"),
    ])
    func portalHostsAreRecognised(host: String, subDomain: String) {
        #expect(PortalAccess.subDomain(fromHost: host) == subDomain)
    }

    @Test(arguments: [
        "localhost:4599", "127.0.0.1", "abcde1234.labeling.us-east-1.sagemaker.aws", "abcde_2345.labeling.us-east-1.sagemaker.aws",
        "abcde12345.portal.us-east-1.sagemaker.aws", "api.sagemaker.us-east-1.amazonaws.com",
    ])
    func otherHostsAreNotThePortal(host: String) {
        #expect(PortalAccess.subDomain(fromHost: host) == nil)
    }

    @Test(arguments: [
        ("::1", "::1"), ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"), ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("::", "::"),
    ])
    func addressesPrintInRFC5952Form(text: String, printed: String) throws {
        #expect(try #require(IPAddress(text)).description == printed)
    }
}

@Suite struct ExactTagKeyTests {
    @Test func tagKeysThatAreOnlyCanonicallyEquivalentStayTwoTags() throws {
        let tags = try WorkforceRules.addTags([KeyValue("\u{212B}", "angstrom sign")], to: [KeyValue("\u{00C5}", "a with ring")])
        #expect(tags.count == 2)
    }
}
