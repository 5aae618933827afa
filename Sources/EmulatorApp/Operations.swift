import AWSJSONProtocol
import JSON
import SageMakerWorkforces

/// One emulated operation: how to decode its input (on the connection's thread) and what to run with
/// it (on the store's queue).
struct Operation: Sendable {
    /// e.g. `UpdateWorkforce`.
    let name: String
    /// Whether it only reads, so it may run on a read connection beside the writer.
    var isReadOnly = false
    /// Decodes and validates the body, returning the work to run against the store.
    let prepare: @Sendable (JSONValue) throws(AWSError) -> @Sendable (OperationContext) throws -> OperationOutput

    static func make<Input: OperationInput>(
        _ name: String, readOnly: Bool = false, _ run: @escaping @Sendable (Input, OperationContext) throws -> JSONValue
    ) -> Operation {
        Operation(name: name, isReadOnly: readOnly) { (body: JSONValue) throws(AWSError) in
            let input = try Input.decode(body)
            return { context in .value(try run(input, context)) }
        }
    }

    /// An operation that may answer with a body it already has encoded (``DescribeCache``).
    static func make<Input: OperationInput>(
        _ name: String, readOnly: Bool = false, encoding run: @escaping @Sendable (Input, OperationContext) throws -> OperationOutput
    ) -> Operation {
        Operation(name: name, isReadOnly: readOnly) { (body: JSONValue) throws(AWSError) in
            let input = try Input.decode(body)
            return { context in try run(input, context) }
        }
    }
}

/// What an operation answers with.
enum OperationOutput: Sendable {
    /// A value, to be encoded as the response body.
    case value(JSONValue)
    /// The response body, already encoded.
    case encoded([UInt8])
}

/// The operation table: built once at start, never mutated while serving.
enum OperationTable {
    static let operations: [String: Operation] = {
        let all: [Operation] = [
            .make("CreateWorkforce", WorkforceService.createWorkforce),
            .make("UpdateWorkforce", WorkforceService.updateWorkforce),
            .make("DescribeWorkforce", readOnly: true, encoding: WorkforceService.describeWorkforce),
            .make("ListWorkforces", readOnly: true, WorkforceService.listWorkforces),
            .make("DeleteWorkforce", WorkforceService.deleteWorkforce),
            .make("CreateWorkteam", WorkforceService.createWorkteam),
            .make("UpdateWorkteam", WorkforceService.updateWorkteam),
            .make("DescribeWorkteam", readOnly: true, WorkforceService.describeWorkteam),
            .make("ListWorkteams", readOnly: true, WorkforceService.listWorkteams),
            .make("DeleteWorkteam", WorkforceService.deleteWorkteam),
            .make("AddTags", WorkforceService.addTags),
            .make("ListTags", readOnly: true, WorkforceService.listTags),
            .make("DeleteTags", WorkforceService.deleteTags),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// The emulated operations' names, sorted, for messages.
    static let emulatedNames = operations.keys.sorted()
}

/// The one place domain errors become AWS errors (DESIGN "How a request flows").
func awsError(for error: WorkforceError) -> AWSError {
    switch error {
    case .validation(let message): .validation(message)
    case .conflict(let message): AWSError(code: "ConflictException", message: message)
    case .resourceInUse(let message): AWSError(code: "ResourceInUse", message: message)
    case .resourceLimitExceeded(let message): AWSError(code: "ResourceLimitExceeded", message: message)
    case .resourceNotFound(let message): AWSError(code: "ResourceNotFound", message: message)
    }
}
