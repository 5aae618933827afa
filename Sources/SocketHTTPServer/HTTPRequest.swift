/// A complete HTTP/1.x request as received (RFC 9112 §3), with its body de-chunked.
///
/// A value with its fields in one shared box (copy-on-write): a request is handed through the router,
/// captured by the API's closures and kept by the journal, and a copy of eight fields was eight to
/// sixteen reference counts each time; a copy of the box is one.
public struct HTTPRequest: Sendable, Equatable {
    /// The method as sent, e.g. `"POST"` (RFC 9110 §9: case-sensitive).
    public var method: String {
        get { storage.method }
        set { unique().method = newValue }
    }
    /// The request-target as sent, e.g. `"/_emulator/health?x=1"` (RFC 9112 §3.2).
    public var target: String {
        get { storage.target }
        set { unique().target = newValue }
    }
    /// The request-target before the first `?` (set from `target` by the initializer).
    public var path: String {
        get { storage.path }
        set { unique().path = newValue }
    }
    /// The request-target after the first `?` (without it), as sent; nil when there is no `?`.
    /// For what needs the exact bytes (SigV4's canonical query); routes read ``queryParameters``.
    public var query: String? {
        get { storage.query }
        set { unique().query = newValue }
    }
    /// The query's parameters, percent-decoded (set from `target` by the initializer, parsed once).
    public var queryParameters: QueryParameters {
        get { storage.queryParameters }
        set { unique().queryParameters = newValue }
    }
    /// The minor version of HTTP/1.x: 0 or 1.
    public var versionMinor: Int {
        get { storage.versionMinor }
        set { unique().versionMinor = newValue }
    }
    /// The header section, in order received.
    public var headers: HTTPHeaders {
        get { storage.headers }
        set { unique().headers = newValue }
    }
    /// The message body, de-chunked; empty when the request has none.
    public var body: [UInt8] {
        get { storage.body }
        set { unique().body = newValue }
    }

    private var storage: Storage

    /// Creates a request; `path`, `query` and `queryParameters` are derived from `target`.
    public init(
        method: String,
        target: String,
        versionMinor: Int = 1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        let (path, query) = Self.split(target)
        storage = Storage(
            method: method, target: target, path: path, query: query, queryParameters: QueryParameters(query),
            versionMinor: versionMinor, headers: headers, body: body)
    }

    /// Whether the client asked to keep the connection open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        let headers = storage.headers
        if headers.containsToken("close", in: "Connection") { return false }
        if storage.versionMinor >= 1 { return true }
        return headers.containsToken("keep-alive", in: "Connection")
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        let (left, right) = (lhs.storage, rhs.storage)
        return left === right
            || (left.method == right.method && left.target == right.target && left.path == right.path && left.query == right.query
                && left.queryParameters == right.queryParameters && left.versionMinor == right.versionMinor
                && left.headers == right.headers && left.body == right.body)
    }

    private static func split(_ target: String) -> (String, String?) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// The box, copied first if another value shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    private final class Storage: @unchecked Sendable {
        // Why `@unchecked Sendable` is safe: a box is written only through `unique()`, that is while one
        // value alone holds it; a box that values share (and so threads may) is never written again.
        var method: String
        var target: String
        var path: String
        var query: String?
        var queryParameters: QueryParameters
        var versionMinor: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        init(
            method: String, target: String, path: String, query: String?, queryParameters: QueryParameters,
            versionMinor: Int, headers: HTTPHeaders, body: [UInt8]
        ) {
            self.method = method
            self.target = target
            self.path = path
            self.query = query
            self.queryParameters = queryParameters
            self.versionMinor = versionMinor
            self.headers = headers
            self.body = body
        }

        func copy() -> Storage {
            Storage(
                method: method, target: target, path: path, query: query, queryParameters: queryParameters,
                versionMinor: versionMinor, headers: headers, body: body)
        }
    }
}
