/// A rule of the spec said no. Each case becomes the AWS error code of the same meaning
/// (the mapping is one function in EmulatorApp); messages are already in AWS's words.
public enum WorkforceError: Error, Sendable, Equatable {
    /// `ValidationException` (also AWS's answer for "not found" in this API family).
    case validation(String)
    /// `ConflictException`.
    case conflict(String)
    /// `ResourceInUse`.
    case resourceInUse(String)
    /// `ResourceLimitExceeded`.
    case resourceLimitExceeded(String)
    /// `ResourceNotFound`.
    case resourceNotFound(String)

    /// The message.
    public var message: String {
        switch self {
        case .validation(let m), .conflict(let m), .resourceInUse(let m), .resourceLimitExceeded(let m), .resourceNotFound(let m): m
        }
    }

    /// `No workforce found with name <name>.` (Terraform matches the words `No workforce`).
    public static func workforceNotFound(_ name: String) -> WorkforceError { .validation("No workforce found with name \(name).") }

    /// `The work team <name> does not exist.` (Terraform matches `The work team`).
    public static func workteamNotFound(_ name: String) -> WorkforceError { .validation("The work team \(name) does not exist.") }
}
