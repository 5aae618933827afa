import Digest

/// A worker task template (human-review-api.md §3): `Active` from creation to deletion, which is immediate.
public struct HumanTaskUi: Sendable, Equatable {
    /// The (account, region) it lives in.
    public var namespace: Namespace
    /// Its name, unique among the namespace's UIs.
    public var name: String
    /// `UiTemplate.Content` as given: stored, served at the template URL, never returned by Describe.
    public var content: String
    /// `CreationTime`.
    public var createdAt: EpochMilliseconds
    /// Its tags, in the order given.
    public var tags: [Tag]

    /// A human task UI.
    public init(namespace: Namespace, name: String, content: String, createdAt: EpochMilliseconds, tags: [Tag] = []) {
        self.namespace = namespace
        self.name = name
        self.content = content
        self.createdAt = createdAt
        self.tags = tags
    }

    /// `arn:<partition>:sagemaker:<region>:<account>:human-task-ui/<name>`.
    public var arn: String { Self.arn(namespace: namespace, name: name) }

    /// The ARN of a UI named `name` in `namespace`.
    public static func arn(namespace: Namespace, name: String) -> String { namespace.arn("human-task-ui/\(name)") }

    /// `UiTemplateInfo.ContentSha256`: lowercase hex SHA-256 of the content's UTF-8 bytes.
    public var contentSha256: String { SHA256.hash(content).hexString }

    /// The name of the UI `arn` names in `namespace`, or nil if it names none there.
    public static func name(fromArn arn: String, in namespace: Namespace) -> String? {
        let prefix = Self.arn(namespace: namespace, name: "")
        guard arn.hasPrefix(prefix) else { return nil }
        let name = String(arn.dropFirst(prefix.count))
        return Patterns.humanTaskUiName.matches(name) ? name : nil
    }
}

/// `USD` of `PublicWorkforceTaskPrice`: each member kept as sent (absent stays absent).
public struct AmountInUsd: Sendable, Equatable {
    /// 0–2.
    public var dollars: Int?
    /// 0–99.
    public var cents: Int?
    /// 0–9.
    public var tenthFractionsOfACent: Int?

    /// An amount.
    public init(dollars: Int? = nil, cents: Int? = nil, tenthFractionsOfACent: Int? = nil) {
        self.dollars = dollars
        self.cents = cents
        self.tenthFractionsOfACent = tenthFractionsOfACent
    }

    /// The amount in thousandths of a dollar (absent members count 0).
    public var thousandths: Int { (dollars ?? 0) * 1000 + (cents ?? 0) * 10 + (tenthFractionsOfACent ?? 0) }
}

/// `HumanLoopConfig`, member by member as sent (human-review-api.md §4.1: nothing filled in).
public struct HumanLoopConfig: Sendable, Equatable {
    /// A private team of the namespace, or the Mechanical Turk team.
    public var workteamArn: String
    /// A UI of the namespace.
    public var humanTaskUiArn: String
    /// `TaskTitle`.
    public var taskTitle: String
    /// `TaskDescription`.
    public var taskDescription: String
    /// 1–3.
    public var taskCount: Int
    /// Seconds, when sent.
    public var taskAvailabilityLifetimeInSeconds: Int?
    /// Seconds, when sent.
    public var taskTimeLimitInSeconds: Int?
    /// 1–5 keywords, when sent.
    public var taskKeywords: [String]?
    /// Whether `PublicWorkforceTaskPrice` was sent, and its `AmountInUsd` (nil inside when `{}`).
    public var publicWorkforceTaskPrice: PublicWorkforceTaskPrice?

    /// A configuration.
    public init(
        workteamArn: String, humanTaskUiArn: String, taskTitle: String, taskDescription: String, taskCount: Int,
        taskAvailabilityLifetimeInSeconds: Int? = nil, taskTimeLimitInSeconds: Int? = nil, taskKeywords: [String]? = nil,
        publicWorkforceTaskPrice: PublicWorkforceTaskPrice? = nil
    ) {
        self.workteamArn = workteamArn
        self.humanTaskUiArn = humanTaskUiArn
        self.taskTitle = taskTitle
        self.taskDescription = taskDescription
        self.taskCount = taskCount
        self.taskAvailabilityLifetimeInSeconds = taskAvailabilityLifetimeInSeconds
        self.taskTimeLimitInSeconds = taskTimeLimitInSeconds
        self.taskKeywords = taskKeywords
        self.publicWorkforceTaskPrice = publicWorkforceTaskPrice
    }
}

/// `PublicWorkforceTaskPrice` as sent.
public struct PublicWorkforceTaskPrice: Sendable, Equatable {
    /// `AmountInUsd`, when sent.
    public var amountInUsd: AmountInUsd?

    /// A price.
    public init(amountInUsd: AmountInUsd?) { self.amountInUsd = amountInUsd }
}

/// `FlowDefinitionOutputConfig`.
public struct FlowDefinitionOutputConfig: Sendable, Equatable {
    /// `S3OutputPath`.
    public var s3OutputPath: String
    /// `KmsKeyId`, when sent.
    public var kmsKeyId: String?

    /// An output configuration.
    public init(s3OutputPath: String, kmsKeyId: String? = nil) {
        self.s3OutputPath = s3OutputPath
        self.kmsKeyId = kmsKeyId
    }
}

