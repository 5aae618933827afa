import Glibc

/// An IPv4 or IPv6 socket address.
enum SocketAddress {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    var family: Int32 {
        switch self {
        case .v4: AF_INET
        case .v6: AF_INET6
        }
    }

    /// Parses a numeric IPv4 or IPv6 literal (IPv6 optionally in brackets); `localhost` means 127.0.0.1.
    init?(host: String, port: Int) {
        var literal = host
        if literal.lowercased() == "localhost" { literal = "127.0.0.1" }
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        guard (0...65535).contains(port) else { return nil }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, literal, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(port).bigEndian
            self = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, literal, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(port).bigEndian
            self = .v6(v6)
            return
        }
        return nil
    }

    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch self {
        case .v4(var address):
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(var address):
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// Numeric address and port of a peer; IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are shown as IPv4.
    static func peer(from storage: sockaddr_storage) -> ConnectionInfo {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee } }
            return ConnectionInfo(peerAddress: format(ipv4: address.sin_addr), peerPort: Int(UInt16(bigEndian: address.sin_port)))
        case AF_INET6:
            let address = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee } }
            let port = Int(UInt16(bigEndian: address.sin6_port))
            let bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
            if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
                return ConnectionInfo(peerAddress: "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])", peerPort: port)
            }
            return ConnectionInfo(peerAddress: format(ipv6: address.sin6_addr), peerPort: port)
        default:
            return ConnectionInfo(peerAddress: "unknown", peerPort: 0)
        }
    }

    private static func format(ipv4 address: in_addr) -> String {
        withUnsafeBytes(of: address) { "\($0[0]).\($0[1]).\($0[2]).\($0[3])" }
    }

    private static func format(ipv6 address: in6_addr) -> String {
        var address = address
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return "unknown" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
