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
enum PortalRoutes {
    static let pathPrefix = "/_emulator/portal/"

    /// A `GET`/`HEAD` whose `Host` is a workforce's SubDomain (any other method stays the API's).
    static func isPortalHostRequest(_ request: HTTPRequest) -> Bool {
        guard request.method == "GET" || request.method == "HEAD", let host = request.headers["Host"] else { return false }
        return PortalAccess.subDomain(fromHost: host) != nil
    }

    /// The portal by `Host`.
    static func byHost(_ route: RouteRequest, _ respond: @escaping Respond) {
        guard let subDomain = route.http.headers["Host"].flatMap(PortalAccess.subDomain(fromHost:)) else {
            respond(.success(notFound))
            return
        }
        page(subDomain: subDomain, route, respond)
    }

    /// `/_emulator/portal/<SubDomain>/access` explains; any other path under the SubDomain is the portal.
    static func byPath(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let rest = route.http.path.dropFirst(pathPrefix.count)
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let subDomain = parts.first.flatMap({ PortalAccess.subDomain(fromHost: String($0)) }) else {
            throw AdminError(status: 404, message: "\(route.http.path) does not name a SubDomain (/_emulator/portal/<SubDomain>/...)")
        }
        if parts.count == 2, parts[1] == "access" {
            try explain(subDomain: subDomain, route, respond)
        } else {
            page(subDomain: subDomain, route, respond)
        }
    }

    /// The portal page (or 404) for `subDomain`, for the worker at the request's address.
    static func page(subDomain: String, _ route: RouteRequest, _ respond: @escaping Respond) {
        let forwarded = route.http.headers["X-Forwarded-For"].flatMap { $0.split(separator: ",").first }.map { String($0).trimmingSpaces }
        guard let address = IPAddress(forwarded ?? route.connection.peerAddress) else {
            respond(.success(HTTPResponse.text("X-Forwarded-For must start with an IP address.\n", status: 400)))
            return
        }
        let clock = route.context.clock
        let logger = route.context.logger
        let journal = route.context.journal
        let (method, started) = (route.http.method, ContinuousClock.now)
        typealias Found = (workforce: Workforce?, decision: PortalVisit.Decision, matchedCidr: String?, teams: [Workteam]?)
        route.context.inStore(
            { store -> Found in
                guard let workforce = try store.workforce(bySubDomain: subDomain) else { return (nil, .unknownSubDomain, nil, nil) }
                guard PortalAccess.isServing(workforce, at: clock.now()) else { return (workforce, .notServing, nil, nil) }
                let decision = PortalAccess.decide(workforce, address: address)
                guard decision.isAllowed else { return (workforce, .denied, nil, nil) }
                return (workforce, .allowed, decision.matchedCidr, try store.workteams(in: workforce.namespace))
            }, respond
        ) { found in
            logger.log(.info, "portal", ["sub_domain": subDomain, "worker": "\(address)", "status": found.teams == nil ? "404" : "200"])
            if journal.isEnabled {
                let visit = PortalVisit(
                    method: method, subDomain: subDomain, address: "\(address)", decision: found.decision, matchedCidr: found.matchedCidr)
                journal.recordPortalVisit(
                    visit, namespace: found.workforce?.namespace, status: found.teams == nil ? 404 : 200, started: started, now: clock.now())
            }
            guard let workforce = found.workforce, let teams = found.teams else { return notFound }
            return page(workforce, teams: teams)
        }
    }

    /// `GET /_emulator/portal/<SubDomain>/access?ip=ADDR`: the decision and why, as JSON.
    static func explain(subDomain: String, _ route: RouteRequest, _ respond: @escaping Respond) throws {
        guard let ip = route.http.queryParameters["ip"], let address = IPAddress(ip) else {
            throw AdminError.badRequest("give the worker's address as ?ip=ADDR (IPv4 or IPv6)")
        }
        let clock = route.context.clock
        route.context.inStore(
            { store -> JSONValue? in
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
            }, respond
        ) { body in
            guard let body else { throw AdminError(status: 404, message: "no workforce has SubDomain \(subDomain)") }
            return .json(200, body)
        }
    }

    static let notFound = HTTPResponse.html(404, "<!doctype html><title>Not Found</title><h1>Not Found</h1>\n")

    static func page(_ workforce: Workforce, teams: [Workteam]) -> HTTPResponse {
        let items = teams.map { "<li>\(HTMLText.escaped($0.name))</li>" }.joined()
        let body = """
            <!doctype html><html><head><meta charset="utf-8"><title>\(HTMLText.escaped(workforce.name)) labeling portal</title></head>
            <body><h1>\(HTMLText.escaped(workforce.name))</h1><p>Workforce \(HTMLText.escaped(workforce.arn))</p>
            <h2>Work teams</h2><ul>\(items)</ul></body></html>

            """
        return .html(200, body)
    }
}
