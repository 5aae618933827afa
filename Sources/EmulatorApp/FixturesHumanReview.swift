import AWSJSONProtocol
import JSON
import SageMakerAPI
import SageMakerWorkforces
import WorkforceStore

/// The fixture keys `humanTaskUis` and `flowDefinitions` (human-review-api.md §10): CreateHumanTaskUi and
/// CreateFlowDefinition requests, validated like API calls, loaded after the workforces and teams (UIs
/// first), starting `Active`. A flow definition whose team or UI does not exist is skipped with a warning.
extension FixtureSet {
    static let topLevelKeys: Set<String> = ["workforces", "workteams", "humanTaskUis", "flowDefinitions"]

    private static let humanTaskUiMembers: Set<String> = ["HumanTaskUiName", "UiTemplate", "Tags", "Region", "AccountId"]
    private static let flowDefinitionMembers: Set<String> = [
        "FlowDefinitionName", "RoleArn", "OutputConfig", "HumanLoopConfig", "HumanLoopRequestSource", "HumanLoopActivationConfig", "Tags",
        "Region", "AccountId",
    ]

    mutating func addHumanReview(_ top: JSONObject, file: String, defaults: Namespace) throws(FixtureError) {
        for (index, item) in try Self.items(top, "humanTaskUis", file).enumerated() {
            let source = FixtureSource(file: file, item: "humanTaskUis[\(index)]")
            let (object, namespace) = try Self.itemObject(item, source, defaults: defaults, known: Self.humanTaskUiMembers, warnings: &warnings)
            do {
                humanTaskUis.append(
                    HumanTaskUiItem(source: source, namespace: namespace, input: try CreateHumanTaskUiCommand.decode(.object(object))))
            } catch {
                throw FixtureError(source, "\(error.code): \(error.message)")
            }
        }
        for (index, item) in try Self.items(top, "flowDefinitions", file).enumerated() {
            let source = FixtureSource(file: file, item: "flowDefinitions[\(index)]")
            let (object, namespace) = try Self.itemObject(
                item, source, defaults: defaults, known: Self.flowDefinitionMembers, warnings: &warnings)
            do {
                flowDefinitions.append(
                    FlowDefinitionItem(source: source, namespace: namespace, input: try CreateFlowDefinitionCommand.decode(.object(object))))
            } catch {
                throw FixtureError(source, "\(error.code): \(error.message)")
            }
        }
    }

    func applyHumanReview(
        to store: WorkforceStore, rules: WorkforceRules, now: EpochMilliseconds, filter: NamespaceFilter, report: inout Report
    ) throws {
        for item in humanTaskUis where filter.matches(item.namespace) {
            if try store.humanTaskUi(named: item.input.humanTaskUiName, in: item.namespace) != nil { continue }
            do {
                try store.save(try rules.createHumanTaskUi(item.input, in: item.namespace, nameTaken: false, now: now))
                report.createdHumanTaskUis += 1
            } catch let error as WorkforceError {
                throw FixtureError(item.source, "\(AWSError(error).code): \(error.message)")
            }
        }
        for item in flowDefinitions where filter.matches(item.namespace) {
            try store.purgeDeletedFlowDefinitions(in: item.namespace, now: now)
            if try store.flowDefinition(named: item.input.flowDefinitionName, in: item.namespace) != nil { continue }
            do {
                let (teamExists, uiExists) = try references(of: item.input, in: item.namespace, store: store)
                let created = try rules.createFlowDefinition(
                    item.input, in: item.namespace, existing: nil, workteamExists: teamExists, humanTaskUiExists: uiExists, now: now,
                    settled: true)
                try store.save(created)
                report.createdFlowDefinitions += 1
            } catch let error as WorkforceError where error.isUnresolvedReference {
                report.skipped.append(
                    "fixture \(item.source): flow definition \(item.input.flowDefinitionName) skipped: \(error.message)")
            } catch let error as WorkforceError {
                throw FixtureError(item.source, "\(AWSError(error).code): \(error.message)")
            }
        }
    }

    private func references(
        of input: CreateFlowDefinitionCommand, in namespace: Namespace, store: WorkforceStore
    ) throws -> (workteam: Bool, humanTaskUi: Bool) {
        guard let loop = input.humanLoopConfig else { return (false, false) }
        var teamExists = false
        if case .privateTeam(let name) = WorkforceRules.workteamReference(loop.workteamArn, in: namespace) {
            teamExists = try store.workteam(named: name, in: namespace) != nil
        }
        let uiExists = try HumanTaskUi.name(fromArn: loop.humanTaskUiArn, in: namespace).map { name in
            try store.humanTaskUi(named: name, in: namespace) != nil
        } ?? false
        return (teamExists, uiExists)
    }
}
