import AWSJSONProtocol
import JSON
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// The emulator's own endpoints under `/_emulator/` (DESIGN "Admin endpoints"). They never collide
/// with AWS's `POST /`, are not signed, and answer JSON: unknown paths 404, wrong methods 405 with
/// `Allow` (the route table), malformed bodies or parameters 400 saying why (``AdminError``).
enum AdminRoutes {
    /// Any other path under `/_emulator/`.
    static func notFound(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        throw AdminError(status: 404, message: "no admin endpoint \(route.http.path)")
    }

    /// `GET /_emulator/health`: 200 once migrations and fixtures are done (the server only listens then),
    /// and `503` while the database cannot take writes (a full disk, say), which a probe write retries.
    static func health(_ route: RouteRequest, _ respond: @escaping Respond) {
        let context = route.context
        let uptime = ContinuousClock.now - context.startedAt
        context.executor.checkWritable { fault in
            // A read: on a read connection it never waits behind (or holds up) a write.
            context.inStore(readOnly: true, { store in (try store.counts(), try store.humanReviewCounts()) }, respond) { all in
                let (counts, review) = all
                var body: JSONObject = [
                    "status": fault == nil ? "ok" : "unwritable", "version": .string(Configuration.version),
                    "uptimeSeconds": .number(Double(uptime.components.seconds)),
                    "namespaces": .number(Double(counts.namespaces)), "workforces": .number(Double(counts.workforces)),
                    "workteams": .number(Double(counts.workteams)),
                    "humanTaskUis": .number(Double(review.humanTaskUis)), "flowDefinitions": .number(Double(review.flowDefinitions)),
                ]
                guard let fault else { return .json(200, .object(body)) }
                body["error"] = .string("the database \(context.executor.health.path) cannot be written: \(fault.kind.description) (\(fault.detail))")
                return .json(503, .object(body))
            }
        }
    }

    /// `GET /_emulator/state`: everything, as a fixture file.
    static func state(_ route: RouteRequest, _ respond: @escaping Respond) {
        let clock = route.context.clock
        route.context.inStore({ store in try StateExport.make(store: store, now: clock.now()) }, respond) { .json(200, $0) }
    }

    /// `POST /_emulator/reset[?account=…&region=…]`: back to the fixture baseline, in one transaction;
    /// the faults and journal entries of those namespaces are cleared.
    static func reset(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let filter = try Self.filter(route.http.queryParameters)
        let context = route.context
        let cleared = context.faults.clear(filter)
        context.journal.clear(filter)
        context.inStore(
            { store in
                try store.write {
                    let deleted = try store.deleteAll(account: filter.account, region: filter.region)
                    let report = try context.fixtures.apply(to: store, rules: context.rules, now: context.clock.now(), filter: filter)
                    return (deleted, report)
                }
            }, respond
        ) { (result: ((workforces: Int, workteams: Int), FixtureSet.Report)) in
            .json(
                200,
                [
                    "deleted": ["workforces": .number(Double(result.0.workforces)), "workteams": .number(Double(result.0.workteams))],
                    "loaded": [
                        "workforces": .number(Double(result.1.createdWorkforces)), "workteams": .number(Double(result.1.createdWorkteams)),
                        "humanTaskUis": .number(Double(result.1.createdHumanTaskUis)),
                        "flowDefinitions": .number(Double(result.1.createdFlowDefinitions)),
                    ],
                    "faultsCleared": .number(Double(cleared)),
                ])
        }
    }

    /// `POST /_emulator/transitions/complete`: every pending transition finishes now.
    static func completeTransitions(_ route: RouteRequest, _ respond: @escaping Respond) {
        let clock = route.context.clock
        route.context.inStore({ store in try store.write { try store.completeTransitions(now: clock.now()) } }, respond) { completed in
            .json(200, ["completed": .number(Double(completed))])
        }
    }

    /// `/_emulator/faults`: `GET` lists what is armed, `DELETE` clears it, `POST` arms an operation
    /// fault or a transition that ends `Failed`.
    static func faults(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let faults = route.context.faults
        switch route.http.method {
        case "GET": respond(.success(.json(200, faults.listing())))
        case "DELETE": respond(.success(.json(200, ["cleared": .number(Double(faults.clear()))])))
        default: try addFault(route, respond)
        }
    }

