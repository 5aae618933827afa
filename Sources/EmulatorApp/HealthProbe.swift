import SocketHTTPServer

/// `workforce-emulator --health-check`: one blocking `GET /_emulator/health` to a running emulator, with
/// a short timeout, so a container `HEALTHCHECK` needs nothing but the binary itself.
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
        do {
            let response = try HTTPClient.get(host: target, port: port, path: "/_emulator/health", timeout: .seconds(timeoutSeconds))
            return response.status == 200
        } catch {
            // The exit status is the whole answer: refused, timed out or malformed all mean unhealthy.
            return false
        }
    }
}
