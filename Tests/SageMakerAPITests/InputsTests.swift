import AWSJSONProtocol
import DomainTestSupport
import JSON
import Testing

@testable import SageMakerAPI
import SageMakerWorkforces

/// The error decoding `body` as `T` threw, or nil when it decoded.
private func decodeError<T: OperationInput>(_ type: T.Type, _ body: JSONValue) -> AWSError? {
    thrown { () throws(AWSError) in try T.decode(body) }
}

/// The `ValidationException` message decoding `body` as `T` gave (nil when it decoded or failed otherwise).
private func validationMessage<T: OperationInput>(_ type: T.Type, _ body: JSONValue) -> String? {
    guard let error = decodeError(type, body) else { return nil }
    #expect(error.code == "ValidationException", "\(error)")
    return error.code == "ValidationException" ? error.message : nil
}

private let cidrPattern = Shapes.cidr.pattern?.source ?? "?"

@Suite struct CreateWorkforceInputTests {
    @Test func readsEveryMember() throws {
        let input = try CreateWorkforceCommand.decode([
            "WorkforceName": "my-wf", "CognitoConfig": Body.cognito, "SourceIpConfig": Body.cidrs(["10.0.0.0/8", "2001:db8::/32"]),
            "IpAddressType": "dualstack", "Tags": Body.tags([("team", "ml"), ("env", "")]),
        ])
        #expect(input.workforceName == "my-wf")
        #expect(input.cognitoConfig == CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1"))
        #expect(input.oidcConfig == nil)
        #expect(input.sourceIpCidrs == ["10.0.0.0/8", "2001:db8::/32"])
        #expect(input.ipAddressType == .dualstack)
        #expect(input.tags == [Tag("team", "ml"), Tag("env", "")])
        #expect(input.vpcConfig == nil)
    }

