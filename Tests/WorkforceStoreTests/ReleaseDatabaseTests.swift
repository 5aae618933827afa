import SQLite
import SageMakerWorkforces
import TestSupport
import Testing

@testable import WorkforceStore

/// A database exactly as the release before the stored-format redesign (schema version 2) wrote it:
/// `sqlite3 .dump` of a file filled by that release's `WorkforceStore`, then `PRAGMA user_version`.
/// Never edit it to match newer code: it is what users' files hold.
private let releaseDatabase = """
        CREATE TABLE workforces (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL,
            identity TEXT NOT NULL,          -- JSON; an OIDC secret only as its fingerprint
            cidrs TEXT NOT NULL,             -- JSON array of strings
            vpc TEXT,                        -- JSON, NULL when none
            ip_address_type TEXT,
            status TEXT NOT NULL,
            failure_reason TEXT,
            target TEXT,                     -- Active | Gone | Failed, NULL when settled
            target_reason TEXT,
            due_ms INTEGER,
            vpc_endpoint_pending INTEGER NOT NULL DEFAULT 0,
            tags TEXT NOT NULL DEFAULT '[]', sub_domain TEXT,
            PRIMARY KEY (account, region)    -- one workforce per namespace (spec §6)
        ) WITHOUT ROWID;
        INSERT INTO workforces VALUES('000000000000','ap-southeast-2','going',1700000000000,1700000000500,'{"OidcConfig":{"ClientId":"c2","Issuer":"https://login.example.org","AuthorizationEndpoint":"https://login.example.org/a","TokenEndpoint":"https://login.example.org/t","UserInfoEndpoint":"https://login.example.org/u","LogoutEndpoint":"https://login.example.org/l","JwksUri":"https://login.example.org/j","ClientSecretFingerprint":"sha256:9c0ee26e4a1fbb028187486a7ea91f81f8ab81fcf467cba75107dbd3a64244d7"}}','[]',NULL,'ipv4','Deleting',NULL,'Gone',NULL,1700000001500,0,'[]','1kcush9xhc.labeling.ap-southeast-2.sagemaker.aws');
        INSERT INTO workforces VALUES('111111111111','us-west-2','broken',1700000000000,1700000002000,'{"CognitoConfig":{"UserPool":"us-west-2_Xyz","ClientId":"c3"}}','[]','{"VpcId":"vpc-9","SecurityGroupIds":["sg-9"],"Subnets":["subnet-9"]}',NULL,'Failed','it broke',NULL,NULL,NULL,0,'[]','kj26kxos98.labeling.us-west-2.sagemaker.aws');
        INSERT INTO workforces VALUES('123456789012','us-east-1','labelers',1764374400123,1764374401456,'{"CognitoConfig":{"UserPool":"us-east-1_AbC123","ClientId":"client-1"}}','["10.0.0.0/16","203.0.113.0/24"]',NULL,NULL,'Initializing',NULL,'Active',NULL,1764374401123,0,'[{"Key":"team","Value":"vision"},{"Key":"ünïcode key","Value":"välue \\"quoted\\""}]','pr3ql9vf9z.labeling.us-east-1.sagemaker.aws');
        INSERT INTO workforces VALUES('210987654321','eu-west-1','Oidc-Workforce',1764000000000,1764100000000,'{"OidcConfig":{"ClientId":"oidc-client-id","Issuer":"https://idp.example.com","AuthorizationEndpoint":"https://idp.example.com/authorize","TokenEndpoint":"https://idp.example.com/token","UserInfoEndpoint":"https://idp.example.com/userinfo","LogoutEndpoint":"https://idp.example.com/logout","JwksUri":"https://idp.example.com/jwks","Scope":"openid email","AuthenticationRequestExtraParams":{"prompt":"login","acr_values":"urn:x \\"y\\""},"ClientSecretFingerprint":"sha256:fd3586f75d4cc9e7d9d76525abdd0ccbcd21fca2f92604b86557ad3845965e51"}}','["2001:db8::/32"]','{"VpcId":"vpc-0a1b2c3d","SecurityGroupIds":["sg-1","sg-2"],"Subnets":["subnet-1","subnet-2"]}','dualstack','Updating',NULL,'Failed','VPC endpoint creation failed',1764100001000,1,'[{"Key":"env","Value":"ci"}]','wyy6gcj6lh.labeling.eu-west-1.sagemaker.aws');
        CREATE TABLE workteams (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            workforce_name TEXT NOT NULL,
            description TEXT NOT NULL,
            members TEXT NOT NULL,           -- JSON array of MemberDefinition
            notification TEXT,               -- JSON
            worker_access TEXT,              -- JSON
            created_ms INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (account, region, name),
            FOREIGN KEY (account, region) REFERENCES workforces (account, region)
        ) WITHOUT ROWID;
        INSERT INTO workteams VALUES('123456789012','us-east-1','image-team','labelers','Labelers: "images" & text','[{"CognitoMemberDefinition":{"UserPool":"us-east-1_AbC123","UserGroup":"labelers","ClientId":"client-1"}},{"CognitoMemberDefinition":{"UserPool":"us-east-1_AbC123","UserGroup":"reviewers","ClientId":"client-1"}}]','{"NotificationTopicArn":"arn:aws:sns:us-east-1:123456789012:tasks"}','{"S3Presign":{"IamPolicyConstraints":{"SourceIp":"Enabled","VpcSourceIp":"Disabled"}}}',1764374402000,1764374403000,'[{"Key":"cost-center","Value":"42"}]');
        INSERT INTO workteams VALUES('123456789012','us-east-1','plain-team','labelers','plain','[{"CognitoMemberDefinition":{"UserPool":"us-east-1_AbC123","UserGroup":"plain","ClientId":"client-1"}}]',NULL,NULL,1764374404000,1764374404000,'[]');
        INSERT INTO workteams VALUES('210987654321','eu-west-1','oidc-empty-access','Oidc-Workforce','','[{"OidcMemberDefinition":{"Groups":["only"]}}]',NULL,'{}',1764100004000,1764100004000,'[]');
        INSERT INTO workteams VALUES('210987654321','eu-west-1','oidc-team','Oidc-Workforce','OIDC groups','[{"OidcMemberDefinition":{"Groups":["g2","g1"]}},{"OidcMemberDefinition":{"Groups":["g3"]}}]','{}','{"S3Presign":{}}',1764100002000,1764100003000,'[{"Key":"a","Value":""},{"Key":"b","Value":"2"}]');
        CREATE INDEX workforces_by_sub_domain ON workforces (sub_domain);
        PRAGMA user_version = 2;
        """

