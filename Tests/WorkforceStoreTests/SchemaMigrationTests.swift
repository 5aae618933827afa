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

    /// Version 2 (the release before issue 14) gains the human-review tables; its rows are untouched and
    /// the new tables take UIs and flow definitions, pending transitions included.
    @Test func versionTwoDatabasesGainTheHumanReviewTables() throws {
        let path = FileManager.default.temporaryDirectory.path + "/wfe-migration-\(UUID().uuidString).sqlite3"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(Schema.version1)
            try Schema.addSubDomainIndex(connection)
            try connection.execute(
                """
                INSERT INTO workforces (account, region, name, created_ms, updated_ms, identity, cidrs, status, sub_domain)
                VALUES ('123456789012', 'eu-west-1', 'Old', 1, 1, '{"CognitoConfig":{"UserPool":"p_1","ClientId":"c"}}', '[]', 'Active', 'x');
                PRAGMA user_version = 2;
                """)
            connection.close()
        }
        let store = try WorkforceStore(path: path)
        defer { store.close() }
        #expect(Schema.currentVersion == 3)
        #expect(try store.connection.pragma("user_version") == .integer(3))
        let namespace = Namespace(account: "123456789012", region: "eu-west-1")
        #expect(try store.workforce(in: namespace)?.name == "Old")
        #expect(try store.allHumanTaskUis().isEmpty && store.allFlowDefinitions().isEmpty)

        let ui = HumanTaskUi(namespace: namespace, name: "ui", content: "<p>é</p>", createdAt: 5, tags: [Tag("k", "v")])
        let loop = HumanLoopConfig(
            workteamArn: "arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default", humanTaskUiArn: ui.arn, taskTitle: "t",
            taskDescription: "d", taskCount: 2, taskKeywords: ["Forms"],
            publicWorkforceTaskPrice: PublicWorkforceTaskPrice(amountInUsd: AmountInUsd(dollars: 0, cents: 1)))
        let definition = FlowDefinition(
            namespace: namespace, name: "fd", roleArn: "arn:aws:iam::123456789012:role/r",
            outputConfig: FlowDefinitionOutputConfig(s3OutputPath: "s3://b/", kmsKeyId: "alias/k"), humanLoopConfig: loop,
            requestSource: .textractForms, activationConditions: #"{"Conditions":[]}"#, createdAt: 7,
            lifecycle: WorkforceLifecycle(status: .initializing, target: .failed(reason: "no role"), dueAt: 100))
        try store.write {
            try store.save(ui)
            try store.save(definition)
        }
        #expect(try store.humanTaskUi(named: "ui", in: namespace) == ui)
        #expect(try store.flowDefinition(named: "fd", in: namespace) == definition)
        #expect(try store.humanReviewCounts() == (1, 1))
        #expect(try store.completeTransitions(now: 50) == 1)
        #expect(try store.flowDefinition(named: "fd", in: namespace)?.lifecycle.observed(at: 50)?.status == .failed)
        #expect(try store.integrityCheck() == "ok")
    }
}
