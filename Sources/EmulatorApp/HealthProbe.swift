#if canImport(Glibc)
import Glibc
#endif

/// `workforce-emulator --health-check`: one blocking `GET /_emulator/health` to a running emulator, with
/// short timeouts, so a container `HEALTHCHECK` needs nothing but the binary itself.
public enum HealthProbe {
    /// Whether the emulator at `host:port` answers 200. A wildcard listen address is probed on loopback.
    public static func isHealthy(host: String, port: Int, timeoutSeconds: Int = 2) -> Bool {
        let target =
            switch host {
            case "0.0.0.0", "": "127.0.0.1"
            case "::": "::1"
            case "localhost": "127.0.0.1"
            default: host
            }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target, String(port), &hints, &result) == 0, let info = result else { return false }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        // On Linux SO_SNDTIMEO also bounds connect(2).
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return false }
        let request = Array("GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return false }
        var response = [UInt8](repeating: 0, count: 64)
        var received = 0
        while received < 12 {
            let count = response[received...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            received += count
        }
        // "HTTP/1.1 200"
        return String(decoding: response[0..<12], as: UTF8.self).hasSuffix(" 200")
    }
}
