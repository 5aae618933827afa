import AWSJSONProtocol
import JSON
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// The emulator's own endpoints under `/_emulator/` (DESIGN "Admin endpoints"). They never collide
/// with AWS's `POST /`, are not signed, and answer JSON: unknown paths 404, wrong methods 405 with
/// `Allow`, malformed bodies or parameters 400 saying why.
struct AdminRoutes {
    let responder: EmulatorResponder

    typealias Completion = @Sendable (HTTPResponse) -> Void

    /// A refusal with its status, rendered as `{"error": message}`.
    struct AdminError: Error {
        let status: Int
        let message: String
    }

    private struct Route: Sendable {
        let methods: [String]
        let handle: @Sendable (AdminRoutes, HTTPRequest, @escaping Completion) throws(AdminError) -> Void
    }

    private static let routes: [String: Route] = [
        "/_emulator/health": Route(methods: ["GET", "HEAD"]) { routes, _, done throws(AdminError) in routes.health(done) },
        "/_emulator/state": Route(methods: ["GET"]) { routes, _, done throws(AdminError) in routes.state(done) },
        "/_emulator/reset": Route(methods: ["POST"]) { routes, request, done throws(AdminError) in
            try routes.reset(Self.filter(request.queryParameters), done)
        },
        "/_emulator/transitions/complete": Route(methods: ["POST"]) { routes, _, done throws(AdminError) in
            routes.completeTransitions(done)
        },
        "/_emulator/faults": Route(methods: ["GET", "POST", "DELETE"]) { routes, request, done throws(AdminError) in
            switch request.method {
            case "GET": done(Self.json(200, routes.responder.faults.listing()))
            case "DELETE": done(Self.json(200, ["cleared": .number(Double(routes.responder.faults.clear()))]))
            default: try routes.addFault(request.body, done)
            }
        },
    ]

    func respond(to request: HTTPRequest, completion: @escaping Completion) {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        guard let route = Self.routes[path] else {
            completion(Self.json(404, ["error": .string("no admin endpoint \(request.path)")]))
            return
        }
        guard route.methods.contains(request.method) else {
            let allowed = route.methods.joined(separator: ", ")
            completion(Self.json(405, ["error": .string("\(request.method) is not allowed on \(path); use \(allowed)")], allow: allowed))
            return
        }
        do {
            try route.handle(self, request, completion)
        } catch {
            completion(Self.json(error.status, ["error": .string(error.message)]))
        }
    }

    // MARK: Endpoints

    /// `GET /_emulator/health`: 200 once migrations and fixtures are done (the server only listens then).
    private func health(_ done: @escaping Completion) {
        let uptime = ContinuousClock.now - responder.startedAt
        runInStore(done, readOnly: true, { store in try store.counts() }) { counts in
            [
                "status": "ok", "version": .string(Configuration.version),
                "uptimeSeconds": .number(Double(uptime.components.seconds)),
                "namespaces": .number(Double(counts.namespaces)), "workforces": .number(Double(counts.workforces)),
                "workteams": .number(Double(counts.workteams)),
            ]
        }
    }

    /// `GET /_emulator/state`: everything, as a fixture file.
    private func state(_ done: @escaping Completion) {
        let clock = responder.clock
        runInStore(done, { store in try StateExport.make(store: store, now: clock.now()) }) { $0 }
    }

    /// `POST /_emulator/reset[?account=…&region=…]`: back to the fixture baseline, in one transaction.
    private func reset(_ filter: NamespaceFilter, _ done: @escaping Completion) {
        let (fixtures, rules, clock) = (responder.fixtures, responder.rules, responder.clock)
        let cleared = responder.faults.clear(filter)
        runInStore(done, { store in
            try store.write {
                let deleted = try store.deleteAll(account: filter.account, region: filter.region)
                let report = try fixtures.apply(to: store, rules: rules, now: clock.now(), filter: filter)
                return (deleted, report)
            }
        }) { (result: ((workforces: Int, workteams: Int), FixtureSet.Report)) in
            [
                "deleted": ["workforces": .number(Double(result.0.workforces)), "workteams": .number(Double(result.0.workteams))],
                "loaded": ["workforces": .number(Double(result.1.createdWorkforces)), "workteams": .number(Double(result.1.createdWorkteams))],
                "faultsCleared": .number(Double(cleared)),
            ]
        }
    }

    /// `POST /_emulator/transitions/complete`: every pending transition finishes now.
    private func completeTransitions(_ done: @escaping Completion) {
        let clock = responder.clock
        runInStore(done, { store in try store.write { try store.completeTransitions(now: clock.now()) } }) { completed in
            ["completed": .number(Double(completed))]
        }
    }

    /// `POST /_emulator/faults`: an operation fault, or a transition that ends `Failed`.
    private func addFault(_ body: [UInt8], _ done: @escaping Completion) throws(AdminError) {
        let request = try FaultRequest.parse(body)
        let faults = responder.faults
        switch request {
        case .operation(let operation, let error, let count, let filter):
            let id = faults.addOperationFault(operation: operation, error: error, count: count, filter: filter)
            done(Self.json(200, ["id": .number(Double(id)), "armed": "operation", "operation": .string(operation), "count": .number(Double(count))]))
        case .failTransition(let name, let reason, let filter):
            let clock = responder.clock
            runInStore(done, { store in
                // A transition pending now fails directly; otherwise the next one will.
                try store.write { () throws -> [String] in
                    let now = clock.now()
                    var failed: [String] = []
                    for var workforce in try store.allWorkforces()
                    where workforce.name == name && filter.matches(workforce.namespace) && workforce.lifecycle.isPending(at: now) {
                        workforce.lifecycle.target = .failed(reason: reason)
                        try store.save(workforce)
                        failed.append(workforce.arn)
                    }
                    return failed
                }
            }) { (failed: [String]) -> JSONValue in
                if failed.isEmpty {
                    let id = faults.addTransitionFault(workforceName: name, reason: reason, filter: filter)
                    return ["id": .number(Double(id)), "armed": "nextTransition", "workforceName": .string(name)]
                }
                return ["armed": "pendingTransition", "failed": .array(failed.map(JSONValue.string))]
            }
        }
    }

