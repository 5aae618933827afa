import Testing

@testable import SocketHTTPServer

@Suite struct HTTPHeadersTests {
    @Test func lookupsAreCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders([("Set-Cookie", "a"), ("Content-Type", "text/plain")])
        headers.add(name: "set-cookie", value: "b")
        #expect(headers["SET-COOKIE"] == "a")
        #expect(headers.values(for: "Set-Cookie") == ["a", "b"])
        #expect(headers.contains("content-type"))
        #expect(!headers.contains("Content-Length"))
        #expect(headers.map(\.name) == ["Set-Cookie", "Content-Type", "set-cookie"])
    }

    @Test func replaceOrAddKeepsPositionAndDropsDuplicates() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3")])
        headers.replaceOrAdd(name: "a", value: "9")
        #expect(headers.map(\.value) == ["9", "2"])
        headers.replaceOrAdd(name: "C", value: "new")
        #expect(headers["c"] == "new")
        #expect(headers.count == 3)
    }

    @Test func tokenListLookup() {
        let headers: HTTPHeaders = ["Connection": "Upgrade, Keep-Alive"]
        #expect(headers.containsToken("keep-alive", in: "connection"))
        #expect(!headers.containsToken("close", in: "connection"))
    }

    @Test(arguments: [
        ("close", "close", true), ("keep-alive, Close", "close", true), (" \tCLOSE\t ", "close", true),
        ("closed", "close", false), ("x,,close", "close", true), ("", "close", false), (",", "close", false),
        ("upgrade,close-ish", "close", false), ("a, b ,c", "b", true), ("close", "", false),
    ])
    func listTokens(list: String, token: String, expected: Bool) {
        #expect(HTTPHeaders.list(list, containsToken: token) == expected)
    }

    /// Fields live as spans of one byte buffer: what goes in comes back out, empty names and values too.
    @Test func pairsRoundTripThroughTheByteStorage() {
        let pairs = [("", ""), ("X-Empty", ""), ("", "v"), ("Ünïcode", "välue ✓"), ("A", "1")]
        let headers = HTTPHeaders(pairs)
        #expect(headers.count == pairs.count)
        #expect(headers.map(\.name) == pairs.map(\.0))
        #expect(headers.map(\.value) == pairs.map(\.1))
        #expect(HTTPHeaders([("", "")]).map(\.name) == [""])
        var added = HTTPHeaders()
        for (name, value) in pairs { added.add(name: name, value: value) }
        #expect(added == headers)
        #expect(headers["x-empty"] == "")
        #expect(headers.withValueBytes(named: "a") { $0.map(Array.init) } == Array("1".utf8))
        #expect(headers.withValueBytes(named: "missing") { $0 == nil })
    }

    @Test func removeAndReplaceKeepTheOtherFieldsBytes() {
        var headers = HTTPHeaders([("A", "1"), ("B", "2"), ("a", "3"), ("C", "4")])
        headers.remove(name: "b")
        #expect(headers.map(\.name) == ["A", "a", "C"])
        headers.replaceOrAdd(name: "A", value: "new")
        #expect(headers.map(\.name) == ["A", "C"])
        #expect(headers.map(\.value) == ["new", "4"])
    }

    /// `Connection`, `Expect` and `Transfer-Encoding` are asked for through `mayContain` before any
    /// lookup: it must say yes however such a field came in and in any case, and no to other names.
    @Test func knownNamesAreNotedHoweverTheyCameIn() {
        let paired = HTTPHeaders([("X-A", "1"), ("CONNECTION", "close"), ("expect", "100-continue")])
        #expect(paired.mayContain(.connection) && paired.mayContain(.expect))
        #expect(!paired.mayContain(.transferEncoding))

        var added = HTTPHeaders()
        #expect(!added.mayContain(.connection))
        added.add(name: "Transfer-encoding", value: "chunked")
        #expect(added.mayContain(.transferEncoding))
        added.replaceOrAdd(name: "Connection", value: "keep-alive")
        #expect(added.mayContain(.connection))
        added.remove(name: "connection")
        #expect(!added.contains("Connection"))

        // Same lengths, other names.
        let lookalikes = HTTPHeaders([("Connectio2", "close"), ("Expec1", "x"), ("Transfer-Encodin9", "chunked")])
        #expect(!lookalikes.mayContain(.connection) && !lookalikes.mayContain(.expect) && !lookalikes.mayContain(.transferEncoding))
    }

    /// Known names are told apart a word at a time: every case of their letters counts, and nothing else
    /// of the same length does, whatever the byte (the `-` must be a `-`, not a CR, which ORed with 0x20
    /// would be one; `@` and `[` are 0x20 below letters' neighbours).
    @Test(arguments: [
        ("Connection", HTTPHeaders.KnownName.connection), ("cOnNeCtIoN", .connection), ("EXPECT", .expect),
        ("expect", .expect), ("Transfer-Encoding", .transferEncoding), ("TRANSFER-encoding", .transferEncoding),
        ("Content-Length", .contentLength), ("content-LENGTH", .contentLength), ("Authorization", .authorization),
        ("AUTHORIZATION", .authorization),
    ])
    func knownNamesMatchInAnyCase(name: String, known: HTTPHeaders.KnownName) {
        let bytes = Array(name.utf8)
        #expect(bytes.withUnsafeBufferPointer { HTTPHeaders.KnownName($0) } == known)
    }

    @Test(arguments: [
        "Content\rLength", "Transfer\rEncoding", "Content_Length", "Content-Lengtx", "Authorizatio@", "@uthorization",
        "Expec[", "Connectio{", "Content-Lengt", "Authorizations", "Expec", "Connection-", "content-length\u{0}",
        "Authori2ation", "ConnectioN\u{0}", "Conne\u{0}tion", "",
    ].map { Array($0.utf8) } + [[0x45, 0x78, 0x80, 0x65, 0x63, 0x74], [0x61, 0x75, 0x74, 0x68, 0x6F, 0x72, 0x69, 0x7A, 0x61, 0x74, 0x69, 0x6F, 0xEE]])
    func otherNamesAreNotKnown(bytes: [UInt8]) {
        #expect(bytes.withUnsafeBufferPointer { HTTPHeaders.KnownName($0) } == nil, "\(bytes)")
    }

    /// `Authorization` and `Content-Length` are found where they were added: the value read that way is
    /// the first field's, as a scan finds it, also with several such fields and after fields were removed
    /// or replaced (indexes moved); none when there is none.
    @Test func indexedNamesGiveWhatAScanGives() throws {
        func authorization(_ headers: HTTPHeaders) -> String? {
            var value: String?
            headers.withValueBytes(of: .authorization) { bytes in value = bytes.map { String(decoding: $0, as: UTF8.self) } }
            #expect(value == headers["Authorization"])
            return value
        }
        var headers = HTTPHeaders([("Host", "h"), ("authorization", "first"), ("Content-Length", "2")])
        #expect(authorization(headers) == "first")
        #expect(try HTTPGrammar.contentLength(of: headers) == 2)
        headers.add(name: "AUTHORIZATION", value: "second")
        #expect(authorization(headers) == "first")
        headers.remove(name: "Host")
        #expect(authorization(headers) == "first")
        headers.replaceOrAdd(name: "Authorization", value: "third")
        #expect(authorization(headers) == "third")
        headers.remove(name: "authorization")
        #expect(authorization(headers) == nil)
        #expect(authorization(HTTPHeaders()) == nil)
        #expect(authorization(["X-A": "1"]) == nil)

        // Moved by a removal before it: still the right field.
        var moved = HTTPHeaders([("A", "1"), ("Authorization", "mine"), ("Content-Length", "7")])
        moved.remove(name: "a")
        #expect(authorization(moved) == "mine")
        #expect(try HTTPGrammar.contentLength(of: moved) == 7)

        // Several Content-Length fields are all read: equal ones collapse, differing ones are refused.
        #expect(try HTTPGrammar.contentLength(of: HTTPHeaders([("Content-Length", "3"), ("content-length", "3")])) == 3)
        #expect(throws: HTTPParseError.conflictingContentLength) {
            try HTTPGrammar.contentLength(of: HTTPHeaders([("Content-Length", "3"), ("content-length", "4")]))
        }
        #expect(try HTTPGrammar.contentLength(of: HTTPHeaders([("X", "1")])) == nil)
    }

    /// The parser adds fields from their lines: a request's framing and connection options still count.
    @Test func knownNamesOfAParsedRequestCount() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("POST / HTTP/1.1\r\nHost: h\r\ncOnNeCtIoN: close\r\nTRANSFER-encoding: chunked\r\nExpect: 100-continue\r\n\r\n".utf8))
        guard case .expectContinue? = try parser.next() else {
            Issue.record("no 100-continue")
            return
        }
        parser.append(Array("0\r\n\r\n".utf8))
        guard case .request(let request)? = try parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(!request.wantsKeepAlive)
        #expect(request.headers.mayContain(.transferEncoding))
        let keepAlive = HTTPRequest(method: "GET", target: "/", versionMinor: 0, headers: ["Connection": "Keep-Alive"])
        #expect(keepAlive.wantsKeepAlive)
        #expect(!HTTPRequest(method: "GET", target: "/", versionMinor: 0).wantsKeepAlive)
        #expect(HTTPRequest(method: "GET", target: "/", versionMinor: 1).wantsKeepAlive)
    }

    /// A template's headers equal the ones built from pairs with the value in place, whatever its
    /// length (shorter, the same, longer, empty, not ASCII), and filling one never changes another.
    @Test(arguments: ["", "x", "0123456789", "abcdefghij-longer-than-the-template", "é–ü"])
    func templateFillsTheLastValue(value: String) {
        let template = HTTPHeaders.Template([("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", "0123456789")])
        let filled = template.filled(lastValue: value)
        let built = HTTPHeaders([("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", value)])
        #expect(filled == built)
        #expect(filled["X-AMZN-REQUESTID"] == value)
        #expect(filled["content-type"] == "application/x-amz-json-1.1")
        var lines: [String] = []
        filled.forEachField { name, value in lines.append(String(decoding: name, as: UTF8.self) + ": " + String(decoding: value, as: UTF8.self)) }
        #expect(lines == ["Content-Type: application/x-amz-json-1.1", "x-amzn-RequestId: \(value)"])
        #expect(template.filled(lastValue: "other") == HTTPHeaders([("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", "other")]))
        #expect(filled == built)
    }

    /// Known names in a template's fields still count (``HTTPHeaders/mayContain(_:)``), and a field added
    /// to filled headers goes after the filled value.
    @Test func templateKeepsKnownNamesAndTakesMoreFields() {
        let template = HTTPHeaders.Template([("Connection", "close"), ("X-Id", "aaaa")])
        var filled = template.filled(lastValue: "bbbb")
        #expect(filled.mayContain(.connection))
        #expect(filled.containsToken("close", in: "connection"))
        filled.add(name: "Allow", value: "POST")
        #expect(filled.map(\.name) == ["Connection", "X-Id", "Allow"])
        #expect(filled.map(\.value) == ["close", "bbbb", "POST"])
    }
}
