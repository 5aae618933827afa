import AWSJSONProtocol
import JSON
import SageMakerAPI
import SageMakerWorkforces
import SocketHTTPServer

/// An error that knows how it is answered (Hummingbird's `HTTPResponseError` idea): its status,
/// headers and body. Anything thrown that is not one is a bug, answered `500` by ``ErrorRenderer``.
protocol HTTPResponseError: Error {
    /// The response for this error; `requestID` is the request's `x-amzn-RequestId` where it has one.
    func response(requestID: String) -> HTTPResponse
}

/// The one place an error becomes a response.
enum ErrorRenderer {
    /// `error`'s own response, a domain error as its AWS error, or else `500 InternalFailure`, logged once
    /// with the request id (the message names the id, so a user can find the line).
    static func response(for error: any Error, requestID: String, logger: Logger, route: String) -> HTTPResponse {
        switch error {
        case let known as any HTTPResponseError:
            return known.response(requestID: requestID)
        case let domain as WorkforceError:
            return AWSError(domain).response(requestID: requestID)
        default:
            logger.log(.error, "internal_failure", ["route": route, "request_id": requestID, "error": "\(error)"])
            return AWSError.internalFailure(requestID: requestID).response(requestID: requestID)
        }
    }
}

extension AWSError: HTTPResponseError {
    /// The awsJson 1.1 error response (spec §1): status, `X-Amzn-ErrorType`, `__type`, `message`, `Message`.
    func response(requestID: String) -> HTTPResponse { HTTPResponse(AWSResponse.error(self, requestID: requestID)) }
}

/// A refusal of an admin endpoint, answered `{"error": message}` with its status (and `Allow` on a 405).
struct AdminError: HTTPResponseError {
    let status: Int
    let message: String
    var allow: String?

    init(status: Int, message: String, allow: String? = nil) {
        self.status = status
        self.message = message
        self.allow = allow
    }

    /// `400`: a malformed body or parameter, saying why.
    static func badRequest(_ message: String) -> AdminError { AdminError(status: 400, message: message) }

    func response(requestID: String) -> HTTPResponse { .json(status, ["error": .string(message)], allow: allow) }
}

extension FixtureError: HTTPResponseError {
    /// A reset whose fixtures no longer apply to the current state: `409` saying which and why.
    func response(requestID: String) -> HTTPResponse { .json(409, ["error": .string(description)]) }
}

extension HTTPResponse {
    /// The transport's form of a protocol response.
    init(_ response: AWSResponse) {
        self.init(status: response.status, headers: HTTPHeaders(response.headers), body: response.body)
    }

    /// `HTTPResponse(AWSResponse.success(body:requestID:))`, the answer of every successful call, with
    /// its headers from a template (``HTTPHeaders/Template``): one allocation for them instead of three.
    static func awsSuccess(body: [UInt8], requestID: String) -> HTTPResponse {
        HTTPResponse(status: 200, headers: awsSuccessHeaders.filled(lastValue: requestID), body: body)
    }

    /// ``awsSuccess(body:requestID:)`` with the id written straight into the header (no `String` of it).
    static func awsSuccess(body: [UInt8], requestID: RequestID) -> HTTPResponse {
        HTTPResponse(status: 200, headers: requestID.withText { awsSuccessHeaders.filled(lastValue: $0) }, body: body)
    }

    /// AWSResponse's success headers, the request id last, a made-up one as long as every real one.
    static let awsSuccessHeaders = HTTPHeaders.Template(AWSResponse.success(body: [], requestID: RequestID.placeholder).headers)

    /// An `application/json` response (the admin endpoints'), with `Allow` when given.
    static func json(_ status: Int, _ body: JSONValue, allow: String? = nil) -> HTTPResponse {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        if let allow { headers.add(name: "Allow", value: allow) }
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.bytes(body))
    }

    /// A `text/html; charset=utf-8` response.
    static func html(_ status: Int, _ page: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]), body: Array(page.utf8))
    }
}
