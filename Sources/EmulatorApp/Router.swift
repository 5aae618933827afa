import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// A request as a route's handler sees it: the HTTP request, who sent it, and the app's context.
struct RouteRequest: Sendable {
    let http: HTTPRequest
    let connection: ConnectionInfo
    let context: AppContext
}

/// How a handler answers: exactly once, from any thread. A failure is rendered by ``ErrorRenderer``.
typealias Respond = @Sendable (Result<HTTPResponse, any Error>) -> Void

/// One entry of the route table: which requests it takes, the methods it allows, and its handler.
struct Route: Sendable {
    /// Which requests a route takes, tried in table order.
    enum Pattern: Sendable {
        /// This path (a trailing `/` ignored).
        case path(String)
        /// Any path starting with this.
        case pathPrefix(String)
        /// Requests this predicate accepts.
        case matching(@Sendable (HTTPRequest) -> Bool)
        /// Everything (the last entry).
        case any
    }

    /// A handler: answers through `respond`, or throws an error to be rendered.
    typealias Handler = @Sendable (RouteRequest, @escaping Respond) throws -> Void
    /// A handler that renders its own errors and answers the connection directly: the API's, which
    /// answers every call with an AWS-shaped response itself. It skips the `Respond` wrapper, a closure
    /// allocated per request.
    typealias DirectHandler = @Sendable (RouteRequest, @escaping @Sendable (HTTPResponse) -> Void) -> Void

    /// What runs a request the route takes.
    enum Handling: Sendable {
        case handler(Handler)
        case direct(DirectHandler)
    }

    let pattern: Pattern
    /// The methods it answers; others get `405` with `Allow`. Nil: every method reaches the handler.
    let methods: [String]?
    let handling: Handling

    init(_ pattern: Pattern, methods: [String]? = nil, _ handle: @escaping Handler) {
        self.pattern = pattern
        self.methods = methods
        self.handling = .handler(handle)
    }

    /// A route whose handler answers every request itself (every method reaches it).
    init(_ pattern: Pattern, direct handle: @escaping DirectHandler) {
        self.pattern = pattern
        self.methods = nil
        self.handling = .direct(handle)
    }

    func matches(_ request: HTTPRequest, normalizedPath: Substring) -> Bool {
        switch pattern {
        // Lengths first: every API call is tried against the ten `/_emulator` paths before it reaches
        // its route, and a length differs at the cost of a load where a string comparison calls the runtime.
        case .path(let path): normalizedPath.utf8.count == path.utf8.count && normalizedPath == path
        case .pathPrefix(let prefix): request.path.utf8.count >= prefix.utf8.count && request.path.hasPrefix(prefix)
        case .matching(let accepts): accepts(request)
        case .any: true
        }
    }
}

/// The emulator's one route table (DESIGN "Modules"), built once at start and never changed while
/// serving (Hummingbird's `buildResponder()` idea): the worker portal, the admin API and the dashboard
/// under `/_emulator/`, the portal by `Host`, a browser's `GET /` to the dashboard, and else the awsJson API.
struct Router: HTTPResponder {
    let context: AppContext
    let routes: [Route]
    /// The bytes every `.path` and `.pathPrefix` route's text begins with (`/_emulator`): a request path
    /// that does not begin with them can match none of those routes (request targets are ASCII, so
    /// their `String` comparisons are byte comparisons).
    private let pathRoutesPrefix: [UInt8]
    /// The routes that are not by path (predicates and the API's `.any`), in table order: all an API
    /// call needs to try. It used to be tried against the ten `/_emulator` routes first, every time.
    private let otherRoutes: [Int]

    init(context: AppContext, routes: [Route]) {
        self.context = context
        self.routes = routes
        var texts: [String] = []
        var others: [Int] = []
        for (index, route) in routes.enumerated() {
            switch route.pattern {
            case .path(let text), .pathPrefix(let text): texts.append(text)
            case .matching, .any: others.append(index)
            }
        }
        pathRoutesPrefix = Self.commonPrefix(of: texts)
        otherRoutes = others
    }

    /// The longest run of UTF-8 bytes every one of `texts` begins with (empty when there are none, or
    /// they share nothing).
    static func commonPrefix(of texts: [String]) -> [UInt8] {
        guard var prefix = texts.first.map({ Array($0.utf8) }) else { return [] }
        for text in texts.dropFirst() {
            let count = zip(prefix, text.utf8).prefix { $0 == $1 }.count
            prefix.removeSubrange(count...)
        }
        return prefix
    }

