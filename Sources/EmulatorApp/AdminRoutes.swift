import AWSJSONProtocol
import SocketHTTPServer

/// The emulator's own endpoints under `/_emulator/` (DESIGN "Admin endpoints"). They never collide
/// with AWS's `POST /` and are not signed.
struct AdminRoutes {
    let responder: EmulatorResponder

    func respond(to request: HTTPRequest, requestID: String, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        switch request.path {
        case "/_emulator/health":
            guard request.method == "GET" || request.method == "HEAD" else {
                completion(Self.json(405, ["error": .string("method \(request.method) not allowed; use GET")], extraHeaders: [("Allow", "GET, HEAD")]))
                return
            }
            health(completion: completion)
        default:
            completion(Self.json(404, ["error": .string("no admin endpoint \(request.path)")]))
        }
    }

    /// `GET /_emulator/health`: 200 once migrations (and fixtures) are done, with what the store holds.
    private func health(completion: @escaping @Sendable (HTTPResponse) -> Void) {
        let uptime = ContinuousClock.now - responder.startedAt
        responder.executor.run({ store in try store.counts() }) { result in
            switch result {
            case .success(let (namespaces, workforces, workteams)):
                completion(
                    Self.json(
                        200,
                        [
                            "status": "ok", "version": .string(Configuration.version),
                            "uptimeSeconds": .number(Double(uptime.components.seconds)),
                            "namespaces": .number(Double(namespaces)), "workforces": .number(Double(workforces)),
                            "workteams": .number(Double(workteams)),
                        ]))
            case .failure(let error):
                completion(Self.json(503, ["status": "unavailable", "error": .string("\(error)")]))
            }
        }
    }

    static func json(_ status: Int, _ body: JSONValue, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.bytes(body))
    }
}
