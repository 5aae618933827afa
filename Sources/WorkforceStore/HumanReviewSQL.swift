/// The human-review statements, built once (as ``SQL``'s).
extension SQL {
    private typealias U = HumanTaskUiColumn
    private typealias F = FlowDefinitionColumn
    private static let inNamespace = "account = ? AND region = ?"
    private static let anyOf = "(?1 IS NULL OR account = ?1) AND (?2 IS NULL OR region = ?2)"
    private static let gone = "target = '\(StoredFormat.Target.gone)'"

    static let humanTaskUisInNamespace = "SELECT \(U.list) FROM human_task_uis WHERE \(inNamespace) ORDER BY name"
    static let humanTaskUiByName = "SELECT \(U.list) FROM human_task_uis WHERE \(inNamespace) AND name = ?"
    static let allHumanTaskUis = "SELECT \(U.list) FROM human_task_uis ORDER BY account, region, name"
    static let saveHumanTaskUi = upsertStatement(U.self, key: [.account, .region, .name])
    static let deleteHumanTaskUi = "DELETE FROM human_task_uis WHERE \(inNamespace) AND name = ?"
    static let deleteHumanTaskUis = "DELETE FROM human_task_uis WHERE \(anyOf)"

    static let flowDefinitionsInNamespace = "SELECT \(F.list) FROM flow_definitions WHERE \(inNamespace) ORDER BY name"
    static let flowDefinitionByName = "SELECT \(F.list) FROM flow_definitions WHERE \(inNamespace) AND name = ?"
    static let allFlowDefinitions = "SELECT \(F.list) FROM flow_definitions ORDER BY account, region, name"
    static let saveFlowDefinition = upsertStatement(F.self, key: [.account, .region, .name])
    static let purgeDeletedFlowDefinitions = "DELETE FROM flow_definitions WHERE \(inNamespace) AND \(gone) AND due_ms <= ?"
    static let purgeAllDeletedFlowDefinitions = "DELETE FROM flow_definitions WHERE \(gone) AND due_ms <= ?"
    static let deleteFlowDefinitions = "DELETE FROM flow_definitions WHERE \(anyOf)"
    static let completeFlowDefinitionTransitions = "UPDATE flow_definitions SET due_ms = ?1 WHERE target IS NOT NULL AND due_ms > ?1"
    static let humanReviewCounts = "SELECT (SELECT count(*) FROM human_task_uis), (SELECT count(*) FROM flow_definitions)"
}
