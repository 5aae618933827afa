import JSON
import TestSupport
import SQLite
import SageMakerWorkforces
import Testing

@testable import WorkforceStore

// MARK: - Factories

private let t0: EpochMilliseconds = 1_764_374_400_123
private let testNamespace = Namespace(account: "123456789012", region: "us-east-1")
private let otherNamespace = Namespace(account: "000000000000", region: "eu-west-1")
private let secret = "Sup3r-Secret-Value!"

private struct Boom: Error {}

extension Workforce {
    fileprivate static func make(
        name: String = "wf", in namespace: Namespace = testNamespace,
        identity: IdentityProvider = .cognito(CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1")),
        cidrs: [String] = [], vpc: WorkforceVpcConfig? = nil, ipAddressType: IpAddressType? = nil,
        lifecycle: WorkforceLifecycle = .active, vpcEndpointPending: Bool = false, tags: [KeyValue] = []
    ) -> Workforce {
        Workforce(
            namespace: namespace, name: name, createdAt: t0, lastUpdatedAt: t0 + 1_500, identityProvider: identity, sourceIpCidrs: cidrs,
            vpcConfig: vpc, ipAddressType: ipAddressType, lifecycle: lifecycle, vpcEndpointPending: vpcEndpointPending, tags: tags)
    }
}

extension OidcConfig {
    fileprivate static func make(scope: String? = nil, extra: [KeyValue]? = nil) -> OidcConfig {
        OidcConfig(
            clientId: "oidc-client-id", clientSecret: secret, issuer: "https://idp.example.com",
            authorizationEndpoint: "https://idp.example.com/authorize", tokenEndpoint: "https://idp.example.com/token",
            userInfoEndpoint: "https://idp.example.com/userinfo", logoutEndpoint: "https://idp.example.com/logout",
            jwksUri: "https://idp.example.com/jwks", scope: scope, authenticationRequestExtraParams: extra)
    }
}

extension Workteam {
    fileprivate static func make(
        name: String = "team", in namespace: Namespace = testNamespace, workforceName: String = "wf",
        members: [MemberDefinition] = [.cognito(userPool: "us-east-1_AbC123", userGroup: "labelers", clientId: "client-1")],
        notification: NotificationConfiguration? = nil, access: WorkerAccessConfiguration? = nil
    ) -> Workteam {
        Workteam(
            namespace: namespace, name: name, workforceName: workforceName, description: "Labelers: \"images\" & text", memberDefinitions: members,
            notificationConfiguration: notification, workerAccessConfiguration: access, createdAt: t0, lastUpdatedAt: t0 + 7)
    }
}

/// A named workforce, so a failing row says which one it was.
struct WorkforceCase: Sendable, CustomTestStringConvertible {
    let name: String
    let workforce: Workforce
    var testDescription: String { name }
}

private func memoryStore() throws -> WorkforceStore { try WorkforceStore(path: ":memory:") }

/// The store's error, or nil when opening `path` succeeded.
private func openError(_ path: String) -> StoreError? {
    do {
        let store = try WorkforceStore(path: path)
        store.close()
        return nil
    } catch {
        return error
    }
}

// MARK: - Round trips

@Suite struct WorkforceRoundTripTests {
    static let cases: [WorkforceCase] = [
        WorkforceCase(name: "minimal Cognito", workforce: .make()),
        WorkforceCase(
            name: "OIDC with scope and extra params",
            workforce: .make(
                identity: .oidc(.make(scope: "openid email", extra: [KeyValue("prompt", "login"), KeyValue("acr_values", "urn:x \"y\"")])))),
        WorkforceCase(name: "OIDC without optionals", workforce: .make(identity: .oidc(.make()))),
        WorkforceCase(name: "OIDC with empty extra params", workforce: .make(identity: .oidc(.make(extra: [])))),
        WorkforceCase(
            name: "VPC, ipv4, endpoint pending",
            workforce: .make(
                vpc: WorkforceVpcConfig(vpcId: "vpc-0a1b", securityGroupIds: ["sg-1", "sg-2"], subnets: ["subnet-1", "subnet-2", "subnet-3"]),
                ipAddressType: .ipv4, vpcEndpointPending: true)),
        WorkforceCase(name: "dualstack CIDRs", workforce: .make(cidrs: ["10.0.0.1/16", "2001:db8::/32"], ipAddressType: .dualstack)),
        WorkforceCase(
            name: "initializing → active", workforce: .make(lifecycle: WorkforceLifecycle(status: .initializing, target: .active, dueAt: t0 + 1_000))),
        WorkforceCase(
            name: "updating → active", workforce: .make(lifecycle: WorkforceLifecycle(status: .updating, target: .active, dueAt: t0 + 1_000))),
        WorkforceCase(name: "deleting → gone", workforce: .make(lifecycle: WorkforceLifecycle(status: .deleting, target: .gone, dueAt: t0 + 1_000))),
        WorkforceCase(
            name: "updating → failed", workforce: .make(lifecycle: WorkforceLifecycle(status: .updating, target: .failed(reason: "injected: disk"), dueAt: t0))),
        WorkforceCase(name: "failed with reason", workforce: .make(lifecycle: WorkforceLifecycle(status: .failed, failureReason: "it broke"))),
        WorkforceCase(
            name: "Cognito values beyond the plain fast path",
            workforce: .make(identity: .cognito(CognitoConfig(userPool: "pool \"é\" \\", clientId: "tab\there")), cidrs: ["10.0.0.0/8"])),
        WorkforceCase(name: "tags", workforce: .make(tags: [KeyValue("b", "2"), KeyValue("a", ""), KeyValue("ünïcode key", "välue")])),
        WorkforceCase(name: "case-kept name in another partition", workforce: .make(name: "My-Workforce", in: Namespace(account: "111111111111", region: "cn-north-1"))),
    ]

