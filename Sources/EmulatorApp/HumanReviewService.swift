import SageMakerAPI
import SageMakerWorkforces
import WorkforceStore

extension OperationContext {
    /// `definition`, with its `Initializing` transition made to end in `Failed` if a fault is armed for it.
    func applyingTransitionFault(_ definition: FlowDefinition) -> FlowDefinition {
        guard definition.lifecycle.target != nil,
            let reason = faults.takeTransitionFault(workforceName: definition.name, subject: .flowDefinition, namespace: namespace)
        else { return definition }
        var failing = definition
        failing.lifecycle.target = .failed(reason: reason)
        return failing
    }

    /// `http://<Host>/_emulator/human-task-uis/<account>/<region>/<name>/template` (human-review-api.md §2).
    func templateURL(of ui: HumanTaskUi) -> String {
        "http://\(host ?? "localhost")" + HumanTaskUiRoutes.templatePath(of: ui)
    }
}

/// The human-review operations (human-review-api.md §3, §4), each `(command, context) → result` in one
/// store transaction, like ``WorkforceService``'s.
extension WorkforceService {
    static func createHumanTaskUi(_ input: CreateHumanTaskUiCommand, _ c: OperationContext) throws -> HumanTaskUi {
        try c.store.write {
            let taken = try c.store.humanTaskUi(named: input.humanTaskUiName, in: c.namespace) != nil
            let ui = try c.rules.createHumanTaskUi(input, in: c.namespace, nameTaken: taken, now: c.now)
            try c.store.save(ui)
            return ui
        }
    }

    static func describeHumanTaskUi(_ name: String, _ c: OperationContext) throws -> HumanTaskUiDescription {
        guard let ui = try c.store.humanTaskUi(named: name, in: c.namespace) else { throw WorkforceError.humanTaskUiNotFound(name) }
        return HumanTaskUiDescription(ui: ui, templateURL: c.templateURL(of: ui))
    }

    static func listHumanTaskUis(_ query: CreationTimeListQuery, _ c: OperationContext) throws -> Page<HumanTaskUi> {
        let arranged = query.arrange(try c.store.humanTaskUis(in: c.namespace), name: { $0.name }, created: { $0.createdAt })
        return try PageToken.page(arranged, maxResults: query.maxResults, nextToken: query.nextToken, scope: "ui:\(c.namespace)")
    }

    static func deleteHumanTaskUi(_ name: String, _ c: OperationContext) throws {
        try c.store.write {
            guard try c.store.deleteHumanTaskUi(named: name, in: c.namespace) else { throw WorkforceError.humanTaskUiNotFound(name) }
        }
    }

    static func createFlowDefinition(_ input: CreateFlowDefinitionCommand, _ c: OperationContext) throws -> FlowDefinition {
        try c.store.write {
            try c.store.purgeDeletedFlowDefinitions(in: c.namespace, now: c.now)
            let existing = try c.store.flowDefinition(named: input.flowDefinitionName, in: c.namespace)
            let (teamExists, uiExists) = try references(of: input, c)
            let created = c.applyingTransitionFault(
                try c.rules.createFlowDefinition(
                    input, in: c.namespace, existing: existing, workteamExists: teamExists, humanTaskUiExists: uiExists, now: c.now))
            try c.store.save(created)
            return created
        }
    }

    /// Whether the private team and the UI a request names exist in the caller's namespace.
    static func references(of input: CreateFlowDefinitionCommand, _ c: OperationContext) throws -> (workteam: Bool, humanTaskUi: Bool) {
        guard let loop = input.humanLoopConfig else { return (false, false) }
        var teamExists = false
        if case .privateTeam(let name) = WorkforceRules.workteamReference(loop.workteamArn, in: c.namespace) {
            teamExists = try c.store.workteam(named: name, in: c.namespace) != nil
        }
        let uiExists = try HumanTaskUi.name(fromArn: loop.humanTaskUiArn, in: c.namespace).map { name in
            try c.store.humanTaskUi(named: name, in: c.namespace) != nil
        } ?? false
        return (teamExists, uiExists)
    }

    static func describeFlowDefinition(_ name: String, _ c: OperationContext) throws -> Observed<FlowDefinition> {
        guard let definition = try c.store.flowDefinition(named: name, in: c.namespace), definition.lifecycle.observed(at: c.now) != nil else {
            throw WorkforceError.flowDefinitionNotFound(name)
        }
        return Observed(definition, at: c.now)
    }

    static func listFlowDefinitions(_ query: CreationTimeListQuery, _ c: OperationContext) throws -> Observed<Page<FlowDefinition>> {
        let live = try c.store.flowDefinitions(in: c.namespace).filter { $0.lifecycle.observed(at: c.now) != nil }
        let arranged = query.arrange(live, name: { $0.name }, created: { $0.createdAt })
        return Observed(
            try PageToken.page(arranged, maxResults: query.maxResults, nextToken: query.nextToken, scope: "fd:\(c.namespace)"), at: c.now)
    }

    static func deleteFlowDefinition(_ name: String, _ c: OperationContext) throws {
        try c.store.write {
            let existing = try c.store.flowDefinition(named: name, in: c.namespace)
            if let deleting = try c.rules.deleteFlowDefinition(name: name, existing: existing, now: c.now) {
                try c.store.save(deleting)
                try c.store.purgeDeletedFlowDefinitions(in: c.namespace, now: c.now)
            }
        }
    }
}
