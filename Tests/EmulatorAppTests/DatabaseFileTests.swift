import TestSupport
import Testing

@testable import EmulatorApp

@Suite struct DatabaseFileTests {
    @Test func oneOwnerAtATimeUntilReleased() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("owned.sqlite3")
        let first = try #require(try DatabaseFile.claim(path))
        #expect(throws: DatabaseFileError.self) { try DatabaseFile.claim(path) }
        first.release()
        let second = try DatabaseFile.claim(path)
        #expect(second != nil)
    }

    @Test func memoryNeedsNoOwner() throws {
        #expect(try DatabaseFile.claim(":memory:") == nil)
    }

    @Test func aFileItCreatedAndNeverWroteIsRemovedOnAFailedStart() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try #require(try DatabaseFile.claim(folder.file("new.sqlite3")))
        #expect(folder.exists("new.sqlite3"))
        file.removeIfCreatedEmpty()
        #expect(!folder.exists("new.sqlite3"))
    }

    @Test(arguments: [("x.sqlite3", "."), ("/x.sqlite3", "/"), ("/a/b/x.sqlite3", "/a/b"), ("a/x", "a")])
    func folderOfAPath(_ path: String, _ folder: String) {
        #expect(DatabaseFile.folder(of: path) == folder)
    }
}