    @Test(arguments: cases)
    func everyFieldSurvives(_ example: WorkforceCase) throws {
        let store = try memoryStore()
        try store.write { try store.save(example.workforce) }
        #expect(try store.workforce(in: example.workforce.namespace) == example.workforce)
        #expect(try store.allWorkforces() == [example.workforce])
    }

    /// DescribeWorkforce's own lookup reads the same workforce, but for the tags it never shows.
    @Test(arguments: cases)
    func theDescribeLookupReadsWhatTheAnswerShows(_ example: WorkforceCase) throws {
        let store = try memoryStore()
        try store.save(example.workforce)
        var withoutTags = example.workforce
        withoutTags.tags = []
        let described = try #require(try store.workforceToDescribe(in: example.workforce.namespace))
        #expect(described == DescribedWorkforce(workforce: withoutTags, subDomain: example.workforce.subDomain))
        #expect(try store.workforceToDescribe(in: otherNamespace) == nil)
    }

    /// UpdateWorkforce's read: the whole workforce, tags included, and the SubDomain as stored.
    @Test(arguments: cases)
    func theUpdateLookupReadsTheWholeWorkforceAndItsStoredSubDomain(_ example: WorkforceCase) throws {
        let store = try memoryStore()
        try store.save(example.workforce, subDomain: "stored.labeling.example")
        let read = try #require(try store.workforceAndSubDomain(in: example.workforce.namespace))
        #expect(read.workforce == example.workforce)
        #expect(read.subDomain == "stored.labeling.example")
        #expect(try store.workforceAndSubDomain(in: otherNamespace) == nil)
        try store.connection.run("UPDATE workforces SET sub_domain = NULL")
        #expect(try store.workforceAndSubDomain(in: example.workforce.namespace)?.subDomain == example.workforce.subDomain)
    }

    @Test func theDescribeLookupDerivesASubDomainThatIsNotStored() throws {
        let store = try memoryStore()
        let workforce = Workforce.make()
        try store.save(workforce)
        try store.connection.run("UPDATE workforces SET sub_domain = NULL")
        #expect(try store.workforceToDescribe(in: testNamespace)?.subDomain == workforce.subDomain)
    }