    @Test func missingNameIsNotNull() {
        #expect(
            validationMessage(CreateWorkforceCommand.self, ["CognitoConfig": Body.cognito])
                == "1 validation error detected: Value null at 'workforceName' failed to satisfy constraint: Member must not be null")
        #expect(
            validationMessage(CreateWorkforceCommand.self, ["WorkforceName": .null, "CognitoConfig": Body.cognito])
                == "1 validation error detected: Value null at 'workforceName' failed to satisfy constraint: Member must not be null")
    }

    @Test func elevenCIDRsAreTooMany() {
        let cidrs = (1...11).map { "10.0.\($0).0/24" }
        let message = validationMessage(
            CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": Body.cidrs(cidrs)])
        #expect(
            message
                == "1 validation error detected: Value '[\(cidrs.joined(separator: ", "))]' at 'sourceIpConfig.cidrs' failed to satisfy constraint: Member must have length less than or equal to 10"
        )
    }

    @Test func tenCIDRsAreFine() throws {
        let cidrs = (1...10).map { "10.0.\($0).0/24" }
        let input = try CreateWorkforceCommand.make(cidrs: cidrs)
        #expect(input.sourceIpCidrs == cidrs)
    }

    @Test func invalidCIDRIsReportedAtItsOneBasedPosition() {
        let message = validationMessage(
            CreateWorkforceCommand.self,
            ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": Body.cidrs(["10.0.0.0/8", "10.0.0.0/33"])])
        #expect(
            message
                == "1 validation error detected: Value '10.0.0.0/33' at 'sourceIpConfig.cidrs.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: \(cidrPattern)"
        )
    }

    @Test(arguments: ["256.1.1.1/8", "010.0.0.0/8", "::/129", "2001:db8:::/48", "1:2:3:4:5:6:7:8:9/128", "10.0.0.0", "not a cidr"])
    func unparsableCIDRsAreRefused(cidr: String) {
        let message = validationMessage(
            CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": Body.cidrs([cidr])])
        #expect(message?.contains("at 'sourceIpConfig.cidrs.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern") == true)
    }

    @Test(arguments: ["::/0", "2001:db8::/32", "::ffff:1.2.3.4/128", "0.0.0.0/0", "10.0.0.1/16"])
    func parsableCIDRsAreAccepted(cidr: String) throws {
        #expect(try CreateWorkforceCommand.make(cidrs: [cidr], ipAddressType: "dualstack").sourceIpCidrs == [cidr])
    }

    @Test func tooShortCIDRBreaksLengthAndPattern() {
        let message = validationMessage(
            CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": Body.cidrs(["1/1"])])
        #expect(
            message
                == "2 validation errors detected: Value '1/1' at 'sourceIpConfig.cidrs.1.member' failed to satisfy constraint: Member must have length greater than or equal to 4; Value '1/1' at 'sourceIpConfig.cidrs.1.member' failed to satisfy constraint: Member must satisfy regular expression pattern: \(cidrPattern)"
        )
    }

    @Test func sourceIpConfigNeedsCidrs() {
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": [:]])
        #expect(message == "1 validation error detected: Value null at 'sourceIpConfig.cidrs' failed to satisfy constraint: Member must not be null")
    }

    @Test func tagPathsAreOneBased() {
        let message = validationMessage(
            CreateWorkforceCommand.self,
            ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "Tags": [["Key": "", "Value": "v"], ["Key": "ok", "Value": "a!b"]]])
        #expect(
            message
                == "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; Value 'a!b' at 'tags.2.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: ([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)"
        )
    }

    @Test func fiftyOneTagsAreTooMany() {
        let tags = Body.tags((1...51).map { ("k\($0)", "v") })
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "Tags": tags])
        #expect(message?.hasPrefix("1 validation error detected: Value '[{Key=k1, Value=v}, {Key=k2, Value=v}") == true)
        #expect(message?.hasSuffix("' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50") == true)
    }

    @Test func twoViolationsAreJoined() {
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "-bad", "CognitoConfig": Body.cognito, "IpAddressType": "ipv6"])
        #expect(
            message
                == "2 validation errors detected: Value 'ipv6' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]; Value '-bad' at 'workforceName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9]([a-zA-Z0-9\\-]){0,62}"
        )
    }

    @Test func longNameBreaksLengthAndPattern() {
        let name = String(repeating: "a", count: 64)
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": .string(name), "CognitoConfig": Body.cognito])
        #expect(message?.hasPrefix("2 validation errors detected: Value '\(name)' at 'workforceName' failed to satisfy constraint: Member must have length less than or equal to 63; ") == true)
    }

    @Test func cognitoMembersAreRequiredAndChecked() {
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": ["UserPool": "nopool"]])
        #expect(
            message
                == "2 validation errors detected: Value 'nopool' at 'cognitoConfig.userPool' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; Value null at 'cognitoConfig.clientId' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func enumIsCaseSensitive() {
        #expect(
            validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "IpAddressType": "IPV4"])
                == "1 validation error detected: Value 'IPV4' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]")
    }

    @Test func unknownMembersAreIgnored() throws {
        let input = try CreateWorkforceCommand.decode([
            "WorkforceName": "wf", "CognitoConfig": ["UserPool": "us-east-1_AbC123", "ClientId": "c", "Future": [1, 2]],
            "SomethingNew": ["Nested": .null], "ClientToken": 42,
        ])
        #expect(input.workforceName == "wf")
        #expect(input.cognitoConfig?.clientId == "c")
    }

    @Test func nullMembersAreAbsent() throws {
        let input = try CreateWorkforceCommand.decode([
            "WorkforceName": "wf", "CognitoConfig": Body.cognito, "OidcConfig": .null, "SourceIpConfig": .null, "WorkforceVpcConfig": .null,
            "IpAddressType": .null, "Tags": .null,
        ])
        #expect(input.oidcConfig == nil)
        #expect(input.sourceIpCidrs == nil)
        #expect(input.vpcConfig == nil)
        #expect(input.ipAddressType == nil)
        #expect(input.tags == [])
    }

    @Test func wrongJSONTypesAreSerializationErrors() {
        let bodies: [JSONValue] = [
            ["WorkforceName": 5, "CognitoConfig": Body.cognito],
            ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": ["Cidrs": "10.0.0.0/8"]],
            ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "SourceIpConfig": ["Cidrs": [10]]],
            ["WorkforceName": "wf", "CognitoConfig": [Body.cognito]],
            ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "Tags": ["k": "v"]],
            ["WorkforceName": "wf", "CognitoConfig": Body.cognito, "IpAddressType": true],
            ["WorkforceName": ["wf"], "CognitoConfig": Body.cognito],
            "not an object",
        ]
        for body in bodies {
            #expect(decodeError(CreateWorkforceCommand.self, body)?.code == "SerializationException", "\(JSONWriter.string(body))")
        }
    }

    @Test func typeErrorWinsOverViolations() {
        let error = decodeError(
            CreateWorkforceCommand.self, ["WorkforceName": "bad name!", "IpAddressType": "ipv6", "SourceIpConfig": ["Cidrs": "x"]])
        #expect(error == .serialization("Unexpected value type at 'sourceIpConfig.cidrs': expected list, got string."))
    }
}

