import AWSJSONProtocol
import JSON
import SageMakerWorkforces

/// One emulated operation as the wire sees it: its name, whether it only reads, how a request body
/// becomes its domain command, and how its result becomes the response body.
///
/// What runs the command against the state is the application's; this is everything around it.
public struct APIOperation<Input: Sendable, Output>: Sendable {
    /// The operation's name in `X-Amz-Target`, e.g. `UpdateWorkforce`.
    public let name: String
    /// Whether it only reads, so it may run beside a writer.
    public let isReadOnly: Bool
    /// Reads and validates a body (spec §7, first two steps): `SerializationException` or one
    /// `ValidationException` naming every violation.
    public let decode: @Sendable (JSONValue) throws(AWSError) -> Input
    /// The response body of a successful call.
    public let encode: @Sendable (Output) -> JSONValue

    /// An operation.
    public init(
        name: String, isReadOnly: Bool = false, decode: @escaping @Sendable (JSONValue) throws(AWSError) -> Input,
        encode: @escaping @Sendable (Output) -> JSONValue
    ) {
        self.name = name
        self.isReadOnly = isReadOnly
        self.decode = decode
        self.encode = encode
    }
}

/// A value as a caller sees it at one moment: a workforce's status, and so its response, depends on
/// the time (spec §5).
public struct Observed<Value> {
    /// The value.
    public var value: Value
    /// When it is seen.
    public var at: EpochMilliseconds

    /// `value` seen at `at`.
    public init(_ value: Value, at: EpochMilliseconds) {
        self.value = value
        self.at = at
    }
}

extension Observed: Sendable where Value: Sendable {}

/// The operations the emulator answers (spec §6): the operation table, built once, never changed.
public enum SageMakerOperations {
    /// `{"WorkforceArn": …}`.
    public static let createWorkforce = APIOperation<CreateWorkforceCommand, Workforce>(
        name: "CreateWorkforce", decode: CreateWorkforceCommand.decode
    ) { ["WorkforceArn": .string($0.arn)] }

    /// `{"Workforce": {…}}`.
    public static let updateWorkforce = APIOperation<UpdateWorkforceCommand, Observed<Workforce>>(
        name: "UpdateWorkforce", decode: UpdateWorkforceCommand.decode, encode: workforceBody)

    /// `{"Workforce": {…}}`; the input is the workforce's name.
    public static let describeWorkforce = APIOperation<String, Observed<Workforce>>(
        name: "DescribeWorkforce", isReadOnly: true, decode: { (body: JSONValue) throws(AWSError) in try WorkforceNameInput.decode(body).workforceName },
        encode: workforceBody)

    /// `{"Workforces": […], "NextToken": …}`.
    public static let listWorkforces = APIOperation<ListQuery, Observed<Page<Workforce>>>(
        name: "ListWorkforces", isReadOnly: true, decode: { (body: JSONValue) throws(AWSError) in try ListWorkforcesInput.decode(body).list }
    ) { observed in
        var output: JSONObject = ["Workforces": .array(observed.value.items.map { Outputs.workforce($0, at: observed.at) })]
        if let token = observed.value.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    /// `{}`; the input is the workforce's name.
    public static let deleteWorkforce = APIOperation<String, Void>(
        name: "DeleteWorkforce", decode: { (body: JSONValue) throws(AWSError) in try WorkforceNameInput.decode(body).workforceName }
    ) { _ in [:] }

    /// `{"WorkteamArn": …}`.
    public static let createWorkteam = APIOperation<CreateWorkteamCommand, Workteam>(
        name: "CreateWorkteam", decode: CreateWorkteamCommand.decode
    ) { ["WorkteamArn": .string($0.arn)] }

    /// `{"Workteam": {…}}`.
    public static let updateWorkteam = APIOperation<UpdateWorkteamCommand, Workteam>(
        name: "UpdateWorkteam", decode: UpdateWorkteamCommand.decode, encode: workteamBody)

    /// `{"Workteam": {…}}`; the input is the team's name.
    public static let describeWorkteam = APIOperation<String, Workteam>(
        name: "DescribeWorkteam", isReadOnly: true, decode: { (body: JSONValue) throws(AWSError) in try WorkteamNameInput.decode(body).workteamName },
        encode: workteamBody)

    /// `{"Workteams": […], "NextToken": …}`.
    public static let listWorkteams = APIOperation<ListQuery, Page<Workteam>>(
        name: "ListWorkteams", isReadOnly: true, decode: { (body: JSONValue) throws(AWSError) in try ListWorkteamsInput.decode(body).list }
    ) { page in
        var output: JSONObject = ["Workteams": .array(page.items.map { Outputs.workteam($0, subDomain: $0.subDomain) })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    /// `{"Success": true}`; the input is the team's name.
    public static let deleteWorkteam = APIOperation<String, Void>(
        name: "DeleteWorkteam", decode: { (body: JSONValue) throws(AWSError) in try WorkteamNameInput.decode(body).workteamName }
    ) { _ in ["Success": true] }

    /// `{"Tags": […]}`: the tags the request added.
    public static let addTags = APIOperation<AddTagsCommand, [Tag]>(
        name: "AddTags", decode: AddTagsCommand.decode
    ) { ["Tags": Outputs.tags($0)] }

    /// `{"Tags": […], "NextToken": …}`.
    public static let listTags = APIOperation<ListTagsQuery, Page<Tag>>(
        name: "ListTags", isReadOnly: true, decode: ListTagsQuery.decode
    ) { page in
        var output: JSONObject = ["Tags": Outputs.tags(page.items)]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    /// `{}`.
    public static let deleteTags = APIOperation<DeleteTagsCommand, Void>(
        name: "DeleteTags", decode: DeleteTagsCommand.decode
    ) { _ in [:] }

    /// The emulated operations' names, sorted (for the `NotImplemented` message and the admin API).
    public static let emulatedNames: [String] = [
        createWorkforce.name, updateWorkforce.name, describeWorkforce.name, listWorkforces.name, deleteWorkforce.name,
        createWorkteam.name, updateWorkteam.name, describeWorkteam.name, listWorkteams.name, deleteWorkteam.name,
        addTags.name, listTags.name, deleteTags.name,
    ].followed(by: humanReviewNames)

    @Sendable private static func workforceBody(_ observed: Observed<Workforce>) -> JSONValue {
        ["Workforce": Outputs.workforce(observed.value, at: observed.at)]
    }

    @Sendable private static func workteamBody(_ team: Workteam) -> JSONValue {
        ["Workteam": Outputs.workteam(team, subDomain: team.subDomain)]
    }
}

extension Array where Element == String {
    fileprivate func followed(by more: [String]) -> [String] { (self + more).sorted() }
}

extension AWSError {
    /// The one place domain errors become AWS errors (DESIGN "How a request flows"): each case is the
    /// code of the same meaning; the message is already in AWS's words.
    public init(_ error: WorkforceError) {
        switch error {
        case .validation(let message): self = .validation(message)
        case .conflict(let message): self.init(code: "ConflictException", message: message)
        case .resourceInUse(let message): self.init(code: "ResourceInUse", message: message)
        case .resourceLimitExceeded(let message): self.init(code: "ResourceLimitExceeded", message: message)
        case .resourceNotFound(let message): self.init(code: "ResourceNotFound", message: message)
        }
    }
}
