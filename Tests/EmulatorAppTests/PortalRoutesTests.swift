import AWSJSONProtocol
import Testing

@testable import EmulatorApp

@Suite(.serialized) struct PortalRoutesTests {
    /// An emulator with one workforce restricted to 127.0.0.0/24 and a team; returns it and the SubDomain.
    func restrictedPortal(cidrs: String = #"["127.0.0.0/24"]"#) throws -> (LiveEmulator, String) {
        let live = try LiveEmulator(transitionDelay: 0)
        let body = #"{"WorkforceName":"wf","CognitoConfig":{"UserPool":"us-east-1_Pool1","ClientId":"client"},"IpAddressType":"dualstack","SourceIpConfig":{"Cidrs":\#(cidrs)}}"#
        #expect(try live.client.call("CreateWorkforce", body).status == 200)
        let team = #"{"WorkteamName":"labelers","Description":"d","MemberDefinitions":[{"CognitoMemberDefinition":{"UserPool":"us-east-1_Pool1","UserGroup":"g","ClientId":"client"}}]}"#
        #expect(try live.client.call("CreateWorkteam", team).status == 200)
        let described = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))
        return (live, try #require(described["Workforce"]?["SubDomain"]?.stringValue))
    }

    @Test func workersInsideTheAllowListSeeThePortalOthersGetNotFound() throws {
        let (live, subDomain) = try restrictedPortal()
        defer { live.stop() }
        var inside = live.client
        inside.sourceAddress = "127.0.0.5"
        let allowed = try inside.request("GET", "/", headers: [("Host", subDomain)])
        #expect(allowed.status == 200)
        #expect(allowed.text.contains("<h1>wf</h1>") && allowed.text.contains("<li>labelers</li>"))

        var outside = live.client
        outside.sourceAddress = "127.0.1.5"
        let denied = try outside.request("GET", "/", headers: [("Host", subDomain)])
        #expect(denied.status == 404)
        #expect(!denied.text.contains("wf") && !denied.text.contains("labelers"))
        // Indistinguishable from a SubDomain that does not exist.
        let unknown = try inside.request("GET", "/", headers: [("Host", "zzzzzzzzzz.labeling.us-east-1.sagemaker.aws")])
        #expect(unknown.status == 404 && unknown.body == denied.body)
    }

    @Test func forwardedForPlaysAWorkerAtAnyAddressOnThePathRoute() throws {
        let (live, subDomain) = try restrictedPortal(cidrs: #"["203.0.113.0/24","2001:db8::/32"]"#)
        defer { live.stop() }
        let path = "/_emulator/portal/\(subDomain)/tasks"
        #expect(try live.client.request("GET", path, headers: [("X-Forwarded-For", "203.0.113.9, 10.0.0.1")]).status == 200)
        #expect(try live.client.request("GET", path, headers: [("X-Forwarded-For", "2001:db8::42")]).status == 200)
        #expect(try live.client.request("GET", path, headers: [("X-Forwarded-For", "198.51.100.1")]).status == 404)
        #expect(try live.client.request("GET", path).status == 404)  // the peer, 127.0.0.1, is outside
        #expect(try live.client.request("GET", path, headers: [("X-Forwarded-For", "not-an-ip")]).status == 400)
        let head = try live.client.request("HEAD", path, headers: [("X-Forwarded-For", "203.0.113.9")])
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test func narrowingTheListLocksAWorkerOutOnTheNextRequest() throws {
        let (live, subDomain) = try restrictedPortal(cidrs: "[]")
        defer { live.stop() }
        var worker = live.client
        worker.sourceAddress = "127.0.0.77"
        #expect(try worker.request("GET", "/", headers: [("Host", subDomain)]).status == 200)
        _ = try live.client.call("UpdateWorkforce", #"{"WorkforceName":"wf","SourceIpConfig":{"Cidrs":["127.0.0.0/26"]}}"#)
        #expect(try worker.request("GET", "/", headers: [("Host", subDomain)]).status == 404)
        _ = try live.client.call("DeleteWorkteam", #"{"WorkteamName":"labelers"}"#)
        _ = try live.client.call("DeleteWorkforce", #"{"WorkforceName":"wf"}"#)
        worker.sourceAddress = "127.0.0.7"
        #expect(try worker.request("GET", "/", headers: [("Host", subDomain)]).status == 404)
    }

    @Test func explainSaysWhy() throws {
        let (live, subDomain) = try restrictedPortal(cidrs: #"["127.0.0.0/24","2001:db8::/32"]"#)
        defer { live.stop() }
        let inside = try json(try live.client.request("GET", "/_emulator/portal/\(subDomain)/access?ip=127.0.0.9"))
        #expect(inside["allowed"] == true)
        #expect(inside["matchedCidr"] == "127.0.0.0/24")
        #expect(inside["workforceArn"] == "arn:aws:sagemaker:us-east-1:000000000000:workforce/wf")
        let mapped = try json(try live.client.request("GET", "/_emulator/portal/\(subDomain)/access?ip=::ffff:127.0.0.9"))
        #expect(mapped["allowed"] == true)
        let v6 = try json(try live.client.request("GET", "/_emulator/portal/\(subDomain)/access?ip=2001%3Adb8%3A%3A1"))
        #expect(v6["matchedCidr"] == "2001:db8::/32")
        let outside = try json(try live.client.request("GET", "/_emulator/portal/\(subDomain)/access?ip=10.0.0.1"))
        #expect(outside["allowed"] == false && outside["matchedCidr"] == .null)
        #expect(try live.client.request("GET", "/_emulator/portal/\(subDomain)/access").status == 400)
        #expect(try live.client.request("GET", "/_emulator/portal/zzzzzzzzzz.labeling.us-east-1.sagemaker.aws/access?ip=1.1.1.1").status == 404)
    }

    @Test func apiCallsAreUnaffectedByThePortalHost() throws {
        let (live, subDomain) = try restrictedPortal()
        defer { live.stop() }
        // POST keeps being the API even with a portal Host; other methods on a plain host stay 405.
        let api = try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#, headers: [("Host", subDomain)])
        #expect(api.status == 200)
        #expect(try live.client.request("GET", "/").status == 405)
    }
}