/// `AwsManagedHumanLoopRequestSource`: the two sources of the current model (human-review-api.md §4.3).
public enum HumanLoopRequestSource: String, Sendable, CaseIterable {
    /// Amazon Rekognition image moderation.
    case rekognitionModeration = "AWS/Rekognition/DetectModerationLabels/Image/V3"
    /// Amazon Textract form analysis.
    case textractForms = "AWS/Textract/AnalyzeDocument/Forms/V1"

    /// The `ConditionType`s this source supports (human-review-api.md §4.3 rule 4).
    public var conditionTypes: Set<String> {
        switch self {
        case .rekognitionModeration: ["ModerationLabelConfidenceCheck", "Sampling"]
        case .textractForms: ["ImportantFormKeyConfidenceCheck", "MissingImportantFormKey", "Sampling"]
        }
    }

    /// The prices (thousandths of a dollar) the model documents for this source; nil for custom tasks.
    static func allowedPrices(_ source: HumanLoopRequestSource?) -> Set<Int> {
        let base: Set<Int> = [12, 24, 36, 48, 60, 72, 120, 240, 360, 480, 600, 720, 840, 960, 1080, 1200]
        guard source == .textractForms else { return base }
        return base.union([1320, 1440, 1560, 1680, 1800, 1920, 2040, 2160, 2280, 2400])
    }
}

/// A flow definition (human-review-api.md §4): every member as given at create, and its status as
/// (status, target, due), the workforce lifecycle's machinery.
public struct FlowDefinition: Sendable, Equatable {
    /// The (account, region) it lives in.
    public var namespace: Namespace
    /// Its name, unique among the namespace's flow definitions in any status.
    public var name: String
    /// `RoleArn`.
    public var roleArn: String
    /// `OutputConfig`.
    public var outputConfig: FlowDefinitionOutputConfig
    /// `HumanLoopConfig` (required by the rules).
    public var humanLoopConfig: HumanLoopConfig
    /// `HumanLoopRequestSource.AwsManagedHumanLoopRequestSource`, when sent.
    public var requestSource: HumanLoopRequestSource?
    /// `HumanLoopActivationConditions`, the very string sent, when sent.
    public var activationConditions: String?
    /// `CreationTime`; unchanged by transitions.
    public var createdAt: EpochMilliseconds
    /// The stored status; callers see ``WorkforceLifecycle/observed(at:)`` (`Updating` never occurs).
    public var lifecycle: WorkforceLifecycle
    /// Its tags, in the order given.
    public var tags: [Tag]

    /// A flow definition.
    public init(
        namespace: Namespace, name: String, roleArn: String, outputConfig: FlowDefinitionOutputConfig, humanLoopConfig: HumanLoopConfig,
        requestSource: HumanLoopRequestSource? = nil, activationConditions: String? = nil, createdAt: EpochMilliseconds,
        lifecycle: WorkforceLifecycle = .active, tags: [Tag] = []
    ) {
        self.namespace = namespace
        self.name = name
        self.roleArn = roleArn
        self.outputConfig = outputConfig
        self.humanLoopConfig = humanLoopConfig
        self.requestSource = requestSource
        self.activationConditions = activationConditions
        self.createdAt = createdAt
        self.lifecycle = lifecycle
        self.tags = tags
    }

    /// `arn:<partition>:sagemaker:<region>:<account>:flow-definition/<name>`.
    public var arn: String { Self.arn(namespace: namespace, name: name) }

    /// The ARN of a flow definition named `name` in `namespace`.
    public static func arn(namespace: Namespace, name: String) -> String { namespace.arn("flow-definition/\(name)") }
}

/// The Amazon Mechanical Turk workforce's account (human-review-api.md §2).
public enum PublicCrowd {
    /// `394669845002`.
    public static let account = "394669845002"

    /// `arn:<partition>:sagemaker:<region>:394669845002:workteam/public-crowd/default` of the namespace's partition and region.
    public static func workteamArn(in namespace: Namespace) -> String {
        "arn:\(namespace.partition):sagemaker:\(namespace.region):\(account):workteam/public-crowd/default"
    }
}

/// A parsed `HumanLoopActivationConditions` document (human-review-api.md §4.3 rule 4). Parsing the JSON is
/// the wire's work (SageMakerAPI); what it means for a request source is the rules'.
public enum ActivationConditions: Sendable, Equatable {
    /// Not a conditions document, and why (`Invalid HumanLoopActivationConditions: <reason>`).
    case invalid(reason: String)
    /// The `Conditions` list.
    case conditions([ActivationCondition])
}

/// One condition of an activation-conditions document.
public indirect enum ActivationCondition: Sendable, Equatable {
    /// `{"ConditionType": …, "ConditionParameters"?: {…}}` (parameters are not checked).
    case simple(conditionType: String)
    /// `{"And": [≥2 …]}`.
    case and([ActivationCondition])
    /// `{"Or": [≥2 …]}`.
    case or([ActivationCondition])

    /// Every `ConditionType` in it, in document order.
    public var conditionTypes: [String] {
        switch self {
        case .simple(let type): [type]
        case .and(let parts), .or(let parts): parts.flatMap(\.conditionTypes)
        }
    }
}
