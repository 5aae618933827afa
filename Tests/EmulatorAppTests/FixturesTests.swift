import AWSJSONProtocol
import FoundationEssentials
import SageMakerWorkforces
import TestSupport
import Testing
import WorkforceStore

@testable import EmulatorApp

let defaults = Namespace(account: "000000000000", region: "us-east-1")

func parseFixture(_ text: String, file: String = "f.json") throws -> FixtureSet {
    var set = FixtureSet.empty
    try set.add(bytes: Array(text.utf8), file: file, defaults: defaults)
    return set
}

let seededCognito = #"""
    {"workforces": [{"WorkforceName": "Seeded", "CognitoConfig": {"UserPool": "us-east-1_Pool1", "ClientId": "client"},
                     "SourceIpConfig": {"Cidrs": ["10.0.0.0/16"]}}],
     "workteams": [{"WorkteamName": "team", "Description": "d", "Tags": [{"Key": "k", "Value": "v"}],
                    "MemberDefinitions": [{"CognitoMemberDefinition": {"UserPool": "us-east-1_Pool1", "UserGroup": "g", "ClientId": "client"}}]}]}
    """#

@Suite struct FixturesTests {
    @Test(arguments: [
        ("not json", "f.json: not valid JSON"),
        ("[]", "the top level must be an object"),
        (#"{"workforce": []}"#, #"unknown top-level key "workforce""#),
        (#"{"workforces": {}}"#, #""workforces" must be a list"#),
        (#"{"workforces": [7]}"#, "workforces[0]: an item must be an object"),
        (#"{"workforces": [{"WorkforceName": "a", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}, "Region": "Not Valid"}]}"#, "workforces[0]: Region must be"),
        (#"{"workforces": [{"WorkforceName": "a", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}, "AccountId": "12"}]}"#, "workforces[0]: AccountId must be 12 digits"),
        (
            #"{"workforces": [{"WorkforceName": "ok", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}}, {"WorkforceName": "bad name", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}}]}"#,
            "workforces[1]: ValidationException: 1 validation error detected: Value 'bad name' at 'workforceName'"
        ),
        (
            #"{"workteams": [{"WorkteamName": "t", "Description": "d", "MemberDefinitions": []}]}"#,
            "workteams[0]: ValidationException: 1 validation error detected: Value '[]' at 'memberDefinitions'"
        ),
    ])
    func malformedFixturesNameFileItemAndRule(text: String, expected: String) {
        #expect {
            _ = try parseFixture(text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test func elevenCidrsInAFixtureAreRefusedLikeTheAPI() {
        let cidrs = (0...10).map { "\"10.0.\($0).0/24\"" }.joined(separator: ",")
        #expect {
            _ = try parseFixture(#"{"workforces": [{"WorkforceName": "a", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}, "SourceIpConfig": {"Cidrs": [\#(cidrs)]}}]}"#)
        } throws: { error in
            "\(error)".contains("at 'sourceIpConfig.cidrs' failed to satisfy constraint: Member must have length less than or equal to 10")
        }
    }

    @Test func twoWorkforcesForOneNamespaceAreRefusedAtLoad() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let one = #"{"workforces": [{"WorkforceName": "a", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}}]}"#
        try folder.writeText(one, to: "1.json")
        try folder.writeText(one.replacingOccurrences(of: #""a""#, with: #""b""#), to: "2.json")
        #expect {
            _ = try FixtureSet.load(paths: [folder.path], defaults: defaults)
        } throws: { error in
            "\(error)".contains("2.json: workforces[0]: a second workforce for account 000000000000 in us-east-1")
        }
    }

    @Test func rulesApplyWhenLoadingAndNothingOfTheLoadRemains() throws {
        let set = try parseFixture(#"""
            {"workforces": [{"WorkforceName": "ok", "Region": "eu-west-1", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}},
                            {"WorkforceName": "vpc", "CognitoConfig": {"UserPool": "p_1", "ClientId": "c"}, "SourceIpConfig": {"Cidrs": ["10.0.0.0/8"]},
                             "WorkforceVpcConfig": {"VpcId": "vpc-1", "SecurityGroupIds": ["sg-1"], "Subnets": ["subnet-1"]}}]}
            """#)
        let store = try WorkforceStore(path: ":memory:")
        #expect {
            try store.write { try set.apply(to: store, rules: WorkforceRules(transitionDelay: 0), now: 1) }
        } throws: { error in
            "\(error)".contains("f.json: workforces[1]: ValidationException: Amazon SageMaker does not support Source Ip restriction")
        }
        #expect(try store.allWorkforces().isEmpty)
    }

    @Test func teamWithoutItsWorkforceIsRefused() throws {
        let set = try parseFixture(#"""
            {"workteams": [{"WorkteamName": "t", "Description": "d", "MemberDefinitions": [{"OidcMemberDefinition": {"Groups": ["g"]}}]}]}
            """#)
        let store = try WorkforceStore(path: ":memory:")
        #expect {
            try store.write { try set.apply(to: store, rules: WorkforceRules(transitionDelay: 0), now: 1) }
        } throws: { error in
            "\(error)".contains("workteams[0]: ValidationException: No workforce found")
        }
    }

    @Test func loadingIsCreateIfAbsentAndSkipsReplacedNamespaces() throws {
        let set = try parseFixture(seededCognito)
        let store = try WorkforceStore(path: ":memory:")
        let rules = WorkforceRules(transitionDelay: 1000)
        let first = try store.write { try set.apply(to: store, rules: rules, now: 1_000) }
        #expect(first.createdWorkforces == 1 && first.createdWorkteams == 1)
        let seeded = try #require(try store.workforce(in: defaults))
        #expect(seeded.lifecycle.observed(at: 1_000)?.status == .active)

        // A client changes the workforce; loading again keeps the change.
        var changed = seeded
        changed.sourceIpCidrs = ["192.168.0.0/24"]
        try store.write { try store.save(changed) }
        let second = try store.write { try set.apply(to: store, rules: rules, now: 2_000) }
        #expect(second.createdWorkforces == 0 && second.createdWorkteams == 0)
        #expect(try store.workforce(in: defaults)?.sourceIpCidrs == ["192.168.0.0/24"])

        // A client replaced it with another workforce: the fixture and its teams are skipped, with a reason.
        try store.write {
            _ = try store.deleteAll()
            var other = seeded
            other.name = "Replacement"
            try store.save(other)
        }
        let third = try store.write { try set.apply(to: store, rules: rules, now: 3_000) }
        #expect(third.createdWorkforces == 0 && third.createdWorkteams == 0)
        #expect(third.skipped.count == 1 && third.skipped[0].contains("already holds workforce Replacement"))
    }

    @Test func exportedStateLoadsBackUnchanged() throws {
        let live = try LiveEmulator(transitionDelay: 0)
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", oidcWorkforce)
        let teamBody = #"{"WorkteamName":"t","Description":"d","MemberDefinitions":[{"OidcMemberDefinition":{"Groups":["a","b"]}}],"Tags":[{"Key":"k","Value":"v"}],"NotificationConfiguration":{"NotificationTopicArn":"arn:aws:sns:us-east-1:000000000000:topic"}}"#
        #expect(try live.client.call("CreateWorkteam", teamBody).status == 200)
        let china = [authorization(account: "111122223333", region: "cn-north-1")]
        let vpcBody = #"{"WorkforceName":"v","CognitoConfig":{"UserPool":"p_1","ClientId":"c"},"IpAddressType":"dualstack","WorkforceVpcConfig":{"VpcId":"vpc-1","SecurityGroupIds":["sg-1"],"Subnets":["subnet-1"]},"Tags":[{"Key":"x","Value":"y"}]}"#
        #expect(try live.client.call("CreateWorkforce", vpcBody, headers: china).status == 200)

        let exported = try live.client.request("GET", "/_emulator/state")
        #expect(exported.status == 200)
        #expect(!exported.text.contains("TOP-SECRET-VALUE"))
        #expect(exported.text.contains(#""ClientSecret":"REDACTED""#))

        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.writeText(exported.text, to: "state.json")
        let reloaded = try LiveEmulator(transitionDelay: 0, fixtures: [file])
        defer { reloaded.stop() }
        #expect(try reloaded.client.request("GET", "/_emulator/state").body == exported.body)
    }
}