private let cognitoNamespace = Namespace(account: "123456789012", region: "us-east-1")
private let oidcNamespace = Namespace(account: "210987654321", region: "eu-west-1")
private let deletingNamespace = Namespace(account: "000000000000", region: "ap-southeast-2")
private let failedNamespace = Namespace(account: "111111111111", region: "us-west-2")

/// What the release was given to write `releaseDatabase` (the fingerprints are of "Sup3r-Secret-Value!"
/// and "other-secret").
private let expectedWorkforces: [Workforce] = [
    Workforce(
        namespace: deletingNamespace, name: "going", createdAt: 1_700_000_000_000, lastUpdatedAt: 1_700_000_000_500,
        identityProvider: .oidc(OidcConfig(
            clientId: "c2", clientSecret: "other-secret", issuer: "https://login.example.org",
            authorizationEndpoint: "https://login.example.org/a", tokenEndpoint: "https://login.example.org/t",
            userInfoEndpoint: "https://login.example.org/u", logoutEndpoint: "https://login.example.org/l",
            jwksUri: "https://login.example.org/j", scope: nil, authenticationRequestExtraParams: nil)),
        ipAddressType: .ipv4,
        lifecycle: WorkforceLifecycle(status: .deleting, target: .gone, dueAt: 1_700_000_001_500)),
    Workforce(
        namespace: failedNamespace, name: "broken", createdAt: 1_700_000_000_000, lastUpdatedAt: 1_700_000_002_000,
        identityProvider: .cognito(CognitoConfig(userPool: "us-west-2_Xyz", clientId: "c3")),
        vpcConfig: WorkforceVpcConfig(vpcId: "vpc-9", securityGroupIds: ["sg-9"], subnets: ["subnet-9"]),
        lifecycle: WorkforceLifecycle(status: .failed, failureReason: "it broke")),
    Workforce(
        namespace: cognitoNamespace, name: "labelers", createdAt: 1_764_374_400_123, lastUpdatedAt: 1_764_374_401_456,
        identityProvider: .cognito(CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1")),
        sourceIpCidrs: ["10.0.0.0/16", "203.0.113.0/24"],
        lifecycle: WorkforceLifecycle(status: .initializing, target: .active, dueAt: 1_764_374_401_123),
        tags: [KeyValue("team", "vision"), KeyValue("ünïcode key", "välue \"quoted\"")]),
    Workforce(
        namespace: oidcNamespace, name: "Oidc-Workforce", createdAt: 1_764_000_000_000, lastUpdatedAt: 1_764_100_000_000,
        identityProvider: .oidc(OidcConfig(
            clientId: "oidc-client-id", clientSecret: "Sup3r-Secret-Value!", issuer: "https://idp.example.com",
            authorizationEndpoint: "https://idp.example.com/authorize", tokenEndpoint: "https://idp.example.com/token",
            userInfoEndpoint: "https://idp.example.com/userinfo", logoutEndpoint: "https://idp.example.com/logout",
            jwksUri: "https://idp.example.com/jwks", scope: "openid email",
            authenticationRequestExtraParams: [KeyValue("prompt", "login"), KeyValue("acr_values", "urn:x \"y\"")])),
        sourceIpCidrs: ["2001:db8::/32"],
        vpcConfig: WorkforceVpcConfig(vpcId: "vpc-0a1b2c3d", securityGroupIds: ["sg-1", "sg-2"], subnets: ["subnet-1", "subnet-2"]),
        ipAddressType: .dualstack,
        lifecycle: WorkforceLifecycle(status: .updating, target: .failed(reason: "VPC endpoint creation failed"), dueAt: 1_764_100_001_000),
        vpcEndpointPending: true, tags: [KeyValue("env", "ci")]),
]

private let expectedWorkteams: [(team: Workteam, tags: [KeyValue])] = [
    (Workteam(
        namespace: cognitoNamespace, name: "image-team", workforceName: "labelers", description: "Labelers: \"images\" & text",
        memberDefinitions: [
            .cognito(userPool: "us-east-1_AbC123", userGroup: "labelers", clientId: "client-1"),
            .cognito(userPool: "us-east-1_AbC123", userGroup: "reviewers", clientId: "client-1"),
        ],
        notificationConfiguration: NotificationConfiguration(notificationTopicArn: "arn:aws:sns:us-east-1:123456789012:tasks"),
        workerAccessConfiguration: WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: true, sourceIp: "Enabled", vpcSourceIp: "Disabled"),
        createdAt: 1_764_374_402_000, lastUpdatedAt: 1_764_374_403_000), [KeyValue("cost-center", "42")]),
    (Workteam(
        namespace: cognitoNamespace, name: "plain-team", workforceName: "labelers", description: "plain",
        memberDefinitions: [.cognito(userPool: "us-east-1_AbC123", userGroup: "plain", clientId: "client-1")],
        notificationConfiguration: nil, workerAccessConfiguration: nil,
        createdAt: 1_764_374_404_000, lastUpdatedAt: 1_764_374_404_000), []),
    (Workteam(
        namespace: oidcNamespace, name: "oidc-empty-access", workforceName: "Oidc-Workforce", description: "",
        memberDefinitions: [.oidc(groups: ["only"])],
        notificationConfiguration: nil,
        workerAccessConfiguration: WorkerAccessConfiguration(hasS3Presign: false, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil),
        createdAt: 1_764_100_004_000, lastUpdatedAt: 1_764_100_004_000), []),
    (Workteam(
        namespace: oidcNamespace, name: "oidc-team", workforceName: "Oidc-Workforce", description: "OIDC groups",
        memberDefinitions: [.oidc(groups: ["g2", "g1"]), .oidc(groups: ["g3"])],
        notificationConfiguration: NotificationConfiguration(notificationTopicArn: nil),
        workerAccessConfiguration: WorkerAccessConfiguration(hasS3Presign: true, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil),
        createdAt: 1_764_100_002_000, lastUpdatedAt: 1_764_100_003_000), [KeyValue("a", ""), KeyValue("b", "2")]),
]

