import SocketHTTPServer

/// One libFuzzer input: a control byte, then the bytes a client sent on one connection.
///
/// The control byte (an option byte, as in swift-protobuf's FuzzTesting) chooses the limits with its
/// lowest bit (``ParseTranscript/limits(for:)``: tiny ones that a few dozen bytes exceed, or small
/// ones that a realistic SDK request fits) and, with the other seven, where the stream is split in two.
///
/// The stream is parsed three ways: all at once, in those two pieces, and one byte at a time (the
/// worst TCP segmentation). The three runs must end the same way: the same requests in order, an
/// error in all three or in none, and a request under way in all three or in none. Every request must satisfy the framing invariants
/// (``ParseTranscript/checkInvariants(limits:)``) and survive being written back out and parsed again.
/// A dead parser must keep throwing its error, however many bytes follow.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let control = start.load(as: UInt8.self)
    let stream = UnsafeRawBufferPointer(start: start + 1, count: count - 1)
    let limits = ParseTranscript.limits(for: control)
    let split = Int(control >> 1) * stream.count / 128

    let whole = ParseTranscript(feeding: stream, cutAt: [], limits: limits)
    let halves = ParseTranscript(feeding: stream, cutAt: [split], limits: limits)
    let trickle = ParseTranscript(feeding: stream, cutAt: Array(stream.indices.dropFirst()), limits: limits)

    for transcript in [whole, halves, trickle] {
        transcript.checkInvariants(limits: limits)
    }
    ParseTranscript.checkSameOutcome(whole, halves, "whole stream vs two pieces split at \(split)")
    ParseTranscript.checkSameOutcome(whole, trickle, "whole stream vs one byte at a time")
    for request in whole.requests {
        ParseTranscript.checkRoundTrip(request)
    }
    return 0
}
