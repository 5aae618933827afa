import AWSJSONProtocol
import FoundationEssentials
import JSON
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// Turns HTTP requests into emulator answers: the awsJson API on `POST` (any path outside
/// `/_emulator/`), and the admin endpoints under `/_emulator/`.
///
/// Protocol work (target, JSON, shape validation) runs on the connection's thread; only the operation
/// itself goes to the store's queue.
struct EmulatorResponder: HTTPResponder {
    let configuration: Configuration
    let logger: Logger
    let executor: StoreExecutor
    let clock: any TransitionClock
    let rules: WorkforceRules
    let startedAt: ContinuousClock.Instant
    let fixtures: FixtureSet
    let faults: FaultRegistry
    /// Set when `--credentials` asks for signatures to be verified.
    let verifier: SigV4Verifier?
    /// Settled workforces' DescribeWorkforce bodies (invalidated by every write).
    let describeCache: DescribeCache

    /// Routes: the portal's path form, the admin API, the portal by `Host`, and else the AWS API.
    func respond(to request: HTTPRequest, connection: ConnectionInfo, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        if request.path.hasPrefix(PortalRoutes.pathPrefix) {
            routePortalPath(request, connection: connection, completion: completion)
            return
        }
        if request.path.hasPrefix("/_emulator/") || request.path == "/_emulator" {
            AdminRoutes(responder: self).respond(to: request, completion: completion)
            return
        }
        if request.method == "GET" || request.method == "HEAD", let host = request.headers["Host"],
            let subDomain = PortalAccess.subDomain(fromHost: host)
        {
            PortalRoutes(responder: self).page(subDomain: subDomain, request: request, connection: connection, completion: completion)
            return
        }
        respondToAPI(request, completion: completion)
    }

    /// One awsJson 1.1 call (DESIGN "How a request flows"): signature (if asked for), target, injected
    /// fault, JSON and shape here; the operation on the store's queue; one log line either way.
    private func respondToAPI(_ request: HTTPRequest, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        let requestID = RequestID.make()
        let namespace = namespace(of: request)
        let log = RequestLog(logger: logger, namespace: namespace, requestID: requestID, started: ContinuousClock.now)
        guard request.method == "POST" else {
            let error = AWSError(code: "MethodNotAllowed", message: "The AWS API takes POST requests; \(request.method) is not allowed here.", status: 405)
            var response = HTTPResponse(AWSResponse.error(error, requestID: requestID))
            response.headers.add(name: "Allow", value: "POST")
            log.finish(operation: request.method, status: 405, errorCode: error.code)
            completion(response)
            return
        }
        let operation: Operation
        let work: @Sendable (OperationContext) throws -> OperationOutput
        do throws(AWSError) {
            if let verifier {
                let signed = SignedRequest(
                    method: request.method, path: request.path, query: request.query,
                    headers: request.headers.map { (name: $0.name, value: $0.value) }, body: request.body)
                try verifier.verify(signed, now: SystemClock().now() / 1000)
            }
            operation = try resolveOperation(request.headers["X-Amz-Target"])
            if let injected = faults.takeOperationFault(operation: operation.name, namespace: namespace) { throw injected }
            let body = try parseBody(request.body)
            work = try operation.prepare(body)
        } catch {
            let name = request.headers["X-Amz-Target"].flatMap { AWSTarget(header: $0)?.operation } ?? "-"
            log.finish(operation: name, status: error.status, errorCode: error.code)
            completion(HTTPResponse(AWSResponse.error(error, requestID: requestID)))
            return
        }
        let clock = self.clock
        let rules = self.rules
        let faults = self.faults
        let describeCache = self.describeCache
        let run: @Sendable (WorkforceStore) throws -> OperationOutput = { store in
            try work(
                OperationContext(
                    namespace: namespace, now: clock.now(), store: store, rules: rules, faults: faults, describeCache: describeCache))
        }
        let finish: @Sendable (Result<OperationOutput, any Error>) -> Void = { result in
            let response: AWSResponse
            switch result {
            case .success(.value(let output)):
                response = .success(output, requestID: requestID)
                log.finish(operation: operation.name, status: 200, errorCode: nil)
            case .success(.encoded(let body)):
                response = .success(body: body, requestID: requestID)
                log.finish(operation: operation.name, status: 200, errorCode: nil)
            case .failure(let failure):
                let error: AWSError
                switch failure {
                case let domain as WorkforceError: error = awsError(for: domain)
                case let aws as AWSError: error = aws
                default:
                    error = .internalFailure(requestID: requestID)
                    logger.log(.error, "internal_failure", ["op": operation.name, "request_id": requestID, "error": "\(failure)"])
                }
                response = .error(error, requestID: requestID)
                log.finish(operation: operation.name, status: error.status, errorCode: error.code)
            }
            completion(HTTPResponse(response))
        }
        if operation.isReadOnly {
            executor.read(run, completion: finish)
        } else {
            executor.run(run, completion: finish)
        }
    }

