import FoundationEssentials
import TestSupport
import Testing
import WorkforceStore

@testable import EmulatorApp

@Suite struct StoreExecutorTests {
    @Test func aReaderThatCannotOpenFailsTheStartAndClosesTheStore() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite3")
        let store = try WorkforceStore(path: path)
        // The writer keeps its open file; read-only connections cannot open a path that is gone.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let error = #expect(throws: StoreError.self) { try StoreExecutor(store: store, health: StorageHealth(path: path, logger: Logger(level: .error))) }
        guard case .readerUnavailable(let reported, _)? = error else {
            Issue.record("expected readerUnavailable, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(error?.description.hasPrefix("cannot open a read-only connection to \(path): SQLite error") == true)
        // The executor took the store over and closed it.
        #expect(throws: StoreError.self) { try store.workteamCount(in: .init(account: "000000000000", region: "us-east-1")) }
    }

    @Test func anInMemoryStoreHasNoReadersAndStillServesReads() throws {
        let executor = try StoreExecutor(store: WorkforceStore(path: ":memory:"), health: StorageHealth(path: ":memory:", logger: Logger(level: .error)))
        let count = try executor.sync { store in try store.workteamCount(in: .init(account: "000000000000", region: "us-east-1")) }
        #expect(count == 0)
        executor.close {}
    }
}