    /// The table, in the order routes are tried.
    static func make(context: AppContext) -> Router {
        Router(
            context: context,
            routes: [
                Route(.pathPrefix(PortalRoutes.pathPrefix), methods: ["GET", "HEAD"], PortalRoutes.byPath),
                Route(.path("/_emulator/health"), methods: ["GET", "HEAD"], AdminRoutes.health),
                Route(.path("/_emulator/state"), methods: ["GET"], AdminRoutes.state),
                Route(.path("/_emulator/reset"), methods: ["POST"], Dashboard.redirectingForms(AdminRoutes.reset)),
                Route(
                    .path("/_emulator/transitions/complete"), methods: ["POST"], Dashboard.redirectingForms(AdminRoutes.completeTransitions)),
                Route(.path("/_emulator/faults"), methods: ["GET", "POST", "DELETE"], AdminRoutes.faults),
                Route(.path("/_emulator/requests"), methods: ["GET", "DELETE"], JournalRoutes.requests),
                Route(.pathPrefix(HumanTaskUiRoutes.pathPrefix), methods: ["GET", "HEAD"], HumanTaskUiRoutes.template),
                // `/_emulator/` (a trailing `/` is ignored, so `/_emulator` too).
                Route(.path("/_emulator"), methods: ["GET", "HEAD"], Dashboard.page),
                Route(.pathPrefix("/_emulator/"), AdminRoutes.notFound),
                Route(.matching(PortalRoutes.isPortalHostRequest), PortalRoutes.byHost),
                Route(.matching(Dashboard.isBrowserRootRequest), Dashboard.redirectToDashboard),
                Route(.any, direct: APIRoute.handle),
            ])
    }

    /// Finds the first route that takes `request`, checks the method, and runs its handler.
    func respond(to request: HTTPRequest, connection: ConnectionInfo, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        let path = request.path.utf8.count > 1 && request.path.utf8.last == UInt8(ascii: "/") ? request.path.dropLast() : Substring(request.path)
        // By index: `first(where:)` copied each route it tried. Without the prefix no path route can
        // match, and the routes left keep their order, so the first match is the same either way.
        let index =
            request.path.utf8.starts(with: pathRoutesPrefix)
            ? routes.indices.first(where: { routes[$0].matches(request, normalizedPath: path) })
            : otherRoutes.first(where: { routes[$0].matches(request, normalizedPath: path) })
        guard let index else {
            completion(AdminError(status: 404, message: "no route for \(request.path)").response(requestID: ""))
            return
        }
        let route = routes[index]
        let handle: Route.Handler
        switch route.handling {
        case .direct(let direct):
            direct(RouteRequest(http: request, connection: connection, context: context), completion)
            return
        case .handler(let handler): handle = handler
        }
        let logger = context.logger
        let respond: Respond = { result in
            switch result {
            case .success(let response): completion(response)
            case .failure(let error): completion(ErrorRenderer.response(for: error, requestID: RequestID.make(), logger: logger, route: String(path)))
            }
        }
        if let methods = route.methods, !methods.contains(request.method) {
            let allowed = methods.joined(separator: ", ")
            respond(.failure(AdminError(status: 405, message: "\(request.method) is not allowed on \(path); use \(allowed)", allow: allowed)))
            return
        }
        do {
            try handle(RouteRequest(http: request, connection: connection, context: context), respond)
        } catch {
            respond(.failure(error))
        }
    }
}

extension AppContext {
    /// Runs `work` against the store (a read on a pooled read connection, else on the writer's queue)
    /// and answers with `render(result)`, or the error.
    func inStore<T: Sendable>(
        readOnly: Bool = false, _ work: @escaping @Sendable (WorkforceStore) throws -> T,
        _ respond: @escaping Respond, render: @escaping @Sendable (T) throws -> HTTPResponse
    ) {
        let finish: @Sendable (Result<T, any Error>) -> Void = { result in
            respond(result.flatMap { value in Result { try render(value) } })
        }
        if readOnly { executor.read(work, completion: finish) } else { executor.run(work, completion: finish) }
    }
}
