import Dispatch
import Glibc
import Testing

@testable import SocketHTTPServer

/// The connection's transitions, over a `socketpair`.
@Suite struct HTTPConnectionTests {
    @Test func answersRequestsInOrderOnOneConnection() throws {
        let pair = try SocketPairConnection.make()
        try pair.peer.send("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi")
        #expect(try pair.peer.readResponse().text == "GET /a ")
        #expect(try pair.peer.readResponse().text == "POST /b hi")
        try pair.peer.send("GET /c HTTP/1.1\r\n\r\n")
        let third = try pair.peer.readResponse()
        #expect(third.text == "GET /c ")
        #expect(third.headers["Connection"] == nil)
        #expect(!pair.closed.isSet)
    }

    @Test func asynchronousResponsesKeepTheirOrder() throws {
        let pair = try SocketPairConnection.make(responder: ClosureResponder.echo { request in
            request.path == "/slow" ? .milliseconds(100) : nil
        })
        try pair.peer.send("GET /slow HTTP/1.1\r\n\r\nGET /fast HTTP/1.1\r\n\r\n")
        #expect(try pair.peer.readResponse().text == "GET /slow ")
        #expect(try pair.peer.readResponse().text == "GET /fast ")
    }

    @Test func malformedRequestGetsOne400ThenTheConnectionCloses() async throws {
        let pair = try SocketPairConnection.make()
        try pair.peer.send("GET / HTTP/1.1\r\nBad Header: x\r\n\r\nGET /never HTTP/1.1\r\n\r\n")
        let response = try pair.peer.readResponse()
        #expect(response.status == 400)
        #expect(response.headers["Connection"] == "close")
        #expect(try pair.peer.readsEndOfFile())
        pair.peer.shutdownWrite()
        #expect(await eventually { pair.closed.isSet })
        #expect(pair.logs.all.contains { $0.contains("event=bad_request connection=1 status=400") })
    }

    @Test func expectContinueIsAnsweredBeforeTheBody() throws {
        let pair = try SocketPairConnection.make()
        try pair.peer.send("PUT /u HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try pair.peer.readBytes(25) == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        try pair.peer.send("data")
        #expect(try pair.peer.readResponse().text == "PUT /u data")
    }

    @Test func peerHalfCloseAfterARequestStillGetsTheAnswer() async throws {
        let pair = try SocketPairConnection.make()
        try pair.peer.send("GET /last HTTP/1.1\r\n\r\n")
        pair.peer.shutdownWrite()
        #expect(try pair.peer.readResponse().text == "GET /last ")
        #expect(try pair.peer.readsEndOfFile())
        #expect(await eventually { pair.closed.isSet })
    }

    @Test func requestReadTimeoutAnswers408() async throws {
        let pair = try SocketPairConnection.make(requestReadTimeout: .milliseconds(100))
        try pair.peer.send("GET /partial HTTP/1.1\r\nHost:")
        let response = try pair.peer.readResponse()
        #expect(response.status == 408)
        #expect(response.headers["Connection"] == "close")
        #expect(pair.logs.all.contains { $0.contains("event=request_timeout connection=1") })
    }

    @Test func idleTimeoutClosesSilently() async throws {
        let pair = try SocketPairConnection.make(idleTimeout: .milliseconds(100))
        #expect(try pair.peer.readsEndOfFile())
        #expect(pair.peer.unreadBytes.isEmpty)
        #expect(await eventually { pair.closed.isSet })
        #expect(pair.logs.all.contains { $0.contains("event=connection_close connection=1 reason=idle timeout") })
    }

    @Test func aSecondCompletionIsDroppedAndLogged() async throws {
        // Not about timeouts: an idle timeout a busy machine under a sanitizer cannot reach.
        let pair = try SocketPairConnection.make(idleTimeout: .seconds(60), responder: ClosureResponder { request, _, completion in
            completion(HTTPResponse.text("first"))
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { completion(HTTPResponse.text("second")) }
        })
        try pair.peer.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try pair.peer.readResponse().text == "first")
        #expect(await eventually { pair.logs.all.contains { $0.contains("event=responder_completed_twice") } })
        try pair.peer.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try pair.peer.readResponse().text == "first")
    }

    @Test func shutdownClosesAnIdleConnectionAndFinishesABusyOne() async throws {
        let idle = try SocketPairConnection.make()
        idle.connection.beginShutdown()
        #expect(try idle.peer.readsEndOfFile())
        #expect(await eventually { idle.closed.isSet })

        let gate = ResponseGate()
        let busy = try SocketPairConnection.make(responder: ClosureResponder { _, _, completion in
            gate.hold(HTTPResponse.text("done"), completion)
        })
        try busy.peer.send("GET / HTTP/1.1\r\n\r\n")
        #expect(await eventually { gate.heldCount == 1 })
        busy.connection.beginShutdown()
        gate.releaseAll()
        let response = try busy.peer.readResponse()
        #expect(response.text == "done")
        #expect(response.headers["Connection"] == "close")
        #expect(try busy.peer.readsEndOfFile())
    }

    @Test func forceCloseClosesTheSocketOnce() async throws {
        let gate = ResponseGate()
        let pair = try SocketPairConnection.make(responder: ClosureResponder { _, _, completion in
            gate.hold(HTTPResponse.text("late"), completion)
        })
        try pair.peer.send("GET / HTTP/1.1\r\n\r\n")
        #expect(await eventually { gate.heldCount == 1 })
        pair.connection.forceClose()
        #expect(try pair.peer.readsEndOfFile())
        #expect(await eventually { pair.closed.isSet })
        // A response for a closed connection is dropped quietly (and onClosed stays at one call).
        gate.releaseAll()
        try await Task.sleep(for: .milliseconds(50))
        #expect(!pair.logs.all.contains { $0.contains("responder_completed_twice") })
    }
}
