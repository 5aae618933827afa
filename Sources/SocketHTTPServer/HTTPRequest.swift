/// A complete HTTP/1.x request as received (RFC 9112 §3), with its body de-chunked.
public struct HTTPRequest: Sendable, Equatable {
    /// The method as sent, e.g. `"POST"` (RFC 9110 §9: case-sensitive).
    public var method: String
    /// The request-target as sent, e.g. `"/_emulator/health?x=1"` (RFC 9112 §3.2).
    public var target: String
    /// The request-target before the first `?` (set from `target` by the initializer).
    public var path: String
    /// The request-target after the first `?` (without it), as sent; nil when there is no `?`.
    /// For what needs the exact bytes (SigV4's canonical query); routes read ``queryParameters``.
    public var query: String?
    /// The query's parameters, percent-decoded (set from `target` by the initializer, parsed once).
    public var queryParameters: QueryParameters
    /// The minor version of HTTP/1.x: 0 or 1.
    public var versionMinor: Int
    /// The header section, in order received.
    public var headers: HTTPHeaders
    /// The message body, de-chunked; empty when the request has none.
    public var body: [UInt8]

    /// Creates a request; `path`, `query` and `queryParameters` are derived from `target`.
    public init(
        method: String,
        target: String,
        versionMinor: Int = 1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = []
    ) {
        self.method = method
        self.target = target
        (path, query) = Self.split(target)
        queryParameters = QueryParameters(query)
        self.versionMinor = versionMinor
        self.headers = headers
        self.body = body
    }

    /// Whether the client asked to keep the connection open after this request (RFC 9112 §9.3):
    /// HTTP/1.1 persists unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var wantsKeepAlive: Bool {
        if headers.containsToken("close", in: "Connection") { return false }
        if versionMinor >= 1 { return true }
        return headers.containsToken("keep-alive", in: "Connection")
    }

    private static func split(_ target: String) -> (String, String?) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}