@Suite struct OidcConfigInputTests {
    @Test func secretIsReducedToItsFingerprint() throws {
        let input = try CreateWorkforceCommand.make(oidc: Body.oidc(scope: "openid email", extraParams: [("prompt", "login"), ("acr_values", "x")]))
        let oidc = try #require(input.oidcConfig)
        #expect(oidc.clientSecretFingerprint == OidcConfig.digest(ofSecret: clientSecret))
        #expect(oidc.clientSecretFingerprint.hasPrefix("sha256:"))
        #expect(oidc.clientSecretFingerprint.count == "sha256:".count + 64)
        #expect(oidc.scope == "openid email")
        #expect(oidc.authenticationRequestExtraParams == [KeyValue("prompt", "login"), KeyValue("acr_values", "x")])
        #expect(oidc.issuer == "https://idp.example.com")
        #expect(oidc.jwksUri == "https://idp.example.com/jwks")
        #expect(input.cognitoConfig == nil)
        #expect(!String(reflecting: input).contains(clientSecret))
    }

    @Test func differentSecretsHaveDifferentFingerprints() {
        #expect(OidcConfig.digest(ofSecret: "a") != OidcConfig.digest(ofSecret: "b"))
        #expect(OidcConfig.digest(ofSecret: "a") == OidcConfig.digest(ofSecret: "a"))
    }

    @Test func everyEndpointIsRequired() throws {
        let message = try #require(validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": ["ClientId": "c"]]))
        #expect(message.hasPrefix("7 validation errors detected: Value null at 'oidcConfig.clientSecret' failed to satisfy constraint: Member must not be null; "))
        for member in ["issuer", "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "logoutEndpoint", "jwksUri"] {
            #expect(message.contains("Value null at 'oidcConfig.\(member)' failed to satisfy constraint: Member must not be null"))
        }
    }

    @Test func endpointsMustBeHTTPS() {
        let message = validationMessage(
            CreateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": Body.oidc(issuer: "http://idp.example.com")])
        #expect(
            message
                == "1 validation error detected: Value 'http://idp.example.com' at 'oidcConfig.issuer' failed to satisfy constraint: Member must satisfy regular expression pattern: https://\\S+"
        )
    }

    @Test func tooLongSecretIsRedacted() throws {
        let secret = String(repeating: "s", count: 1025)
        let message = try #require(validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": Body.oidc(secret: secret)]))
        #expect(
            message
                == "1 validation error detected: Value '*** Sensitive Data Redacted ***' at 'oidcConfig.clientSecret' failed to satisfy constraint: Member must have length less than or equal to 1024"
        )
        #expect(!message.contains("sss"))
    }

    @Test func nonPrintableSecretIsRedacted() throws {
        let secret = "Sup3r\u{7}Secret"
        let message = try #require(validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": Body.oidc(secret: secret)]))
        #expect(
            message
                == "1 validation error detected: Value '*** Sensitive Data Redacted ***' at 'oidcConfig.clientSecret' failed to satisfy constraint: Member must satisfy regular expression pattern: [ -~]+"
        )
        #expect(!message.contains("Sup3r"))
    }

    @Test func emptySecretIsRedacted() throws {
        let message = try #require(validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": Body.oidc(secret: "")]))
        #expect(message.hasPrefix("2 validation errors detected: Value '*** Sensitive Data Redacted ***' at 'oidcConfig.clientSecret' failed to satisfy constraint: Member must have length greater than or equal to 1"))
    }

    @Test func scopeIsChecked() {
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": Body.oidc(scope: "openid  email")])
        #expect(message?.hasPrefix("1 validation error detected: Value 'openid  email' at 'oidcConfig.scope' failed to satisfy constraint: Member must satisfy regular expression pattern: ") == true)
    }

    @Test func elevenExtraParamsAreTooMany() {
        let params = (1...11).map { ("p\($0)", JSONValue.string("v")) }
        let message = validationMessage(CreateWorkforceCommand.self, ["WorkforceName": "wf", "OidcConfig": Body.oidc(extraParams: params)])
        #expect(message?.hasSuffix("' at 'oidcConfig.authenticationRequestExtraParams' failed to satisfy constraint: Member must have length less than or equal to 10") == true)
        #expect(message?.hasPrefix("1 validation error detected: ") == true)
    }
}

