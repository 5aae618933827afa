import Dispatch
import Glibc
import SocketHTTPServer

/// `transport-only PORT BODY`: serves BODY to every request with the headers an API answer has, on
/// 127.0.0.1:PORT (0: any free port), through the emulator's own server and its default configuration.
/// Prints `listening on http://127.0.0.1:N` once it accepts, as the emulator does.
struct FixedAnswer: HTTPResponder {
    let body: [UInt8]

    func respond(to request: HTTPRequest, connection: ConnectionInfo, completion: @escaping @Sendable (HTTPResponse) -> Void) {
        // Built per request, as the emulator builds each answer's headers (a request id of the same length).
        let headers = HTTPHeaders([
            ("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000"),
        ])
        completion(HTTPResponse(status: 200, headers: headers, body: body))
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]) else {
    print("usage: transport-only PORT BODY")
    exit(2)
}
var configuration = HTTPServerConfiguration()
configuration.port = port
let server = HTTPServer(configuration: configuration, responder: FixedAnswer(body: Array(arguments[2].utf8)))
do {
    try server.start()
} catch {
    print("cannot start: \(error)")
    exit(1)
}
print("listening on http://127.0.0.1:\(server.port)")
fflush(nil)  // every stream: naming `stdout` is a shared mutable global to Swift 6
dispatchMain()
