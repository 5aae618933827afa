import SageMakerWorkforces
import SocketHTTPServer
import Testing

@testable import EmulatorApp

@Suite struct RouterTests {
    /// The router skips its path routes for a path without their common prefix: the prefix must be one
    /// that every one of them really begins with, and no shorter than they share.
    @Test func commonPrefixIsWhatEveryTextBeginsWith() {
        #expect(Router.commonPrefix(of: ["/_emulator/health", "/_emulator/portal/", "/_emulator"]) == Array("/_emulator".utf8))
        #expect(Router.commonPrefix(of: ["/_emulator/state", "/_emulator/reset"]) == Array("/_emulator/".utf8))
        #expect(Router.commonPrefix(of: ["/a", "/b"]) == Array("/".utf8))
        #expect(Router.commonPrefix(of: ["/only"]) == Array("/only".utf8))
        #expect(Router.commonPrefix(of: ["/x", "y"]).isEmpty)
        #expect(Router.commonPrefix(of: []).isEmpty)
        // Bytes, not characters: "é" and "è" share their first UTF-8 byte.
        #expect(Router.commonPrefix(of: ["/é", "/è"]) == [0x2F, 0xC3])
    }

    /// The router tries only the non-path routes for a path outside `/_emulator`: the API is still
    /// reached at any such path, and paths that merely begin like the admin ones still reach the API too.
    @Test(arguments: ["/", "/anything", "/_emulatorx", "/_emulat"])
    func apiCallsReachTheAPIAtAnyOtherPath(path: String) throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        let body = "{}"
        let request = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: SageMaker.ListWorkforces\r\n"
            + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let response = try live.client.send(raw: Array(request.utf8))
        #expect(response.status == 200)
        #expect(response.text == #"{"Workforces":[]}"#)
        #expect(response.header("x-amzn-RequestId") != nil)
    }

    @Test func adminPathsStillReachTheirRoutes() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        #expect(try live.client.request("GET", "/_emulator/health").status == 200)
        #expect(try live.client.request("GET", "/_emulator/nope").status == 404)
        #expect(try live.client.request("POST", "/_emulator/health").status == 405)
    }

    /// The caller's namespace from the credential scope (spec §2): the region named, kept as the
    /// default's text when it is the default's; a 12-digit access key is the account; anything else
    /// falls back to the default.
    @Test(arguments: [
        ("AKIDEXAMPLE/20260101/us-east-1/sagemaker/aws4_request", "000000000000", "us-east-1"),
        ("AKIDEXAMPLE/20260101/eu-west-1/sagemaker/aws4_request", "000000000000", "eu-west-1"),
        ("123456789012/20260101/us-east-1/sagemaker/aws4_request", "123456789012", "us-east-1"),
        ("123456789012/20260101/ap-south-2/sagemaker/aws4_request", "123456789012", "ap-south-2"),
        ("AKIDEXAMPLE/20260101/US-EAST-2/sagemaker/aws4_request", "000000000000", "us-east-1"),
        ("AKIDEXAMPLE/20260101/us-east-10/sagemaker/aws4_request", "000000000000", "us-east-10"),
        ("AKIDEXAMPLE/20260101/us-east/sagemaker/aws4_request", "000000000000", "us-east"),
    ])
    func namespaceFromTheCredentialScope(credential: String, account: String, region: String) {
        let defaults = Namespace(account: "000000000000", region: "us-east-1")
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=host, Signature=00"
        let request = HTTPRequest(method: "POST", target: "/", headers: ["Authorization": authorization])
        #expect(APIRoute.namespace(of: request, default: defaults) == Namespace(account: account, region: region))
        #expect(APIRoute.namespace(of: HTTPRequest(method: "POST", target: "/"), default: defaults) == defaults)
    }
}
