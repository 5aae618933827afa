import SageMakerWorkforces
import WorkforceStore

/// What AddTags / ListTags / DeleteTags can name in the caller's namespace (workforce-api.md §6,
/// human-review-api.md §5): a work team, a human task UI or a flow definition (also while `Deleting`).
enum TaggedResource {
    case workteam(Workteam, [Tag])
    case humanTaskUi(HumanTaskUi)
    case flowDefinition(FlowDefinition)

    var tags: [Tag] {
        switch self {
        case .workteam(_, let tags): tags
        case .humanTaskUi(let ui): ui.tags
        case .flowDefinition(let definition): definition.tags
        }
    }

    /// Saves the resource with `tags` in place of its own.
    func save(tags: [Tag], _ c: OperationContext) throws {
        switch self {
        case .workteam(let team, _): try c.store.save(team, tags: tags)
        case .humanTaskUi(var ui):
            ui.tags = tags
            try c.store.save(ui)
        case .flowDefinition(var definition):
            definition.tags = tags
            try c.store.save(definition)
        }
    }

    /// The resource `arn` names here; a workforce ARN is refused as AWS does, anything else that names
    /// nothing here is `Resource <arn> does not exist.`
    static func find(_ arn: String, _ c: OperationContext) throws -> TaggedResource {
        let resource = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? ""
        if resource.hasPrefix("workforce/") { throw WorkforceError.validation("Invalid resource type: workforce") }
        let missing = WorkforceError.validation("Resource \(arn) does not exist.")
        let teamPrefix = Workteam.arn(namespace: c.namespace, name: "")
        let uiPrefix = HumanTaskUi.arn(namespace: c.namespace, name: "")
        let definitionPrefix = FlowDefinition.arn(namespace: c.namespace, name: "")
        if arn.hasPrefix(teamPrefix) {
            guard let (team, tags) = try c.store.workteam(named: String(arn.dropFirst(teamPrefix.count)), in: c.namespace) else { throw missing }
            return .workteam(team, tags)
        }
        if arn.hasPrefix(uiPrefix) {
            guard let ui = try c.store.humanTaskUi(named: String(arn.dropFirst(uiPrefix.count)), in: c.namespace) else { throw missing }
            return .humanTaskUi(ui)
        }
        if arn.hasPrefix(definitionPrefix) {
            guard let definition = try c.store.flowDefinition(named: String(arn.dropFirst(definitionPrefix.count)), in: c.namespace),
                definition.lifecycle.observed(at: c.now) != nil
            else { throw missing }
            return .flowDefinition(definition)
        }
        throw missing
    }
}
