/// A complete HTTP/1.x request as received (RFC 9112 §3), with its body de-chunked.
///
/// Read-only, with its fields in one shared box: a request is handed through the router, captured by
/// the API's steps and kept by the journal, and a copy of eight fields was eight to sixteen reference
/// counts each time; a copy of the box is one.
public struct HTTPRequest: Sendable, Equatable {
    /// The method as sent, e.g. `"POST"` (RFC 9110 §9: case-sensitive).
    public var method: String { storage.method }
    /// The request-target as sent, e.g. `"/_emulator/health?x=1"` (RFC 9112 §3.2).
    public var target: String { storage.target }
    /// The request-target before the first `?` (derived from `target` by the initializer).
    public var path: String { storage.path }
    /// The request-target after the first `?` (without it), as sent; nil when there is no `?`.
    /// For what needs the exact bytes (SigV4's canonical query); routes read ``queryParameters``.
    public var query: String? { storage.query }
    /// The query's parameters, percent-decoded (derived from `target` by the initializer, parsed once).
    public var queryParameters: QueryParameters { storage.queryParameters }
    /// The minor version of HTTP/1.x: 0 or 1.
    public var versionMinor: Int { storage.versionMinor }
    /// The header section, in order received.
    public var headers: HTTPHeaders { storage.headers }
    /// The message body, de-chunked; empty when the request has none.
    public var body: [UInt8] { storage.body }

    private let storage: Storage

    /// Creates a request; `path`, `query` and `queryParameters` are derived from `target`.
    public init(
        method: String,
        target: String,
        versionMinor: Int = 1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        storage = Storage(method: method, target: target, versionMinor: versionMinor, headers: headers, body: body)
    }

    /// Whether the client asked to keep the connection open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        let headers = storage.headers
        guard headers.mayContain(.connection) else { return storage.versionMinor >= 1 }
        if headers.containsToken("close", in: "Connection") { return false }
        if storage.versionMinor >= 1 { return true }
        return headers.containsToken("keep-alive", in: "Connection")
    }

    /// The same method, target, version, headers and body (the rest derives from the target).
    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        let (left, right) = (lhs.storage, rhs.storage)
        return left === right
            || (left.method == right.method && left.target == right.target && left.versionMinor == right.versionMinor
                && left.headers == right.headers && left.body == right.body)
    }

    /// Immutable, so values on any thread may share it.
    private final class Storage: Sendable {
        let method: String
        let target: String
        let path: String
        let query: String?
        let queryParameters: QueryParameters
        let versionMinor: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        init(method: String, target: String, versionMinor: Int, headers: HTTPHeaders, body: [UInt8]) {
            self.method = method
            self.target = target
            if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
                path = String(target[..<mark])
                query = String(target[target.index(after: mark)...])
            } else {
                path = target
                query = nil
            }
            queryParameters = QueryParameters(query)
            self.versionMinor = versionMinor
            self.headers = headers
            self.body = body
        }
    }
}
