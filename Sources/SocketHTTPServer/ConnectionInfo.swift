/// Who is on the other end of the connection.
public struct ConnectionInfo: Sendable, Equatable {
    /// The peer's numeric address, e.g. `"127.0.0.5"` or `"::1"`; IPv4-mapped IPv6 peers on a
    /// dual-stack socket are shown as plain IPv4.
    public var peerAddress: String
    /// The peer's port.
    public var peerPort: Int

    /// Creates connection information.
    public init(peerAddress: String, peerPort: Int) {
        self.peerAddress = peerAddress
        self.peerPort = peerPort
    }
}