    @Test func theDescribeLookupSeesEachSave() throws {
        let store = try memoryStore()
        try store.save(.make(cidrs: ["10.0.0.0/8"]))
        #expect(try store.workforceToDescribe(in: testNamespace)?.workforce.sourceIpCidrs == ["10.0.0.0/8"])
        try store.save(.make(cidrs: ["10.1.0.0/16"]))
        #expect(try store.workforceToDescribe(in: testNamespace)?.workforce.sourceIpCidrs == ["10.1.0.0/16"])
        try store.deleteWorkforce(in: testNamespace)
        #expect(try store.workforceToDescribe(in: testNamespace) == nil)
    }

    @Test func aCorruptColumnIsReportedByTheDescribeLookupToo() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.connection.run("UPDATE workforces SET identity = '{not json'")
        #expect {
            try store.workforceToDescribe(in: testNamespace)
        } throws: { error in
            guard case StoreError.corruptRow(let table, let key, let reason) = error else { return false }
            return table == "workforces" && key == "123456789012/us-east-1" && reason.hasPrefix("identity: not JSON")
        }
    }

    @Test func saveReplacesTheNamespacesWorkforce() throws {
        let store = try memoryStore()
        try store.save(.make(cidrs: ["10.0.0.0/8"]))
        let changed = Workforce.make(vpc: WorkforceVpcConfig(vpcId: "vpc-1", securityGroupIds: ["sg-1"], subnets: ["subnet-1"]), ipAddressType: .dualstack)
        try store.save(changed)
        #expect(try store.workforce(in: testNamespace) == changed)
        #expect(try store.allWorkforces().count == 1)
    }

    @Test func updateWritesWhatAnUpdateChangesAndKeepsTheRest() throws {
        let store = try memoryStore()
        try store.save(.make(cidrs: ["10.0.0.0/8"], tags: [KeyValue("k", "v")]), subDomain: "stored.labeling.example")
        var changed = Workforce.make(
            identity: .cognito(CognitoConfig(userPool: "us-east-1_Other9", clientId: "client-2")), cidrs: ["10.1.0.0/16"], vpc: WorkforceVpcConfig(vpcId: "vpc-1", securityGroupIds: ["sg-1"], subnets: ["subnet-1"]),
            ipAddressType: .dualstack, lifecycle: WorkforceLifecycle(status: .updating, target: .active, dueAt: t0 + 9_000), vpcEndpointPending: true, tags: [KeyValue("k2", "v2")])
        changed.lastUpdatedAt = t0 + 5_000
        try store.update(changed)
        let read = try #require(try store.workforceAndSubDomain(in: testNamespace))
        #expect(read.workforce == changed)
        // Not in the update's SET list: the SubDomain stays what was stored, and so would a creation time.
        #expect(read.subDomain == "stored.labeling.example")
        var recreated = changed
        recreated.createdAt = t0 + 1
        try store.update(recreated)
        #expect(try store.workforce(in: testNamespace)?.createdAt == t0)
        #expect(try store.allWorkforces().count == 1)
    }

    @Test func updateOfAWorkforceThatIsNotThereSavesIt() throws {
        let store = try memoryStore()
        let workforce = Workforce.make(name: "new")
        try store.update(workforce)
        #expect(try store.workforce(in: testNamespace) == workforce)
        #expect(try store.workforceAndSubDomain(in: testNamespace)?.subDomain == workforce.subDomain)
    }

    @Test func namespacesAreIsolated() throws {
        let store = try memoryStore()
        let mine = Workforce.make(name: "mine")
        let theirs = Workforce.make(name: "theirs", in: otherNamespace)
        try store.save(mine)
        try store.save(theirs)
        #expect(try store.workforce(in: testNamespace) == mine)
        #expect(try store.workforce(in: otherNamespace) == theirs)
        #expect(try store.workforce(in: Namespace(account: "123456789012", region: "eu-west-1")) == nil)
        #expect(try store.namespaces() == [otherNamespace, testNamespace])
        #expect(try store.allWorkforces().map(\.name) == ["theirs", "mine"])
    }

    @Test func emptyStore() throws {
        let store = try memoryStore()
        #expect(try store.workforce(in: testNamespace) == nil)
        #expect(try store.allWorkforces() == [])
        #expect(try store.workteams(in: testNamespace) == [])
        #expect(try store.workteamCount(in: testNamespace) == 0)
        #expect(try store.namespaces() == [])
        #expect(try store.integrityCheck() == "ok")
    }
}