    // MARK: Helpers

    /// Runs `work` on the store's queue and answers 200 with `render(result)`, or 500 naming the error.
    private func runInStore<T: Sendable>(
        _ done: @escaping Completion, readOnly: Bool = false, _ work: @escaping @Sendable (WorkforceStore) throws -> T,
        render: @escaping @Sendable (T) -> JSONValue
    ) {
        let logger = responder.logger
        let finish: @Sendable (Result<T, any Error>) -> Void = { result in
            switch result {
            case .success(let value): done(Self.json(200, render(value)))
            case .failure(let error as FixtureError): done(Self.json(409, ["error": .string(error.description)]))
            case .failure(let error):
                logger.log(.error, "admin_failure", ["error": "\(error)"])
                done(Self.json(503, ["status": "unavailable", "error": .string("\(error)")]))
            }
        }
        // Health is a read: on a read connection it never waits behind (or holds up) a write.
        if readOnly { responder.executor.read(work, completion: finish) } else { responder.executor.run(work, completion: finish) }
    }

    /// `account=…&region=…` of a query string, each checked.
    static func filter(_ query: QueryParameters) throws(AdminError) -> NamespaceFilter {
        var filter = NamespaceFilter()
        for (key, value) in query {
            switch key {
            case "account":
                guard Namespace.isAccountID(value) else { throw AdminError(status: 400, message: "account must be 12 digits") }
                filter.account = value
            case "region":
                guard Namespace.isRegionName(value) else { throw AdminError(status: 400, message: "region must be a region name such as us-east-1") }
                filter.region = value
            default:
                throw AdminError(status: 400, message: "unknown parameter \(key); use account and/or region")
            }
        }
        return filter
    }

    static func json(_ status: Int, _ body: JSONValue, allow: String? = nil) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let allow { headers.add(name: "Allow", value: allow) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.bytes(body))
    }
}

/// The body of `POST /_emulator/faults`, checked.
enum FaultRequest {
    case operation(String, AWSError, count: Int, NamespaceFilter)
    case failTransition(workforceName: String, reason: String, NamespaceFilter)

    static func parse(_ body: [UInt8]) throws(AdminRoutes.AdminError) -> FaultRequest {
        func bad(_ message: String) -> AdminRoutes.AdminError { AdminRoutes.AdminError(status: 400, message: message) }
        guard let document = try? JSONParser.parse(body), case .object(let object) = document else {
            throw bad("the body must be a JSON object: {\"operation\": …, \"error\": {…}, \"count\": N} or {\"failTransition\": {…}}")
        }
        var filter = NamespaceFilter()
        if let account = object["account"] {
            guard let text = account.stringValue, Namespace.isAccountID(text) else { throw bad("account must be 12 digits") }
            filter.account = text
        }
        if let region = object["region"] {
            guard let text = region.stringValue, Namespace.isRegionName(text) else { throw bad("region must be a region name") }
            filter.region = text
        }
        if let transition = object["failTransition"] {
            guard let name = transition["workforceName"]?.stringValue, !name.isEmpty else {
                throw bad("failTransition.workforceName must be a workforce name")
            }
            guard let reason = transition["reason"]?.stringValue, (1...1024).contains(reason.utf8.count) else {
                throw bad("failTransition.reason must be a string of 1 to 1024 characters")
            }
            return .failTransition(workforceName: name, reason: reason, filter)
        }
        guard let operation = object["operation"]?.stringValue else {
            throw bad("give either \"operation\" (with \"error\") or \"failTransition\"")
        }
        guard OperationTable.operations[operation] != nil else {
            throw bad("operation \(operation) is not emulated; one of \(OperationTable.emulatedNames.joined(separator: ", "))")
        }
        guard let error = object["error"], case .object = error else { throw bad("error must be an object with code, status and message") }
        guard let code = error["code"]?.stringValue, !code.isEmpty,
            code.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x5F })
        else { throw bad("error.code must be letters, digits, '.' or '_', e.g. ThrottlingException") }
        var status = 400
        if let given = error["status"] {
            guard let number = given.numberValue, number == number.rounded(), (400...599).contains(Int(number)) else {
                throw bad("error.status must be an integer from 400 to 599")
            }
            status = Int(number)
        }
        var message = "Injected fault"
        if let given = error["message"] {
            guard let text = given.stringValue else { throw bad("error.message must be a string") }
            message = text
        }
        var count = 1
        if let given = object["count"] {
            guard let number = given.numberValue, number == number.rounded(), number >= 1, number <= 1_000_000 else {
                throw bad("count must be an integer from 1 to 1000000")
            }
            count = Int(number)
        }
        return .operation(operation, AWSError(code: code, message: message, status: status), count: count, filter)
    }
}
