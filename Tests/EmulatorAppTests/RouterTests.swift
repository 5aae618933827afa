import Testing

@testable import EmulatorApp

@Suite struct RouterTests {
    /// The router skips its path routes for a path without their common prefix: the prefix must be one
    /// that every one of them really begins with, and no shorter than they share.
    @Test func commonPrefixIsWhatEveryTextBeginsWith() {
        #expect(Router.commonPrefix(of: ["/_emulator/health", "/_emulator/portal/", "/_emulator"]) == "/_emulator")
        #expect(Router.commonPrefix(of: ["/_emulator/state", "/_emulator/reset"]) == "/_emulator/")
        #expect(Router.commonPrefix(of: ["/a", "/b"]) == "/")
        #expect(Router.commonPrefix(of: ["/only"]) == "/only")
        #expect(Router.commonPrefix(of: ["/x", "y"]) == "")
        #expect(Router.commonPrefix(of: []) == "")
    }
}
