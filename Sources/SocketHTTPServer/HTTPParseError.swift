/// Why a request could not be parsed; each case is one framing rule of RFC 9112 / RFC 9110.
///
/// The server answers with ``status`` and ``reason`` (as a `text/plain` body) and closes the connection.
public enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request-line is not `method SP request-target SP HTTP-version` (RFC 9112 §3).
    case invalidRequestLine
    /// The method is not a token (RFC 9112 §3.1, RFC 9110 §5.6.2).
    case invalidMethod
    /// The request-target is empty or holds whitespace, control or non-ASCII bytes (RFC 9112 §3.2).
    case invalidTarget
    /// The HTTP version is well-formed but not 1.0 or 1.1 (RFC 9112 §2.3, RFC 9110 §15.6.6).
    case unsupportedVersion
    /// The request-line is longer than ``HTTPParserLimits/maxRequestLineBytes`` (RFC 9112 §3).
    case requestLineTooLong
    /// The header section (or the trailer section) is larger than ``HTTPParserLimits/maxHeaderBytes``.
    case headersTooLarge
    /// A CR not followed by LF in the message head (RFC 9112 §2.2). (A NUL is ``invalidHeaderValue`` or
    /// ``invalidTarget``; the response's wording, which mentions NUL too, is kept as clients have seen it.)
    case invalidLineEnding
    /// A field line without a colon, or whose name is empty or not a token (RFC 9112 §5).
    case invalidHeaderName
    /// Whitespace between a field name and the colon (RFC 9112 §5.1: MUST be rejected with 400).
    case whitespaceBeforeColon
    /// A field value holding control characters (RFC 9110 §5.5).
    case invalidHeaderValue
    /// A field line starting with whitespace: obsolete line folding (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A `Content-Length` that is not digits only (RFC 9110 §8.6, RFC 9112 §6.3).
    case invalidContentLength
    /// Several `Content-Length` values that differ (RFC 9112 §6.3 item 5).
    case conflictingContentLength
    /// Both `Content-Length` and `Transfer-Encoding` (RFC 9112 §6.3 item 3).
    case contentLengthWithTransferEncoding
    /// A transfer coding other than `chunked` (RFC 9112 §6.1: 501).
    case unsupportedTransferEncoding
    /// `chunked` is not the final coding exactly once, or is sent in an HTTP/1.0 request (RFC 9112 §6.1, §6.3 item 4).
    case invalidTransferEncoding
    /// The body (declared or de-chunked) is larger than ``HTTPParserLimits/maxBodyBytes`` (RFC 9110 §15.5.14).
    case bodyTooLarge
    /// A chunk-size that is not hexadecimal (RFC 9112 §7.1).
    case invalidChunkSize
    /// A chunk extension holding control characters (RFC 9112 §7.1.1).
    case invalidChunkExtension
    /// Chunk extensions adding up to more than ``HTTPParserLimits/maxHeaderBytes`` (RFC 9112 §7.1.1 lets servers limit them).
    case chunkExtensionsTooLarge
    /// Chunk data not followed by CRLF (RFC 9112 §7.1).
    case invalidChunkTerminator

    /// The status code to answer with.
    public var status: Int {
        switch self {
        case .requestLineTooLong: 414
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .unsupportedTransferEncoding: 501
        case .unsupportedVersion: 505
        case .invalidRequestLine, .invalidMethod, .invalidTarget, .invalidLineEnding, .invalidHeaderName,
             .whitespaceBeforeColon, .invalidHeaderValue, .obsoleteLineFolding, .invalidContentLength,
             .conflictingContentLength, .contentLengthWithTransferEncoding, .invalidTransferEncoding,
             .invalidChunkSize, .invalidChunkExtension, .chunkExtensionsTooLarge, .invalidChunkTerminator:
            400
        }
    }

    /// One short sentence saying what was wrong, used as the response body.
    public var reason: String {
        switch self {
        case .invalidRequestLine: "The request line is malformed."
        case .invalidMethod: "The request method is not a valid token."
        case .invalidTarget: "The request target is empty or contains invalid characters."
        case .unsupportedVersion: "Only HTTP/1.0 and HTTP/1.1 are supported."
        case .requestLineTooLong: "The request line is too long."
        case .headersTooLarge: "The request header fields are too large."
        case .invalidLineEnding: "The request contains a bare CR or a NUL byte."
        case .invalidHeaderName: "A header field name is missing or invalid."
        case .whitespaceBeforeColon: "A header field name is followed by whitespace before the colon."
        case .invalidHeaderValue: "A header field value contains invalid characters."
        case .obsoleteLineFolding: "Obsolete header line folding is not accepted."
        case .invalidContentLength: "The Content-Length header is not a valid number."
        case .conflictingContentLength: "The request has conflicting Content-Length values."
        case .contentLengthWithTransferEncoding: "The request has both Content-Length and Transfer-Encoding."
        case .unsupportedTransferEncoding: "Only the chunked transfer coding is supported."
        case .invalidTransferEncoding: "The Transfer-Encoding header is invalid for this request."
        case .bodyTooLarge: "The request body is too large."
        case .invalidChunkSize: "A chunk size is not a valid hexadecimal number."
        case .invalidChunkExtension: "A chunk extension contains invalid characters."
        case .chunkExtensionsTooLarge: "The chunk extensions are too large."
        case .invalidChunkTerminator: "Chunk data is not followed by CRLF."
        }
    }

    /// `status reason`, for logs.
    public var description: String { "\(status) \(reason)" }
}

/// Size limits enforced while parsing a request; each has a documented default.
public struct HTTPParserLimits: Sendable, Equatable {
    /// The longest request-line accepted, excluding its CRLF; longer → 414. Default 8 KiB.
    public var maxRequestLineBytes = 8 * 1024
    /// The largest header section accepted: the field lines after the request-line, each with its
    /// line ending, excluding the final empty line; larger → 431. Also bounds the trailer section
    /// and the sum of chunk extensions. Default 16 KiB.
    public var maxHeaderBytes = 16 * 1024
    /// The largest body accepted (`Content-Length`, or the de-chunked total); larger → 413. Default 1 MiB.
    public var maxBodyBytes = 1024 * 1024

    /// Creates the default limits.
    public init() {}

    /// Creates limits with the given values.
    public init(maxRequestLineBytes: Int, maxHeaderBytes: Int, maxBodyBytes: Int) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}

/// What the parser produced.
public enum HTTPParserEvent: Sendable, Equatable {
    /// The head asked `Expect: 100-continue` and the body is not all here yet: the server should
    /// write `HTTP/1.1 100 Continue` (RFC 9110 §10.1.1). Emitted at most once per request.
    case expectContinue
    /// A complete request.
    case request(HTTPRequest)
}
