/// Stops the run when an invariant does not hold, saying which, in optimized builds too
/// (`precondition` drops its message under `-O`; `fatalError` does not).
func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}