    private static func addFault(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let faults = route.context.faults
        switch try FaultRequest.parse(route.http.body) {
        case .operation(let operation, let error, let count, let filter):
            let id = faults.addOperationFault(operation: operation, error: error, count: count, filter: filter)
            respond(
                .success(
                    .json(200, ["id": .number(Double(id)), "armed": "operation", "operation": .string(operation), "count": .number(Double(count))])))
        case .failTransition(let subject, let name, let reason, let filter):
            let clock = route.context.clock
            route.context.inStore(
                { store in
                    // A transition pending now fails directly; otherwise the next one will.
                    try store.write { () throws -> [String] in
                        let now = clock.now()
                        switch subject {
                        case .workforce: return try failPendingWorkforces(named: name, reason: reason, filter: filter, store: store, now: now)
                        case .flowDefinition: return try failPendingFlowDefinitions(named: name, reason: reason, filter: filter, store: store, now: now)
                        }
                    }
                }, respond
            ) { (failed: [String]) -> HTTPResponse in
                if failed.isEmpty {
                    let id = faults.addTransitionFault(workforceName: name, subject: subject, reason: reason, filter: filter)
                    let key = subject == .workforce ? "workforceName" : "flowDefinitionName"
                    return .json(200, ["id": .number(Double(id)), "armed": "nextTransition", key: .string(name)])
                }
                return .json(200, ["armed": "pendingTransition", "failed": .array(failed.map(JSONValue.string))])
            }
        }
    }

    private static func failPendingWorkforces(
        named name: String, reason: String, filter: NamespaceFilter, store: WorkforceStore, now: EpochMilliseconds) throws -> [String] {
        var failed: [String] = []
        for var workforce in try store.allWorkforces()
        where workforce.name == name && filter.matches(workforce.namespace) && workforce.lifecycle.isPending(at: now) {
            workforce.lifecycle.target = .failed(reason: reason)
            try store.save(workforce)
            failed.append(workforce.arn)
        }
        return failed
    }

    /// Only `Initializing → Active` can fail; `Deleting` always ends with the definition gone.
    private static func failPendingFlowDefinitions(
        named name: String, reason: String, filter: NamespaceFilter, store: WorkforceStore, now: EpochMilliseconds
    ) throws -> [String] {
        var failed: [String] = []
        for var definition in try store.allFlowDefinitions()
        where definition.name == name && filter.matches(definition.namespace) && definition.lifecycle.isPending(at: now)
            && definition.lifecycle.status == .initializing
        {
            definition.lifecycle.target = .failed(reason: reason)
            try store.save(definition)
            failed.append(definition.arn)
        }
        return failed
    }

    // MARK: Helpers

    /// `account=…&region=…` of a query string, each checked.
    static func filter(_ query: QueryParameters) throws(AdminError) -> NamespaceFilter {
        var filter = NamespaceFilter()
        for (key, value) in query {
            switch key {
            case "account":
                guard Namespace.isAccountID(value) else { throw .badRequest("account must be 12 digits") }
                filter.account = value
            case "region":
                guard Namespace.isRegionName(value) else { throw .badRequest("region must be a region name such as us-east-1") }
                filter.region = value
            default:
                throw .badRequest("unknown parameter \(key); use account and/or region")
            }
        }
        return filter
    }
}

/// The body of `POST /_emulator/faults`, checked.
enum FaultRequest {
    case operation(String, AWSError, count: Int, NamespaceFilter)
    case failTransition(FaultRegistry.Subject, name: String, reason: String, NamespaceFilter)

    static func parse(_ body: [UInt8]) throws(AdminError) -> FaultRequest {
        func bad(_ message: String) -> AdminError { .badRequest(message) }
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
            // Exactly one of workforceName / flowDefinitionName (the flow-definition tests' decision).
            let subject: FaultRegistry.Subject
            let name: String
            switch (transition["workforceName"], transition["flowDefinitionName"]) {
            case (let given?, nil):
                guard let text = given.stringValue, !text.isEmpty else { throw bad("failTransition.workforceName must be a workforce name") }
                (subject, name) = (.workforce, text)
            case (nil, let given?):
                guard let text = given.stringValue, !text.isEmpty else {
                    throw bad("failTransition.flowDefinitionName must be a flow definition name")
                }
                (subject, name) = (.flowDefinition, text)
            default:
                throw bad("failTransition needs exactly one of workforceName or flowDefinitionName")
            }
            guard let reason = transition["reason"]?.stringValue, (1...1024).contains(reason.utf8.count) else {
                throw bad("failTransition.reason must be a string of 1 to 1024 characters")
            }
            return .failTransition(subject, name: name, reason: reason, filter)
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