@Suite struct UpdateWorkforceInputTests {
    @Test func onlyTheNameIsRequired() throws {
        let input = try UpdateWorkforceCommand.decode(["WorkforceName": "wf"])
        #expect(input.workforceName == "wf")
        #expect(input.sourceIpCidrs == nil)
        #expect(input.oidcConfig == nil)
        #expect(input.vpcConfig == nil)
        #expect(input.ipAddressType == nil)
    }

    @Test func emptyCidrListIsKeptApartFromAbsent() throws {
        #expect(try UpdateWorkforceCommand.make(cidrs: []).sourceIpCidrs == [])
        #expect(try UpdateWorkforceCommand.decode(["WorkforceName": "wf", "SourceIpConfig": .null]).sourceIpCidrs == nil)
    }

    @Test func missingNameIsNotNull() {
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["SourceIpConfig": Body.cidrs([])])
                == "1 validation error detected: Value null at 'workforceName' failed to satisfy constraint: Member must not be null")
    }

    @Test func vpcMembersAreReadAsGiven() throws {
        let input = try UpdateWorkforceCommand.make(vpc: Body.vpc("vpc-1", groups: ["sg-1", "sg-2"], subnets: ["subnet-1"]))
        #expect(input.vpcConfig == VpcConfigRequest(vpcId: "vpc-1", securityGroupIds: ["sg-1", "sg-2"], subnets: ["subnet-1"]))
        #expect(try UpdateWorkforceCommand.make(vpc: [:]).vpcConfig == VpcConfigRequest(vpcId: nil, securityGroupIds: nil, subnets: nil))
    }

    /// Spec §6 UpdateWorkforce: "`{}` (or an empty `VpcId` with no ids) removes it".
    @Test func emptyVpcIdIsAccepted() throws {
        let input = try UpdateWorkforceCommand.make(vpc: ["VpcId": ""])
        #expect(input.vpcConfig == VpcConfigRequest(vpcId: "", securityGroupIds: nil, subnets: nil))
    }

    @Test func vpcIdPatternIsChecked() {
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "WorkforceVpcConfig": Body.vpc("notavpc")])
                == "1 validation error detected: Value 'notavpc' at 'workforceVpcConfig.vpcId' failed to satisfy constraint: Member must satisfy regular expression pattern: vpc-[0-9a-z]*"
        )
    }

    @Test func securityGroupAndSubnetCounts() throws {
        let sixGroups = (1...6).map { "sg-\($0)" }
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "WorkforceVpcConfig": Body.vpc(groups: sixGroups)])
                == "1 validation error detected: Value '[sg-1, sg-2, sg-3, sg-4, sg-5, sg-6]' at 'workforceVpcConfig.securityGroupIds' failed to satisfy constraint: Member must have length less than or equal to 5"
        )
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "WorkforceVpcConfig": Body.vpc(subnets: [])])
                == "1 validation error detected: Value '[]' at 'workforceVpcConfig.subnets' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
        let seventeen = (1...17).map { "subnet-\($0)" }
        let tooManySubnets = validationMessage(
            UpdateWorkforceCommand.self, ["WorkforceName": "wf", "WorkforceVpcConfig": Body.vpc(subnets: seventeen)])
        #expect(tooManySubnets?.hasSuffix("' at 'workforceVpcConfig.subnets' failed to satisfy constraint: Member must have length less than or equal to 16") == true)
        let atTheLimits = try UpdateWorkforceCommand.make(vpc: Body.vpc(groups: Array(sixGroups.prefix(5)), subnets: Array(seventeen.prefix(16))))
        #expect(atTheLimits.vpcConfig?.securityGroupIds?.count == 5)
        #expect(atTheLimits.vpcConfig?.subnets?.count == 16)
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "WorkforceVpcConfig": Body.vpc(groups: ["sg-1", "SG-2"])])
                == "1 validation error detected: Value 'SG-2' at 'workforceVpcConfig.securityGroupIds.2.member' failed to satisfy constraint: Member must satisfy regular expression pattern: sg-[0-9a-z]*"
        )
    }

    @Test func ipAddressTypeEnum() throws {
        #expect(try UpdateWorkforceCommand.make(ipAddressType: "ipv4").ipAddressType == .ipv4)
        #expect(try UpdateWorkforceCommand.make(ipAddressType: "dualstack").ipAddressType == .dualstack)
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "IpAddressType": ""])
                == "1 validation error detected: Value '' at 'ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]")
    }

    @Test func stringWhereListBelongsIsASerializationError() {
        #expect(
            decodeError(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "SourceIpConfig": ["Cidrs": "10.0.0.0/8"]])
                == .serialization("Unexpected value type at 'sourceIpConfig.cidrs': expected list, got string."))
        #expect(
            decodeError(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "WorkforceVpcConfig": ["SecurityGroupIds": "sg-1"]])?.code
                == "SerializationException")
    }

    @Test func elevenCIDRsOnUpdate() {
        let cidrs = (1...11).map { "192.168.\($0).0/24" }
        #expect(
            validationMessage(UpdateWorkforceCommand.self, ["WorkforceName": "wf", "SourceIpConfig": Body.cidrs(cidrs)])
                == "1 validation error detected: Value '[\(cidrs.joined(separator: ", "))]' at 'sourceIpConfig.cidrs' failed to satisfy constraint: Member must have length less than or equal to 10"
        )
    }
}

