import AWSJSONProtocol
import SageMakerAPI
import TestSupport
import Testing

@testable import EmulatorApp

@Suite(.serialized) struct AdminRoutesTests {
    func post(_ live: LiveEmulator, _ path: String, _ body: String = "") throws -> TestHTTPClient.Response {
        try live.client.send(raw: Array("POST \(path) HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
    }

    @Test func resetReturnsToTheFixtureBaseline() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.writeText(seededCognito, to: "seed.json")
        let live = try LiveEmulator(transitionDelay: 0, fixtures: [file])
        defer { live.stop() }
        _ = try live.client.call("DeleteWorkteam", #"{"WorkteamName":"team"}"#)
        _ = try live.client.call("UpdateWorkforce", #"{"WorkforceName":"Seeded","SourceIpConfig":{"Cidrs":[]}}"#)
        let china = [authorization(account: "111122223333", region: "cn-north-1")]
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce, headers: china)

        // Reset of one namespace leaves the others alone.
        let scoped = try post(live, "/_emulator/reset?account=111122223333&region=cn-north-1")
        #expect(scoped.status == 200)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#, headers: china))["__type"] == "ValidationException")
        #expect(try json(try live.client.call("DescribeWorkteam", #"{"WorkteamName":"team"}"#))["__type"] == "ValidationException")

        let all = try post(live, "/_emulator/reset")
        #expect(all.status == 200)
        #expect(try json(all)["loaded"] == ["workforces": 1, "workteams": 1, "humanTaskUis": 0, "flowDefinitions": 0])
        let workforce = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"Seeded"}"#))["Workforce"]
        #expect(workforce?["SourceIpConfig"] == ["Cidrs": ["10.0.0.0/16"]])
        #expect(workforce?["Status"] == "Active")
        #expect(try live.client.call("DescribeWorkteam", #"{"WorkteamName":"team"}"#).status == 200)
        #expect(try post(live, "/_emulator/reset?color=blue").status == 400)
    }

    @Test func completingTransitionsSkipsTheWait() throws {
        let live = try LiveEmulator(transitionDelay: 3600)
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce)
        #expect(try json(try post(live, "/_emulator/transitions/complete"))["completed"] == 1)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["Status"] == "Active")
        _ = try live.client.call("DeleteWorkforce", #"{"WorkforceName":"wf"}"#)
        _ = try post(live, "/_emulator/transitions/complete")
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["message"] == "No workforce found with name wf.")
    }

    @Test func operationFaultsAnswerTheNextCallsAndChangeNothing() throws {
        let live = try LiveEmulator(transitionDelay: 0)
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce)
        let armed = try post(
            live, "/_emulator/faults",
            #"{"operation":"UpdateWorkforce","error":{"code":"ThrottlingException","status":400,"message":"Rate exceeded"},"count":2}"#)
        #expect(armed.status == 200)
        #expect(try json(try live.client.request("GET", "/_emulator/faults"))["operationFaults"]?.arrayValue?.count == 1)
        let update = #"{"WorkforceName":"wf","SourceIpConfig":{"Cidrs":["10.0.0.0/8"]}}"#
        for _ in 0..<2 {
            let refused = try live.client.call("UpdateWorkforce", update)
            #expect(refused.status == 400)
            #expect(refused.header("X-Amzn-ErrorType") == "ThrottlingException")
            #expect(try json(refused)["message"] == "Rate exceeded")
            let unchanged = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))
            #expect(unchanged["Workforce"]?["SourceIpConfig"] == ["Cidrs": []])
        }
        #expect(try live.client.call("UpdateWorkforce", update).status == 200)

        // A fault scoped to another namespace does not touch this one; DELETE clears.
        _ = try post(live, "/_emulator/faults", #"{"operation":"DescribeWorkforce","error":{"code":"InternalFailure","status":500},"account":"999999999999"}"#)
        #expect(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#).status == 200)
        #expect(try json(try live.client.send(raw: Array("DELETE /_emulator/faults HTTP/1.1\r\nContent-Length: 0\r\n\r\n".utf8)))["cleared"] == 1)
    }

    @Test func failedTransitionsArePersistedAndRecoverable() throws {
        let live = try LiveEmulator(transitionDelay: 1)
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce)
        // Pending now: fails directly.
        let direct = try post(live, "/_emulator/faults", #"{"failTransition":{"workforceName":"wf","reason":"VPC endpoint creation failed"}}"#)
        #expect(try json(direct)["armed"] == "pendingTransition")
        live.clock.advance(milliseconds: 1000)
        let failed = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]
        #expect(failed?["Status"] == "Failed")
        #expect(failed?["FailureReason"] == "VPC endpoint creation failed")

        // Failed accepts an update, which clears the reason; the next transition can be failed in advance.
        _ = try post(live, "/_emulator/faults", #"{"failTransition":{"workforceName":"wf","reason":"second"}}"#)
        #expect(try json(try live.client.call("UpdateWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["Status"] == "Updating")
        live.clock.advance(milliseconds: 1000)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["FailureReason"] == "second")
        _ = try live.client.call("UpdateWorkforce", #"{"WorkforceName":"wf"}"#)
        live.clock.advance(milliseconds: 1000)
        let recovered = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]
        #expect(recovered?["Status"] == "Active")
        #expect(recovered?["FailureReason"] == nil)
    }

    @Test(arguments: [
        ("not json", "the body must be a JSON object"),
        (#"{"operation":"CreateModel","error":{"code":"X"}}"#, "is not emulated"),
        (#"{"operation":"UpdateWorkforce"}"#, "error must be an object"),
        (#"{"operation":"UpdateWorkforce","error":{"code":"bad code"}}"#, "error.code must be"),
        (#"{"operation":"UpdateWorkforce","error":{"code":"X","status":200}}"#, "error.status must be"),
        (#"{"operation":"UpdateWorkforce","error":{"code":"X"},"count":0}"#, "count must be"),
        (#"{"failTransition":{"workforceName":"wf"}}"#, "failTransition.reason"),
        (#"{"operation":"UpdateWorkforce","error":{"code":"X"},"account":"1"}"#, "account must be 12 digits"),
    ])
    func malformedFaultsAreRefused(body: String, reason: String) throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        let response = try post(live, "/_emulator/faults", body)
        #expect(response.status == 400)
        #expect(try json(response)["error"]?.stringValue?.contains(reason) == true)
    }

    @Test func unknownPathsAndWrongMethods() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        #expect(try live.client.request("GET", "/_emulator/nope").status == 404)
        let wrong = try live.client.request("GET", "/_emulator/reset")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "POST")
        #expect(try live.client.request("DELETE", "/_emulator/health").status == 405)
    }
}

@Suite struct OperationTableTests {
    @Test func everyAPIOperationIsBoundAndEveryOneIsARealSageMakerOperation() {
        #expect(OperationTable.operations.keys.sorted() == SageMakerOperations.emulatedNames)
        #expect(SageMakerOperations.emulatedNames.count == 21)
        #expect(SageMakerOperations.emulatedNames.allSatisfy(SageMakerOperationNames.all.contains))
    }

    @Test func readOnlyOperationsAreTheDescribesAndLists() {
        let readOnly = OperationTable.operations.values.filter(\.isReadOnly).map(\.name).sorted()
        #expect(
            readOnly == [
                "DescribeFlowDefinition", "DescribeHumanTaskUi", "DescribeWorkforce", "DescribeWorkteam", "ListFlowDefinitions",
                "ListHumanTaskUis", "ListTags", "ListWorkforces", "ListWorkteams",
            ])
    }
}
