import Testing

@testable import EmulatorApp

@Suite struct RouterTests {
    /// The router skips its path routes for a path without their common prefix: the prefix must be one
    /// that every one of them really begins with, and no shorter than they share.
    @Test func commonPrefixIsWhatEveryTextBeginsWith() {
        #expect(Router.commonPrefix(of: ["/_emulator/health", "/_emulator/portal/", "/_emulator"]) == Array("/_emulator".utf8))
        #expect(Router.commonPrefix(of: ["/_emulator/state", "/_emulator/reset"]) == Array("/_emulator/".utf8))
        #expect(Router.commonPrefix(of: ["/a", "/b"]) == Array("/".utf8))
        #expect(Router.commonPrefix(of: ["/only"]) == Array("/only".utf8))
        #expect(Router.commonPrefix(of: ["/x", "y"]).isEmpty)
        #expect(Router.commonPrefix(of: []).isEmpty)
        // Bytes, not characters: "é" and "è" share their first UTF-8 byte.
        #expect(Router.commonPrefix(of: ["/é", "/è"]) == [0x2F, 0xC3])
    }
}
