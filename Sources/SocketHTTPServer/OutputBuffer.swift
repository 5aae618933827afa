/// Bytes queued for the socket and how far writing got: responses (and `100 Continue`) in order.
///
/// Whole responses are appended and written front to back with as few system calls as the kernel
/// allows; a drained buffer takes the next response's array as it is, without a copy.
struct OutputBuffer {
    private var bytes: [UInt8] = []
    /// The first byte not yet written.
    private var index = 0

    /// Whether every queued byte is written.
    var isEmpty: Bool { index == bytes.count }

    /// How many queued bytes are not written yet.
    var pendingCount: Int { bytes.count - index }

    /// Queues `newBytes` after what is pending.
    mutating func append(_ newBytes: [UInt8]) {
        if isEmpty {
            bytes = newBytes
            index = 0
        } else {
            bytes.append(contentsOf: newBytes)
        }
    }

    /// How far a flush got.
    enum FlushProgress: Equatable {
        /// Everything is written (and the memory released).
        case drained
        /// The socket buffer is full; `madeProgress` if some bytes went out first.
        case blocked(madeProgress: Bool)
    }

    /// Sends pending bytes until all are written or the socket buffer is full.
    mutating func flush(to channel: SocketChannel) throws(SystemCallError) -> FlushProgress {
        var madeProgress = false
        while !isEmpty {
            let start = index
            let outcome = bytes.withUnsafeBytes { buffer in
                Result { () throws(SystemCallError) in try channel.send(UnsafeRawBufferPointer(rebasing: buffer[start...])) }
            }
            guard let sent = try outcome.get() else { return .blocked(madeProgress: madeProgress) }
            index += sent
            madeProgress = true
        }
        removeAll()
        return .drained
    }

    /// Forgets everything (written or not) and releases the memory.
    mutating func removeAll() {
        bytes = []
        index = 0
    }
}
