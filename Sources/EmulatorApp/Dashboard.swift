import JSON
import SageMakerWorkforces
import SocketHTTPServer
import WorkforceStore

/// `GET /_emulator/`: a page for a person debugging a red CI job (issue 13): every namespace's
/// workforce and work teams, the armed faults and the latest journal entries, read from the same store
/// the API reads and rendered by ``DashboardPage``. Its buttons are forms posting to the admin
/// endpoints, which answer them with `303 See Other` back to the page (``redirectingForms(_:)``).
enum Dashboard {
    /// Where the dashboard lives.
    static let path = "/_emulator/"
    /// Namespaces shown at most; the page says how many more there are and how to filter.
    static let namespaceLimit = 100
    /// Journal entries shown, newest first.
    static let journalEntriesShown = 25

    /// What one rendering of the page shows.
    struct Snapshot: Sendable {
        /// One namespace: its workforce (if it still has one) and its teams with their tags.
        struct NamespaceState: Sendable {
            /// The namespace.
            let namespace: Namespace
            /// Its workforce, unless it has none (or it was deleted).
            let workforce: Workforce?
            /// Its work teams by name, with their tags.
            let teams: [(team: Workteam, tags: [Tag])]
        }

        /// The time the page was read at.
        let now: EpochMilliseconds
        /// The namespaces shown, by account then region.
        let namespaces: [NamespaceState]
        /// Namespaces left out past ``namespaceLimit``.
        let hiddenNamespaces: Int
        /// The `?account=`/`?region=` the page was asked for.
        let filter: NamespaceFilter
        /// `GET /_emulator/faults`'s listing.
        let faults: JSONValue
        /// The latest journal entries, newest first.
        let journal: [JournalEntry]
        /// `--journal-size` (0: the journal is off).
        let journalCapacity: Int
    }

    /// `GET /_emulator/[?account=…&region=…]`: the page.
    static func page(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let filter = try AdminRoutes.filter(route.http.queryParameters)
        let context = route.context
        context.inStore(
            readOnly: true,
            { store in
                let now = context.clock.now()
                return try snapshot(
                    workforces: try store.allWorkforces(), workteams: try store.allWorkteams(), now: now, filter: filter, context: context)
            }, respond
        ) { snapshot in
            var response = HTTPResponse.html(200, DashboardPage.render(snapshot))
            // Nothing on the page runs or loads: no script, no request to elsewhere, forms only to itself.
            response.headers.add(
                name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'")
            response.headers.add(name: "Cache-Control", value: "no-store")
            return response
        }
    }

    /// The page's content from the store's rows at `now`.
    static func snapshot(
        workforces: [Workforce], workteams: [(team: Workteam, tags: [Tag])], now: EpochMilliseconds, filter: NamespaceFilter,
        context: AppContext
    ) throws -> Snapshot {
        var forces: [Namespace: Workforce] = [:]
        for workforce in workforces where filter.matches(workforce.namespace) && workforce.lifecycle.observed(at: now) != nil {
            forces[workforce.namespace] = workforce
        }
        var teams: [Namespace: [(team: Workteam, tags: [Tag])]] = [:]
        for entry in workteams where filter.matches(entry.team.namespace) { teams[entry.team.namespace, default: []].append(entry) }
        let all = Set(forces.keys).union(teams.keys).sorted { ($0.account, $0.region) < ($1.account, $1.region) }
        let shown = all.prefix(namespaceLimit).map { namespace in
            Snapshot.NamespaceState(
                namespace: namespace, workforce: forces[namespace],
                teams: (teams[namespace] ?? []).sorted { $0.team.name.utf8.lexicographicallyPrecedes($1.team.name.utf8) })
        }
        return Snapshot(
            now: now, namespaces: shown, hiddenNamespaces: all.count - shown.count, filter: filter, faults: context.faults.listing(),
            journal: context.journal.latest(journalEntriesShown), journalCapacity: context.journal.capacity)
    }

    // MARK: `GET /` from a browser

    /// A browser's `GET /` (it accepts `text/html`): API clients never send that, and a worker-portal
    /// `Host` is taken by the portal's route before this one.
    static func isBrowserRootRequest(_ request: HTTPRequest) -> Bool {
        (request.method == "GET" || request.method == "HEAD") && request.path == "/"
            && (request.headers["Accept"]?.lowercased().contains("text/html") ?? false)
    }

    /// `303 See Other` to the dashboard.
    static func redirectToDashboard(_ route: RouteRequest, _ respond: @escaping Respond) {
        respond(.success(seeOther(path)))
    }

    // MARK: Forms

    /// `handler`, except that a dashboard form's post (`application/x-www-form-urlencoded` with a
    /// `redirect` field naming a page under `/_emulator/`) is answered `303 See Other` to that page once
    /// it succeeds. Any other request, JSON clients' and `curl -d`'s among them, gets `handler`'s answer.
    static func redirectingForms(_ handler: @escaping Route.Handler) -> Route.Handler {
        { route, respond in
            guard let target = formRedirect(route.http) else {
                try handler(route, respond)
                return
            }
            try handler(route) { result in
                respond(result.map { response in (200..<300).contains(response.status) ? seeOther(target) : response })
            }
        }
    }

    /// The page a dashboard form asks to go back to, if this is such a form's post.
    static func formRedirect(_ request: HTTPRequest) -> String? {
        guard let type = request.headers["Content-Type"]?.lowercased(), type.hasPrefix("application/x-www-form-urlencoded") else {
            return nil
        }
        // A form body has a query's syntax (WHATWG application/x-www-form-urlencoded).
        guard let target = QueryParameters(String(decoding: request.body, as: UTF8.self)).values(for: "redirect").last else {
            return nil
        }
        // Only back to the emulator's own pages: never an open redirect, never a header injection.
        let isLocal =
            target.hasPrefix(path) && !target.contains("//") && !target.contains("\\")
            && target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        return isLocal ? target : nil
    }

    /// `303 See Other` to `location`, with a one-line body for clients that show it.
    static func seeOther(_ location: String) -> HTTPResponse {
        var response = HTTPResponse.text("See \(location)\n", status: 303)
        response.headers.add(name: "Location", value: location)
        return response
    }
}
