import AWSJSONProtocol
import JSON

/// Invariants of the JSON layer.
enum JSONChecks {
    /// Written and parsed again, a value comes back equal, and writing it again gives the same bytes.
    static func checkRoundTrip(_ value: JSONValue) {
        let written = JSONWriter.bytes(value)
        let reparsed: JSONValue
        do {
            reparsed = try JSONParser.parse(written)
        } catch {
            fatalError("JSONWriter wrote what JSONParser refuses (\(error)): \(String(decoding: written, as: UTF8.self))")
        }
        check(reparsed == value, "round trip changed \(value) into \(reparsed)")
        check(JSONWriter.bytes(reparsed) == written, "JSONWriter is not stable on \(value)")
    }

    /// A refused request body is a 400 `SerializationException` or `ValidationException`, and its
    /// rendered response body carries the message intact.
    static func checkRefusal(_ error: AWSError) {
        check(
            error.code == "SerializationException" || error.code == "ValidationException",
            "an input was refused with \(error.code)")
        check(error.status == 400, "\(error.code) with status \(error.status)")
        let response = AWSResponse.error(error, requestID: "fuzz")
        let body: JSONValue
        do {
            body = try JSONParser.parse(response.body)
        } catch {
            fatalError("error response body is not JSON (\(error))")
        }
        check(body["__type"] == .string(error.code), "__type is \(String(describing: body["__type"]))")
        check(body["message"] == .string(error.message), "message changed on the way out")
    }
}
