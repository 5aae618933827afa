import AWSJSONProtocol
import JSON
import SageMakerAPI
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// The awsJson 1.1 API (DESIGN "How a request flows"): signature (if asked for), target, injected
/// fault, JSON and shape on the connection's thread; the operation against the store; one log line.
enum APIRoute {
    /// Answers one API call, always with an AWS-shaped response carrying a fresh `x-amzn-RequestId`.
    static func handle(_ route: RouteRequest, _ respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let call = APICallInFlight(route, respond)
        let request = route.http
        let context = route.context
        guard request.method == "POST" else {
            var response = AWSError(code: "MethodNotAllowed", message: "The AWS API takes POST requests; \(request.method) is not allowed here.", status: 405)
                .response(requestID: call.requestID.text)
            response.headers.add(name: "Allow", value: "POST")
            call.answer(operation: request.method, parsed: nil, .success(response))
            return
        }
        let operation: Operation
        let parsed: JSONValue
        let prepared: PreparedOperation
        do throws(AWSError) {
            if let verifier = context.verifier {
                let signed = SignedRequest(
                    method: request.method, path: request.path, query: request.query,
                    headers: request.headers.map { (name: $0.name, value: $0.value) }, body: request.body)
                try verifier.verify(signed, now: SystemClock().now() / 1000)
            }
            // Not `??`: its autoclosure throws untyped errors.
            operation = if let named = call.namedOperation { named } else { try resolveOperation(call.target) }
            if let injected = context.faults.takeOperationFault(operation: operation.name, namespace: call.namespace) { throw injected }
            parsed = try parseBody(request.body)
            prepared = try operation.prepare(
                parsed, MemoryContext(namespace: call.namespace, now: context.clock.now(), describeCache: context.describeCache))
        } catch {
            call.answer(operation: call.target.flatMap { AWSTarget(header: $0)?.operation } ?? "-", parsed: nil, .failure(error))
            return
        }
        let work: @Sendable (OperationContext) throws -> OperationOutput
        switch prepared {
        case .answered(let output):
            call.finish(operation: operation.name, parsed: parsed, .success(output))
            return
        case .work(let prepared): work = prepared
        }
        let running = PreparedAPICall(call: call, operation: operation, parsed: parsed, work: work)
        // Each closure holds one object, which Swift passes as the closure's context: no allocation for it.
        if operation.isReadOnly {
            context.executor.read({ store in try running.run(store) }, completion: { result in running.finish(result) })
        } else {
            context.executor.run({ store in try running.run(store) }, completion: { result in running.finish(result) })
        }
    }

    /// The operation the `X-Amz-Target` header names, or the error AWS gives (spec §1).
    static func resolveOperation(_ header: String?) throws(AWSError) -> Operation {
        // The whole header is `SageMaker.<Operation>` exactly when its last `.` splits it into that
        // prefix and an operation of the table: the same answer as below, without the split.
        if let header, let operation = OperationTable.byTarget[header] { return operation }
        guard let header, !header.isEmpty else {
            throw .unknownOperation("Missing X-Amz-Target header: expected SageMaker.<Operation>.")
        }
        guard let target = AWSTarget(header: header), target.prefix == "SageMaker" else {
            throw .unknownOperation("Unknown target \(header): this endpoint serves SageMaker.<Operation>.")
        }
        if let operation = OperationTable.operations[target.operation] { return operation }
        if SageMakerOperationNames.all.contains(target.operation) {
            throw AWSError(
                code: "NotImplemented",
                message: "SageMaker.\(target.operation) is not emulated by workforce-emulator. Emulated operations: \(OperationTable.emulatedNames.joined(separator: ", ")).",
                status: 501)
        }
        throw .unknownOperation("Operation \(target.operation) is not a SageMaker operation.")
    }

    /// The body as JSON; an empty body reads as `{}`.
    static func parseBody(_ body: [UInt8]) throws(AWSError) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object(JSONObject()) }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .serialization("The request body is not valid JSON: \(error.description).")
        }
    }

    /// The caller's namespace (spec §2): region from the SigV4 credential scope, else the default;
    /// account from a 12-digit access key id, else the default's.
    static func namespace(of request: HTTPRequest, default defaults: Namespace) -> Namespace {
        var namespace = defaults
        // On the header's bytes: only a part that is used becomes a `String` (a region or an account id,
        // both short enough to need no allocation). This runs on every call.
        request.headers.withValueBytes(of: .authorization) { bytes in
            guard let bytes, let scope = SigV4CredentialScope.ranges(ofAuthorization: bytes) else { return }
            let region = UnsafeBufferPointer(rebasing: bytes[scope.region])
            if Namespace.isRegionName(region) { namespace.region = String(decoding: region, as: UTF8.self) }
            let key = UnsafeBufferPointer(rebasing: bytes[scope.accessKeyID])
            if Namespace.isAccountID(key) { namespace.account = String(decoding: key, as: UTF8.self) }
        }
        return namespace
    }
}

