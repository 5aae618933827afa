import CivilTime
import Digest

/// The parts of an HTTP request that AWS Signature Version 4 covers, independent of the transport.
public struct SignedRequest: Sendable {
    /// The request method, e.g. `POST`.
    public var method: String
    /// The path exactly as it appeared in the request line (still percent-encoded).
    public var path: String
    /// The query string as sent, without `?`.
    public var query: String?
    /// Header fields in order; names in any case.
    public var headers: [(name: String, value: String)]
    /// The body, whose SHA-256 the signature covers.
    public var body: [UInt8]

    /// A request to verify.
    public init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        let values = headers.filter { $0.name.lowercased() == lowered }.map(\.value)
        return values.isEmpty ? nil : values.joined(separator: ",")
    }
}

/// Verifies AWS Signature Version 4 `Authorization` headers against known key pairs, answering with
/// AWS's error codes when a request is not properly signed.
///
/// Implements https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html for the
/// header form (`Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` with
/// `X-Amz-Date`). Non-S3 services encode each path segment twice, which is what this does.
public struct SigV4Verifier: Sendable {
    /// Secret access keys by access key id. Never logged, never part of an error message.
    private let secrets: [String: String]
    /// The signing name the credential scope must carry, e.g. `sagemaker`.
    public let service: String
    /// How far the request's date may be from the server's clock (AWS allows 15 minutes).
    public let allowedSkewSeconds: Int64

    /// A verifier accepting every given key pair.
    public init(secrets: [String: String], service: String, allowedSkewSeconds: Int64 = 15 * 60) {
        self.secrets = secrets
        self.service = service
        self.allowedSkewSeconds = allowedSkewSeconds
    }

    /// How many key pairs it accepts.
    public var keyCount: Int { secrets.count }

