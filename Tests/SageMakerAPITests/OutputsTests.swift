import AWSJSONProtocol
import DomainTestSupport
import JSON
import Testing

@testable import SageMakerAPI
import SageMakerWorkforces

private let rules = WorkforceRules.make()

/// Whether `needle` occurs in `haystack`.
func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<(start + needle.count)]) == needle { return true }
    }
    return false
}

/// The workforce as a client would read it off the wire.
private func wire(_ workforce: Workforce, at now: EpochMilliseconds) throws -> (text: String, value: JSONValue) {
    let bytes = JSONWriter.bytes(Outputs.workforce(workforce, at: now))
    return (String(decoding: bytes, as: UTF8.self), try JSONParser.parse(bytes))
}

@Suite struct WorkforceOutputTests {
    @Test func epochSecondsKeepMilliseconds() {
        #expect(EpochMilliseconds(1_764_374_400_123).epochSeconds == 1_764_374_400.123)
        #expect(EpochMilliseconds(1_764_374_400_000).epochSeconds == 1_764_374_400)
    }

    @Test func clientSecretIsNeverWritten() throws {
        let workforce = try rules.createWorkforce(
            .make(oidc: Body.oidc(scope: "openid email", extraParams: [("prompt", "login"), ("acr", "1")])), in: testNamespace, existing: nil,
            now: t0)
        for now in [t0, t0 + delay] {
            let bytes = JSONWriter.bytes(Outputs.workforce(workforce, at: now))
            #expect(!containsBytes(bytes, Array(clientSecret.utf8)))
            #expect(!containsBytes(bytes, Array("ClientSecret".utf8)))
            #expect(!containsBytes(bytes, Array("sha256:".utf8)))
        }
        let oidc = try #require(try wire(workforce, at: t0).value["OidcConfig"]?.objectValue)
        #expect(
            oidc.keys == [
                "ClientId", "Issuer", "AuthorizationEndpoint", "TokenEndpoint", "UserInfoEndpoint", "LogoutEndpoint", "JwksUri", "Scope",
                "AuthenticationRequestExtraParams",
            ])
        #expect(oidc["ClientId"] == "oidc-client")
        #expect(oidc["JwksUri"] == "https://idp.example.com/jwks")
        #expect(oidc["Scope"] == "openid email")
        #expect(oidc["AuthenticationRequestExtraParams"] == .object(JSONObject([("prompt", "login"), ("acr", "1")])))
    }

    @Test func oidcWithoutOptionalsOmitsThem() throws {
        let oidc = try #require(try wire(.makeOIDC(), at: t0).value["OidcConfig"]?.objectValue)
        #expect(oidc["Scope"] == nil)
        #expect(oidc["AuthenticationRequestExtraParams"] == nil)
        #expect(oidc.keys.count == 7)
    }

    @Test func absentOptionalsAreOmittedNeverNull() throws {
        let workforce = try rules.createWorkforce(.make(), in: testNamespace, existing: nil, now: t0)
        let (text, value) = try wire(workforce, at: t0 + delay)
        #expect(
            Set(value.objectValue?.keys ?? [])
                == ["WorkforceName", "WorkforceArn", "LastUpdatedDate", "SourceIpConfig", "SubDomain", "CognitoConfig", "CreateDate", "Status"])
        #expect(!text.contains("null"))
        #expect(value["CognitoConfig"] == ["UserPool": "us-east-1_AbC123", "ClientId": "client-1"])
        #expect(value["Status"] == "Active")
    }

    @Test func unrestrictedSourceIpConfigIsAnEmptyList() throws {
        let (text, value) = try wire(.make(), at: t0)
        #expect(value["SourceIpConfig"] == ["Cidrs": []])
        #expect(text.contains(#""SourceIpConfig":{"Cidrs":[]}"#))
        #expect(try wire(.make(cidrs: ["10.0.0.1/16", "192.168.0.0/24"]), at: t0).value["SourceIpConfig"] == ["Cidrs": ["10.0.0.1/16", "192.168.0.0/24"]])
    }

    @Test func timestampsAreEpochSecondsAndEqualAfterCreate() throws {
        let now: EpochMilliseconds = 1_764_374_400_123
        let workforce = try rules.createWorkforce(.make(), in: testNamespace, existing: nil, now: now)
        let (text, value) = try wire(workforce, at: now)
        #expect(value["CreateDate"] == .number(1_764_374_400.123))
        #expect(value["LastUpdatedDate"] == value["CreateDate"])
        #expect(text.contains(#""CreateDate":1764374400.123"#))
        #expect(text.contains(#""LastUpdatedDate":1764374400.123"#))
    }

    @Test func wholeSecondTimestampsHaveNoFraction() throws {
        let (text, _) = try wire(.make(createdAt: 1_764_374_400_000), at: t0)
        #expect(text.contains(#""CreateDate":1764374400,"#) || text.contains(#""CreateDate":1764374400}"#))
    }

    @Test func updateMovesOnlyLastUpdatedDate() throws {
        let created = Workforce.make(createdAt: t0 - 5_000)
        let updated = try rules.updateWorkforce(.make(), workforce: created, workteamCount: 0, now: t0)
        let value = try wire(updated, at: t0).value
        #expect(value["CreateDate"] == .number(Double(t0 - 5_000) / 1000))
        #expect(value["LastUpdatedDate"] == .number(Double(t0) / 1000))
        #expect(value["Status"] == "Updating")
    }

    @Test func statusFollowsTheClock() throws {
        let workforce = try rules.createWorkforce(.make(), in: testNamespace, existing: nil, now: t0)
        #expect(try wire(workforce, at: t0).value["Status"] == "Initializing")
        #expect(try wire(workforce, at: t0 + delay).value["Status"] == "Active")
    }

    @Test func failureReasonOnlyWhenFailed() throws {
        let failed = try wire(.make(lifecycle: WorkforceLifecycle(status: .failed, failureReason: "injected")), at: t0).value
        #expect(failed["Status"] == "Failed")
        #expect(failed["FailureReason"] == "injected")
        let viaTransition = try wire(.make(lifecycle: WorkforceLifecycle(status: .updating, target: .failed(reason: "late"), dueAt: t0)), at: t0).value
        #expect(viaTransition["Status"] == "Failed")
        #expect(viaTransition["FailureReason"] == "late")
        #expect(try wire(.make(), at: t0).value["FailureReason"] == nil)
        let staleReason = try wire(.make(lifecycle: WorkforceLifecycle(status: .active, failureReason: "old")), at: t0).value
        #expect(staleReason["FailureReason"] == nil)
    }

    @Test func ipAddressTypeOnlyOnceSet() throws {
        #expect(try wire(.make(), at: t0).value["IpAddressType"] == nil)
        #expect(try wire(.make(ipAddressType: .ipv4), at: t0).value["IpAddressType"] == "ipv4")
        #expect(try wire(.make(ipAddressType: .dualstack), at: t0).value["IpAddressType"] == "dualstack")
    }

    @Test func vpcConfigWithEndpointWhenActive() throws {
        let workforce = Workforce.make(vpc: WorkforceVpcConfig(vpcId: "vpc-1", securityGroupIds: ["sg-1", "sg-2"], subnets: ["subnet-1"]))
        let vpc = try #require(try wire(workforce, at: t0).value["WorkforceVpcConfig"]?.objectValue)
        #expect(vpc.keys == ["VpcId", "SecurityGroupIds", "Subnets", "VpcEndpointId"])
        #expect(vpc["VpcId"] == "vpc-1")
        #expect(vpc["SecurityGroupIds"] == ["sg-1", "sg-2"])
        #expect(vpc["Subnets"] == ["subnet-1"])
        #expect(vpc["VpcEndpointId"] == .string(Workforce.vpcEndpointId(namespace: testNamespace, name: "wf", vpcId: "vpc-1")))
    }

    @Test func vpcConfigWithoutEndpointWhileInitializing() throws {
        let workforce = try rules.createWorkforce(.make(vpc: Body.vpc("vpc-1")), in: testNamespace, existing: nil, now: t0)
        let vpc = try #require(try wire(workforce, at: t0).value["WorkforceVpcConfig"]?.objectValue)
        #expect(vpc.keys == ["VpcId", "SecurityGroupIds", "Subnets"])
        #expect(try wire(workforce, at: t0 + delay).value["WorkforceVpcConfig"]?["VpcEndpointId"] != nil)
    }

    @Test func noVpcConfigWithoutAVpc() throws {
        let removed = try rules.updateWorkforce(.make(vpc: [:]), workforce: .make(vpc: .make()), workteamCount: 0, now: t0)
        #expect(try wire(removed, at: t0).value["WorkforceVpcConfig"] == nil)
    }

    @Test func arnAndSubDomain() throws {
        let value = try wire(.make(name: "MyWorkforce"), at: t0).value
        #expect(value["WorkforceName"] == "MyWorkforce")
        #expect(value["WorkforceArn"] == "arn:aws:sagemaker:us-east-1:123456789012:workforce/MyWorkforce")
        #expect(value["SubDomain"] == .string(Workforce.subDomain(namespace: testNamespace, name: "MyWorkforce")))
    }
}