@Suite struct WorkteamRoundTripTests {
    static let teams: [Workteam] = [
        .make(name: "cognito"),
        .make(name: "cognito-two-groups", members: [
            .cognito(userPool: "us-east-1_AbC123", userGroup: "b", clientId: "client-1"),
            .cognito(userPool: "us-east-1_AbC123", userGroup: "a", clientId: "client-1"),
        ]),
        .make(name: "oidc", members: [.oidc(groups: ["g2", "g1"]), .oidc(groups: ["g3"])]),
        .make(name: "notified", notification: NotificationConfiguration(notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:topic")),
        .make(name: "empty-notification", notification: NotificationConfiguration(notificationTopicArn: nil)),
        .make(name: "full-access", access: WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: true, sourceIp: "Enabled", vpcSourceIp: "Disabled")),
        .make(name: "presign-only", access: WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil)),
        .make(name: "empty-access", access: WorkerAccessConfiguration(hasS3Presign: false, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil)),
        .make(name: "constraints-empty", access: WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: true, sourceIp: nil, vpcSourceIp: "Enabled")),
    ]

    @Test func everyTeamAndItsTagsSurvive() throws {
        let store = try memoryStore()
        try store.save(.make())
        for (index, team) in Self.teams.enumerated() {
            try store.save(team, tags: index == 0 ? [] : [KeyValue("k\(index)", "v"), KeyValue("a", "\(index)")])
        }
        for (index, team) in Self.teams.enumerated() {
            let loaded = try #require(try store.workteam(named: team.name, in: testNamespace))
            #expect(loaded.team == team, "\(team.name)")
            #expect(loaded.tags == (index == 0 ? [] : [KeyValue("k\(index)", "v"), KeyValue("a", "\(index)")]), "\(team.name)")
        }
        #expect(try store.workteams(in: testNamespace) == Self.teams.sorted { $0.name < $1.name })
        #expect(try store.workteamCount(in: testNamespace) == Self.teams.count)
        #expect(try store.allWorkteams().map(\.team.name) == Self.teams.map(\.name).sorted())
    }

    @Test func teamsAreScopedToTheirNamespace() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(in: otherNamespace))
        try store.save(.make(name: "a"), tags: [])
        try store.save(.make(name: "b", in: otherNamespace), tags: [])
        try store.save(.make(name: "c", in: otherNamespace), tags: [])
        #expect(try store.workteams(in: testNamespace).map(\.name) == ["a"])
        #expect(try store.workteamCount(in: otherNamespace) == 2)
        #expect(try store.workteam(named: "b", in: testNamespace) == nil)
    }

    @Test func saveReplacesATeamAndItsTags() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(), tags: [KeyValue("a", "1")])
        var changed = Workteam.make(members: [.oidc(groups: ["x"])])
        changed.description = "Changed"
        try store.save(changed, tags: [KeyValue("b", "2")])
        let loaded = try #require(try store.workteam(named: "team", in: testNamespace))
        #expect(loaded.team == changed)
        #expect(loaded.tags == [KeyValue("b", "2")])
        #expect(try store.workteamCount(in: testNamespace) == 1)
    }

    @Test func deleteWorkteamSaysWhetherOneWasThere() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(), tags: [])
        #expect(try store.deleteWorkteam(named: "team", in: testNamespace))
        #expect(try store.workteam(named: "team", in: testNamespace) == nil)
        #expect(try !store.deleteWorkteam(named: "team", in: testNamespace))
    }
}

// MARK: - Transactions and constraints

@Suite struct WorkforceStoreTransactionTests {
    @Test func writeReturnsTheBodysValue() throws {
        let store = try memoryStore()
        let name = try store.write { () throws -> String in
            try store.save(.make(name: "returned"))
            return "returned"
        }
        #expect(name == "returned")
        #expect(try store.workforce(in: testNamespace)?.name == "returned")
    }