/// One API call from its arrival to its answer: what every step needs, in one object that the steps
/// share (a request used to be copied into four closures, each its own allocation).
final class APICallInFlight: Sendable {
    let context: AppContext
    let request: HTTPRequest
    let requestID: RequestID
    let namespace: Namespace
    /// `X-Amz-Target`, looked up once: the route, the log line and the journal all want it.
    let target: String?
    /// The operation `target` names exactly, found while reading the header; nil for anything else
    /// (``APIRoute/resolveOperation(_:)`` then says what is wrong with it).
    let namedOperation: Operation?
    let log: RequestLog
    private let respond: @Sendable (HTTPResponse) -> Void

    init(_ route: RouteRequest, _ respond: @escaping @Sendable (HTTPResponse) -> Void) {
        context = route.context
        request = route.http
        requestID = RequestID.next()
        namespace = APIRoute.namespace(of: request, default: context.defaultNamespace)
        let named = request.headers.withValueBytes(named: "X-Amz-Target") { $0.flatMap { OperationTable.byTarget[bytes: $0] } }
        target = named?.target ?? request.headers["X-Amz-Target"]
        namedOperation = named?.operation
        log = RequestLog(logger: context.logger, namespace: namespace, requestID: requestID, started: ContinuousClock.now)
        self.respond = respond
    }

    /// Answers with the operation's outcome: its output in a `200`, or its error.
    func finish(operation: String, parsed: JSONValue, _ result: Result<OperationOutput, any Error>) {
        let requestID = requestID
        answer(
            operation: operation, parsed: parsed,
            result.map { output in
                switch output {
                case .value(let value): HTTPResponse.awsSuccess(body: JSONWriter.bytes(value), requestID: requestID)
                case .encoded(let body): HTTPResponse.awsSuccess(body: body, requestID: requestID)
                }
            })
    }

    /// Logs, journals and sends the answer. `parsed`: the body as the operation read it; nil when
    /// answered before that (the journal parses it then).
    func answer(operation: String, parsed: JSONValue?, _ result: Result<HTTPResponse, any Error>) {
        let response: HTTPResponse
        switch result {
        case .success(let success): response = success
        case .failure(let error):
            response = ErrorRenderer.response(for: error, requestID: requestID.text, logger: context.logger, route: operation)
        }
        // Only error answers carry one (``AWSResponse/error(_:requestID:)``): a success skips the lookup.
        let errorCode = response.status >= 300 ? response.headers["X-Amzn-ErrorType"] : nil
        log.finish(operation: operation, status: response.status, errorCode: errorCode)
        if context.journal.isEnabled {
            context.journal.recordCall(
                request, target: target, operation: operation, parsed: parsed, response: response, errorCode: errorCode,
                namespace: namespace, requestID: requestID, started: log.started, now: context.clock.now())
        }
        respond(response)
    }
}

/// A call whose body is read and checked: the work to run against the store, and how to answer its outcome.
final class PreparedAPICall: Sendable {
    let call: APICallInFlight
    let operation: Operation
    let parsed: JSONValue
    private let work: @Sendable (OperationContext) throws -> OperationOutput

    init(call: APICallInFlight, operation: Operation, parsed: JSONValue, work: @escaping @Sendable (OperationContext) throws -> OperationOutput) {
        self.call = call
        self.operation = operation
        self.parsed = parsed
        self.work = work
    }

    func run(_ store: WorkforceStore) throws -> OperationOutput {
        let context = call.context
        return try work(
            OperationContext(
                namespace: call.namespace, now: context.clock.now(), store: store, rules: context.rules, faults: context.faults,
                describeCache: context.describeCache, requestHeaders: call.request.headers))
    }

    func finish(_ result: Result<OperationOutput, any Error>) {
        call.finish(operation: operation.name, parsed: parsed, result)
    }
}

/// The one log line of a request (STYLE "Logs"): operation, namespace, status, error code, milliseconds, request id.
struct RequestLog: Sendable {
    let logger: Logger
    let namespace: Namespace
    let requestID: RequestID
    let started: ContinuousClock.Instant

    func finish(operation: String, status: Int, errorCode: String?) {
        let level: LogLevel = status >= 500 ? .error : .info
        // The fields (a formatted duration among them) are only built for a line that is written.
        guard logger.isEnabled(level) else { return }
        let microseconds = (ContinuousClock.now - started).wholeMicroseconds
        let milliseconds = Double(microseconds) / 1000
        logger.log(
            level, "request",
            [
                "op": operation, "account": namespace.account, "region": namespace.region, "status": String(status),
                "code": errorCode ?? "-", "ms": String(milliseconds), "request_id": requestID.text,
            ])
    }
}
