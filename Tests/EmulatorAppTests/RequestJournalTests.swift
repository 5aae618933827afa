import JSON
import SageMakerWorkforces
import SocketHTTPServer
import Testing

@testable import EmulatorApp

@Suite struct RequestJournalTests {
    static let east = Namespace(account: "111111111111", region: "us-east-1")
    static let west = Namespace(account: "222222222222", region: "eu-west-1")

    /// An API entry with defaults.
    static func call(
        _ operation: String = "DescribeWorkforce", namespace: Namespace = east, status: Int = 200, errorCode: String? = nil,
        request: String = #"{"WorkforceName":"wf"}"#, response: String = "{}"
    ) -> JournalEntry {
        let call = APICall(
            operation: operation, target: "SageMaker.\(operation)", errorCode: errorCode, requestID: RequestID(high: 0, low: 0),
            request: .request(raw: Array(request.utf8), parsed: nil), response: .response(Array(response.utf8)))
        return JournalEntry(time: 1_000, namespace: namespace, status: status, durationMicroseconds: 1_500, detail: .api(call))
    }

    static func sequences(_ journal: RequestJournal, _ query: JournalQuery = JournalQuery()) -> [UInt64] {
        journal.entries(matching: query).entries.map(\.sequence)
    }

    // MARK: Bounds

    @Test func keepsTheLastEntriesOnlyAndSequencesKeepIncreasing() {
        let journal = RequestJournal(capacity: 3)
        for _ in 0..<7 { journal.record(Self.call()) }
        #expect(Self.sequences(journal) == [5, 6, 7])
        #expect(journal.usage.count == 3)
        #expect(journal.latest(2).map(\.sequence) == [7, 6])
        #expect(journal.clear() == 3)
        journal.record(Self.call())
        #expect(Self.sequences(journal) == [8])  // a cleared journal does not reuse sequence numbers
    }

    @Test func sizeZeroRecordsNothing() {
        let journal = RequestJournal(capacity: 0)
        #expect(!journal.isEnabled)
        journal.record(Self.call())
        let found = journal.entries(matching: JournalQuery())
        #expect(found.entries.isEmpty && found.nextSequence == 0)
    }

    @Test func theByteBudgetDropsTheOldestEntries() {
        let big = "{\"WorkforceName\":\"" + String(repeating: "x", count: 10_000) + "\"}"
        let journal = RequestJournal(capacity: 100, byteBudget: 35_000)
        for _ in 0..<10 { journal.record(Self.call(request: big)) }
        let usage = journal.usage
        #expect(usage.count == 3 && usage.bytes <= 35_000)
        #expect(Self.sequences(journal) == [8, 9, 10])
    }

    @Test func bodiesOverTheLimitAreNotKeptButTheCallIs() throws {
        let huge = "[" + Array(repeating: "1", count: JournalBody.maxKeptBytes / 2 + 1).joined(separator: ",") + "]"
        let journal = RequestJournal(capacity: 10)
        journal.record(Self.call(request: huge))
        let entry = try #require(journal.entries(matching: JournalQuery()).entries.first).json()
        #expect(entry["request"] == .null)
        #expect(entry["requestNote"]?.stringValue?.contains("over the journal's") == true)
        #expect(entry["operation"] == "DescribeWorkforce")
    }

    // MARK: Filters

    @Test func filtersCombineAndRepeatedParametersMatchAnyValue() throws {
        let journal = RequestJournal(capacity: 100)
        journal.record(Self.call("CreateWorkforce"))  // 1
        journal.record(Self.call("UpdateWorkforce", status: 400, errorCode: "ThrottlingException"))  // 2
        journal.record(Self.call("UpdateWorkforce"))  // 3
        journal.record(Self.call("UpdateWorkforce", namespace: Self.west))  // 4
        journal.record(Self.call("DescribeWorkforce", status: 400, errorCode: "ValidationException"))  // 5
        let visit = PortalVisit(method: "GET", subDomain: "s", address: "10.0.0.1", decision: .denied, matchedCidr: nil)
        journal.recordPortalVisit(visit, namespace: Self.east, status: 404, started: .now, now: 2_000)  // 6

        func select(_ query: String) throws -> [UInt64] { Self.sequences(journal, try JournalRoutes.query(QueryParameters(query))) }
        #expect(try select("operation=UpdateWorkforce") == [2, 3, 4])
        #expect(try select("operation=UpdateWorkforce&account=111111111111") == [2, 3])
        #expect(try select("operation=UpdateWorkforce&region=eu-west-1") == [4])
        #expect(try select("status=400") == [2, 5])
        #expect(try select("errorCode=ThrottlingException") == [2])
        #expect(try select("operation=CreateWorkforce&operation=DescribeWorkforce") == [1, 5])
        #expect(try select("kind=portal") == [6])
        #expect(try select("status=404&kind=portal") == [6])
        #expect(try select("after=3") == [4, 5, 6])
        #expect(try select("after=3&operation=UpdateWorkforce") == [4])
        #expect(try select("limit=2") == [1, 2])
        #expect(try select("") == [1, 2, 3, 4, 5, 6])
    }