    /// `/_emulator/portal/<SubDomain>/access` explains; any other path under the SubDomain is the portal.
    private func routePortalPath(_ request: HTTPRequest, connection: ConnectionInfo, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        let rest = request.path.dropFirst(PortalRoutes.pathPrefix.count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard request.method == "GET" || request.method == "HEAD" else {
            completion(AdminRoutes.json(405, ["error": "the portal answers GET and HEAD"], allow: "GET, HEAD"))
            return
        }
        guard let subDomain = parts.first.flatMap({ PortalAccess.subDomain(fromHost: String($0)) }) else {
            completion(AdminRoutes.json(404, ["error": .string("\(request.path) does not name a SubDomain (/_emulator/portal/<SubDomain>/...)")]))
            return
        }
        let portal = PortalRoutes(responder: self)
        if parts.count == 2, parts[1] == "access" {
            portal.explain(subDomain: subDomain, query: request.queryParameters, completion: completion)
        } else {
            portal.page(subDomain: subDomain, request: request, connection: connection, completion: completion)
        }
    }

    /// The operation the `X-Amz-Target` header names, or the error AWS gives (spec §1).
    func resolveOperation(_ header: String?) throws(AWSError) -> Operation {
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
    func parseBody(_ body: [UInt8]) throws(AWSError) -> JSONValue {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object(JSONObject()) }
        do {
            return try JSONParser.parse(body)
        } catch {
            throw .serialization("The request body is not valid JSON: \(error.description).")
        }
    }

    /// The caller's namespace (spec §2): region from the SigV4 credential scope, else the default;
    /// account from a 12-digit access key id, else the configured one.
    func namespace(of request: HTTPRequest) -> Namespace {
        var namespace = Namespace(account: configuration.accountID, region: configuration.region)
        guard let authorization = request.headers["Authorization"], let scope = SigV4CredentialScope(authorization: authorization) else {
            return namespace
        }
        if Namespace.isRegionName(scope.region) { namespace.region = scope.region }
        if Namespace.isAccountID(scope.accessKeyID) { namespace.account = scope.accessKeyID }
        return namespace
    }
}

/// The one log line of a request (STYLE "Logs"): operation, namespace, status, error code, milliseconds, request id.
struct RequestLog: Sendable {
    let logger: Logger
    let namespace: Namespace
    let requestID: String
    let started: ContinuousClock.Instant

    func finish(operation: String, status: Int, errorCode: String?) {
        let level: LogLevel = status >= 500 ? .error : .info
        // The fields (a formatted duration among them) are only built for a line that is written.
        guard logger.isEnabled(level) else { return }
        let elapsed = ContinuousClock.now - started
        let microseconds = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let milliseconds = Double(microseconds) / 1000
        logger.log(
            level, "request",
            [
                "op": operation, "account": namespace.account, "region": namespace.region, "status": String(status),
                "code": errorCode ?? "-", "ms": String(milliseconds), "request_id": requestID,
            ])
    }
}

extension HTTPResponse {
    /// The transport's form of a protocol response.
    init(_ response: AWSResponse) {
        self.init(status: response.status, headers: HTTPHeaders(response.headers), body: response.body)
    }
}
