import Dispatch
import FoundationEssentials
import Locking
import SageMakerWorkforces
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

/// Group commit: writes that queue up behind a running one share its successor's transaction.
@Suite struct GroupCommitTests {
    private func workforce(_ account: String) -> Workforce {
        Workforce(
            namespace: Namespace(account: account, region: "us-east-1"), name: "wf", createdAt: 1_000, lastUpdatedAt: 1_000,
            identityProvider: .cognito(CognitoConfig(userPool: "us-east-1_abc", clientId: "client")), sourceIpCidrs: [],
            vpcConfig: nil, ipAddressType: nil, lifecycle: .active, vpcEndpointPending: false, tags: [])
    }

    private struct Refused: Error {}

    @Test func aRefusedChangeInAGroupRollsBackAloneAndEveryAnswerFollowsTheCommit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite3")
        let commits = LockedValue(0)
        let executor = try StoreExecutor(
            store: WorkforceStore(path: path), health: StorageHealth(path: path, logger: Logger(level: .error)),
            afterWrite: { commits.withLock { $0 += 1 } })
        // Hold the writer so the next five queue up and drain as one group.
        let gate = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let answers = LockedValue<[String: Bool]>([:])
        done.enter()
        executor.run(
            { _ in
                started.signal()
                gate.wait()
            }, completion: { _ in done.leave() })
        #expect(started.wait(timeout: .now() + 10) == .success)
        for account in ["100000000001", "100000000002", "100000000003", "100000000004", "100000000005"] {
            done.enter()
            let saved = workforce(account)
            executor.run(
                { store in
                    try store.write {
                        try store.save(saved)
                        if account == "100000000003" { throw Refused() }
                    }
                },
                completion: { result in
                    answers.withLock { $0[account] = (try? result.get()) != nil }
                    done.leave()
                })
        }
        gate.signal()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(answers.withLock { $0 } == [
            "100000000001": true, "100000000002": true, "100000000003": false, "100000000004": true, "100000000005": true,
        ])
        // Two drains: the gate alone, then the five together.
        #expect(commits.withLock { $0 } == 2)
        let reader = try WorkforceStore.openReader(path: path)
        defer { reader.close() }
        for account in ["100000000001", "100000000002", "100000000004", "100000000005"] {
            #expect(try reader.workforce(in: Namespace(account: account, region: "us-east-1")) != nil)
        }
        #expect(try reader.workforce(in: Namespace(account: "100000000003", region: "us-east-1")) == nil)
        executor.close {}
    }
}
