import Glibc

/// An open socket descriptor with exactly one owner, who closes it.
///
/// `~Copyable`, so ownership is checked by the compiler rather than by convention: the listener and
/// each connection hold theirs, hand it on only by `consume`, and lend it to system calls and Dispatch
/// sources by borrowing. ``close()`` consumes it and reports the error; a descriptor dropped without
/// `close()` (a socket accepted during shutdown, a failed start) is closed by `deinit`. As FlyingFox's
/// `Socket.FileDescriptor`, but with the single owner enforced.
struct SocketDescriptor: ~Copyable {
    /// The descriptor number, for system calls and Dispatch sources while the owner keeps it open.
    let rawValue: Int32

    /// Takes ownership of an open descriptor.
    init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Closes the descriptor. Not retried on `EINTR`: on Linux the descriptor is released regardless.
    consuming func close() throws(SystemCallError) {
        let fd = rawValue
        discard self
        guard Glibc.close(fd) == 0 else { throw SystemCallError(operation: "close", code: errno) }
    }

    deinit {
        // Dropped without `close()`: nobody is left to hear of an error, and Linux releases the
        // descriptor whatever `close` returns.
        _ = Glibc.close(rawValue)
    }
}
