import AWSJSONProtocol
import JSON
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// The emulated worker portal (issue 6): `GET`/`HEAD` with `Host: <SubDomain>`, or under
/// `/_emulator/portal/<SubDomain>/…` for clients that cannot set `Host`; and the explain endpoint
/// `GET /_emulator/portal/<SubDomain>/access?ip=ADDR`.
///
/// The worker's address is the first `X-Forwarded-For` address when present (how a test plays a worker
/// at any address), else the connection's peer address. A denied worker, an unknown SubDomain and a
/// workforce being deleted all get the same `404 Not Found`, so nothing about the workforce leaks.
struct PortalRoutes {
    let responder: EmulatorResponder

    static let pathPrefix = "/_emulator/portal/"

    /// The portal page (or 404) for `subDomain`, for the worker at the request's address.
    func page(subDomain: String, request: HTTPRequest, connection: ConnectionInfo, completion: @escaping AdminRoutes.Completion) {
        let forwarded = request.headers["X-Forwarded-For"].flatMap { $0.split(separator: ",").first }.map { String($0).trimmingSpaces }
        guard let address = IPAddress(forwarded ?? connection.peerAddress) else {
            completion(HTTPResponse.text("X-Forwarded-For must start with an IP address.\n", status: 400))
            return
        }
        let clock = responder.clock
        let logger = responder.logger
        responder.executor.run({ store -> (Workforce, [Workteam])? in
            guard let workforce = try store.workforce(bySubDomain: subDomain), PortalAccess.isServing(workforce, at: clock.now()),
                PortalAccess.decide(workforce, address: address).isAllowed
            else { return nil }
            return (workforce, try store.workteams(in: workforce.namespace))
        }) { result in
            switch result {
            case .success(let (workforce, teams)?):
                logger.log(.info, "portal", ["sub_domain": subDomain, "worker": "\(address)", "status": "200"])
                completion(Self.page(workforce, teams: teams))
            case .success(nil):
                logger.log(.info, "portal", ["sub_domain": subDomain, "worker": "\(address)", "status": "404"])
                completion(Self.notFound)
            case .failure(let error):
                logger.log(.error, "portal_failure", ["error": "\(error)"])
                completion(HTTPResponse.text("The portal is unavailable.\n", status: 503))
            }
        }
    }

    /// `GET /_emulator/portal/<SubDomain>/access?ip=ADDR`: the decision and why, as JSON.
    func explain(subDomain: String, query: QueryParameters, completion: @escaping AdminRoutes.Completion) {
        guard let ip = query["ip"], let address = IPAddress(ip) else {
            completion(AdminRoutes.json(400, ["error": "give the worker's address as ?ip=ADDR (IPv4 or IPv6)"]))
            return
        }
        let clock = responder.clock
        responder.executor.run({ store -> JSONValue? in
            guard let workforce = try store.workforce(bySubDomain: subDomain) else { return nil }
            let serving = PortalAccess.isServing(workforce, at: clock.now())
            let decision = PortalAccess.decide(workforce, address: address)
            var object: JSONObject = [
                "allowed": .bool(serving && decision.isAllowed),
                "matchedCidr": decision.matchedCidr.map(JSONValue.string) ?? .null,
                "workforceArn": .string(workforce.arn),
                "ip": .string("\(address)"),
                "cidrs": .array(workforce.sourceIpCidrs.map(JSONValue.string)),
            ]
            if !serving { object["reason"] = "the workforce is being deleted" }
            return .object(object)
        }) { result in
            switch result {
            case .success(let body?): completion(AdminRoutes.json(200, body))
            case .success(nil): completion(AdminRoutes.json(404, ["error": .string("no workforce has SubDomain \(subDomain)")]))
            case .failure(let error): completion(AdminRoutes.json(503, ["error": .string("\(error)")]))
            }
        }
    }

    static let notFound = HTTPResponse(
        status: 404, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]),
        body: Array("<!doctype html><title>Not Found</title><h1>Not Found</h1>\n".utf8))

    static func page(_ workforce: Workforce, teams: [Workteam]) -> HTTPResponse {
        let items = teams.map { "<li>\(html($0.name))</li>" }.joined()
        let body = """
            <!doctype html><html><head><meta charset="utf-8"><title>\(html(workforce.name)) labeling portal</title></head>
            <body><h1>\(html(workforce.name))</h1><p>Workforce \(html(workforce.arn))</p>
            <h2>Work teams</h2><ul>\(items)</ul></body></html>

            """
        return HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]), body: Array(body.utf8))
    }

    static func html(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
