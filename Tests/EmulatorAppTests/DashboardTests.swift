import JSON
import SageMakerWorkforces
import SocketHTTPServer
import Testing

@testable import EmulatorApp

@Suite struct DashboardTests {
    static let namespace = Namespace(account: "111111111111", region: "us-east-1")
    static let hostile = "<img src=x onerror=alert(1)>"

    static func snapshot(now: EpochMilliseconds = 10_000) -> Dashboard.Snapshot {
        let workforce = Workforce(
            namespace: namespace, name: "wf", createdAt: 0, lastUpdatedAt: 0,
            identityProvider: .cognito(CognitoConfig(userPool: "us-east-1_Pool1", clientId: "client")), sourceIpCidrs: ["10.0.0.0/16"],
            vpcConfig: WorkforceVpcConfig(vpcId: "vpc-0a1b2c3d", securityGroupIds: ["sg-1"], subnets: ["subnet-1"]),
            lifecycle: WorkforceLifecycle(status: .updating, target: .active, dueAt: now + 2_500))
        let team = Workteam(
            namespace: namespace, name: "labelers", workforceName: "wf", description: hostile,
            memberDefinitions: [.cognito(userPool: "us-east-1_Pool1", userGroup: "g\"'", clientId: "client")], createdAt: 0, lastUpdatedAt: 0)
        let faults: JSONValue = [
            "operationFaults": [["id": 1, "operation": "UpdateWorkforce", "error": ["code": "ThrottlingException", "status": 400, "message": .string(hostile)], "remaining": 2]],
            "transitionFaults": [],
        ]
        let call = APICall(
            operation: "UpdateWorkforce", target: nil, errorCode: "ThrottlingException", requestID: RequestID(high: 0, low: 0),
            request: .request(raw: Array(#"{"x":"\#(hostile)"}"#.utf8), parsed: nil), response: .response([]))
        let entry = JournalEntry(sequence: 7, time: now, namespace: namespace, status: 400, durationMicroseconds: 250, detail: .api(call))
        return Dashboard.Snapshot(
            now: now, namespaces: [.init(namespace: namespace, workforce: workforce, teams: [(team, [Tag("owner", "<b>me</b>")])])],
            hiddenNamespaces: 0, filter: .all, faults: faults, journal: [entry], journalCapacity: 1000)
    }

    @Test func escapesEveryMarkupCharacter() {
        #expect(HTMLText.escaped(#"<a href="x" title='y'>&</a>"#) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTMLText.escaped("plain text ✓") == "plain text ✓")
    }

    @Test func thePageShowsTheStateWithClientValuesInert() {
        let html = DashboardPage.render(Self.snapshot())
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>me</b>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("owner=&lt;b&gt;me&lt;/b&gt;"))
        #expect(html.contains("g&quot;&#39;"))
        #expect(html.contains("<span class=\"status Updating\">Updating</span>"))
        #expect(html.contains("Updating → Active, due ") && html.contains("(in 2.500 s)"))
        #expect(html.contains("10.0.0.0/16") && html.contains("vpc-0a1b2c3d"))
        #expect(html.contains("ThrottlingException"))
        #expect(html.contains(Workforce.subDomain(namespace: Self.namespace, name: "wf")))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        #expect(html.contains(#"<meta http-equiv="refresh""#))
        #expect(html.contains(#"action="/_emulator/transitions/complete""#) && html.contains(#"name="redirect" value="/_emulator/""#))
    }

    @Test func onlyADashboardFormPostIsRedirected() {
        func post(_ body: String, type: String?) -> HTTPRequest {
            var headers = HTTPHeaders()
            if let type { headers.add(name: "Content-Type", value: type) }
            return HTTPRequest(method: "POST", target: "/_emulator/reset", headers: headers, body: Array(body.utf8))
        }
        let form = "application/x-www-form-urlencoded"
        #expect(Dashboard.formRedirect(post("redirect=%2F_emulator%2F", type: form)) == "/_emulator/")
        #expect(Dashboard.formRedirect(post("redirect=/_emulator/?account=111111111111", type: form)) == "/_emulator/?account=111111111111")
        // curl -d and JSON clients keep today's JSON answer.
        #expect(Dashboard.formRedirect(post("", type: form)) == nil)
        #expect(Dashboard.formRedirect(post(#"{"redirect":"/_emulator/"}"#, type: "application/json")) == nil)
        #expect(Dashboard.formRedirect(post("redirect=/_emulator/", type: nil)) == nil)
        // Never an open redirect or a header injection.
        for target in ["https://evil.example/", "//evil.example/", "/_emulator//evil", "/_emulator/%0d%0aX:1", "/elsewhere"] {
            #expect(Dashboard.formRedirect(post("redirect=\(target)", type: form)) == nil, "\(target)")
        }
    }

    @Test func aBrowserAskingForTheRootIsSentToTheDashboard() {
        func get(_ path: String, accept: String?, method: String = "GET") -> HTTPRequest {
            var headers = HTTPHeaders()
            if let accept { headers.add(name: "Accept", value: accept) }
            return HTTPRequest(method: method, target: path, headers: headers)
        }
        #expect(Dashboard.isBrowserRootRequest(get("/", accept: "text/html,application/xhtml+xml,*/*;q=0.8")))
        #expect(!Dashboard.isBrowserRootRequest(get("/", accept: "*/*")))
        #expect(!Dashboard.isBrowserRootRequest(get("/", accept: nil)))
        #expect(!Dashboard.isBrowserRootRequest(get("/", accept: "text/html", method: "POST")))
        #expect(!Dashboard.isBrowserRootRequest(get("/other", accept: "text/html")))
    }
}
