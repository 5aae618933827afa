import CShims
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output or standard error, written without buffering: a line reaches a pipe at once (the
/// "listening" line a test waits for), and one `write(2)` loop per line keeps concurrent lines whole.
public enum StandardStream: Int32, Sendable {
    case output = 1
    case error = 2

    /// Writes `text` and a newline, retrying `EINTR` and short writes; a closed stream drops the rest.
    public func writeLine(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(rawValue, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// What the process sets up about itself before it serves.
public enum ProcessSetup {
    /// Ignores `SIGPIPE` (a vanished peer must not kill the process; sends use `MSG_NOSIGNAL` too),
    /// raises the descriptor soft limit to the hard one (thousands of keep-alive connections need
    /// thousands of descriptors), and fixes glibc's mmap threshold (below).
    public static func prepareForServing() {
        signal(SIGPIPE, SIG_IGN)
        // Request bodies up to 1 MiB are buffered whole. glibc raises its mmap threshold each time such a
        // buffer is freed, after which large buffers come from the heap and their memory is never handed
        // back: 1,000 slow 1 MiB uploads left 800 MB resident after they were answered. A fixed threshold
        // keeps every buffer of 128 KiB or more in its own mapping, returned to the system when freed.
        _ = cshims_set_mmap_threshold(128 * 1024)
        var descriptors = rlimit()
        #if os(Linux)
        let resource = Int32(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        if getrlimit(resource, &descriptors) == 0, descriptors.rlim_cur < descriptors.rlim_max {
            descriptors.rlim_cur = descriptors.rlim_max
            _ = setrlimit(resource, &descriptors)
        }
    }

    /// Calls `handler` on the main queue on `SIGTERM` or `SIGINT` (whose default actions it turns off);
    /// keep the returned sources for as long as the handler should run.
    public static func onTerminationSignals(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    /// Ends the process with `status`, after writing `message` (if any) to standard output for status 0,
    /// else to standard error.
    public static func exit(_ status: Int32, printing message: String? = nil) -> Never {
        if let message { (status == 0 ? StandardStream.output : .error).writeLine(message) }
        #if canImport(Glibc)
        Glibc.exit(status)
        #else
        Darwin.exit(status)
        #endif
    }
}
