import AWSJSONProtocol
import Glibc
import JSON
import SageMakerAPI
import SageMakerWorkforces

/// One emulated operation bound to what runs it: how to decode its input (on the connection's thread)
/// and the work to run with it (on the store's queue), which answers with the encoded output.
struct Operation: Sendable {
    /// e.g. `UpdateWorkforce`.
    let name: String
    /// Whether it only reads, so it may run on a read connection beside the writer.
    let isReadOnly: Bool
    /// Decodes and validates the body (on the connection's thread), then answers from memory when it
    /// can, else returns the work to run against the store.
    let prepare: @Sendable (JSONValue, MemoryContext) throws(AWSError) -> PreparedOperation

    /// `api`'s decoding and encoding around `run`.
    static func make<Input, Output>(
        _ api: APIOperation<Input, Output>, _ run: @escaping @Sendable (Input, OperationContext) throws -> Output
    ) -> Operation {
        Operation(name: api.name, isReadOnly: api.isReadOnly) { (body: JSONValue, _) throws(AWSError) in
            let input = try api.decode(body)
            return .work { context in .value(api.encode(try run(input, context))) }
        }
    }

    /// An operation that writes its own answer bytes (``DescribeCache``, ``SageMakerOperations/workforceBodyBytes(_:subDomain:)``);
    /// `api` only decodes, and those bytes must be what its `encode` would write. `fromMemory`, when
    /// given, is tried first, with the input decoded and valid: an answer it gives is the answer, and the
    /// store is not touched (no read connection taken, no work queued).
    static func make<Input, Output>(
        _ api: APIOperation<Input, Output>,
        fromMemory: (@Sendable (Input, MemoryContext) -> OperationOutput?)? = nil,
        encoding run: @escaping @Sendable (Input, OperationContext) throws -> OperationOutput
    ) -> Operation {
        Operation(name: api.name, isReadOnly: api.isReadOnly) { (body: JSONValue, memory: MemoryContext) throws(AWSError) in
            let input = try api.decode(body)
            if let fromMemory, let output = fromMemory(input, memory) { return .answered(output) }
            return .work { context in try run(input, context) }
        }
    }
}

/// A call's decoded input, ready: answered already, or the work to run against the store.
enum PreparedOperation {
    case answered(OperationOutput)
    case work(@Sendable (OperationContext) throws -> OperationOutput)
}

/// What an operation may answer from without the store: the caller's namespace, the time the call is
/// handled, and the Describe cache (``DescribeCache``).
struct MemoryContext {
    let namespace: Namespace
    let now: EpochMilliseconds
    let describeCache: DescribeCache
}

/// What an operation answers with.
enum OperationOutput: Sendable {
    /// A value, to be encoded as the response body.
    case value(JSONValue)
    /// The response body, already encoded.
    case encoded([UInt8])
}

/// The operation table: SageMakerAPI's operations, each bound to its ``WorkforceService`` function;
/// built once at start, never mutated while serving.
enum OperationTable {
    static let operations: [String: Operation] = {
        let all: [Operation] = [
            .make(SageMakerOperations.createWorkforce, WorkforceService.createWorkforce),
            .make(SageMakerOperations.updateWorkforce, encoding: WorkforceService.updateWorkforce),
            .make(
                SageMakerOperations.describeWorkforce, fromMemory: WorkforceService.cachedDescribeWorkforce,
                encoding: WorkforceService.describeWorkforce),
            .make(SageMakerOperations.listWorkforces, WorkforceService.listWorkforces),
            .make(SageMakerOperations.deleteWorkforce, WorkforceService.deleteWorkforce),
            .make(SageMakerOperations.createWorkteam, WorkforceService.createWorkteam),
            .make(SageMakerOperations.updateWorkteam, WorkforceService.updateWorkteam),
            .make(SageMakerOperations.describeWorkteam, WorkforceService.describeWorkteam),
            .make(SageMakerOperations.listWorkteams, WorkforceService.listWorkteams),
            .make(SageMakerOperations.deleteWorkteam, WorkforceService.deleteWorkteam),
            .make(SageMakerOperations.addTags, WorkforceService.addTags),
            .make(SageMakerOperations.listTags, WorkforceService.listTags),
            .make(SageMakerOperations.deleteTags, WorkforceService.deleteTags),
            .make(SageMakerOperations.createHumanTaskUi, WorkforceService.createHumanTaskUi),
            .make(SageMakerOperations.describeHumanTaskUi, WorkforceService.describeHumanTaskUi),
            .make(SageMakerOperations.listHumanTaskUis, WorkforceService.listHumanTaskUis),
            .make(SageMakerOperations.deleteHumanTaskUi, WorkforceService.deleteHumanTaskUi),
            .make(SageMakerOperations.createFlowDefinition, WorkforceService.createFlowDefinition),
            .make(SageMakerOperations.describeFlowDefinition, WorkforceService.describeFlowDefinition),
            .make(SageMakerOperations.listFlowDefinitions, WorkforceService.listFlowDefinitions),
            .make(SageMakerOperations.deleteFlowDefinition, WorkforceService.deleteFlowDefinition),
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    /// The same operations by their whole `X-Amz-Target` value, `SageMaker.<Operation>`: what every call
    /// sends, found with one lookup instead of splitting the header into two new strings first.
    static let byTarget = TargetTable(operations.map { (target: "SageMaker.\($0.key)", operation: $0.value) })

    /// The emulated operations' names, sorted, for messages.
    static let emulatedNames = SageMakerOperations.emulatedNames
}

/// Operations by their whole `X-Amz-Target` text, looked up by its bytes: bucketed by length, then
/// compared with `memcmp`. Every call looks its target up; a `[String: Operation]` hashed the header
/// (SipHash over 27 bytes for `SageMaker.DescribeWorkforce`) and compared it as a `String` again, about
/// 1,900 instructions a call, where this takes a length and one or two byte comparisons.
struct TargetTable: Sendable {
    private let buckets: [[Entry]]

    /// One operation's target, as bytes to compare and as the text a call keeps (shared, not made per call).
    private struct Entry: Sendable {
        let bytes: [UInt8]
        let target: String
        let operation: Operation
    }

    init(_ entries: [(target: String, operation: Operation)]) {
        var buckets = [[Entry]](repeating: [], count: (entries.map(\.target.utf8.count).max() ?? 0) + 1)
        for entry in entries {
            buckets[entry.target.utf8.count].append(Entry(bytes: Array(entry.target.utf8), target: entry.target, operation: entry.operation))
        }
        self.buckets = buckets
    }

    /// The operation whose target is exactly `target` (bytes, so case and all), or nil.
    subscript(target: String) -> Operation? {
        var target = target
        return target.withUTF8 { self[bytes: $0]?.operation }
    }

    /// The target text and operation for a header's exact bytes, or nil: a call keeps the table's
    /// `String` instead of making one of the header (27 bytes for `SageMaker.DescribeWorkforce`, an
    /// allocation on every call).
    subscript(bytes bytes: UnsafeBufferPointer<UInt8>) -> (target: String, operation: Operation)? {
        guard bytes.count < buckets.count, let base = bytes.baseAddress else { return nil }
        for entry in buckets[bytes.count] {
            let equal = entry.bytes.withUnsafeBufferPointer { stored in
                stored.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false
            }
            if equal { return (entry.target, entry.operation) }
        }
        return nil
    }
}