@Suite struct ListInputTests {
    @Test func defaults() throws {
        let list = try ListQuery.make()
        #expect(list.maxResults == 10)
        #expect(list.sortBy == .createDate)
        #expect(!list.descending)
        #expect(list.nameContains == nil)
        #expect(list.nextToken == nil)
    }

    @Test func readsEveryMember() throws {
        let list = try ListQuery.make(maxResults: 100, nameContains: "wf", nextToken: "t", sortBy: "Name", sortOrder: "Descending")
        #expect(list.maxResults == 100)
        #expect(list.sortBy == .name)
        #expect(list.descending)
        #expect(list.nameContains == "wf")
        #expect(list.nextToken == "t")
        #expect(try !ListQuery.make(sortOrder: "Ascending").descending)
    }

    @Test func maxResultsRange() {
        #expect(
            validationMessage(ListWorkforcesInput.self, ["MaxResults": 0])
                == "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")
        #expect(
            validationMessage(ListWorkteamsInput.self, ["MaxResults": 101])
                == "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100")
    }

    @Test func fractionalMaxResultsIsASerializationError() {
        #expect(
            decodeError(ListWorkforcesInput.self, ["MaxResults": 2.5])
                == .serialization("Unexpected value type at 'maxResults': expected integer, got number."))
        #expect(decodeError(ListWorkforcesInput.self, ["MaxResults": "10"])?.code == "SerializationException")
    }

    @Test func sortEnums() {
        #expect(
            validationMessage(ListWorkforcesInput.self, ["SortBy": "name", "SortOrder": "Down"])
                == "2 validation errors detected: Value 'name' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreateDate]; Value 'Down' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [Ascending, Descending]"
        )
    }

    /// Spec §7: NameContains is checked against its shape's pattern, so "p-" is refused for workteams.
    @Test func nameContainsFollowsTheNamePattern() throws {
        #expect(try decodeBody(ListWorkforcesInput.self, [("NameContains", "p-")]).list.nameContains == "p-")
        #expect(
            validationMessage(ListWorkteamsInput.self, ["NameContains": "p-"])
                == "1 validation error detected: Value 'p-' at 'nameContains' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
        )
    }
}