    @Test func writeRollsBackWhenTheBodyThrows() throws {
        let store = try memoryStore()
        let original = Workforce.make(cidrs: ["10.0.0.0/8"])
        try store.write { try store.save(original) }
        #expect(throws: Boom.self) {
            try store.write {
                try store.save(Workforce.make(cidrs: [], ipAddressType: .dualstack))
                try store.save(Workteam.make(), tags: [KeyValue("k", "v")])
                try store.save(Workforce.make(name: "other", in: otherNamespace))
                throw Boom()
            }
        }
        #expect(try store.workforce(in: testNamespace) == original)
        #expect(try store.workteam(named: "team", in: testNamespace) == nil)
        #expect(try store.workforce(in: otherNamespace) == nil)
        // The store is usable afterwards: no transaction was left open.
        try store.write { try store.save(Workteam.make(), tags: []) }
        #expect(try store.workteamCount(in: testNamespace) == 1)
    }

    @Test func upsertOfAWorkforceWithTeamsKeepsTheTeams() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(), tags: [KeyValue("k", "v")])
        let updated = Workforce.make(cidrs: ["192.168.0.0/16"], lifecycle: WorkforceLifecycle(status: .updating, target: .active, dueAt: t0 + 10))
        try store.write { try store.save(updated) }
        #expect(try store.workforce(in: testNamespace) == updated)
        #expect(try store.workteam(named: "team", in: testNamespace)?.tags == [KeyValue("k", "v")])
    }

    @Test func deletingAWorkforceThatHasTeamsFailsInTheDatabase() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(), tags: [])
        let error = #expect(throws: StoreError.self) { try store.deleteWorkforce(in: testNamespace) }
        #expect(error?.sqliteError?.isConstraintViolation == true)
        #expect(error?.sqliteError?.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY)
        #expect(try store.workforce(in: testNamespace) != nil)
    }

    @Test func teamWithoutAWorkforceIsRefusedByTheDatabase() throws {
        let store = try memoryStore()
        let error = #expect(throws: StoreError.self) { try store.save(Workteam.make(), tags: []) }
        #expect(error?.sqliteError?.isConstraintViolation == true)
        #expect(error?.sqliteError?.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY)
        #expect(try store.workteamCount(in: testNamespace) == 0)
    }

    @Test func deleteWorkforceWithoutTeams() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(in: otherNamespace))
        try store.deleteWorkforce(in: testNamespace)
        #expect(try store.workforce(in: testNamespace) == nil)
        #expect(try store.workforce(in: otherNamespace) != nil)
    }

    @Test func purgeRemovesOnlyACompletedDeletion() throws {
        let store = try memoryStore()
        try store.save(.make(lifecycle: WorkforceLifecycle(status: .deleting, target: .gone, dueAt: t0)))
        try store.save(.make(in: otherNamespace, lifecycle: WorkforceLifecycle(status: .updating, target: .active, dueAt: t0)))
        try store.purgeDeletedWorkforce(in: testNamespace, now: t0 - 1)
        #expect(try store.workforce(in: testNamespace) != nil)
        try store.purgeDeletedWorkforce(in: otherNamespace, now: t0 + 1)
        #expect(try store.workforce(in: otherNamespace) != nil)
        try store.purgeDeletedWorkforce(in: testNamespace, now: t0)
        #expect(try store.workforce(in: testNamespace) == nil)
    }

    @Test func purgeLeavesActiveAndFailingWorkforces() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.purgeDeletedWorkforce(in: testNamespace, now: t0 + 1_000_000)
        #expect(try store.workforce(in: testNamespace) != nil)
        try store.save(.make(lifecycle: WorkforceLifecycle(status: .deleting, target: .failed(reason: "x"), dueAt: t0)))
        try store.purgeDeletedWorkforce(in: testNamespace, now: t0 + 1_000_000)
        #expect(try store.workforce(in: testNamespace) != nil)
    }
}

// MARK: - Files

