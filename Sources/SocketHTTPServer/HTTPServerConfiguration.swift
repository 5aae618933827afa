import Dispatch
import Glibc

/// Answers requests. Implemented by the application.
public protocol HTTPResponder: Sendable {
    /// Called once per complete request, on the connection's queue. Must call `completion` exactly once, from any thread.
    func respond(to request: HTTPRequest, connection: ConnectionInfo, completion: @escaping @Sendable (HTTPResponse) -> Void)
}

/// Where and how the server listens, with its limits and timeouts.
public struct HTTPServerConfiguration: Sendable {
    /// An IPv4 or IPv6 literal, or `"localhost"` (127.0.0.1); `"0.0.0.0"` / `"::"` for all interfaces.
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 means any free port (read it back from ``HTTPServer/port``).
    public var port: Int = 4599
    /// Request size limits.
    public var limits: HTTPParserLimits = .init()
    /// From the first byte of a request until it is completely read (head and body); exceeded → 408 and close.
    public var headerReadTimeout: Duration = .seconds(10)
    /// How long a keep-alive connection may sit with no request under way before it is closed silently.
    /// Also bounds how long a response write may make no progress.
    public var idleTimeout: Duration = .seconds(60)
    /// The `listen(2)` backlog.
    public var backlog: Int32 = 1024
    /// How many event loops share the connections (each a serial queue: a responder must never block
    /// it). One per CPU the process may run on (its affinity mask) by default.
    public var eventLoopCount: Int = EventLoopGroup.defaultCount

    /// Creates the default configuration.
    public init() {}
}

/// Timeouts and limits one connection needs, copied from the server configuration.
struct ConnectionSettings: Sendable {
    var limits: HTTPParserLimits
    var requestReadTimeout: Duration
    var idleTimeout: Duration
    /// How long to keep draining input after the final response, before closing (lingering close).
    var lingerTimeout: Duration
    /// How many bytes to drain during a lingering close before giving up.
    var lingerByteLimit: Int

    /// The server's timeouts and limits; a lingering close lasts at most 2 s and drains at most 1 MiB.
    init(_ configuration: HTTPServerConfiguration) {
        limits = configuration.limits
        requestReadTimeout = configuration.headerReadTimeout
        idleTimeout = configuration.idleTimeout
        lingerTimeout = min(configuration.idleTimeout, .seconds(2))
        lingerByteLimit = 1024 * 1024
    }
}

/// Where the server's log lines go: a level, an event name such as `"connection_close"`, and its
/// fields in order, such as `[("connection", "7"), ("reason", "idle timeout")]`; never preformatted
/// text, so the application formats (and filters) every line its own way. Called from any thread.
public typealias HTTPServerLog = @Sendable (_ level: HTTPServerLogLevel, _ event: String, _ fields: [(String, String)]) -> Void

/// Severity of a server log line.
public enum HTTPServerLogLevel: Sendable, Comparable {
    /// Per-connection detail.
    case debug
    /// Lifecycle events.
    case info
    /// Something went wrong with one client or resource, the server goes on.
    case warning
    /// Something went wrong with the server itself.
    case error
}

/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host is not an IPv4/IPv6 literal nor `localhost`.
    case invalidHost(String)
    /// The port is outside 0...65535.
    case invalidPort(Int)
    /// `start()` was called twice, or after `shutdown`.
    case alreadyStarted
    /// A system call failed, with its `errno` (e.g. `EADDRINUSE` from `bind`).
    case systemCall(operation: String, errno: Int32, message: String)

    /// Whether `bind` failed because the address is in use.
    public var isAddressInUse: Bool {
        if case .systemCall(_, let code, _) = self { return code == EADDRINUSE }
        return false
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidHost(let host): "invalid listen host \"\(host)\": expected an IPv4/IPv6 literal or localhost"
        case .invalidPort(let port): "invalid listen port \(port): expected 0...65535"
        case .alreadyStarted: "the server was already started"
        case .systemCall(let operation, let code, let message): "\(operation) failed: \(message) (errno \(code))"
        }
    }

    init(_ error: SystemCallError) {
        self = .systemCall(operation: error.operation, errno: error.code, message: errorMessage(error.code))
    }
}

/// Duration → Dispatch interval, saturating.
func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
    let (seconds, attoseconds) = duration.components
    if seconds >= Int64(Int.max / 1_000_000_000) - 1 { return .never }
    if seconds < 0 { return .nanoseconds(0) }
    return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
}