@Suite struct WorkteamInputTests {
    @Test func readsEveryMember() throws {
        let input = try CreateWorkteamCommand.decode([
            "WorkteamName": "team", "WorkforceName": "wf", "Description": "Image labelers",
            "MemberDefinitions": [Body.cognitoMember(), Body.oidcMember(["a", "b"])],
            "NotificationConfiguration": ["NotificationTopicArn": "arn:aws:sns:us-east-1:123456789012:topic"],
            "WorkerAccessConfiguration": ["S3Presign": ["IamPolicyConstraints": ["SourceIp": "Enabled", "VpcSourceIp": "Disabled"]]],
            "Tags": Body.tags([("k", "v")]),
        ])
        #expect(input.workteamName == "team")
        #expect(input.workforceName == "wf")
        #expect(input.description == "Image labelers")
        #expect(
            input.memberDefinitions == [
                MemberDefinitionRequest(cognito: testCognitoMember, oidc: nil), MemberDefinitionRequest(cognito: nil, oidc: .oidc(groups: ["a", "b"])),
            ])
        #expect(input.notificationConfiguration == NotificationConfiguration(notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:topic"))
        #expect(
            input.workerAccessConfiguration
                == WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: true, sourceIp: "Enabled", vpcSourceIp: "Disabled"))
        #expect(input.tags == [Tag("k", "v")])
    }

    @Test func partialWorkerAccessConfigurationIsKeptAsGiven() throws {
        let empty = try CreateWorkteamCommand.decode([
            "WorkteamName": "team", "Description": "d", "MemberDefinitions": [Body.cognitoMember()], "WorkerAccessConfiguration": ["S3Presign": [:]],
        ])
        #expect(
            empty.workerAccessConfiguration
                == WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil))
        #expect(empty.workforceName == nil)
    }

    @Test func definitionWithBothOrNeitherIsReadAsSent() throws {
        let input = try CreateWorkteamCommand.make(members: [
            ["CognitoMemberDefinition": ["UserPool": "us-east-1_AbC123", "UserGroup": "g", "ClientId": "c"], "OidcMemberDefinition": ["Groups": ["g"]]],
            [:],
        ])
        #expect(input.memberDefinitions[0].cognito != nil && input.memberDefinitions[0].oidc != nil)
        #expect(input.memberDefinitions[1] == MemberDefinitionRequest(cognito: nil, oidc: nil))
    }

    @Test func requiredMembers() {
        #expect(
            validationMessage(CreateWorkteamCommand.self, [:])
                == "3 validation errors detected: Value null at 'description' failed to satisfy constraint: Member must not be null; Value null at 'memberDefinitions' failed to satisfy constraint: Member must not be null; Value null at 'workteamName' failed to satisfy constraint: Member must not be null"
        )
    }

    @Test func memberDefinitionPaths() {
        let message = validationMessage(
            CreateWorkteamCommand.self,
            [
                "WorkteamName": "team", "Description": "d",
                "MemberDefinitions": [Body.oidcMember(), ["CognitoMemberDefinition": ["UserPool": "bad", "UserGroup": "g", "ClientId": "c"]]],
            ])
        #expect(
            message
                == "1 validation error detected: Value 'bad' at 'memberDefinitions.2.member.cognitoMemberDefinition.userPool' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+"
        )
    }

    @Test func memberDefinitionCounts() {
        #expect(
            validationMessage(CreateWorkteamCommand.self, ["WorkteamName": "team", "Description": "d", "MemberDefinitions": []])
                == "1 validation error detected: Value '[]' at 'memberDefinitions' failed to satisfy constraint: Member must have length greater than or equal to 1")
        let eleven = Array(repeating: Body.oidcMember(), count: 11)
        #expect(
            validationMessage(CreateWorkteamCommand.self, ["WorkteamName": "team", "Description": "d", "MemberDefinitions": .array(eleven)])?
                .hasSuffix("' at 'memberDefinitions' failed to satisfy constraint: Member must have length less than or equal to 10") == true)
        #expect(
            validationMessage(CreateWorkteamCommand.self, ["WorkteamName": "team", "Description": "d", "MemberDefinitions": [Body.oidcMember([])]])
                == "1 validation error detected: Value '[]' at 'memberDefinitions.1.member.oidcMemberDefinition.groups' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    }

    @Test func descriptionBounds() {
        #expect(
            validationMessage(CreateWorkteamCommand.self, ["WorkteamName": "team", "Description": "", "MemberDefinitions": [Body.oidcMember()]])
                == "2 validation errors detected: Value '' at 'description' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: .+"
        )
        let long = String(repeating: "d", count: 201)
        #expect(
            validationMessage(CreateWorkteamCommand.self, ["WorkteamName": "team", "Description": .string(long), "MemberDefinitions": [Body.oidcMember()]])
                == "1 validation error detected: Value '\(long)' at 'description' failed to satisfy constraint: Member must have length less than or equal to 200")
    }

    @Test func workteamNamePattern() {
        #expect(
            validationMessage(CreateWorkteamCommand.self, ["WorkteamName": "team-", "Description": "d", "MemberDefinitions": [Body.oidcMember()]])
                == "1 validation error detected: Value 'team-' at 'workteamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
        )
    }

    @Test func notificationTopicPattern() {
        #expect(
            validationMessage(
                CreateWorkteamCommand.self,
                ["WorkteamName": "t", "Description": "d", "MemberDefinitions": [Body.oidcMember()], "NotificationConfiguration": ["NotificationTopicArn": "topic"]])
                == "1 validation error detected: Value 'topic' at 'notificationConfiguration.notificationTopicArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws[a-z\\-]*:sns:[a-z0-9\\-]*:[0-9]{12}:[a-zA-Z0-9_.-]*"
        )
    }

    @Test func workerAccessEnum() {
        let body: JSONValue = [
            "WorkteamName": "t", "Description": "d", "MemberDefinitions": [Body.oidcMember()],
            "WorkerAccessConfiguration": ["S3Presign": ["IamPolicyConstraints": ["SourceIp": "On"]]],
        ]
        #expect(
            validationMessage(CreateWorkteamCommand.self, body)
                == "1 validation error detected: Value 'On' at 'workerAccessConfiguration.s3Presign.iamPolicyConstraints.sourceIp' failed to satisfy constraint: Member must satisfy enum value set: [Enabled, Disabled]"
        )
    }

    @Test func updateWorkteamNeedsOnlyTheName() throws {
        let input = try UpdateWorkteamCommand.decode(["WorkteamName": "team"])
        #expect(input.workteamName == "team")
        #expect(input.description == nil)
        #expect(input.memberDefinitions == nil)
        #expect(input.notificationConfiguration == nil)
        #expect(input.workerAccessConfiguration == nil)
        #expect(
            validationMessage(UpdateWorkteamCommand.self, ["WorkteamName": "team", "MemberDefinitions": []])
                == "1 validation error detected: Value '[]' at 'memberDefinitions' failed to satisfy constraint: Member must have length greater than or equal to 1")
    }

    @Test func workteamNameInput() throws {
        #expect(try WorkteamNameInput.decode(["WorkteamName": "t"]).workteamName == "t")
        #expect(
            validationMessage(WorkteamNameInput.self, [:])
                == "1 validation error detected: Value null at 'workteamName' failed to satisfy constraint: Member must not be null")
        #expect(try WorkforceNameInput.decode(["WorkforceName": "wf"]).workforceName == "wf")
    }
}

