import JSON
import SageMakerAPI
import SageMakerWorkforces

/// One thing the journal saw: an API call or a worker-portal decision.
struct JournalEntry: Sendable {
    /// The two kinds of entry, as `kind` in the journal's JSON.
    enum Kind: String, Sendable, CaseIterable {
        /// An awsJson call; a worker-portal visit.
        case api, portal
    }

    /// What the entry records beyond the common fields. Boxed (`indirect`): an entry is copied into
    /// and out of the journal's ring, and a box is one reference to retain instead of a dozen fields.
    indirect enum Detail: Sendable {
        /// An awsJson call.
        case api(APICall)
        /// A worker-portal visit.
        case portal(PortalVisit)
    }

    /// Increasing in the order entries were answered; given by ``RequestJournal/record(_:)``.
    var sequence: UInt64 = 0
    /// When it was answered, by the emulator's clock.
    let time: EpochMilliseconds
    /// The caller's namespace (an API call), or the workforce's (a portal visit); nil when unknown.
    let namespace: Namespace?
    /// The HTTP status answered.
    let status: Int
    /// From the request's arrival to its answer.
    let durationMicroseconds: Int64
    /// The call or the visit.
    let detail: Detail

    /// Which kind of entry this is.
    var kind: Kind {
        switch detail {
        case .api: .api
        case .portal: .portal
        }
    }

    /// The API call, if this is one.
    var call: APICall? { if case .api(let call) = detail { call } else { nil } }

    /// The bytes this entry holds on to, for the journal's byte budget (a fixed part for the rest). It
    /// reads the bodies: the journal works it out once, when the entry is recorded, and keeps it beside it.
    var cost: Int {
        switch detail {
        case .api(let call): 256 + call.request.cost + call.response.cost
        case .portal: 256
        }
    }

    /// Never read: fills an unreachable branch of the ring buffer without a force unwrap.
    static let placeholder = JournalEntry(
        time: 0, namespace: nil, status: 0, durationMicroseconds: 0,
        detail: .portal(PortalVisit(method: "", subDomain: "", address: "", decision: .unknownSubDomain, matchedCidr: nil)))
}

/// An awsJson call as received and answered, refused, faulted and unknown ones included.
struct APICall: Sendable {
    /// The `X-Amz-Target` operation (also when unknown or not emulated); `-` without a target; the method
    /// of a request that is not a `POST`.
    let operation: String
    /// The `X-Amz-Target` header as sent, when there was one.
    let target: String?
    /// `X-Amzn-ErrorType` of an error answer; nil on success.
    let errorCode: String?
    /// The answer's `x-amzn-RequestId`.
    let requestID: RequestID
    /// The request body, secrets redacted.
    let request: JournalBody
    /// The response body.
    let response: JournalBody
}

/// A worker's visit to the emulated portal and what it was told.
struct PortalVisit: Sendable {
    /// The outcomes of a visit; all but `allowed` answer the same `404`.
    enum Decision: String, Sendable {
        /// Inside the allow-list (or no list): `200`.
        case allowed
        /// Outside every CIDR.
        case denied
        /// The workforce is being deleted.
        case notServing
        /// No workforce has this SubDomain.
        case unknownSubDomain
    }

    /// `GET` or `HEAD`.
    let method: String
    /// The SubDomain asked for.
    let subDomain: String
    /// The worker's address as the decision used it (`X-Forwarded-For`'s first, else the peer's).
    let address: String
    /// What the portal decided.
    let decision: Decision
    /// The CIDR that let the worker in, when one did.
    let matchedCidr: String?
}

/// A JSON body as the journal keeps it: bytes with no `ClientSecret` in clear, or why there is none.
enum JournalBody: Sendable {
    /// Valid JSON, secrets already redacted.
    case json([UInt8])
    /// Nothing kept, and why (not JSON, or too large).
    case absent(note: String)

    /// Bodies larger than this are not kept (the note says so).
    static let maxKeptBytes = 256 * 1024

