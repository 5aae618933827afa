import AWSJSONProtocol
import JSON

/// One libFuzzer input: an awsJson 1.1 request body.
///
/// A body that parses must survive ``JSONWriter`` and parsing again unchanged; a parse error must point
/// inside the input. Every parsed body is then read as the input of every operation, exactly as the
/// server would read it for that operation: errors are expected, crashes and hangs are not; an error is
/// a well-formed 400 that never quotes the OIDC client secret. Inputs that pass validation go on through
/// the workforce rules and the output encoders (``OperationDriver``).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let body: JSONValue
    do {
        body = try JSONParser.parse(bytes)
    } catch {
        check(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
        return 0
    }
    JSONChecks.checkRoundTrip(body)
    OperationDriver.run(body)
    return 0
}
