import Dispatch
import Testing

@testable import SocketHTTPServer

@Suite struct HTTPClientTests {
    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try TestServer.make()
        let response = try HTTPClient.get(host: "127.0.0.1", port: server.port, path: "/_emulator/health?x=1")
        #expect(response.status == 200)
        #expect(response.headers["Connection"] == "close")
        #expect(String(decoding: response.body, as: UTF8.self) == "GET /_emulator/health?x=1 ")
        await server.stop()
    }

    @Test func nonSuccessStatusIsAResponseNotAnError() async throws {
        let server = try TestServer.make(responder: ClosureResponder { _, _, completion in
            completion(HTTPResponse.text("starting", status: 503))
        })
        let response = try HTTPClient.get(host: "localhost", port: server.port, path: "/")
        #expect(response.status == 503)
        #expect(response.body == Array("starting".utf8))
        await server.stop()
    }

    @Test func refusedConnectionIsASystemCallError() async throws {
        let server = try TestServer.make()
        let port = server.port
        await server.stop()
        #expect {
            try HTTPClient.get(host: "127.0.0.1", port: port, path: "/")
        } throws: { error in
            guard case .systemCall(let operation, _, _) = error as? HTTPClientError else { return false }
            return operation == "connect"
        }
    }

    @Test func silentServerTimesOut() async throws {
        let gate = ResponseGate()
        let server = try TestServer.make(responder: ClosureResponder { _, _, completion in
            gate.hold(HTTPResponse(status: 200), completion)
        })
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: HTTPClientError.timedOut) {
            try HTTPClient.get(host: "127.0.0.1", port: server.port, path: "/", timeout: .milliseconds(300))
        }
        #expect(clock.now - started < .seconds(2))
        gate.releaseAll()
        await server.stop()
    }

    @Test func invalidAddress() {
        #expect(throws: HTTPClientError.invalidAddress(host: "not-a-host", port: 80)) {
            try HTTPClient.get(host: "not-a-host", port: 80, path: "/")
        }
    }
}
