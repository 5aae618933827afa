/// The columns of `human_task_uis` (``Schema/version3HumanReview``).
enum HumanTaskUiColumn: Int, StoredColumn {
    /// `TEXT NOT NULL`; with `region` and `name` the primary key.
    case account
    /// `TEXT NOT NULL`.
    case region
    /// `TEXT NOT NULL`.
    case name
    /// `TEXT NOT NULL`: `UiTemplate.Content`, as given.
    case content
    /// `INTEGER NOT NULL`: epoch milliseconds.
    case createdMs
    /// `TEXT NOT NULL DEFAULT '[]'`: as ``WorkforceColumn/tags``.
    case tags

    static var table: String { "human_task_uis" }

    var sqlName: String {
        switch self {
        case .account: "account"
        case .region: "region"
        case .name: "name"
        case .content: "content"
        case .createdMs: "created_ms"
        case .tags: "tags"
        }
    }
}

/// The columns of `flow_definitions` (``Schema/version3HumanReview``); JSON in the store's own format
/// (``StoredFormat``), absent members omitted.
enum FlowDefinitionColumn: Int, StoredColumn {
    /// `TEXT NOT NULL`; with `region` and `name` the primary key.
    case account
    /// `TEXT NOT NULL`.
    case region
    /// `TEXT NOT NULL`.
    case name
    /// `TEXT NOT NULL`.
    case roleArn
    /// `TEXT NOT NULL`: `{"S3OutputPath":…,"KmsKeyId"?:…}`.
    case output
    /// `TEXT NOT NULL`: `{"WorkteamArn":…,"HumanTaskUiArn":…,"TaskTitle":…,"TaskDescription":…,"TaskCount":n,
    /// "TaskAvailabilityLifetimeInSeconds"?:n,"TaskTimeLimitInSeconds"?:n,"TaskKeywords"?:[…],
    /// "PublicWorkforceTaskPrice"?:{"AmountInUsd"?:{"Dollars"?:n,"Cents"?:n,"TenthFractionsOfACent"?:n}}}`.
    case loop
    /// `TEXT`: the `AwsManagedHumanLoopRequestSource`, NULL when none.
    case requestSource
    /// `TEXT`: `HumanLoopActivationConditions` exactly as sent, NULL when none.
    case activationConditions
    /// `INTEGER NOT NULL`: epoch milliseconds.
    case createdMs
    /// `TEXT NOT NULL`: `Initializing` | `Deleting` | `Failed` | `Active`.
    case status
    /// `TEXT`: the reason of a `Failed` status.
    case failureReason
    /// `TEXT`, NULL when settled: `Active` | `Gone` | `Failed`.
    case target
    /// `TEXT`: the reason a `Failed` target will carry.
    case targetReason
    /// `INTEGER`: epoch milliseconds at which `target` is reached.
    case dueMs
    /// `TEXT NOT NULL DEFAULT '[]'`.
    case tags

    static var table: String { "flow_definitions" }

    var sqlName: String {
        switch self {
        case .account: "account"
        case .region: "region"
        case .name: "name"
        case .roleArn: "role_arn"
        case .output: "output"
        case .loop: "loop"
        case .requestSource: "request_source"
        case .activationConditions: "activation_conditions"
        case .createdMs: "created_ms"
        case .status: "status"
        case .failureReason: "failure_reason"
        case .target: "target"
        case .targetReason: "target_reason"
        case .dueMs: "due_ms"
        case .tags: "tags"
        }
    }
}