    @Test func nextSequenceContinuesFromTheAnswer() throws {
        let journal = RequestJournal(capacity: 100)
        for _ in 0..<5 { journal.record(Self.call()) }
        // Cut by limit: continue after the last one returned.
        let page = journal.entries(matching: try JournalRoutes.query(QueryParameters("limit=2")))
        #expect(page.entries.map(\.sequence) == [1, 2] && page.nextSequence == 2)
        let next = journal.entries(matching: try JournalRoutes.query(QueryParameters("limit=2&after=2")))
        #expect(next.entries.map(\.sequence) == [3, 4] && next.nextSequence == 4)
        // Not cut (even when filtered): continue after the latest entry.
        #expect(journal.entries(matching: try JournalRoutes.query(QueryParameters("operation=Nothing"))).nextSequence == 5)
        // limit=0 is a mark: no entries, and where "now" is.
        let mark = journal.entries(matching: try JournalRoutes.query(QueryParameters("limit=0")))
        #expect(mark.entries.isEmpty && mark.nextSequence == 5)
        let huge = journal.entries(matching: try JournalRoutes.query(QueryParameters("limit=\(Int.max)")))
        #expect(huge.entries.count == 5 && huge.nextSequence == 5)
    }

    @Test func malformedFiltersAreRefused() {
        for query in ["status=abc", "status=99", "account=123", "region=US_EAST", "after=-1", "limit=x", "kind=admin", "color=blue"] {
            #expect(throws: AdminError.self, "\(query)") { try JournalRoutes.query(QueryParameters(query)) }
        }
    }

    @Test func aScopedClearLeavesOtherNamespaces() {
        let journal = RequestJournal(capacity: 100)
        journal.record(Self.call(namespace: Self.east))
        journal.record(Self.call(namespace: Self.west))
        journal.record(Self.call(namespace: Self.east))
        #expect(journal.clear(NamespaceFilter(account: Self.east.account)) == 2)
        #expect(Self.sequences(journal) == [2])
        journal.record(Self.call())
        #expect(Self.sequences(journal) == [2, 4])
    }

    // MARK: Redaction

    @Test func clientSecretsAreRedactedBeforeTheyAreKept() throws {
        let secret = "s3cr3t-value-1234"
        let body = #"{"WorkforceName":"wf","OidcConfig":{"ClientId":"c","ClientSecret":"\#(secret)"},"#
            + #""Nested":[{"clientsecret":"\#(secret)"}],"Escaped":{"Client\u0053ecret":"\#(secret)"}}"#
        let kept = JournalBody.request(raw: Array(body.utf8), parsed: nil)
        guard case .json(let bytes) = kept else {
            Issue.record("expected the body to be kept")
            return
        }
        #expect(!String(decoding: bytes, as: UTF8.self).contains(secret))
        let value = try JSONParser.parse(bytes)
        #expect(value["OidcConfig"]?["ClientSecret"] == .string(SecretRedaction.placeholder))
        #expect(value["Nested"]?.arrayValue?.first?["clientsecret"] == .string(SecretRedaction.placeholder))
        #expect(value["Escaped"]?["ClientSecret"] == .string(SecretRedaction.placeholder))
        #expect(value["OidcConfig"]?["ClientId"] == "c")
    }

    @Test func bodiesWithoutSecretsAreKeptAsReceived() {
        let raw = Array(#"{ "WorkforceName" : "wf" }"#.utf8)
        guard case .json(let bytes) = JournalBody.request(raw: raw, parsed: nil) else {
            Issue.record("expected the body to be kept")
            return
        }
        #expect(bytes == raw)
    }

    @Test func unparseableAndEmptyBodiesAreRecordedWithANote() throws {
        let journal = RequestJournal(capacity: 10)
        journal.record(Self.call(request: #"{"ClientSecret":"oops"#))
        journal.record(Self.call(request: ""))
        let entries = journal.entries(matching: JournalQuery()).entries.map { $0.json() }
        #expect(entries[0]["request"] == .null)
        #expect(entries[0]["requestNote"]?.stringValue?.contains("not valid JSON") == true)
        #expect(entries[1]["request"] == .object(JSONObject()))
        #expect(entries[1]["requestNote"] == nil)
    }

    @Test func anEntryRendersEveryField() throws {
        let journal = RequestJournal(capacity: 10)
        journal.record(Self.call("UpdateWorkforce", status: 400, errorCode: "ThrottlingException", response: #"{"__type":"ThrottlingException"}"#))
        journal.record(Self.call("ListWorkforces"))
        let entries = journal.entries(matching: JournalQuery()).entries.map { $0.json() }
        let failed = entries[0]
        #expect(failed["sequence"] == 1 && failed["time"] == 1.0 && failed["kind"] == "api")
        #expect(failed["account"] == "111111111111" && failed["region"] == "us-east-1")
        #expect(failed["operation"] == "UpdateWorkforce" && failed["target"] == "SageMaker.UpdateWorkforce")
        #expect(failed["status"] == 400 && failed["errorCode"] == "ThrottlingException")
        #expect(failed["requestId"] == "00000000-0000-4000-8000-000000000000" && failed["durationMs"] == 1.5)
        #expect(failed["request"] == ["WorkforceName": "wf"] && failed["response"] == ["__type": "ThrottlingException"])
        #expect(entries[1]["errorCode"] == nil)  // absent on success
    }

    // MARK: Configuration

    @Test func journalSizeIsAFlagAndAnEnvironmentVariable() throws {
        guard case .run(let defaults) = try Configuration.parse(arguments: [], environment: [:]) else { return }
        #expect(defaults.journalSize == 1000)
        guard case .run(let fromEnvironment) = try Configuration.parse(arguments: [], environment: ["WORKFORCE_EMULATOR_JOURNAL_SIZE": "0"])
        else { return }
        #expect(fromEnvironment.journalSize == 0)
        guard case .run(let flagWins) = try Configuration.parse(arguments: ["--journal-size=5"], environment: ["WORKFORCE_EMULATOR_JOURNAL_SIZE": "0"])
        else { return }
        #expect(flagWins.journalSize == 5)
        #expect(throws: ConfigurationError.self) { try Configuration.parse(arguments: ["--journal-size", "-1"], environment: [:]) }
    }
}
