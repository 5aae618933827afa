/// What a `WorkteamArn` of a CreateFlowDefinition names, seen from the caller's namespace (§4.3 rule 6).
public enum WorkteamReference: Sendable, Equatable {
    /// `…:<own account>:workteam/private-crowd/<name>` of the caller's partition and region.
    case privateTeam(name: String)
    /// The Amazon Mechanical Turk team of the caller's partition and region.
    case publicCrowd
    /// Anything else: another namespace's team, a vendor team, a malformed crowd.
    case unknown
}

extension WorkforceError {
    /// `The specified Workteam '<arn>' does not exist or you do not have access to it.` (§4.3 rule 6, AWS's text).
    public static func unknownWorkteam(_ arn: String) -> WorkforceError {
        .validation("The specified Workteam '\(arn)' does not exist or you do not have access to it.")
    }

    /// `The specified HumanTaskUi '<arn>' does not exist or you do not have access to it.` (§4.3 rule 7).
    public static func unknownHumanTaskUi(_ arn: String) -> WorkforceError {
        .validation("The specified HumanTaskUi '\(arn)' does not exist or you do not have access to it.")
    }

    /// Whether this is the refusal of a flow definition whose work team or UI does not resolve (rules 6–7).
    public var isUnresolvedReference: Bool {
        guard case .validation(let message) = self else { return false }
        return (message.hasPrefix("The specified Workteam '") || message.hasPrefix("The specified HumanTaskUi '"))
            && message.hasSuffix("' does not exist or you do not have access to it.")
    }

    /// `Amazon SageMaker can't find a human task UI called <name>.` (`ResourceNotFound`, §3.3).
    public static func humanTaskUiNotFound(_ name: String) -> WorkforceError {
        .resourceNotFound("Amazon SageMaker can't find a human task UI called \(name).")
    }

    /// `Amazon SageMaker can't find a flow definition called <name>.` (`ResourceNotFound`, §4.4).
    public static func flowDefinitionNotFound(_ name: String) -> WorkforceError {
        .resourceNotFound("Amazon SageMaker can't find a flow definition called \(name).")
    }
}

/// The human-review rules (human-review-api.md §3–§6) as pure functions, like the workforce ones: every
/// check before any change, so a refusal leaves the state as it was.
extension WorkforceRules {
    /// The most seconds a Mechanical Turk task may stay available (§4.3 rule 8).
    public static let maxPublicTaskAvailability = 43_200

    /// CreateHumanTaskUi: `nameTaken` says whether the namespace already has a UI of that name.
    public func createHumanTaskUi(
        _ input: CreateHumanTaskUiCommand, in namespace: Namespace, nameTaken: Bool, now: EpochMilliseconds
    ) throws(WorkforceError) -> HumanTaskUi {
        let tags = try Self.addTags(input.tags, to: [])
        if nameTaken { throw .resourceInUse("Human task UI \(input.humanTaskUiName) already exists.") }
        return HumanTaskUi(namespace: namespace, name: input.humanTaskUiName, content: input.content, createdAt: now, tags: tags)
    }

    /// What `arn` names as a flow definition's work team, from `namespace`.
    public static func workteamReference(_ arn: String, in namespace: Namespace) -> WorkteamReference {
        if arn == PublicCrowd.workteamArn(in: namespace) { return .publicCrowd }
        let prefix = Workteam.arn(namespace: namespace, name: "")
        guard arn.hasPrefix(prefix) else { return .unknown }
        let name = String(arn.dropFirst(prefix.count))
        return Patterns.workteamName.matches(name) ? .privateTeam(name: name) : .unknown
    }

