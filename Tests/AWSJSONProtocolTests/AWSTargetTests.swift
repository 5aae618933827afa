import Testing

@testable import AWSJSONProtocol

@Suite struct AWSTargetTests {
    @Test func splitsPrefixAndOperation() throws {
        let target = try #require(AWSTarget(header: "SageMaker.UpdateWorkforce"))
        #expect(target.prefix == "SageMaker")
        #expect(target.operation == "UpdateWorkforce")
    }

    @Test func splitsAtTheLastDot() throws {
        let target = try #require(AWSTarget(header: "com.amazonaws.sagemaker.SageMaker.ListWorkteams"))
        #expect(target.prefix == "com.amazonaws.sagemaker.SageMaker")
        #expect(target.operation == "ListWorkteams")
    }

    @Test(arguments: ["", "SageMaker", "SageMaker.", ".UpdateWorkforce", "."])
    func rejectsHeadersWithoutBothSides(header: String) {
        #expect(AWSTarget(header: header) == nil)
    }
}

@Suite struct SigV4CredentialScopeTests {
    @Test func parsesTheCredential() throws {
        let header =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251129/eu-west-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123"
        let scope = try #require(SigV4CredentialScope(authorization: header))
        #expect(scope.accessKeyID == "AKIDEXAMPLE")
        #expect(scope.date == "20251129")
        #expect(scope.region == "eu-west-1")
        #expect(scope.service == "sagemaker")
    }

    @Test func parsesWithoutSpacesAfterCommas() throws {
        let scope = try #require(
            SigV4CredentialScope(authorization: "AWS4-HMAC-SHA256 Credential=123456789012/20251129/cn-north-1/sagemaker/aws4_request,SignedHeaders=host,Signature=ff"))
        #expect(scope.accessKeyID == "123456789012")
        #expect(scope.region == "cn-north-1")
    }

    @Test(arguments: [
        "",
        "Bearer token",
        "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKID/20251129/us-east-1/sagemaker, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKID/20251129/us-east-1/sagemaker/aws4_request/extra, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKID/20251129//sagemaker/aws4_request, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=/20251129/us-east-1/sagemaker/aws4_request, Signature=abc",
        "AWS4-HMAC-SHA256 Credential=AKID/20251129/us-east-1/sagemaker/aws5_request, Signature=abc",
        "AWS-HMAC-SHA1 Credential=AKID/20251129/us-east-1/sagemaker/aws4_request",
        "AWS4-HMAC-SHA256",
        "AWS4-HMAC-SHA256 Credential",
        "AWS4-HMAC-SHA256 Credential=",
        "AWS4-HMAC-SHA256 Credential=////aws4_request",
        "AWS4-HMAC-SHA256 Credential=AKID/20251129/us-east-1/sagemaker/aws4_request\u{301}, Signature=abc",
    ])
    func rejectsOtherHeaders(header: String) {
        #expect(SigV4CredentialScope(authorization: header) == nil)
    }
}

@Suite struct SigV4AuthorizationTests {
    @Test func readsTheThreeFields() throws {
        let fields = try #require(
            SigV4Authorization(header: "AWS4-HMAC-SHA256 Credential=AKID/20251129/eu-west-1/sagemaker/aws4_request,  SignedHeaders=host;x-amz-date , Signature=abc"))
        #expect(fields.credential == "AKID/20251129/eu-west-1/sagemaker/aws4_request")
        #expect(fields.signedHeaders == "host;x-amz-date")
        #expect(fields.signature == "abc")
        #expect(fields.scope?.region == "eu-west-1")
    }

    @Test func missingFieldsAreNilAndARepeatedOneKeepsItsLastValue() throws {
        let fields = try #require(SigV4Authorization(header: "AWS4-HMAC-SHA256 Credential=a, junk, Credential=b,,"))
        #expect(fields.credential == "b")
        #expect(fields.signedHeaders == nil)
        #expect(fields.signature == nil)
        #expect(fields.scope == nil)
    }

    @Test(arguments: ["", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256Credential=a/b/c/d/aws4_request", "Basic dXNlcjpwYXNz"])
    func otherSchemesAreNotSigV4(header: String) {
        #expect(SigV4Authorization(header: header) == nil)
        #expect(SigV4CredentialScope(authorization: header) == nil)
    }

    /// Routing and verification read one header the same way.
    @Test(arguments: [
        "AWS4-HMAC-SHA256 Credential=123456789012/20251129/cn-north-1/sagemaker/aws4_request, SignedHeaders=host, Signature=ff",
        "AWS4-HMAC-SHA256 SignedHeaders=host, Credential=AKID/20251129/us-west-2/sagemaker/aws4_request  , Signature=ff",
        "AWS4-HMAC-SHA256 Credential=x/y, Credential=AKID/20251129/us-west-2/sagemaker/aws4_request",
        "AWS4-HMAC-SHA256 Credential=AKID/20251129//sagemaker/aws4_request, Signature=ff",
        "AWS4-HMAC-SHA256 Credential=x",
    ])
    func theScopeIsTheSameForRoutingAndVerification(header: String) {
        #expect(SigV4CredentialScope(authorization: header) == SigV4Authorization(header: header)?.scope)
    }
}
