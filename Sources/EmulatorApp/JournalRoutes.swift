import JSON
import SageMakerWorkforces
import SocketHTTPServer

/// `/_emulator/requests`: the request journal (``RequestJournal``). `GET` answers
/// `{"requests": [...], "nextSequence": N}` (oldest first, filtered by the query), `DELETE` empties it.
enum JournalRoutes {
    /// `GET` lists, `DELETE` clears.
    static func requests(_ route: RouteRequest, _ respond: @escaping Respond) throws {
        let journal = route.context.journal
        if route.http.method == "DELETE" {
            respond(.success(.json(200, ["cleared": .number(Double(journal.clear()))])))
            return
        }
        let query = try self.query(route.http.queryParameters)
        let found = journal.entries(matching: query)
        var body: JSONObject = [
            "requests": .array(found.entries.map { $0.json() }), "nextSequence": .number(Double(found.nextSequence)),
        ]
        if !journal.isEnabled { body["note"] = "the journal is off (--journal-size 0)" }
        respond(.success(.json(200, .object(body))))
    }

    /// The filters of a `GET`: `kind`, `operation`, `account`, `region`, `status`, `errorCode` (each may
    /// repeat: any of its values), `after` and `limit`; anything else, or a malformed value, is a 400.
    static func query(_ query: QueryParameters) throws(AdminError) -> JournalQuery {
        var result = JournalQuery()
        for (name, value) in query {
            switch name {
            case "kind":
                guard let kind = JournalEntry.Kind(rawValue: value) else { throw .badRequest("kind must be api or portal") }
                result.kinds.append(kind)
            case "operation": result.operations.append(value)
            case "errorCode": result.errorCodes.append(value)
            case "account":
                guard Namespace.isAccountID(value) else { throw .badRequest("account must be 12 digits") }
                result.accounts.append(value)
            case "region":
                guard Namespace.isRegionName(value) else { throw .badRequest("region must be a region name such as us-east-1") }
                result.regions.append(value)
            case "status":
                guard let status = Int(value), (100...599).contains(status) else { throw .badRequest("status must be an HTTP status from 100 to 599") }
                result.statuses.append(status)
            case "after":
                guard let after = UInt64(value) else { throw .badRequest("after must be a sequence number (0 or more)") }
                result.after = after
            case "limit":
                guard let limit = Int(value), limit >= 0 else { throw .badRequest("limit must be a whole number (0 or more)") }
                result.limit = limit
            default:
                throw .badRequest("unknown parameter \(name); use kind, operation, account, region, status, errorCode, after or limit")
            }
        }
        return result
    }
}