    /// The request body: `parsed` (the value the API read) when given, else parsed here; the received
    /// bytes themselves when they hold no `ClientSecret` (shared, not copied), else the redacted value
    /// written again. So a secret is never kept longer than the request itself.
    static func request(raw: [UInt8], parsed: JSONValue?) -> JournalBody {
        guard raw.count <= maxKeptBytes else {
            return .absent(note: "the body (\(raw.count) bytes) is over the journal's \(maxKeptBytes)-byte limit; not kept")
        }
        let value: JSONValue
        if let parsed {
            value = parsed
        } else {
            do {
                value = try APIRoute.parseBody(raw)
            } catch {
                return .absent(note: "the body (\(raw.count) bytes) is not valid JSON; not kept")
            }
        }
        if SecretRedaction.containsSecret(value) || raw.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .json(JSONWriter.bytes(SecretRedaction.redacted(value)))
        }
        return .json(raw)
    }

    /// A response body (never carrying a secret: responses leave `ClientSecret` out, spec §4).
    static func response(_ body: [UInt8]) -> JournalBody {
        guard body.count <= maxKeptBytes else {
            return .absent(note: "the body (\(body.count) bytes) is over the journal's \(maxKeptBytes)-byte limit; not kept")
        }
        return .json(body)
    }

    /// The bytes held (the buffer's capacity, not only its count).
    var cost: Int {
        switch self {
        case .json(let bytes): bytes.capacity
        case .absent(let note): note.utf8.count
        }
    }

    /// The body as a JSON value (redacted again, in case), or null and a note.
    func rendered() -> (value: JSONValue, note: String?) {
        switch self {
        case .absent(let note): return (.null, note)
        case .json(let bytes):
            guard let value = try? JSONParser.parse(bytes) else { return (.null, "the body is not valid JSON") }
            return (SecretRedaction.redacted(value), nil)
        }
    }
}

/// `ClientSecret` written as AWS's own placeholder wherever it appears in a JSON value.
enum SecretRedaction {
    /// What AWS's consoles and SDK debug logs show for a sensitive member.
    static let placeholder = "*** Sensitive Data Redacted ***"

    /// A member name that carries a secret: `ClientSecret` in any letter case.
    static func isSecretName(_ name: String) -> Bool {
        name.utf8.count == 12 && name.lowercased() == "clientsecret"
    }

    /// Whether any member anywhere in `value` is named like a secret.
    static func containsSecret(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): object.members.contains { isSecretName($0.key) || containsSecret($0.value) }
        case .array(let elements): elements.contains(where: containsSecret)
        default: false
        }
    }

    /// `value` with every secret member's value replaced by ``placeholder`` (unchanged when it has none).
    static func redacted(_ value: JSONValue) -> JSONValue {
        guard containsSecret(value) else { return value }
        switch value {
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, isSecretName($0.key) ? .string(placeholder) : redacted($0.value)) }))
        case .array(let elements):
            return .array(elements.map(redacted))
        default:
            return value
        }
    }
}

/// The journal's JSON form of an entry.
extension JournalEntry {
    /// The entry as `GET /_emulator/requests` shows it.
    func json() -> JSONValue {
        var object: JSONObject = [
            "sequence": .number(Double(sequence)), "time": .number(time.epochSeconds), "kind": .string(kind.rawValue),
        ]
        if let namespace {
            object["account"] = .string(namespace.account)
            object["region"] = .string(namespace.region)
        }
        switch detail {
        case .api(let call):
            object["operation"] = .string(call.operation)
            if let target = call.target { object["target"] = .string(target) }
            object["status"] = .number(Double(status))
            if let code = call.errorCode { object["errorCode"] = .string(code) }
            object["requestId"] = .string(call.requestID.text)
            object["durationMs"] = .number(durationMilliseconds)
            let request = call.request.rendered()
            object["request"] = request.value
            if let note = request.note { object["requestNote"] = .string(note) }
            let response = call.response.rendered()
            object["response"] = response.value
            if let note = response.note { object["responseNote"] = .string(note) }
        case .portal(let visit):
            object["method"] = .string(visit.method)
            object["subDomain"] = .string(visit.subDomain)
            object["address"] = .string(visit.address)
            object["decision"] = .string(visit.decision.rawValue)
            if let cidr = visit.matchedCidr { object["matchedCidr"] = .string(cidr) }
            object["status"] = .number(Double(status))
            object["durationMs"] = .number(durationMilliseconds)
        }
        return .object(object)
    }

    /// The duration in milliseconds, to the microsecond.
    var durationMilliseconds: Double { Double(durationMicroseconds) / 1000 }
}

/// Durations as the journal reports them.
extension Duration {
    /// Whole microseconds.
    var wholeMicroseconds: Int64 {
        // `components` divides a 128-bit count: once, not once per field.
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
