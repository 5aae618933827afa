import Testing

@testable import AWSJSONProtocol

@Suite struct SigV4VerifierTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    /// 2015-08-30T12:36:00Z, the time of AWS's published SigV4 test suite.
    static let testSuiteTime: Int64 = 1_440_938_160
    let verifier = SigV4Verifier(secrets: ["AKIDEXAMPLE": secret], service: "service")

    /// AWS's published `get-vanilla` case: the expected signature comes from AWS's test suite, not from this code.
    func vanilla(signature: String = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                 key: String = "AKIDEXAMPLE", date: String = "20150830T123600Z") -> SignedRequest {
        SignedRequest(
            method: "GET", path: "/", query: nil,
            headers: [
                ("Host", "example.amazonaws.com"), ("X-Amz-Date", date),
                ("Authorization", "AWS4-HMAC-SHA256 Credential=\(key)/\(date.prefix(8))/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=\(signature)"),
            ],
            body: [])
    }

    func code(_ request: SignedRequest, now: Int64 = testSuiteTime) -> String? {
        do {
            try verifier.verify(request, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func awsPublishedVectorVerifies() {
        #expect(code(vanilla()) == nil)
    }

    @Test func aChangedSignatureOrSecretIsRefused() {
        #expect(code(vanilla(signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf30")) == "InvalidSignatureException")
        let otherSecret = SigV4Verifier(secrets: ["AKIDEXAMPLE": "not-the-secret"], service: "service")
        #expect(throws: AWSError.self) { try otherSecret.verify(vanilla(), now: Self.testSuiteTime) }
    }

    @Test func aTamperedSignedHeaderIsRefused() {
        var request = vanilla()
        request.headers[0] = ("Host", "evil.amazonaws.com")
        #expect(code(request) == "InvalidSignatureException")
    }

    @Test func unknownKeysAndMissingOrMalformedHeaders() {
        #expect(code(vanilla(key: "AKIDOTHER")) == "UnrecognizedClientException")
        var unsigned = vanilla()
        unsigned.headers.removeAll { $0.name == "Authorization" }
        #expect(code(unsigned) == "MissingAuthenticationTokenException")
        var malformed = vanilla()
        malformed.headers[2] = ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request")
        #expect(code(malformed) == "IncompleteSignatureException")
        var basic = vanilla()
        basic.headers[2] = ("Authorization", "Basic dXNlcjpwYXNz")
        #expect(code(basic) == "IncompleteSignatureException")
        var undated = vanilla()
        undated.headers.removeAll { $0.name == "X-Amz-Date" }
        #expect(code(undated) == "IncompleteSignatureException")
    }

    @Test func datesMoreThanFifteenMinutesOffAreRefused() throws {
        #expect(code(vanilla(), now: Self.testSuiteTime + 15 * 60) == nil)
        #expect(code(vanilla(), now: Self.testSuiteTime - 15 * 60) == nil)
        #expect(code(vanilla(), now: Self.testSuiteTime + 15 * 60 + 1) == "InvalidSignatureException")
        #expect(code(vanilla(), now: Self.testSuiteTime - 15 * 60 - 1) == "InvalidSignatureException")
        do {
            try verifier.verify(vanilla(), now: Self.testSuiteTime + 3600)
            Issue.record("expected an expired signature")
        } catch {
            #expect(error.message == "Signature expired: 20150830T123600Z is now earlier than 20150830T132100Z (20150830T133600Z - 15 min.)")
        }
    }

    @Test func theScopeMustNameTheServiceAndTheRequestDate() {
        let sagemaker = SigV4Verifier(secrets: ["AKIDEXAMPLE": Self.secret], service: "sagemaker")
        #expect(throws: AWSError.self) { try sagemaker.verify(vanilla(), now: Self.testSuiteTime) }
    }

    @Test(arguments: [("20150830T123600Z", Int64(1_440_938_160)), ("19700101T000000Z", 0), ("20000229T235959Z", 951_868_799)])
    func amzDatesRoundTrip(text: String, seconds: Int64) {
        #expect(SigV4Verifier.epochSeconds(amzDate: text) == seconds)
        #expect(SigV4Verifier.amzDate(seconds) == text)
    }

    @Test func canonicalPiecesFollowTheSpecification() {
        #expect(SigV4Verifier.canonicalHeaderValue("  a   b\tc  ") == "a b c")
        #expect(SigV4Verifier.canonicalURI("/a%20b/c") == "/a%2520b/c")
        #expect(SigV4Verifier.canonicalQuery("b=2&a=%2F&a=1") == "a=%2F&a=1&b=2")
    }
}

@Suite struct SharedCredentialsFileTests {
    @Test func everyProfilesPairIsRead() throws {
        let text = """
            # test keys
            [default]
            aws_access_key_id = AKIDONE
            aws_secret_access_key = secret/one
            region = us-east-1

            [ci]
            aws_access_key_id=123456789012
            aws_secret_access_key=secret two
            aws_session_token = ignored
            """
        #expect(try SharedCredentialsFile.parse(text) == ["AKIDONE": "secret/one", "123456789012": "secret two"])
    }

    @Test(arguments: ["", "[a]\naws_access_key_id = x\n", "aws_access_key_id = x\n", "[a]\nnot a pair\n", "[]\n"])
    func malformedFilesAreRefusedWithoutEchoingSecrets(text: String) {
        #expect(throws: SharedCredentialsFile.ParseError.self) { try SharedCredentialsFile.parse(text) }
    }
}