@Suite struct ReleaseDatabaseTests {
    /// A file as the release left it, opened by this build.
    private func openRelease(in directory: TemporaryDirectory) throws -> WorkforceStore {
        let path = directory.file("release.sqlite3")
        do {
            let connection = try SQLiteConnection(path: path)
            try connection.execute(releaseDatabase)
            connection.close()
        }
        return try WorkforceStore(path: path)
    }

    @Test func aReleaseDatabaseServesTheSameState() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openRelease(in: directory)
        defer { store.close() }
        #expect(try store.connection.pragma("user_version") == .integer(Int64(Schema.currentVersion)))
        #expect(try store.integrityCheck() == "ok")

        #expect(try store.allWorkforces() == expectedWorkforces)
        for workforce in expectedWorkforces {
            #expect(try store.workforce(in: workforce.namespace) == workforce, "\(workforce.name)")
            #expect(try store.workforce(bySubDomain: workforce.subDomain) == workforce, "\(workforce.name)")
        }
        let teams = try store.allWorkteams()
        #expect(teams.map(\.team) == expectedWorkteams.map(\.team))
        #expect(teams.map(\.tags) == expectedWorkteams.map(\.tags))
        for expected in expectedWorkteams {
            let loaded = try #require(try store.workteam(named: expected.team.name, in: expected.team.namespace))
            #expect(loaded.team == expected.team)
            #expect(loaded.tags == expected.tags)
        }
        #expect(try store.workteams(in: oidcNamespace).map(\.name) == ["oidc-empty-access", "oidc-team"])
        #expect(try store.workteamCount(in: cognitoNamespace) == 2)
        let counts = try store.counts()
        #expect(counts.namespaces == 4 && counts.workforces == 4 && counts.workteams == 4)

        // Pending transitions go on from the stored due times.
        #expect(try store.completeTransitions(now: 1_600_000_000_000) == 3)
        #expect(try store.workforce(in: deletingNamespace) == nil)
    }

    /// The stored format did not change: this build writes the release's bytes, so no schema version
    /// was needed. If this fails on purpose, bump the schema and migrate instead.
    @Test func thisBuildWritesTheReleasesBytes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let release = try openRelease(in: directory)
        defer { release.close() }
        let rewritten = try WorkforceStore(path: ":memory:")
        defer { rewritten.close() }
        try rewritten.write {
            for workforce in expectedWorkforces { try rewritten.save(workforce) }
            for team in expectedWorkteams { try rewritten.save(team.team, tags: team.tags) }
        }
        for sql in [
            "SELECT \(WorkforceColumn.list) FROM workforces ORDER BY account, region",
            "SELECT \(WorkteamColumn.list) FROM workteams ORDER BY account, region, name",
        ] {
            let expected = try release.connection.query(sql).map { $0.values }
            #expect(expected.count == 4)
            #expect(try rewritten.connection.query(sql).map { $0.values } == expected)
        }
    }
}
