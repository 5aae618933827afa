import JSON
import Testing

@testable import AWSJSONProtocol

@Suite struct AWSErrorTests {
    @Test func errorResponseAgreesInHeaderAndBody() throws {
        let response = AWSResponse.error(.init(code: "ResourceInUse", message: "Cannot delete workforce wf because it has work teams."), requestID: "req-1")
        #expect(response.status == 400)
        #expect(response.headers.map(\.0) == ["Content-Type", "x-amzn-RequestId", "X-Amzn-ErrorType"])
        #expect(response.headers.map(\.1) == ["application/x-amz-json-1.1", "req-1", "ResourceInUse"])
        let body = try JSONParser.parse(response.body)
        #expect(
            body == [
                "__type": "ResourceInUse", "message": "Cannot delete workforce wf because it has work teams.",
                "Message": "Cannot delete workforce wf because it has work teams.",
            ])
    }

    @Test func messagesWithQuotesSurviveTheBody() throws {
        let message = #"Value '{"Cidrs": []}' at 'x' \ failed"#
        let response = AWSResponse.error(.validation(message), requestID: "r")
        #expect(try JSONParser.parse(response.body)["message"] == .string(message))
    }

    @Test func factoriesUseTheWireCodes() {
        #expect(AWSError.validation("m") == AWSError(code: "ValidationException", message: "m", status: 400))
        #expect(AWSError.serialization("m") == AWSError(code: "SerializationException", message: "m", status: 400))
        #expect(AWSError.unknownOperation("m") == AWSError(code: "UnknownOperationException", message: "m", status: 400))
        let failure = AWSError.internalFailure(requestID: "abc-123")
        #expect(failure.code == "InternalFailure")
        #expect(failure.status == 500)
        #expect(failure.message.contains("abc-123"))
    }

    @Test func internalFailureIsA500OnTheWire() throws {
        let response = AWSResponse.error(.internalFailure(requestID: "rid"), requestID: "rid")
        #expect(response.status == 500)
        #expect(response.headers.first { $0.0 == "X-Amzn-ErrorType" }?.1 == "InternalFailure")
        #expect(try JSONParser.parse(response.body)["__type"] == "InternalFailure")
    }

    @Test func successResponse() throws {
        let response = AWSResponse.success(["WorkforceArn": "arn:aws:sagemaker:us-east-1:000000000000:workforce/wf"], requestID: "id-9")
        #expect(response.status == 200)
        #expect(response.headers.map(\.0) == ["Content-Type", "x-amzn-RequestId"])
        #expect(response.headers.map(\.1) == ["application/x-amz-json-1.1", "id-9"])
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"WorkforceArn":"arn:aws:sagemaker:us-east-1:000000000000:workforce/wf"}"#)
        #expect(String(decoding: AWSResponse.success([:], requestID: "x").body, as: UTF8.self) == "{}")
    }

    @Test func descriptionNamesCodeAndMessage() {
        #expect(AWSError.validation("No workforce found with name wf.").description == "ValidationException: No workforce found with name wf.")
    }
}
