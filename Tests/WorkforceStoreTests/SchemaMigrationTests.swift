import FoundationEssentials
import SQLite
import SageMakerWorkforces
import Testing

@testable import WorkforceStore

@Suite struct SchemaMigrationTests {
    @Test func versionOneDatabasesGainTheSubDomainIndexWithBackfilledRows() throws {
        let path = FileManager.default.temporaryDirectory.path + "/wfe-migration-\(UUID().uuidString).sqlite3"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        // A database as version 1 of the emulator left it.
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(Schema.version1)
            try connection.execute(
                """
                INSERT INTO workforces (account, region, name, created_ms, updated_ms, identity, cidrs, status)
                VALUES ('123456789012', 'eu-west-1', 'Old', 1, 1, '{"CognitoConfig":{"UserPool":"p_1","ClientId":"c"}}', '["10.0.0.0/8"]', 'Active');
                PRAGMA user_version = 1;
                """)
            connection.close()
        }
        let store = try WorkforceStore(path: path)
        defer { store.close() }
        let namespace = Namespace(account: "123456789012", region: "eu-west-1")
        let subDomain = Workforce.subDomain(namespace: namespace, name: "Old")
        let found = try #require(try store.workforce(bySubDomain: subDomain))
        #expect(found.name == "Old" && found.sourceIpCidrs == ["10.0.0.0/8"])
        #expect(try store.connection.pragma("user_version") == .integer(Int64(Schema.currentVersion)))
        #expect(try store.integrityCheck() == "ok")
    }
}
