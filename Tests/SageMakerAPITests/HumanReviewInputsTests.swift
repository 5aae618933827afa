import AWSJSONProtocol
import DomainTestSupport
import JSON
import Testing

@testable import SageMakerAPI
import SageMakerWorkforces

private func flowBody(_ extra: [(String, JSONValue)] = [], loop: [(String, JSONValue)] = []) -> JSONValue {
    var loopObject: JSONObject = [
        "WorkteamArn": "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t",
        "HumanTaskUiArn": "arn:aws:sagemaker:us-east-1:123456789012:human-task-ui/u", "TaskTitle": "t", "TaskDescription": "d", "TaskCount": 1,
    ]
    for (key, value) in loop { loopObject[key] = value }
    var object: JSONObject = [
        "FlowDefinitionName": "fd", "RoleArn": "arn:aws:iam::123456789012:role/r", "OutputConfig": ["S3OutputPath": "s3://b/"],
        "HumanLoopConfig": .object(loopObject),
    ]
    for (key, value) in extra { object[key] = value }
    return .object(object)
}

@Suite struct CreateFlowDefinitionInputTests {
    @Test func absentMembersStayAbsentAndTheConditionsStringIsKept() throws {
        let text = #"{ "Conditions": [{"ConditionType": "Sampling"}] }"#
        let command = try CreateFlowDefinitionCommand.decode(
            flowBody([
                ("HumanLoopRequestSource", ["AwsManagedHumanLoopRequestSource": "AWS/Textract/AnalyzeDocument/Forms/V1"]),
                ("HumanLoopActivationConfig", ["HumanLoopActivationConditionsConfig": ["HumanLoopActivationConditions": .string(text)]]),
            ]))
        #expect(command.humanLoopConfig?.taskTimeLimitInSeconds == nil && command.humanLoopConfig?.publicWorkforceTaskPrice == nil)
        #expect(command.outputConfig.kmsKeyId == nil && command.requestSource == .textractForms)
        #expect(command.activationConfig == ActivationConfigRequest(conditions: text, parsed: .conditions([.simple(conditionType: "Sampling")])))
    }

    @Test func violationsUseLowerCamelPathsAndAllAreListed() {
        let error = thrown { () throws(AWSError) in
            try CreateFlowDefinitionCommand.decode(flowBody([("RoleArn", "short")], loop: [("TaskCount", 4), ("TaskKeywords", ["ok", "not-ok"])]))
        }
        #expect(error?.code == "ValidationException")
        let message = error?.message ?? ""
        #expect(message.hasPrefix("4 validation errors detected: "), "\(message)")
        #expect(message.contains("Value '4' at 'humanLoopConfig.taskCount' failed to satisfy constraint: Member must have value less than or equal to 3"))
        #expect(message.contains("Value 'not-ok' at 'humanLoopConfig.taskKeywords.2.member'"))
        #expect(message.contains("at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"))
    }

    @Test func conditionsMustBeAStringOnTheWire() {
        let error = thrown { () throws(AWSError) in
            try CreateFlowDefinitionCommand.decode(
                flowBody([("HumanLoopActivationConfig", ["HumanLoopActivationConditionsConfig": ["HumanLoopActivationConditions": ["Conditions": []]]])]))
        }
        #expect(error?.code == "SerializationException")
    }

    @Test func listTimestampsAreEpochSecondsNumbers() throws {
        let query = try CreationTimeListQuery.decode(["CreationTimeAfter": 1_700_000_000.123, "SortOrder": "Descending"])
        #expect(query.createdAtOrAfter == 1_700_000_000_123 && query.createdBefore == nil && query.descending && query.maxResults == 10)
        #expect(thrown { () throws(AWSError) in try CreationTimeListQuery.decode(["CreationTimeBefore": "yesterday"]) }?.code == "SerializationException")
    }
}

@Suite struct ActivationConditionsParserTests {
    @Test(arguments: [
        "", "{not json", "[]", #""Sampling""#, #"{"Condition": []}"#, #"{"Conditions": {}}"#, #"{"Conditions": []}"#,
        #"{"Conditions": ["Sampling"]}"#, #"{"Conditions": [{"ConditionType": 7}]}"#,
        #"{"Conditions": [{"ConditionType": "Sampling", "ConditionParameters": 5}]}"#,
        #"{"Conditions": [{"And": [{"ConditionType": "Sampling"}]}]}"#,
        #"{"Conditions": [{"Or": [{"And": [{"Or": [{"ConditionType": "a"}, {"ConditionType": "b"}]}, {"ConditionType": "c"}]}, {"ConditionType": "d"}]}]}"#,
    ])
    func notADocument(_ text: String) {
        guard case .invalid(let reason) = ActivationConditionsParser.parse(text) else {
            Issue.record("\(text) parsed")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func twoLevelsOfAndOrAreFineAndParametersAreNotChecked() {
        let text = #"{"Conditions": [{"Or": [{"And": [{"ConditionType": "a", "ConditionParameters": {"x": [1]}}, {"ConditionType": "b"}]}, {"ConditionType": "c"}]}]}"#
        #expect(
            ActivationConditionsParser.parse(text)
                == .conditions([.or([.and([.simple(conditionType: "a"), .simple(conditionType: "b")]), .simple(conditionType: "c")])]))
    }
}
