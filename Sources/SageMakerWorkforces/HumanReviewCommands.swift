/// The human-review requests as plain values, once their shape has been checked (SageMakerAPI decodes them).

/// CreateHumanTaskUi (human-review-api.md §3.2).
public struct CreateHumanTaskUiCommand: Sendable, Equatable {
    /// The new UI's name.
    public var humanTaskUiName: String
    /// `UiTemplate.Content`.
    public var content: String
    /// Tags for the new UI.
    public var tags: [Tag]

    /// A command.
    public init(humanTaskUiName: String, content: String, tags: [Tag] = []) {
        self.humanTaskUiName = humanTaskUiName
        self.content = content
        self.tags = tags
    }
}

/// `HumanLoopActivationConfig` as sent: the conditions string, kept to echo, and what it parsed to.
public struct ActivationConfigRequest: Sendable, Equatable {
    /// The string as sent.
    public var conditions: String
    /// The parsed document (or why it is not one).
    public var parsed: ActivationConditions

    /// A request.
    public init(conditions: String, parsed: ActivationConditions) {
        self.conditions = conditions
        self.parsed = parsed
    }
}

/// CreateFlowDefinition (human-review-api.md §4.3).
public struct CreateFlowDefinitionCommand: Sendable, Equatable {
    /// The new flow definition's name.
    public var flowDefinitionName: String
    /// `RoleArn`.
    public var roleArn: String
    /// `OutputConfig`.
    public var outputConfig: FlowDefinitionOutputConfig
    /// `HumanLoopConfig` (optional in the model, required by rule 2).
    public var humanLoopConfig: HumanLoopConfig?
    /// `HumanLoopRequestSource`.
    public var requestSource: HumanLoopRequestSource?
    /// `HumanLoopActivationConfig`.
    public var activationConfig: ActivationConfigRequest?
    /// Tags for the new flow definition.
    public var tags: [Tag]

    /// A command.
    public init(
        flowDefinitionName: String, roleArn: String, outputConfig: FlowDefinitionOutputConfig, humanLoopConfig: HumanLoopConfig?,
        requestSource: HumanLoopRequestSource? = nil, activationConfig: ActivationConfigRequest? = nil, tags: [Tag] = []
    ) {
        self.flowDefinitionName = flowDefinitionName
        self.roleArn = roleArn
        self.outputConfig = outputConfig
        self.humanLoopConfig = humanLoopConfig
        self.requestSource = requestSource
        self.activationConfig = activationConfig
        self.tags = tags
    }
}

/// ListHumanTaskUis and ListFlowDefinitions: a creation-time window, an order and a page (§3.4).
public struct CreationTimeListQuery: Sendable, Equatable {
    /// Most items on one page (default 10).
    public var maxResults: Int
    /// Where the page starts.
    public var nextToken: String?
    /// `CreationTimeAfter`: inclusive.
    public var createdAtOrAfter: EpochMilliseconds?
    /// `CreationTimeBefore`: exclusive.
    public var createdBefore: EpochMilliseconds?
    /// Whether the order is descending (by creation time, then name).
    public var descending: Bool

    /// A query.
    public init(
        maxResults: Int = ListQuery.defaultMaxResults, nextToken: String? = nil, createdAtOrAfter: EpochMilliseconds? = nil,
        createdBefore: EpochMilliseconds? = nil, descending: Bool = false
    ) {
        self.maxResults = maxResults
        self.nextToken = nextToken
        self.createdAtOrAfter = createdAtOrAfter
        self.createdBefore = createdBefore
        self.descending = descending
    }

    /// Filters by the window and sorts by (creation time, name), reversed when descending.
    public func arrange<T>(_ items: [T], name: (T) -> String, created: (T) -> EpochMilliseconds) -> [T] {
        var result = items.filter { item in
            let time = created(item)
            return (createdAtOrAfter.map { time >= $0 } ?? true) && (createdBefore.map { time < $0 } ?? true)
        }
        result.sort { (created($0), name($0)) < (created($1), name($1)) }
        if descending { result.reverse() }
        return result
    }
}
