import AWSJSONProtocol
import SageMakerWorkforces

/// The constraints of the human-review shapes (human-review-api.md §2, §4.3), from the service model.
extension Shapes {
    /// `HumanTaskUiName`.
    public static let humanTaskUiName = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.humanTaskUiName)
    /// `FlowDefinitionName`.
    public static let flowDefinitionName = StringConstraints(minLength: 1, maxLength: 63, pattern: Patterns.flowDefinitionName)
    /// `TemplateContent`.
    public static let templateContent = StringConstraints(minLength: 1, maxLength: 128_000, pattern: Patterns.templateContent)
    /// `WorkteamArn`.
    public static let workteamArn = StringConstraints(minLength: 0, maxLength: 256, pattern: Patterns.workteamArn)
    /// `HumanTaskUiArn`.
    public static let humanTaskUiArn = StringConstraints(minLength: 0, maxLength: 1024, pattern: Patterns.humanTaskUiArn)
    /// `RoleArn`.
    public static let roleArn = StringConstraints(minLength: 20, maxLength: 2048, pattern: Patterns.roleArn)
    /// `S3Uri`.
    public static let s3Uri = StringConstraints(minLength: 0, maxLength: 1024, pattern: Patterns.s3Uri)
    /// `KmsKeyId`.
    public static let kmsKeyId = StringConstraints(minLength: 0, maxLength: 2048, pattern: Patterns.kmsKeyId)
    /// `FlowDefinitionTaskTitle`.
    public static let taskTitle = StringConstraints(minLength: 1, maxLength: 128, pattern: Patterns.taskTitle)
    /// `FlowDefinitionTaskDescription`.
    public static let taskDescription = StringConstraints(minLength: 1, maxLength: 255, pattern: Patterns.nonEmptyLine)
    /// `FlowDefinitionTaskKeyword`.
    public static let taskKeyword = StringConstraints(minLength: 1, maxLength: 30, pattern: Patterns.taskKeyword)
    /// `AwsManagedHumanLoopRequestSource`.
    public static let requestSource = StringConstraints.oneOf(HumanLoopRequestSource.allCases.map(\.rawValue))
    /// `HumanLoopActivationConditions`: a JSON document as a string, 0–10240.
    public static let activationConditions = StringConstraints(minLength: 0, maxLength: 10_240)
}