@Suite struct TagInputTests {
    private let arn: JSONValue = "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/team"

    @Test func addTags() throws {
        let input = try AddTagsCommand.decode(["ResourceArn": arn, "Tags": Body.tags([("a", "1"), ("b", "")])])
        #expect(input.resourceArn == arn.stringValue)
        #expect(input.tags == [Tag("a", "1"), Tag("b", "")])
        #expect(
            validationMessage(AddTagsCommand.self, ["ResourceArn": arn])
                == "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null")
        #expect(
            validationMessage(AddTagsCommand.self, ["ResourceArn": "arn:aws:sns:us-east-1:123456789012:t", "Tags": []])
                == "1 validation error detected: Value 'arn:aws:sns:us-east-1:123456789012:t' at 'resourceArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+"
        )
    }

    @Test func tagKeyLength() {
        let key = String(repeating: "k", count: 129)
        #expect(
            validationMessage(AddTagsCommand.self, ["ResourceArn": arn, "Tags": Body.tags([(key, "v")])])
                == "1 validation error detected: Value '\(key)' at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128")
        let value = String(repeating: "v", count: 257)
        #expect(
            validationMessage(AddTagsCommand.self, ["ResourceArn": arn, "Tags": Body.tags([("k", value)])])
                == "1 validation error detected: Value '\(value)' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256")
    }

    @Test func deleteTags() throws {
        #expect(try DeleteTagsCommand.decode(["ResourceArn": arn, "TagKeys": ["a", "b"]]).tagKeys == ["a", "b"])
        #expect(
            validationMessage(DeleteTagsCommand.self, ["ResourceArn": arn, "TagKeys": []])
                == "1 validation error detected: Value '[]' at 'tagKeys' failed to satisfy constraint: Member must have length greater than or equal to 1")
    }

    @Test func listTags() throws {
        let input = try ListTagsQuery.decode(["ResourceArn": arn])
        #expect(input.maxResults == 50)
        #expect(input.nextToken == nil)
        #expect(
            validationMessage(ListTagsQuery.self, ["ResourceArn": arn, "MaxResults": 10])
                == "1 validation error detected: Value '10' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50")
    }
}
