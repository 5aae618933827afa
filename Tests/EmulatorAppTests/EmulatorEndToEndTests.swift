import AWSJSONProtocol
import Dispatch
import JSON
import Locking
import TestSupport
import Testing

@testable import EmulatorApp

/// Collects log lines so tests can read them.
final class LogCapture: Sendable {
    let lines = LockedValue<[String]>([])
    var logger: Logger { Logger(level: .debug) { line in self.lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

/// A live emulator on port 0 with an in-memory database and a clock that only moves when told.
final class LiveEmulator: Sendable {
    let emulator: Emulator
    let clock: ManualClock
    let logs: LogCapture
    var client: TestHTTPClient { TestHTTPClient(port: emulator.port) }

    init(transitionDelay: Double = 1, fixtures: [String] = [], databasePath: String = ":memory:") throws {
        var configuration = Configuration()
        configuration.port = 0
        configuration.databasePath = databasePath
        configuration.transitionDelay = transitionDelay
        configuration.fixtures = fixtures
        clock = ManualClock()
        logs = LogCapture()
        emulator = try Emulator.start(configuration: configuration, clock: clock, logger: logs.logger)
    }

    func stop() {
        let done = DispatchSemaphore(value: 0)
        emulator.shutdown { done.signal() }
        done.wait()
    }
}

/// A namespace's SigV4 `Authorization` header (only the credential scope matters here).
func authorization(account: String, region: String) -> (String, String) {
    ("Authorization", "AWS4-HMAC-SHA256 Credential=\(account)/20261129/\(region)/sagemaker/aws4_request, SignedHeaders=host, Signature=00")
}

func json(_ response: TestHTTPClient.Response) throws -> JSONValue { try JSONParser.parse(response.body) }

let cognitoWorkforce = #"{"WorkforceName":"wf","CognitoConfig":{"UserPool":"us-east-1_Pool1","ClientId":"client"}}"#
let oidcWorkforce = #"""
    {"WorkforceName":"oidc-wf","OidcConfig":{"ClientId":"c","ClientSecret":"TOP-SECRET-VALUE","Issuer":"https://idp",
    "AuthorizationEndpoint":"https://idp/a","TokenEndpoint":"https://idp/t","UserInfoEndpoint":"https://idp/u",
    "LogoutEndpoint":"https://idp/l","JwksUri":"https://idp/j"}}
    """#

@Suite(.serialized) struct EmulatorEndToEndTests {
    @Test func successHasAWSHeadersAndEpochTimestamps() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        let created = try live.client.call("CreateWorkforce", cognitoWorkforce)
        #expect(created.status == 200)
        #expect(created.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(created.header("x-amzn-RequestId")?.count == 36)
        #expect(created.header("Date") != nil)
        #expect(try json(created)["WorkforceArn"] == "arn:aws:sagemaker:us-east-1:000000000000:workforce/wf")

        let described = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]
        #expect(described?["CreateDate"] == .number(1_764_374_400))
        #expect(described?["LastUpdatedDate"] == described?["CreateDate"])
        #expect(described?["SourceIpConfig"] == ["Cidrs": []])
        #expect(described?["Status"] == "Initializing")
        #expect(described?["WorkforceVpcConfig"] == nil)
    }

    @Test func statusTransitionsFollowTheClock() throws {
        let live = try LiveEmulator(transitionDelay: 1)
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce)
        live.clock.advance(milliseconds: 999)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["Status"] == "Initializing")
        let early = try live.client.call("UpdateWorkforce", #"{"WorkforceName":"wf"}"#)
        #expect(early.status == 400)
        #expect(try json(early)["__type"] == "ConflictException")
        #expect(try json(early)["message"] == "Workforce wf is currently Initializing. Wait for it to become Active.")
        live.clock.advance(milliseconds: 1)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["Status"] == "Active")

        let updated = try json(try live.client.call("UpdateWorkforce", #"{"WorkforceName":"wf","SourceIpConfig":{"Cidrs":["10.0.0.0/16"]}}"#))
        #expect(updated["Workforce"]?["Status"] == "Updating")
        #expect(updated["Workforce"]?["LastUpdatedDate"] == .number(1_764_374_401))
        live.clock.advance(milliseconds: 1000)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["Status"] == "Active")

        #expect(try live.client.call("DeleteWorkforce", #"{"WorkforceName":"wf"}"#).status == 200)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))["Workforce"]?["Status"] == "Deleting")
        live.clock.advance(milliseconds: 1000)
        let gone = try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#)
        #expect(try json(gone)["message"] == "No workforce found with name wf.")
        #expect(try live.client.call("CreateWorkforce", cognitoWorkforce).status == 200)
    }

    @Test func errorsCarryTheCodeInHeaderAndBodyAndChangeNothing() throws {
        let live = try LiveEmulator(transitionDelay: 0)
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce)
        let before = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#))
        let cidrs = (0...10).map { "\"10.0.\($0).0/24\"" }.joined(separator: ",")
        let refused = try live.client.call("UpdateWorkforce", #"{"WorkforceName":"wf","SourceIpConfig":{"Cidrs":[\#(cidrs)]}}"#)
        #expect(refused.status == 400)
        #expect(refused.header("X-Amzn-ErrorType") == "ValidationException")
        let body = try json(refused)
        #expect(body["__type"] == "ValidationException")
        #expect(body["message"] == body["Message"])
        #expect(body["message"]?.stringValue?.hasSuffix("at 'sourceIpConfig.cidrs' failed to satisfy constraint: Member must have length less than or equal to 10") == true)
        #expect(try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#)) == before)
    }

    @Test func targetsThatAreNotEmulated() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        let notImplemented = try live.client.call("CreateModel", "{}")
        #expect(notImplemented.status == 501)
        #expect(try json(notImplemented)["__type"] == "NotImplemented")
        #expect(try json(notImplemented)["message"]?.stringValue?.contains("UpdateWorkforce") == true)
        #expect(try json(try live.client.call("NoSuchThing", "{}"))["__type"] == "UnknownOperationException")
        let otherService = try live.client.send(
            raw: Array("POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 2\r\n\r\n{}".utf8))
        #expect(try json(otherService)["__type"] == "UnknownOperationException")
        let noTarget = try live.client.send(raw: Array("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".utf8))
        #expect(try json(noTarget)["__type"] == "UnknownOperationException")
    }

    @Test func bodiesThatAreNotTheRightJSON() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        for body in [#"{"WorkforceName":"#, "[]", #"{"WorkforceName":7}"#, "\u{FF}"] {
            let response = try live.client.call("DescribeWorkforce", body)
            #expect(response.status == 400)
            #expect(try json(response)["__type"] == "SerializationException", "body \(body)")
        }
    }

    /// Spec §HTTP: a request that is not `POST` gets 405 with `Allow: POST`. Methods are case-sensitive
    /// (RFC 9110 §9.1): `post` and other near misses of `POST` are not it.
    @Test(arguments: ["GET", "post", "Post", "poST", "PUT", "POSTS", "POS", "PATCH"])
    func nonPostIsMethodNotAllowed(method: String) throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        let response = try live.client.request(method, "/")
        #expect(response.status == 405)
        #expect(response.header("Allow") == "POST")
    }

    @Test func namespacesComeFromTheCredentialScope() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        let inChina = [authorization(account: "111122223333", region: "cn-north-1")]
        let created = try live.client.call("CreateWorkforce", cognitoWorkforce, headers: inChina)
        #expect(try json(created)["WorkforceArn"] == "arn:aws-cn:sagemaker:cn-north-1:111122223333:workforce/wf")
        // The same name in another namespace is another workforce; the default namespace is still empty.
        #expect(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#).status == 400)
        #expect(try live.client.call("CreateWorkforce", cognitoWorkforce).status == 200)
        let second = try json(try live.client.call("CreateWorkforce", cognitoWorkforce, headers: inChina))
        #expect(
            second["message"]
                == "Cannot create more than one workforce for account 111122223333. If you are trying to update existing workforce, please use UpdateWorkforce API"
        )
    }

    @Test func oneLogLinePerRequestAndNoSecretAnywhere() throws {
        let live = try LiveEmulator(transitionDelay: 0)
        defer { live.stop() }
        let created = try live.client.call("CreateWorkforce", oidcWorkforce)
        #expect(created.status == 200)
        let described = try live.client.call("DescribeWorkforce", #"{"WorkforceName":"oidc-wf"}"#)
        #expect(!described.text.contains("TOP-SECRET-VALUE"))
        #expect(try json(described)["Workforce"]?["OidcConfig"]?["ClientSecret"] == nil)
        let tooLong = String(repeating: "s", count: 1025)
        let refused = try live.client.call(
            "UpdateWorkforce", oidcWorkforce.replacingOccurrences(of: "TOP-SECRET-VALUE", with: tooLong))
        #expect(refused.text.contains("*** Sensitive Data Redacted ***"))
        #expect(!refused.text.contains(tooLong))

        let requestLines = live.logs.all.filter { $0.contains("event=request") }
        #expect(requestLines.count == 3)
        #expect(requestLines[0].contains("op=CreateWorkforce account=000000000000 region=us-east-1 status=200 code=-"))
        #expect(requestLines[2].contains("op=UpdateWorkforce") && requestLines[2].contains("code=ValidationException"))
        #expect(requestLines.allSatisfy { $0.contains("request_id=") && $0.contains(" ms=") })
        #expect(!live.logs.all.contains { $0.contains("TOP-SECRET-VALUE") || $0.contains(tooLong) })
    }

    @Test func healthReportsCounts() throws {
        let live = try LiveEmulator()
        defer { live.stop() }
        _ = try live.client.call("CreateWorkforce", cognitoWorkforce)
        let health = try live.client.request("GET", "/_emulator/health")
        #expect(health.status == 200)
        #expect(try json(health)["status"] == "ok")
        #expect(try json(health)["workforces"] == 1)
        #expect(try live.client.request("GET", "/_emulator/nothing").status == 404)
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}

@Suite(.serialized) struct FileDatabaseTests {
    /// On a file database, reads run on pooled read-only connections beside the writer: each read must
    /// see every write acknowledged before it, from any connection, under concurrency.
    @Test func readsOnPooledConnectionsSeeEveryAcknowledgedWrite() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let live = try LiveEmulator(transitionDelay: 0, databasePath: folder.file("db.sqlite3"))
        defer { live.stop() }
        #expect(try live.client.call("CreateWorkforce", cognitoWorkforce).status == 200)
        let failures = LockedValue<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for round in 0..<25 {
                let cidr = "10.\(worker).\(round).0/24"
                let namespace = [authorization(account: "10000000000\(worker)", region: "us-east-1")]
                do {
                    if round == 0 { _ = try live.client.call("CreateWorkforce", cognitoWorkforce, headers: namespace) }
                    let update = try live.client.call(
                        "UpdateWorkforce", #"{"WorkforceName":"wf","SourceIpConfig":{"Cidrs":["\#(cidr)"]}}"#, headers: namespace)
                    let read = try json(try live.client.call("DescribeWorkforce", #"{"WorkforceName":"wf"}"#, headers: namespace))
                    if update.status != 200 || read["Workforce"]?["SourceIpConfig"] != ["Cidrs": .array([.string(cidr)])] {
                        failures.withLock { $0.append("worker \(worker) round \(round): \(read)") }
                    }
                } catch {
                    failures.withLock { $0.append("worker \(worker) round \(round): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
    }
}