@Suite struct WorkteamOutputTests {
    private func wire(_ team: Workteam) throws -> JSONValue {
        try JSONParser.parse(JSONWriter.bytes(Outputs.workteam(team, subDomain: "abcdefghij.labeling.us-east-1.sagemaker.aws")))
    }

    @Test func namesItsWorkforceByARNOnly() throws {
        let value = try wire(.make())
        #expect(value["WorkforceArn"] == "arn:aws:sagemaker:us-east-1:123456789012:workforce/wf")
        #expect(value["WorkforceName"] == nil)
        #expect(value["WorkteamArn"] == "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/team")
        #expect(value["WorkteamName"] == "team")
        #expect(value["SubDomain"] == "abcdefghij.labeling.us-east-1.sagemaker.aws")
        #expect(value["Description"] == "Labelers")
        #expect(value["CreateDate"] == .number(Double(t0 - 30_000) / 1000))
        #expect(value["LastUpdatedDate"] == value["CreateDate"])
    }

    @Test func absentConfigurationsAreOmitted() throws {
        let text = JSONWriter.string(Outputs.workteam(.make(), subDomain: "x"))
        let value = try wire(.make())
        #expect(
            Set(value.objectValue?.keys ?? [])
                == ["WorkteamName", "MemberDefinitions", "WorkteamArn", "WorkforceArn", "Description", "SubDomain", "CreateDate", "LastUpdatedDate"])
        #expect(!text.contains("null"))
    }

    @Test func memberDefinitionsInTheirShapesAndOrder() throws {
        let team = Workteam.make(members: [
            .cognito(userPool: "us-east-1_AbC123", userGroup: "b", clientId: "client-1"),
            .cognito(userPool: "us-east-1_AbC123", userGroup: "a", clientId: "client-1"),
        ])
        #expect(
            try wire(team)["MemberDefinitions"] == [
                ["CognitoMemberDefinition": ["UserPool": "us-east-1_AbC123", "UserGroup": "b", "ClientId": "client-1"]],
                ["CognitoMemberDefinition": ["UserPool": "us-east-1_AbC123", "UserGroup": "a", "ClientId": "client-1"]],
            ])
        #expect(
            try wire(.make(members: [.oidc(groups: ["g2", "g1"])]))["MemberDefinitions"] == [["OidcMemberDefinition": ["Groups": ["g2", "g1"]]]])
    }

    @Test func configurationsAsGiven() throws {
        var team = Workteam.make()
        team.notificationConfiguration = NotificationConfiguration(notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:t")
        team.workerAccessConfiguration = WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: true, sourceIp: "Enabled", vpcSourceIp: nil)
        let value = try wire(team)
        #expect(value["NotificationConfiguration"] == ["NotificationTopicArn": "arn:aws:sns:us-east-1:123456789012:t"])
        #expect(value["WorkerAccessConfiguration"] == ["S3Presign": ["IamPolicyConstraints": ["SourceIp": "Enabled"]]])

        team.notificationConfiguration = NotificationConfiguration(notificationTopicArn: nil)
        team.workerAccessConfiguration = WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil)
        let empty = try wire(team)
        #expect(empty["NotificationConfiguration"] == [:])
        #expect(empty["WorkerAccessConfiguration"] == ["S3Presign": [:]])
    }

    @Test func tagList() {
        #expect(Outputs.tags([Tag("b", "2"), Tag("a", "")]) == [["Key": "b", "Value": "2"], ["Key": "a", "Value": ""]])
        #expect(Outputs.tags([]) == [])
    }
}
