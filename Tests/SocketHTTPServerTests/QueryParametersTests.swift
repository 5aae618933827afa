import Testing

@testable import SocketHTTPServer

@Suite struct QueryParametersTests {
    @Test func parsedOnceFromTheTargetKeepingTheRawQuery() throws {
        let request = try #require(try parseRequests("GET /_emulator/reset?account=000000000000&region=us-east-1 HTTP/1.1\r\n\r\n").first)
        #expect(request.query == "account=000000000000&region=us-east-1")
        #expect(request.queryParameters["account"] == "000000000000")
        #expect(request.queryParameters["region"] == "us-east-1")
        #expect(request.queryParameters["missing"] == nil)
        #expect(HTTPRequest(method: "GET", target: "/").queryParameters.isEmpty)
        #expect(HTTPRequest(method: "GET", target: "/?").queryParameters.isEmpty)
    }

    @Test func percentDecodedWithPlusAsSpace() {
        let query = QueryParameters("ip=2001%3Adb8%3a%3A1&q=a+b%20c&caf%C3%A9=%E2%9C%93")
        #expect(query["ip"] == "2001:db8::1")
        #expect(query["q"] == "a b c")
        #expect(query["café"] == "✓")
    }

    @Test func malformedEscapesStayAsTheyAre() {
        let query = QueryParameters("a=100%&b=%zz&c=%4&d=%ff")
        #expect(query["a"] == "100%")
        #expect(query["b"] == "%zz")
        #expect(query["c"] == "%4")
        // A lone byte that is not UTF-8 becomes U+FFFD rather than vanishing.
        #expect(query["d"] == "\u{FFFD}")
    }

    @Test func orderRepeatsEmptyPiecesAndMissingEquals() {
        let query = QueryParameters("&x=1&&flag&x=2&=v&y==z")
        #expect(query.map { "\($0.name)=\($0.value)" } == ["x=1", "flag=", "x=2", "=v", "y==z"])
        #expect(query.values(for: "x") == ["1", "2"])
        #expect(query["x"] == "1")
        #expect(query["flag"] == "")
        #expect(query.count == 5)
        // Names compare exactly: no case folding.
        #expect(query["X"] == nil)
    }
}
