import Glibc

/// A failed system call, with `errno` captured on the line after the call.
struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed, e.g. `"bind"`.
    var operation: String
    /// The `errno` it set.
    var code: Int32

    var description: String { "\(operation) failed: \(errorMessage(code)) (errno \(code))" }

    /// The peer went away: expected at any moment, logged at debug level only.
    var isPeerGone: Bool {
        code == ECONNRESET || code == EPIPE || code == ENOTCONN || code == ETIMEDOUT || code == ECONNABORTED
            || code == EHOSTUNREACH || code == ENETUNREACH
    }
}

/// `strerror` text for `code`.
func errorMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

/// What one `read` produced.
enum ReadResult: Equatable {
    case bytes(Int)
    case endOfFile
    case wouldBlock
}

/// What one `accept4` produced.
enum AcceptResult {
    case accepted(fd: Int32, peer: ConnectionInfo)
    case wouldBlock
}

/// One thin function per system call: check the return value and throw `errno` as a typed error,
/// telling EOF, would-block and failure apart. `EINTR` is retried where retrying is correct.
enum SocketCalls {
    /// A non-blocking, close-on-exec TCP socket.
    static func makeStreamSocket(family: Int32) throws(SystemCallError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SystemCallError(operation: "socket", code: errno) }
        return fd
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32, label: String) throws(SystemCallError) {
        var value = value
        let result = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        guard result == 0 else { throw SystemCallError(operation: "setsockopt(\(label))", code: errno) }
    }

    static func bind(_ fd: Int32, to address: SocketAddress) throws(SystemCallError) {
        let result = address.withSockAddr { pointer, length in Glibc.bind(fd, pointer, length) }
        guard result == 0 else { throw SystemCallError(operation: "bind", code: errno) }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(SystemCallError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw SystemCallError(operation: "listen", code: errno) }
    }

    /// The local port a socket is bound to.
    static func localPort(_ fd: Int32) throws(SystemCallError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemCallError(operation: "getsockname", code: errno) }
        return SocketAddress.peer(from: storage).peerPort
    }

    /// Accepts one connection as non-blocking and close-on-exec.
    static func accept(_ fd: Int32) throws(SystemCallError) -> AcceptResult {
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            let client = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { acceptNonBlocking(fd, $0, &length, flags) }
            }
            if client >= 0 { return .accepted(fd: client, peer: SocketAddress.peer(from: storage)) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw SystemCallError(operation: "accept4", code: code)
        }
    }

    private typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// glibc's `accept4`. The Glibc module does not import it (it is declared only under `_GNU_SOURCE`),
    /// and this package has no C shim, so it is looked up once by name; it exists in every glibc since 2.10.
    private static let accept4Function: Accept4? = dlsym(nil, "accept4").map { unsafeBitCast($0, to: Accept4.self) }

    /// `accept4(fd, address, length, flags)`; if glibc lacked it, `accept` then `fcntl` for the same flags.
    private static func acceptNonBlocking(
        _ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>, _ length: UnsafeMutablePointer<socklen_t>, _ flags: Int32
    ) -> Int32 {
        if let accept4Function { return accept4Function(fd, address, length, flags) }
        let client = Glibc.accept(fd, address, length)
        guard client >= 0 else { return client }
        let statusFlags = fcntl(client, F_GETFL)
        if statusFlags < 0 || fcntl(client, F_SETFL, statusFlags | O_NONBLOCK) < 0 || fcntl(client, F_SETFD, FD_CLOEXEC) < 0 {
            let code = errno
            Glibc.close(client)
            errno = code
            return -1
        }
        return client
    }

    /// Reads up to `buffer.count` bytes.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReadResult {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw SystemCallError(operation: "read", code: code)
        }
    }

    /// Sends bytes with `MSG_NOSIGNAL` (a closed peer gives `EPIPE`, never `SIGPIPE`).
    /// Returns the number sent, or nil when the socket buffer is full.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int? {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw SystemCallError(operation: "send", code: code)
        }
    }

    /// Half-closes: sends FIN after the bytes already queued (RFC 9112 §9.6).
    static func shutdownWrite(_ fd: Int32) throws(SystemCallError) {
        guard Glibc.shutdown(fd, Int32(SHUT_WR)) == 0 else { throw SystemCallError(operation: "shutdown", code: errno) }
    }

    /// Closes a descriptor. Not retried on `EINTR`: on Linux the descriptor is released regardless.
    static func close(_ fd: Int32) throws(SystemCallError) {
        guard Glibc.close(fd) == 0 else { throw SystemCallError(operation: "close", code: errno) }
    }
}

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
