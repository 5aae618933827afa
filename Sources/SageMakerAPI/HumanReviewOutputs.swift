import JSON
import SageMakerWorkforces

/// A human task UI as DescribeHumanTaskUi answers it: the URL depends on the host the caller used (§2).
public struct HumanTaskUiDescription: Sendable {
    /// The UI.
    public var ui: HumanTaskUi
    /// Where the emulator serves its template.
    public var templateURL: String

    /// A description.
    public init(ui: HumanTaskUi, templateURL: String) {
        self.ui = ui
        self.templateURL = templateURL
    }
}

/// The human-review response shapes (human-review-api.md §3.1, §4.1): members absent when not given.
extension Outputs {
    /// `DescribeHumanTaskUiResponse`: never the content, only its digest and URL.
    public static func humanTaskUi(_ description: HumanTaskUiDescription) -> JSONValue {
        let ui = description.ui
        return [
            "HumanTaskUiArn": .string(ui.arn), "HumanTaskUiName": .string(ui.name), "HumanTaskUiStatus": "Active",
            "CreationTime": .number(ui.createdAt.epochSeconds),
            "UiTemplate": ["Url": .string(description.templateURL), "ContentSha256": .string(ui.contentSha256)],
        ]
    }

    /// `HumanTaskUiSummary`.
    public static func humanTaskUiSummary(_ ui: HumanTaskUi) -> JSONValue {
        ["HumanTaskUiName": .string(ui.name), "HumanTaskUiArn": .string(ui.arn), "CreationTime": .number(ui.createdAt.epochSeconds)]
    }

    /// `DescribeFlowDefinitionResponse` as seen at `now` (nil status only for a definition already gone).
    public static func flowDefinition(_ definition: FlowDefinition, at now: EpochMilliseconds) -> JSONValue {
        var object = JSONObject()
        object["FlowDefinitionArn"] = .string(definition.arn)
        object["FlowDefinitionName"] = .string(definition.name)
        addStatus(of: definition, at: now, to: &object)
        object["CreationTime"] = .number(definition.createdAt.epochSeconds)
        for (key, value) in flowDefinitionMembers(definition).members { object[key] = value }
        return .object(object)
    }

    /// The members a flow definition was created with, as the request had them (Describe, and the state export).
    public static func flowDefinitionMembers(_ definition: FlowDefinition) -> JSONObject {
        var object = JSONObject()
        if let source = definition.requestSource {
            object["HumanLoopRequestSource"] = ["AwsManagedHumanLoopRequestSource": .string(source.rawValue)]
        }
        if let conditions = definition.activationConditions {
            object["HumanLoopActivationConfig"] = ["HumanLoopActivationConditionsConfig": ["HumanLoopActivationConditions": .string(conditions)]]
        }
        object["HumanLoopConfig"] = humanLoopConfig(definition.humanLoopConfig)
        var output: JSONObject = ["S3OutputPath": .string(definition.outputConfig.s3OutputPath)]
        if let key = definition.outputConfig.kmsKeyId { output["KmsKeyId"] = .string(key) }
        object["OutputConfig"] = .object(output)
        object["RoleArn"] = .string(definition.roleArn)
        return object
    }

    /// `HumanLoopConfig`, member by member as sent.
    public static func humanLoopConfig(_ loop: HumanLoopConfig) -> JSONValue {
        var object: JSONObject = [
            "WorkteamArn": .string(loop.workteamArn), "HumanTaskUiArn": .string(loop.humanTaskUiArn), "TaskTitle": .string(loop.taskTitle),
            "TaskDescription": .string(loop.taskDescription), "TaskCount": .number(Double(loop.taskCount)),
        ]
        if let seconds = loop.taskAvailabilityLifetimeInSeconds { object["TaskAvailabilityLifetimeInSeconds"] = .number(Double(seconds)) }
        if let seconds = loop.taskTimeLimitInSeconds { object["TaskTimeLimitInSeconds"] = .number(Double(seconds)) }
        if let keywords = loop.taskKeywords { object["TaskKeywords"] = .array(keywords.map(JSONValue.string)) }
        if let price = loop.publicWorkforceTaskPrice {
            var priceObject = JSONObject()
            if let amount = price.amountInUsd {
                var usd = JSONObject()
                if let dollars = amount.dollars { usd["Dollars"] = .number(Double(dollars)) }
                if let cents = amount.cents { usd["Cents"] = .number(Double(cents)) }
                if let tenths = amount.tenthFractionsOfACent { usd["TenthFractionsOfACent"] = .number(Double(tenths)) }
                priceObject["AmountInUsd"] = .object(usd)
            }
            object["PublicWorkforceTaskPrice"] = .object(priceObject)
        }
        return .object(object)
    }

    /// `FlowDefinitionSummary` as seen at `now`.
    public static func flowDefinitionSummary(_ definition: FlowDefinition, at now: EpochMilliseconds) -> JSONValue {
        var object: JSONObject = ["FlowDefinitionName": .string(definition.name), "FlowDefinitionArn": .string(definition.arn)]
        addStatus(of: definition, at: now, to: &object)
        object["CreationTime"] = .number(definition.createdAt.epochSeconds)
        return .object(object)
    }

    private static func addStatus(of definition: FlowDefinition, at now: EpochMilliseconds, to object: inout JSONObject) {
        guard let observed = definition.lifecycle.observed(at: now) else { return }
        object["FlowDefinitionStatus"] = .string(observed.status.rawValue)
        if let reason = observed.failureReason { object["FailureReason"] = .string(reason) }
    }
}