    /// CreateFlowDefinition (§4.3), in the rules' order. `existing` is the namespace's flow definition of
    /// that name in any status (including `Deleting`), nil once gone; `workteamExists` whether the private
    /// team its ``workteamReference(_:in:)`` names exists; `humanTaskUiExists` whether its UI does.
    /// `settled` makes it `Active` at once (fixtures).
    public func createFlowDefinition(
        _ input: CreateFlowDefinitionCommand, in namespace: Namespace, existing: FlowDefinition?, workteamExists: Bool,
        humanTaskUiExists: Bool, now: EpochMilliseconds, settled: Bool = false
    ) throws(WorkforceError) -> FlowDefinition {
        // Rule 2.
        guard let loop = input.humanLoopConfig else { throw .validation("HumanLoopConfig is required.") }
        // Rule 3.
        if let activation = input.activationConfig {
            guard let source = input.requestSource else {
                throw .validation("HumanLoopActivationConfig can only be used with a HumanLoopRequestSource.")
            }
            // Rule 4.
            try Self.checkActivationConditions(activation.parsed, for: source)
        }
        let tags = try Self.addTags(input.tags, to: [])
        // Rule 5: the name is taken in any status, Deleting included.
        if existing.flatMap({ $0.lifecycle.observed(at: now) }) != nil {
            throw .resourceInUse("Flow definition \(input.flowDefinitionName) already exists.")
        }
        // Rule 6.
        let reference = Self.workteamReference(loop.workteamArn, in: namespace)
        switch reference {
        case .publicCrowd: break
        case .privateTeam where workteamExists: break
        case .privateTeam, .unknown:
            throw .unknownWorkteam(loop.workteamArn)
        }
        // Rule 7.
        guard humanTaskUiExists, HumanTaskUi.name(fromArn: loop.humanTaskUiArn, in: namespace) != nil else {
            throw .unknownHumanTaskUi(loop.humanTaskUiArn)
        }
        // Rule 8.
        try Self.checkPrice(loop, isPublicCrowd: reference == .publicCrowd, source: input.requestSource)
        return FlowDefinition(
            namespace: namespace, name: input.flowDefinitionName, roleArn: input.roleArn, outputConfig: input.outputConfig,
            humanLoopConfig: loop, requestSource: input.requestSource, activationConditions: input.activationConfig?.conditions,
            createdAt: now,
            lifecycle: settled ? .active : WorkforceLifecycle(status: .initializing, target: .active, dueAt: now + transitionDelay),
            tags: tags)
    }

    /// DeleteFlowDefinition (§4.6): `Deleting` from any other status; nil when already `Deleting` (no change).
    public func deleteFlowDefinition(name: String, existing: FlowDefinition?, now: EpochMilliseconds) throws(WorkforceError) -> FlowDefinition? {
        guard var definition = existing, let observed = definition.lifecycle.observed(at: now) else {
            throw .flowDefinitionNotFound(name)
        }
        if observed.status == .deleting { return nil }
        definition.lifecycle = WorkforceLifecycle(status: .deleting, target: .gone, dueAt: now + transitionDelay)
        return definition
    }

    /// Rule 4: a conditions document, and only condition types `source` supports.
    static func checkActivationConditions(_ conditions: ActivationConditions, for source: HumanLoopRequestSource) throws(WorkforceError) {
        switch conditions {
        case .invalid(let reason):
            throw .validation("Invalid HumanLoopActivationConditions: \(reason)")
        case .conditions(let list):
            let supported = source.conditionTypes
            if let unsupported = list.flatMap(\.conditionTypes).first(where: { !supported.contains($0) }) {
                throw .validation(
                    "Invalid HumanLoopActivationConditions: ConditionType \(unsupported) is not supported for \(source.rawValue); use one of \(supported.sorted().joined(separator: ", ")).")
            }
        }
    }

    /// Rule 8: a price exactly with the public crowd, one of the documented values, and its 12-hour cap.
    static func checkPrice(_ loop: HumanLoopConfig, isPublicCrowd: Bool, source: HumanLoopRequestSource?) throws(WorkforceError) {
        guard isPublicCrowd else {
            if loop.publicWorkforceTaskPrice != nil {
                throw .validation("PublicWorkforceTaskPrice can only be specified for the Amazon Mechanical Turk workforce.")
            }
            return
        }
        guard let amount = loop.publicWorkforceTaskPrice?.amountInUsd else {
            throw .validation("PublicWorkforceTaskPrice is required when WorkteamArn is the Amazon Mechanical Turk workforce.")
        }
        let thousandths = amount.thousandths
        if !HumanLoopRequestSource.allowedPrices(source).contains(thousandths) {
            let fraction = String(thousandths % 1000)
            let usd = "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
            throw .validation("Invalid PublicWorkforceTaskPrice \(usd) USD for this task type.")
        }
        if let availability = loop.taskAvailabilityLifetimeInSeconds, availability > maxPublicTaskAvailability {
            throw .validation(
                "TaskAvailabilityLifetimeInSeconds \(availability) exceeds \(maxPublicTaskAvailability) seconds (12 hours), the maximum for the Amazon Mechanical Turk workforce.")
        }
    }
}