    /// Returns normally when `request` is signed by a known key within the allowed skew of `now`
    /// (seconds since the Unix epoch); otherwise throws the error AWS would answer.
    public func verify(_ request: SignedRequest, now: Int64) throws(AWSError) {
        guard let authorization = request.header("Authorization"), !authorization.isEmpty else {
            throw AWSError(code: "MissingAuthenticationTokenException", message: "Missing Authentication Token", status: 403)
        }
        let parsed = try Self.parse(authorization)
        let (accessKeyID, scopeDate, region, scopeService) = (parsed.scope.accessKeyID, parsed.scope.date, parsed.scope.region, parsed.scope.service)
        guard let amzDate = request.header("X-Amz-Date") else {
            throw Self.incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        guard let requestTime = Self.epochSeconds(amzDate: amzDate) else {
            throw Self.incomplete("X-Amz-Date must be in the form yyyyMMdd'T'HHmmss'Z', not '\(amzDate)'.")
        }
        guard let secret = secrets[accessKeyID] else {
            throw AWSError(code: "UnrecognizedClientException", message: "The security token included in the request is invalid.", status: 403)
        }
        guard scopeService == service else {
            throw Self.invalidSignature("Credential should be scoped to correct service: '\(service)'.")
        }
        guard scopeDate == String(amzDate.prefix(8)) else {
            throw Self.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scopeDate)' != '\(amzDate.prefix(8))'.")
        }
        if requestTime < now - allowedSkewSeconds {
            throw Self.invalidSignature(
                "Signature expired: \(amzDate) is now earlier than \(Self.amzDate(now - allowedSkewSeconds)) (\(Self.amzDate(now)) - 15 min.)")
        }
        if requestTime > now + allowedSkewSeconds {
            throw Self.invalidSignature(
                "Signature not yet current: \(amzDate) is still later than \(Self.amzDate(now + allowedSkewSeconds)) (\(Self.amzDate(now)) + 15 min.)")
        }
        let signedHeaders = parsed.signedHeaders.split(separator: ";").map { $0.lowercased() }
        guard signedHeaders.contains("host") || request.header("Host") == nil else {
            throw Self.invalidSignature("'Host' must be a signed header.")
        }
        let canonical = Self.canonicalRequest(request, signedHeaders: signedHeaders)
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, "\(scopeDate)/\(region)/\(scopeService)/aws4_request", SHA256.hash(canonical).hexString,
        ].joined(separator: "\n")
        var key = HMACSHA256.authenticationCode(key: Array("AWS4\(secret)".utf8), message: Array(scopeDate.utf8))
        for part in [region, scopeService, "aws4_request"] {
            key = HMACSHA256.authenticationCode(key: key, message: Array(part.utf8))
        }
        let expected = HMACSHA256.authenticationCode(key: key, message: Array(stringToSign.utf8)).hexString
        guard Self.constantTimeEqual(expected, parsed.signature.lowercased()) else {
            throw Self.invalidSignature(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
            )
        }
    }

    // MARK: Pieces

    struct ParsedAuthorization {
        var scope: SigV4CredentialScope
        var signedHeaders: String
        var signature: String
    }

    /// The header's fields through ``SigV4Authorization`` (the parser routing uses too), each required
    /// and non-empty, and a well-formed credential scope; else `IncompleteSignatureException`.
    static func parse(_ authorization: String) throws(AWSError) -> ParsedAuthorization {
        guard let fields = SigV4Authorization(header: authorization) else {
            throw incomplete("Authorization header must start with 'AWS4-HMAC-SHA256 ' (only Signature Version 4 is supported).")
        }
        let named = [("Credential", fields.credential), ("SignedHeaders", fields.signedHeaders), ("Signature", fields.signature)]
        let missing = named.filter { ($0.1 ?? "").isEmpty }.map(\.0)
        guard missing.isEmpty, let credential = fields.credential, let signed = fields.signedHeaders, let signature = fields.signature
        else {
            throw incomplete(
                "Authorization header requires \(missing.map { "'\($0)'" }.joined(separator: ", ")) parameter(s). Authorization=\(authorization.prefix(64))")
        }
        guard let scope = SigV4CredentialScope(credential: credential) else {
            throw incomplete(
                "Credential should be scoped to a valid region, service and date: '\(credential)' is not <key>/<date>/<region>/<service>/aws4_request.")
        }
        return ParsedAuthorization(scope: scope, signedHeaders: signed, signature: signature)
    }

    /// The canonical request of SigV4, step 1.
    static func canonicalRequest(_ request: SignedRequest, signedHeaders: [String]) -> String {
        let headerLines = signedHeaders.map { name in "\(name):\(canonicalHeaderValue(request.header(name) ?? ""))\n" }.joined()
        let payloadHash = request.header("X-Amz-Content-Sha256") ?? SHA256.hash(request.body).hexString
        return [
            request.method, canonicalURI(request.path), canonicalQuery(request.query), headerLines, signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    /// Each segment's bytes encoded again (so `%` becomes `%25`), as botocore does for non-S3 services.
    static func canonicalURI(_ path: String) -> String {
        path.isEmpty ? "/" : uriEncode(path, keepSlash: true)
    }

    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = uriEncode(percentDecode(String(parts[0])), keepSlash: false)
            let value = parts.count > 1 ? uriEncode(percentDecode(String(parts[1])), keepSlash: false) : ""
            return (key, value)
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Trimmed, with runs of spaces collapsed to one.
    static func canonicalHeaderValue(_ value: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in value.trimmingSpacesAndTabs {
            if character == " " || character == "\t" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }

    static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                bytes.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                bytes.append(byte)
            default:
                bytes.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func percentDecode(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Compares without stopping at the first difference, so timing does not reveal how much matched.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// `yyyyMMdd'T'HHmmss'Z'` → seconds since the epoch.
    static func epochSeconds(amzDate: String) -> Int64? {
        let bytes = Array(amzDate.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            guard bytes[range].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int64(String(decoding: bytes[range], as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
            let minute = number(11..<13), let second = number(13..<15), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        return CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    static func amzDate(_ epochSeconds: Int64) -> String {
        let days = CivilDate.floorDivide(epochSeconds, 86_400)
        let secondsOfDay = epochSeconds - days * 86_400
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)\(two(month))\(two(day))T\(two(secondsOfDay / 3_600))\(two(secondsOfDay % 3_600 / 60))\(two(secondsOfDay % 60))Z"
    }

    static func incomplete(_ message: String) -> AWSError {
        AWSError(code: "IncompleteSignatureException", message: message, status: 400)
    }

    static func invalidSignature(_ message: String) -> AWSError {
        AWSError(code: "InvalidSignatureException", message: message, status: 403)
    }
}

extension String {
    fileprivate var trimmingSpacesAndTabs: Substring {
        let start = firstIndex { $0 != " " && $0 != "\t" } ?? endIndex
        let end = lastIndex { $0 != " " && $0 != "\t" }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}

/// Reads the AWS shared-credentials format: `[profile]` sections with `aws_access_key_id` and
/// `aws_secret_access_key` (other keys ignored; `#` and `;` start comments). Every profile's pair counts.
public enum SharedCredentialsFile {
    /// Why a credentials file was refused (the message never contains a secret).
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, without any secret.
        public let description: String
    }

    /// Secret keys by access key id.
    public static func parse(_ text: String) throws(ParseError) -> [String: String] {
        var pairs: [String: String] = [:]
        var profile: String?
        var keyID: String?
        var secret: String?

        func finishProfile() throws(ParseError) {
            defer { (keyID, secret) = (nil, nil) }
            guard let profile else { return }
            switch (keyID, secret) {
            case (let key?, let value?): pairs[key] = value
            case (nil, nil): return
            default: throw ParseError(description: "profile [\(profile)] needs both aws_access_key_id and aws_secret_access_key")
            }
        }

        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingCharactersSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw ParseError(description: "line \(number + 1): a section header must be [name]") }
                try finishProfile()
                profile = String(line.dropFirst().dropLast())
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw ParseError(description: "line \(number + 1): expected key = value")
            }
            guard profile != nil else { throw ParseError(description: "line \(number + 1): a key outside any [profile] section") }
            let key = String(line[..<equals]).trimmingCharactersSpaces.lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingCharactersSpaces
            switch key {
            case "aws_access_key_id": keyID = value
            case "aws_secret_access_key": secret = value
            default: break
            }
        }
        try finishProfile()
        guard !pairs.isEmpty else { throw ParseError(description: "no profile with aws_access_key_id and aws_secret_access_key") }
        return pairs
    }
}

extension String {
    fileprivate var trimmingCharactersSpaces: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}
