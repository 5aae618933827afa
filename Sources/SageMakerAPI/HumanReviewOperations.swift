import AWSJSONProtocol
import JSON
import SageMakerWorkforces

/// The human-review operations (human-review-api.md §3, §4).
extension SageMakerOperations {
    /// `{"HumanTaskUiArn": …}`.
    public static let createHumanTaskUi = APIOperation<CreateHumanTaskUiCommand, HumanTaskUi>(
        name: "CreateHumanTaskUi", decode: CreateHumanTaskUiCommand.decode
    ) { ["HumanTaskUiArn": .string($0.arn)] }

    /// `DescribeHumanTaskUiResponse`; the input is the UI's name.
    public static let describeHumanTaskUi = APIOperation<String, HumanTaskUiDescription>(
        name: "DescribeHumanTaskUi", isReadOnly: true,
        decode: { (body: JSONValue) throws(AWSError) in try HumanTaskUiNameInput.decode(body).humanTaskUiName },
        encode: Outputs.humanTaskUi)

    /// `{"HumanTaskUiSummaries": […], "NextToken": …}`.
    public static let listHumanTaskUis = APIOperation<CreationTimeListQuery, Page<HumanTaskUi>>(
        name: "ListHumanTaskUis", isReadOnly: true, decode: CreationTimeListQuery.decode
    ) { page in
        var output: JSONObject = ["HumanTaskUiSummaries": .array(page.items.map(Outputs.humanTaskUiSummary))]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    /// `{}`; the input is the UI's name.
    public static let deleteHumanTaskUi = APIOperation<String, Void>(
        name: "DeleteHumanTaskUi", decode: { (body: JSONValue) throws(AWSError) in try HumanTaskUiNameInput.decode(body).humanTaskUiName }
    ) { _ in [:] }

    /// `{"FlowDefinitionArn": …}`.
    public static let createFlowDefinition = APIOperation<CreateFlowDefinitionCommand, FlowDefinition>(
        name: "CreateFlowDefinition", decode: CreateFlowDefinitionCommand.decode
    ) { ["FlowDefinitionArn": .string($0.arn)] }

    /// `DescribeFlowDefinitionResponse`; the input is the definition's name.
    public static let describeFlowDefinition = APIOperation<String, Observed<FlowDefinition>>(
        name: "DescribeFlowDefinition", isReadOnly: true,
        decode: { (body: JSONValue) throws(AWSError) in try FlowDefinitionNameInput.decode(body).flowDefinitionName }
    ) { Outputs.flowDefinition($0.value, at: $0.at) }

    /// `{"FlowDefinitionSummaries": […], "NextToken": …}`.
    public static let listFlowDefinitions = APIOperation<CreationTimeListQuery, Observed<Page<FlowDefinition>>>(
        name: "ListFlowDefinitions", isReadOnly: true, decode: CreationTimeListQuery.decode
    ) { observed in
        var output: JSONObject = [
            "FlowDefinitionSummaries": .array(observed.value.items.map { Outputs.flowDefinitionSummary($0, at: observed.at) })
        ]
        if let token = observed.value.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    /// `{}`; the input is the definition's name.
    public static let deleteFlowDefinition = APIOperation<String, Void>(
        name: "DeleteFlowDefinition",
        decode: { (body: JSONValue) throws(AWSError) in try FlowDefinitionNameInput.decode(body).flowDefinitionName }
    ) { _ in [:] }

    /// The human-review operations' names.
    static let humanReviewNames: [String] = [
        createHumanTaskUi.name, describeHumanTaskUi.name, listHumanTaskUis.name, deleteHumanTaskUi.name,
        createFlowDefinition.name, describeFlowDefinition.name, listFlowDefinitions.name, deleteFlowDefinition.name,
    ]
}