@Suite struct WorkforceStoreFileTests {
    @Test func theClientSecretNeverReachesTheDisk() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try WorkforceStore(path: directory.file("db.sqlite3"))
        let workforce = Workforce.make(identity: .oidc(.make(scope: "openid", extra: [KeyValue("prompt", "login")])))
        try store.write { try store.save(workforce) }
        try store.write {
            try store.save(Workteam.make(members: [.oidc(groups: ["g"])]), tags: [KeyValue("k", "v")])
            var updated = workforce
            updated.lastUpdatedAt += 1
            try store.save(updated)
        }
        // While open, the commits sit in the WAL.
        let whileOpen = try directory.readFile("db.sqlite3") + directory.readFile("db.sqlite3-wal")
        #expect(containsBytes(whileOpen, Array("oidc-client-id".utf8)), "the search must see what was written")
        #expect(containsBytes(whileOpen, Array(OidcConfig.digest(ofSecret: secret).utf8)))
        #expect(!containsBytes(whileOpen, Array(secret.utf8)))
        store.close()
        let afterClose = try directory.readFile("db.sqlite3") + directory.readFile("db.sqlite3-wal")
        #expect(containsBytes(afterClose, Array("oidc-client-id".utf8)))
        #expect(!containsBytes(afterClose, Array(secret.utf8)))
    }

    @Test func reopeningKeepsEverything() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite3")
        let workforce = Workforce.make(
            identity: .oidc(.make(scope: "openid", extra: [KeyValue("a", "b")])),
            lifecycle: WorkforceLifecycle(status: .updating, target: .active, dueAt: t0 + 1_000))
        let team = Workteam.make(members: [.oidc(groups: ["g"])], notification: NotificationConfiguration(notificationTopicArn: nil))
        do {
            let store = try WorkforceStore(path: path)
            try store.write {
                try store.save(workforce)
                try store.save(team, tags: [KeyValue("k", "v")])
            }
            store.close()
        }
        let reopened = try WorkforceStore(path: path)
        defer { reopened.close() }
        #expect(try reopened.workforce(in: testNamespace) == workforce)
        #expect(try reopened.workteam(named: "team", in: testNamespace)?.team == team)
        #expect(try reopened.workteam(named: "team", in: testNamespace)?.tags == [KeyValue("k", "v")])
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test func committedWritesAreVisibleToASecondConnection() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite3")
        let writer = try WorkforceStore(path: path)
        defer { writer.close() }
        try writer.write { try writer.save(.make(name: "committed")) }
        let reader = try WorkforceStore(path: path)
        defer { reader.close() }
        #expect(try reader.workforce(in: testNamespace)?.name == "committed")
    }

    @Test func fileIsInWALModeWithForeignKeysOn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try WorkforceStore(path: directory.file("db.sqlite3"))
        defer { store.close() }
        #expect(try store.connection.pragma("journal_mode") == .text("wal"))
        #expect(try store.connection.pragma("foreign_keys") == .integer(1))
        #expect(try store.connection.pragma("user_version") == .integer(Int64(Schema.currentVersion)))
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func aNewFileIsSetUpWithoutSyncsAndThenSyncsAsWALDoes() throws {
        // Set up with `synchronous = OFF` (start-up); from the first change on, NORMAL (1), new file or not.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite3")
        let created = try WorkforceStore(path: path)
        #expect(try created.connection.pragma("synchronous") == .integer(1))
        try created.write { try created.save(.make(name: "kept")) }
        created.close()
        let reopened = try WorkforceStore(path: path)
        defer { reopened.close() }
        #expect(try reopened.connection.pragma("synchronous") == .integer(1))
        #expect(try reopened.connection.pragma("journal_mode") == .text("wal"))
        #expect(try reopened.workforce(in: testNamespace)?.name == "kept")
    }

    @Test(arguments: [
        Array("this is a text file, not a database\n".utf8),
        Array(repeating: UInt8(0xA5), count: 8_192),
        Array("{\"workforces\": []}".utf8),
    ])
    func fileThatIsNotSQLiteIsRefusedUntouched(contents: [UInt8]) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.writeFile(contents, to: "notes.txt")
        let path = directory.file("notes.txt")
        let error = try #require(openError(path))
        guard case .notADatabase(let reported) = error else {
            Issue.record("expected notADatabase, got \(error)")
            return
        }
        #expect(reported == path)
        #expect(error.description.contains(path))
        #expect(try directory.readFile("notes.txt") == contents)
    }

    @Test func newerSchemaIsRefusedUntouched() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("future.sqlite3")
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute("CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99;")
            connection.close()
        }
        let before = try directory.readFile("future.sqlite3")
        #expect(!before.isEmpty)
        let error = try #require(openError(path))
        guard case .schemaTooNew(let reported, let found, let supported) = error else {
            Issue.record("expected schemaTooNew, got \(error)")
            return
        }
        #expect(reported == path)
        #expect(found == 99)
        #expect(supported == Schema.currentVersion)
        #expect(try directory.readFile("future.sqlite3") == before)

        let check = try SQLiteConnection(path: path)
        defer { check.close() }
        #expect(try check.pragma("user_version") == .integer(99))
        #expect(try check.query("SELECT count(*) FROM sqlite_master WHERE name = 'workforces'").first?.int64(0) == 0)
    }

    @Test func newerSchemaWrittenByAStoreIsRefusedUntouched() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("db.sqlite3")
        do {
            let store = try WorkforceStore(path: path)
            try store.save(.make())
            try store.connection.execute("PRAGMA user_version = 99")
            store.close()
        }
        let before = try directory.readFile("db.sqlite3")
        guard case .schemaTooNew(_, 99, _)? = openError(path) else {
            Issue.record("expected schemaTooNew")
            return
        }
        #expect(try directory.readFile("db.sqlite3") == before)
    }

    @Test func emptyFileBecomesADatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.writeFile([], to: "empty.sqlite3")
        let store = try WorkforceStore(path: directory.file("empty.sqlite3"))
        defer { store.close() }
        try store.save(.make())
        #expect(try store.workforce(in: testNamespace) == .make())
    }

    @Test func missingDirectoryIsAnSQLiteError() {
        let error = openError("/nonexistent-directory-\(t0)/db.sqlite3")
        guard case .sqlite? = error else {
            Issue.record("expected .sqlite, got \(String(describing: error))")
            return
        }
    }

    @Test func integrityCheckInMemory() throws {
        let store = try memoryStore()
        try store.save(.make())
        try store.save(.make(), tags: [])
        #expect(try store.integrityCheck() == "ok")
        #expect(store.path == ":memory:")
    }
}

