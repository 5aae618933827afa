import SQLite
import SageMakerWorkforces

/// The schema, versioned in `PRAGMA user_version` with forward migrations (DESIGN "Persistence").
///
/// Each migration runs in its own `BEGIN IMMEDIATE` transaction together with the version bump, so a
/// crash mid-migration leaves the previous version intact.
enum Schema {
    /// The newest version this binary knows.
    static var currentVersion: Int { Migration.allCases.count }

    /// The migrations in order: the one at index `i` takes the database from version `i` to `i + 1`.
    /// Never edit a shipped one: add another.
    enum Migration: CaseIterable {
        /// To version 1: ``version1``.
        case createTables
        /// To version 2: ``addSubDomainIndex(_:)``.
        case addSubDomainIndex
        /// To version 3: ``version3HumanReview``.
        case addHumanReviewTables

        func run(on connection: SQLiteConnection) throws(SQLiteError) {
            switch self {
            case .createTables: try connection.execute(version1)
            case .addSubDomainIndex: try Schema.addSubDomainIndex(connection)
            case .addHumanReviewTables: try connection.execute(version3HumanReview)
            }
        }
    }

    /// Version 1: workforces (one per namespace) and work teams. Each column, and the stored format of
    /// the JSON ones, is described at ``WorkforceColumn`` and ``WorkteamColumn``.
    static let version1 = """
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
            tags TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (account, region)    -- one workforce per namespace (spec §6)
        ) WITHOUT ROWID;
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
        """

    /// Version 3: human task UIs and flow definitions (human-review-api.md), each kind unique by name per
    /// namespace. No foreign key to workforces: a flow definition may use the Mechanical Turk team, and a
    /// UI needs no workforce. Columns and stored format: ``HumanTaskUiColumn``, ``FlowDefinitionColumn``.
    static let version3HumanReview = """
        CREATE TABLE human_task_uis (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            content TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (account, region, name)
        ) WITHOUT ROWID;
        CREATE TABLE flow_definitions (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            role_arn TEXT NOT NULL,
            output TEXT NOT NULL,            -- JSON
            loop TEXT NOT NULL,              -- JSON
            request_source TEXT,
            activation_conditions TEXT,      -- the string as the caller sent it
            created_ms INTEGER NOT NULL,
            status TEXT NOT NULL,
            failure_reason TEXT,
            target TEXT,                     -- Active | Gone | Failed, NULL when settled
            target_reason TEXT,
            due_ms INTEGER,
            tags TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (account, region, name)
        ) WITHOUT ROWID;
        """

    /// Version 2: the SubDomain of each workforce, indexed, so the worker portal finds a workforce by the
    /// host name a worker uses. Existing rows are backfilled with the domain's derivation (`Workforce.subDomain`).
    static func addSubDomainIndex(_ connection: SQLiteConnection) throws(SQLiteError) {
        try connection.execute("ALTER TABLE workforces ADD COLUMN sub_domain TEXT")
        for row in try connection.query("SELECT account, region, name FROM workforces") {
            let namespace = Namespace(account: row.string(0) ?? "", region: row.string(1) ?? "")
            let name = row.string(2) ?? ""
            try connection.run(
                "UPDATE workforces SET sub_domain = ? WHERE account = ? AND region = ?",
                [.text(Workforce.subDomain(namespace: namespace, name: name)), .text(namespace.account), .text(namespace.region)])
        }
        try connection.execute("CREATE INDEX workforces_by_sub_domain ON workforces (sub_domain)")
    }

    /// Brings `connection` to ``currentVersion``; refuses a newer database without writing to it.
    static func migrate(_ connection: SQLiteConnection, path: String) throws(StoreError) {
        let found = try version(of: connection, path: path)
        guard found <= currentVersion else {
            throw .schemaTooNew(path: path, found: found, supported: currentVersion)
        }
        for version in found..<currentVersion {
            do {
                try connection.writeTransaction { () throws(SQLiteError) in
                    try Migration.allCases[version].run(on: connection)
                    try connection.execute("PRAGMA user_version = \(version + 1)")
                }
            } catch {
                throw .sqlite(error.sqliteError)
            }
        }
    }

    /// `PRAGMA user_version`; reading it is also what tells a non-database file apart, before any write.
    static func version(of connection: SQLiteConnection, path: String) throws(StoreError) -> Int {
        do {
            // Reading sqlite_master forces SQLite to read and check the file header.
            _ = try connection.query("SELECT count(*) FROM sqlite_master")
            guard case .integer(let version)? = try connection.pragma("user_version") else { return 0 }
            return Int(version)
        } catch {
            if error.isNotADatabase || error.isCorrupt { throw .notADatabase(path: path) }
            throw .sqlite(error)
        }
    }
}
