/// What a connection keeps of the request its responder has: which one it is, and what framing its
/// response needs (RFC 9112 §6.3, §9.3).
struct InFlightRequest {
    /// Which request of the connection this is; a completion for an older one is dropped.
    let generation: Int
    /// A HEAD request's response has no body (RFC 9110 §9.3.2).
    let isHead: Bool
    /// What the client asked of the connection (RFC 9112 §9.3).
    let wantsKeepAlive: Bool
    /// The request's HTTP/1.x minor version: an HTTP/1.0 client is told `Connection: keep-alive`.
    let versionMinor: Int

    /// Keeps what framing `request`'s response needs.
    init(_ request: HTTPRequest, generation: Int) {
        self.generation = generation
        isHead = request.method == "HEAD"
        wantsKeepAlive = request.wantsKeepAlive
        versionMinor = request.versionMinor
    }

    /// The bytes of `response` to this request, and whether the connection closes after them.
    ///
    /// RFC 9112 §9.3 / §9.6: close when the client or the responder asked to, or the server is shutting
    /// down. (A client that half-closed after pipelining still gets every complete request answered;
    /// the connection closes when the parser then needs bytes that can no longer come.)
    func serialize(_ response: HTTPResponse, isShuttingDown: Bool, date: String) -> (bytes: [UInt8], closes: Bool) {
        let closes = !wantsKeepAlive || isShuttingDown || (response.headers.mayContain(.connection) && response.headers.containsToken("close", in: "Connection"))
        let directive: HTTPResponseSerializer.ConnectionDirective =
            closes ? .close : (versionMinor == 0 ? .keepAlive : .persistent)
        let bytes = HTTPResponseSerializer.serialize(response, isHeadRequest: isHead, connection: directive, date: date)
        return (bytes, closes)
    }
}
