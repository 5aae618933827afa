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

/// What one `accept4` produced: the accepted socket is the caller's to own.
enum AcceptResult: ~Copyable {
    case accepted(SocketDescriptor, peer: ConnectionInfo)
    case wouldBlock
}

/// One thin function per system call: check the return value and throw `errno` as a typed error,
/// telling EOF, would-block and failure apart. `EINTR` is retried where retrying is correct.
/// Sockets are borrowed: closing is their owner's (``SocketDescriptor/close()``).
enum SocketCalls {
    /// A close-on-exec TCP socket, non-blocking unless `blocking` (the one-shot ``HTTPClient``).
    static func makeStreamSocket(family: Int32, blocking: Bool = false) throws(SystemCallError) -> SocketDescriptor {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if !blocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let fd = Glibc.socket(family, type, 0)
        guard fd >= 0 else { throw SystemCallError(operation: "socket", code: errno) }
        return SocketDescriptor(rawValue: fd)
    }

    static func setOption(
        _ socket: borrowing SocketDescriptor, level: Int32, name: Int32, value: Int32, label: String
    ) throws(SystemCallError) {
        var value = value
        let result = setsockopt(socket.rawValue, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        guard result == 0 else { throw SystemCallError(operation: "setsockopt(\(label))", code: errno) }
    }

    /// `SO_RCVTIMEO` or `SO_SNDTIMEO` (on Linux the latter also bounds a blocking `connect`).
    static func setTimeout(_ socket: borrowing SocketDescriptor, name: Int32, _ duration: Duration) throws(SystemCallError) {
        let (seconds, attoseconds) = max(duration, .microseconds(1)).components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        let result = setsockopt(socket.rawValue, SOL_SOCKET, name, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard result == 0 else { throw SystemCallError(operation: "setsockopt(timeout)", code: errno) }
    }

    static func bind(_ socket: borrowing SocketDescriptor, to address: SocketAddress) throws(SystemCallError) {
        let fd = socket.rawValue
        let result = address.withSockAddr { pointer, length in Glibc.bind(fd, pointer, length) }
        guard result == 0 else { throw SystemCallError(operation: "bind", code: errno) }
    }

    static func listen(_ socket: borrowing SocketDescriptor, backlog: Int32) throws(SystemCallError) {
        guard Glibc.listen(socket.rawValue, backlog) == 0 else { throw SystemCallError(operation: "listen", code: errno) }
    }

    /// A blocking connect (the one-shot ``HTTPClient``); `EINTR` is not retried, as a retried
    /// `connect` fails with `EALREADY` on Linux.
    static func connect(_ socket: borrowing SocketDescriptor, to address: SocketAddress) throws(SystemCallError) {
        let fd = socket.rawValue
        let result = address.withSockAddr { pointer, length in Glibc.connect(fd, pointer, length) }
        guard result == 0 else { throw SystemCallError(operation: "connect", code: errno) }
    }

    /// The local port a socket is bound to.
    static func localPort(_ socket: borrowing SocketDescriptor) throws(SystemCallError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = socket.rawValue
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SystemCallError(operation: "getsockname", code: errno) }
        return SocketAddress.peer(from: storage).peerPort
    }

    /// Accepts one connection as non-blocking and close-on-exec.
    static func accept(_ listener: borrowing SocketDescriptor) throws(SystemCallError) -> AcceptResult {
        let fd = listener.rawValue
        while true {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            let client = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { acceptNonBlocking(fd, $0, &length, flags) }
            }
            if client >= 0 { return .accepted(SocketDescriptor(rawValue: client), peer: SocketAddress.peer(from: storage)) }
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

    /// Reads up to `buffer.count` bytes. On a blocking socket with `SO_RCVTIMEO`, a timeout is `.wouldBlock`.
    static func read(_ socket: borrowing SocketDescriptor, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> ReadResult {
        while true {
            let count = Glibc.read(socket.rawValue, buffer.baseAddress, buffer.count)
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
    static func send(_ socket: borrowing SocketDescriptor, _ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int? {
        while true {
            let count = Glibc.send(socket.rawValue, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw SystemCallError(operation: "send", code: code)
        }
    }

    /// Half-closes: sends FIN after the bytes already queued (RFC 9112 §9.6).
    static func shutdownWrite(_ socket: borrowing SocketDescriptor) throws(SystemCallError) {
        guard Glibc.shutdown(socket.rawValue, Int32(SHUT_WR)) == 0 else { throw SystemCallError(operation: "shutdown", code: errno) }
    }
}
