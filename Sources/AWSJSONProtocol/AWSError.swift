import JSON

/// An error as the awsJson 1.1 protocol puts it on the wire: a code, a message and an HTTP status.
///
/// The code goes in `X-Amzn-ErrorType` and in the body's `__type`; the message in both `message` and
/// `Message` (spec §1: Go v2, Java v2 and the Swift SDK read the header, botocore reads `__type`, and the
/// modeled SageMaker errors have a `Message` member).
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code, e.g. `ValidationException` or `ResourceInUse`.
    public var code: String
    /// Human-readable text; never contains a secret.
    public var message: String
    /// HTTP status; 400 for client errors unless stated.
    public var status: Int

    /// An error with the given code, message and status.
    public init(code: String, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// `<code>: <message>`, for logs and test failures.
    public var description: String { "\(code): \(message)" }

    /// A `ValidationException` with a message already in AWS's words.
    public static func validation(_ message: String) -> AWSError {
        AWSError(code: "ValidationException", message: message)
    }

    /// A `SerializationException`: the body is not JSON, or a member has the wrong JSON type.
    public static func serialization(_ message: String) -> AWSError {
        AWSError(code: "SerializationException", message: message)
    }

    /// An `UnknownOperationException`: no target, another service's target, or no such operation.
    public static func unknownOperation(_ message: String) -> AWSError {
        AWSError(code: "UnknownOperationException", message: message)
    }

    /// `InternalFailure` (500): a bug in the emulator, logged with the request id.
    public static func internalFailure(requestID: String) -> AWSError {
        AWSError(
            code: "InternalFailure",
            message: "The request processing has failed because of an unknown error. Request id: \(requestID)",
            status: 500)
    }
}

/// A protocol-level response, independent of the transport that writes it.
public struct AWSResponse: Sendable, Equatable {
    /// HTTP status code.
    public var status: Int
    /// Header fields in order.
    public var headers: [(String, String)]
    /// The JSON body.
    public var body: [UInt8]

    /// The awsJson 1.1 content type of every response body.
    public static let contentType = "application/x-amz-json-1.1"

    /// A `200` with `output` as the body.
    public static func success(_ output: JSONValue, requestID: String) -> AWSResponse {
        success(body: JSONWriter.bytes(output), requestID: requestID)
    }

    /// A `200` with an output already encoded as JSON.
    public static func success(body: [UInt8], requestID: String) -> AWSResponse {
        AWSResponse(status: 200, headers: [("Content-Type", contentType), ("x-amzn-RequestId", requestID)], body: body)
    }

    /// The error's status, `X-Amzn-ErrorType`, and a body with `__type`, `message` and `Message` (spec §1).
    public static func error(_ error: AWSError, requestID: String) -> AWSResponse {
        let body: JSONValue = [
            "__type": .string(error.code),
            "message": .string(error.message),
            "Message": .string(error.message),
        ]
        return AWSResponse(
            status: error.status,
            headers: [
                ("Content-Type", contentType), ("x-amzn-RequestId", requestID), ("X-Amzn-ErrorType", error.code),
            ],
            body: JSONWriter.bytes(body))
    }

    /// Same status, body and header fields in the same order (tuples are not Equatable).
    public static func == (lhs: AWSResponse, rhs: AWSResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body && lhs.headers.count == rhs.headers.count
            && zip(lhs.headers, rhs.headers).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}
