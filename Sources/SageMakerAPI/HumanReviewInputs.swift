import AWSJSONProtocol
import JSON
import SageMakerWorkforces

// The human-review requests (human-review-api.md §3, §4). Top-level members are read in alphabetical
// order, as in Inputs.swift: a message with several violations lists them in reading order.

extension CreateHumanTaskUiCommand: OperationInput {
    /// `CreateHumanTaskUiRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let name = try r.string("HumanTaskUiName", required: true, Shapes.humanTaskUiName) ?? ""
        let tags = try r.tags("Tags") ?? []
        let content = try r.structure("UiTemplate", required: true) { (t: StructureReader) throws(AWSError) -> String in
            try t.string("Content", required: true, Shapes.templateContent) ?? ""
        }
        self.init(humanTaskUiName: name, content: content ?? "", tags: tags)
    }
}

/// `DescribeHumanTaskUiRequest` and `DeleteHumanTaskUiRequest`.
public struct HumanTaskUiNameInput: OperationInput, Equatable {
    /// `HumanTaskUiName`.
    public var humanTaskUiName: String

    /// Reads the request.
    public init(reading r: StructureReader) throws(AWSError) {
        humanTaskUiName = try r.string("HumanTaskUiName", required: true, Shapes.humanTaskUiName) ?? ""
    }
}

/// `DescribeFlowDefinitionRequest` and `DeleteFlowDefinitionRequest`.
public struct FlowDefinitionNameInput: OperationInput, Equatable {
    /// `FlowDefinitionName`.
    public var flowDefinitionName: String

    /// Reads the request.
    public init(reading r: StructureReader) throws(AWSError) {
        flowDefinitionName = try r.string("FlowDefinitionName", required: true, Shapes.flowDefinitionName) ?? ""
    }
}

extension CreationTimeListQuery: OperationInput {
    /// `ListHumanTaskUisRequest` / `ListFlowDefinitionsRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let after = try r.timestamp("CreationTimeAfter")
        let before = try r.timestamp("CreationTimeBefore")
        let maxResults = try r.integer("MaxResults", min: 1, max: 100) ?? ListQuery.defaultMaxResults
        let nextToken = try r.string("NextToken", Shapes.nextToken)
        let descending = try r.string("SortOrder", Shapes.sortOrder) == "Descending"
        self.init(maxResults: maxResults, nextToken: nextToken, createdAtOrAfter: after, createdBefore: before, descending: descending)
    }
}

extension CreateFlowDefinitionCommand: OperationInput {
    /// `CreateFlowDefinitionRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let name = try r.string("FlowDefinitionName", required: true, Shapes.flowDefinitionName) ?? ""
        let activation = try r.structure("HumanLoopActivationConfig") { (a: StructureReader) throws(AWSError) -> ActivationConfigRequest? in
            try a.structure("HumanLoopActivationConditionsConfig", required: true) { (c: StructureReader) throws(AWSError) -> ActivationConfigRequest? in
                guard let text = try c.string("HumanLoopActivationConditions", required: true, Shapes.activationConditions) else { return nil }
                return ActivationConfigRequest(conditions: text, parsed: ActivationConditionsParser.parse(text))
            } ?? nil
        } ?? nil
        let loop = try r.humanLoopConfig("HumanLoopConfig")
        let source = try r.structure("HumanLoopRequestSource") { (s: StructureReader) throws(AWSError) -> HumanLoopRequestSource? in
            try s.string("AwsManagedHumanLoopRequestSource", required: true, Shapes.requestSource).flatMap(HumanLoopRequestSource.init(rawValue:))
        } ?? nil
        let output = try r.structure("OutputConfig", required: true) { (o: StructureReader) throws(AWSError) -> FlowDefinitionOutputConfig in
            let kmsKeyId = try o.string("KmsKeyId", Shapes.kmsKeyId)
            let path = try o.string("S3OutputPath", required: true, Shapes.s3Uri) ?? ""
            return FlowDefinitionOutputConfig(s3OutputPath: path, kmsKeyId: kmsKeyId)
        }
        let roleArn = try r.string("RoleArn", required: true, Shapes.roleArn) ?? ""
        let tags = try r.tags("Tags") ?? []
        self.init(
            flowDefinitionName: name, roleArn: roleArn, outputConfig: output ?? FlowDefinitionOutputConfig(s3OutputPath: ""),
            humanLoopConfig: loop, requestSource: source, activationConfig: activation, tags: tags)
    }
}

extension StructureReader {
    func humanLoopConfig(_ member: String) throws(AWSError) -> HumanLoopConfig? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> HumanLoopConfig in
            let uiArn = try r.string("HumanTaskUiArn", required: true, Shapes.humanTaskUiArn) ?? ""
            let price = try r.structure("PublicWorkforceTaskPrice") { (p: StructureReader) throws(AWSError) -> PublicWorkforceTaskPrice in
                PublicWorkforceTaskPrice(
                    amountInUsd: try p.structure("AmountInUsd") { (u: StructureReader) throws(AWSError) -> AmountInUsd in
                        AmountInUsd(
                            dollars: try u.integer("Dollars", min: 0, max: 2), cents: try u.integer("Cents", min: 0, max: 99),
                            tenthFractionsOfACent: try u.integer("TenthFractionsOfACent", min: 0, max: 9))
                    })
            }
            let availability = try r.integer("TaskAvailabilityLifetimeInSeconds", min: 1)
            let count = try r.integer("TaskCount", required: true, min: 1, max: 3) ?? 1
            let description = try r.string("TaskDescription", required: true, Shapes.taskDescription) ?? ""
            let keywords = try r.strings("TaskKeywords", min: 1, max: 5, Shapes.taskKeyword)
            let timeLimit = try r.integer("TaskTimeLimitInSeconds", min: 30)
            let title = try r.string("TaskTitle", required: true, Shapes.taskTitle) ?? ""
            let teamArn = try r.string("WorkteamArn", required: true, Shapes.workteamArn) ?? ""
            return HumanLoopConfig(
                workteamArn: teamArn, humanTaskUiArn: uiArn, taskTitle: title, taskDescription: description, taskCount: count,
                taskAvailabilityLifetimeInSeconds: availability, taskTimeLimitInSeconds: timeLimit, taskKeywords: keywords,
                publicWorkforceTaskPrice: price)
        }
    }

    /// A `Timestamp` member: epoch seconds as a JSON number (awsJson 1.1), in milliseconds.
    func timestamp(_ member: String) throws(AWSError) -> EpochMilliseconds? {
        guard let value = object[member], value != .null else { return nil }
        guard case .number(let seconds) = value, seconds.isFinite, abs(seconds) < 1e14 else {
            throw AWSError.serialization("Unexpected value type at '\(memberPath(member))': expected timestamp, got \(value.typeName).")
        }
        return EpochMilliseconds((seconds * 1000).rounded())
    }
}