// MARK: - Fast paths of the stored format

@Suite struct StoredFormatFastPathTests {
    private func plain<T>(_ text: String, _ decode: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        var text = text
        return text.withUTF8 { decode($0) }
    }

    @Test func plainIdentitiesDecodeAsTheJSONRouteDoes() throws {
        for config in [CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1"), CognitoConfig(userPool: "", clientId: "")] {
            let text = JSONWriter.string(StoredFormat.identity(.cognito(config)))
            let fast = try #require(plain(text, StoredFormat.plainCognitoIdentity))
            #expect(fast == (try StoredFormat.identity(JSONParser.parse(text))))
        }
    }

    @Test(arguments: [
        #"{"CognitoConfig":{"UserPool":"a\"b","ClientId":"c"}}"#,  // an escape
        #"{"CognitoConfig":{"UserPool":"é","ClientId":"c"}}"#,  // not ASCII
        #"{ "CognitoConfig":{"UserPool":"a","ClientId":"c"}}"#,  // not as the store writes it
        #"{"CognitoConfig":{"ClientId":"c","UserPool":"a"}}"#,  // another order
        #"{"CognitoConfig":{"UserPool":"a","ClientId":"c"}} "#,  // trailing bytes
        #"{"CognitoConfig":{"UserPool":"a","ClientId":"c"}"#,  // cut short
        #"{"OidcConfig":{"ClientId":"c"}}"#,
    ])
    func anythingElseIsLeftToTheJSONRoute(_ text: String) {
        #expect(plain(text, StoredFormat.plainCognitoIdentity) == nil)
    }

    @Test func plainStringListsDecodeAsTheJSONRouteDoes() throws {
        for strings in [[], ["10.0.0.0/8"], ["10.0.0.0/8", "2001:db8::/32", ""]] {
            let text = JSONWriter.string(StoredFormat.strings(strings))
            #expect(plain(text, StoredFormat.plainStrings) == strings)
        }
        for text in [#"["a\"b"]"#, #"["é"]"#, "[ ]", #"["a",]"#, #"["a""#, #"["a"]x"#, "", "{}", "[1]"] {
            #expect(plain(text, StoredFormat.plainStrings) == nil, "\(text)")
        }
    }
}
