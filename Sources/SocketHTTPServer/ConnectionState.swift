/// Where an ``HTTPConnection`` is. Each case holds what only it needs; each event the connection
/// handles (readable, a response, output drained, a deadline, shutdown) is one transition:
///
///     reading ─request─▶ responding ─response─▶ writing ─drained, keep-alive─▶ reading
///     reading ─malformed, or 408─▶ writing ─drained, closes─▶ lingering ─peer's FIN, or timeout─▶ closed
///
/// Any state goes to `closed` on an I/O error, a timeout, the peer closing, or a forced shutdown.
enum ConnectionState {
    /// Reading (and parsing) a request, or idle between requests.
    case reading
    /// The responder has this request; pipelined bytes stay buffered (RFC 9112 §9.3.2).
    case responding(InFlightRequest)
    /// A response is being written; the connection closes once it is if `closesAfterWrite`.
    case writing(closesAfterWrite: Bool)
    /// The last response is written and our write side shut: draining input until the peer closes.
    case lingering(discardedBytes: Int)
    /// Torn down; the socket is closed, or will be once no source uses it.
    case closed

    var isClosed: Bool {
        if case .closed = self { true } else { false }
    }

    var isWriting: Bool {
        if case .writing = self { true } else { false }
    }

    /// A request is with the responder or its response is being written.
    var isAnswering: Bool {
        switch self {
        case .responding, .writing: true
        case .reading, .lingering, .closed: false
        }
    }
}

/// The responder call running on a connection's queue, if any: a completion that comes back inside it
/// is held and written by the connection's request loop, not by recursion.
struct ResponderCall {
    /// `respond(to:connection:completion:)` has not returned yet.
    var isRunning = false
    /// The completion that came back meanwhile.
    var heldResponse: (response: HTTPResponse, generation: Int)?
}
