import AWSJSONProtocol
import SQLite
import SageMakerWorkforces

/// Persistence of workforces and work teams in one SQLite database (DESIGN "Persistence").
///
/// WAL mode with `synchronous=NORMAL`: a commit is in the OS's hands when it returns, so a process
/// crash (`kill -9`) loses nothing that was committed; foreign keys on; a bounded busy timeout.
/// Every state change is one `BEGIN IMMEDIATE` transaction through ``write(_:)``, committed before the
/// caller answers.
///
/// Not Sendable: one owner at a time (the app confines it to a serial queue).
public final class WorkforceStore {
    let connection: SQLiteConnection
    /// The path it was opened with (`:memory:` for none).
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`. A file that is not SQLite, or
    /// whose schema is newer than this binary's, is refused before anything is written to it.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            connection = try SQLiteConnection(path: path)
        } catch {
            if error.isNotADatabase { throw .notADatabase(path: path) }
            throw .sqlite(error)
        }
        do {
            // Checks first, writes after: version() reads the header without writing.
            let version = try Schema.version(of: connection, path: path)
            guard version <= Schema.currentVersion else {
                throw StoreError.schemaTooNew(path: path, found: version, supported: Schema.currentVersion)
            }
            try connection.setBusyTimeout(milliseconds: 5_000)
            try connection.enableWAL()
            try connection.execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            try Schema.migrate(connection, path: path)
        } catch let error as StoreError {
            connection.close()
            throw error
        } catch let error as SQLiteError {
            connection.close()
            throw error.isNotADatabase ? .notADatabase(path: path) : .sqlite(error)
        } catch {
            connection.close()
            throw .sqlite(SQLiteError(extendedCode: 1, message: "\(error)"))
        }
    }

    private init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    /// A second, read-only connection to the same (already opened and migrated) database file, so reads
    /// can run beside the writer (WAL lets readers see the last commit while a write is under way).
    /// `:memory:` databases are private to their connection and have no readers.
    public static func openReader(path: String) throws(StoreError) -> WorkforceStore {
        do throws(SQLiteError) {
            let connection = try SQLiteConnection(path: path, mode: .readOnly)
            do throws(SQLiteError) {
                try connection.setBusyTimeout(milliseconds: 5_000)
                // Read once now, so the connection opens the -wal and -shm files at start rather than
                // on its first request: the process's descriptor count then stays flat under load.
                _ = try connection.query("SELECT count(*) FROM sqlite_master")
            } catch {
                connection.close()
                throw error
            }
            return WorkforceStore(connection: connection, path: path)
        } catch {
            throw .sqlite(error)
        }
    }

    /// Closes the database. Idempotent.
    public func close() { connection.close() }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
    public func write<T>(_ body: () throws -> T) throws -> T {
        try connection.writeTransaction(body)
    }

    /// Runs `body` in one read transaction, so it sees a consistent state.
    public func read<T>(_ body: () throws -> T) throws -> T {
        try connection.readTransaction(body)
    }

    // MARK: Workforces

    private static let workforceColumns = """
        account, region, name, created_ms, updated_ms, identity, cidrs, vpc, ip_address_type, status, failure_reason, \
        target, target_reason, due_ms, vpc_endpoint_pending, tags, sub_domain
        """

    /// The namespace's workforce row, in any status, including one whose deletion has completed
    /// (callers look at ``WorkforceLifecycle/observed(at:)``).
    public func workforce(in namespace: Namespace) throws -> Workforce? {
        let statement = try connection.cachedStatement(Self.workforceInNamespaceSQL)
        try statement.bind([.text(namespace.account), .text(namespace.region)])
        defer { statement.reset() }
        guard let row = try statement.step() else { return nil }
        return try RowCodec.workforce(row)
    }

    /// The workforce whose SubDomain is `subDomain` (the worker portal's host name), in any status.
    public func workforce(bySubDomain subDomain: String) throws -> Workforce? {
        let statement = try connection.cachedStatement(Self.workforceBySubDomainSQL)
        try statement.bind([.text(subDomain)])
        defer { statement.reset() }
        guard let row = try statement.step() else { return nil }
        return try RowCodec.workforce(row)
    }

    /// Every workforce row, ordered by namespace.
    public func allWorkforces() throws -> [Workforce] {
        try connection.query("SELECT \(Self.workforceColumns) FROM workforces ORDER BY account, region").map(RowCodec.workforce)
    }

    /// Inserts or replaces the namespace's workforce.
    public func save(_ workforce: Workforce) throws {
        let statement = try connection.cachedStatement(Self.saveWorkforceSQL)
        try statement.bind(RowCodec.values(of: workforce))
        defer { statement.reset() }
        try statement.run()
    }

    /// Removes the namespace's workforce row (its teams must be gone: the foreign key says so).
    public func deleteWorkforce(in namespace: Namespace) throws {
        try connection.run("DELETE FROM workforces WHERE account = ? AND region = ?", [.text(namespace.account), .text(namespace.region)])
    }

    /// Removes the namespace's workforce if its deletion has completed at `now`, so a new one can be created.
    public func purgeDeletedWorkforce(in namespace: Namespace, now: EpochMilliseconds) throws {
        try connection.run(
            "DELETE FROM workforces WHERE account = ? AND region = ? AND target = 'Gone' AND due_ms <= ?",
            [.text(namespace.account), .text(namespace.region), .integer(now)])
    }

    // MARK: Work teams

    private static let workteamColumns = """
        account, region, name, workforce_name, description, members, notification, worker_access, created_ms, updated_ms, tags
        """

    /// The namespace's teams, by name.
    public func workteams(in namespace: Namespace) throws -> [Workteam] {
        let statement = try connection.cachedStatement(Self.workteamsInNamespaceSQL)
        try statement.bind([.text(namespace.account), .text(namespace.region)])
        defer { statement.reset() }
        return try statement.all().map { try RowCodec.workteam($0).team }
    }

    /// One team and its tags.
    public func workteam(named name: String, in namespace: Namespace) throws -> (team: Workteam, tags: [Tag])? {
        let statement = try connection.cachedStatement(Self.workteamByNameSQL)
        try statement.bind([.text(namespace.account), .text(namespace.region), .text(name)])
        defer { statement.reset() }
        guard let row = try statement.step() else { return nil }
        return try RowCodec.workteam(row)
    }

    /// Every team with its tags, ordered by namespace and name.
    public func allWorkteams() throws -> [(team: Workteam, tags: [Tag])] {
        try connection.query("SELECT \(Self.workteamColumns) FROM workteams ORDER BY account, region, name").map(RowCodec.workteam)
    }

    /// How many teams the namespace has.
    public func workteamCount(in namespace: Namespace) throws -> Int {
        let statement = try connection.cachedStatement("SELECT count(*) FROM workteams WHERE account = ? AND region = ?")
        try statement.bind([.text(namespace.account), .text(namespace.region)])
        defer { statement.reset() }
        return Int(try statement.step()?.int64(0) ?? 0)
    }

    /// Inserts or replaces a team with its tags.
    public func save(_ team: Workteam, tags: [Tag]) throws {
        let statement = try connection.cachedStatement(Self.saveWorkteamSQL)
        try statement.bind(RowCodec.values(of: team, tags: tags))
        defer { statement.reset() }
        try statement.run()
    }

    /// Removes a team; whether one was there.
    @discardableResult
    public func deleteWorkteam(named name: String, in namespace: Namespace) throws -> Bool {
        try connection.run(
            "DELETE FROM workteams WHERE account = ? AND region = ? AND name = ?",
            [.text(namespace.account), .text(namespace.region), .text(name)])
        return connection.changes > 0
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c, …`: an update in place, not REPLACE's
    /// delete-and-insert, which would trip the teams' foreign key on their workforce. Built once: it is
    /// also the statement cache's key, hashed on every save.
    private static func upsert(into table: String, _ columns: String, key: [String]) -> String {
        let names = columns.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let updates = names.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns)) VALUES (\(placeholders)) ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates)"
    }

    private static let saveWorkforceSQL = upsert(into: "workforces", workforceColumns, key: ["account", "region"])
    private static let saveWorkteamSQL = upsert(into: "workteams", workteamColumns, key: ["account", "region", "name"])
    // Built once: a statement is looked up in the cache by its text on every call.
    private static let workforceInNamespaceSQL = "SELECT \(workforceColumns) FROM workforces WHERE account = ? AND region = ?"
    private static let workforceBySubDomainSQL = "SELECT \(workforceColumns) FROM workforces WHERE sub_domain = ?"
    private static let workteamsInNamespaceSQL = "SELECT \(workteamColumns) FROM workteams WHERE account = ? AND region = ? ORDER BY name"
    private static let workteamByNameSQL = "SELECT \(workteamColumns) FROM workteams WHERE account = ? AND region = ? AND name = ?"

    // MARK: Whole-store

    /// The namespaces that hold anything.
    public func namespaces() throws -> [Namespace] {
        try connection.query("SELECT account, region FROM workforces UNION SELECT account, region FROM workteams ORDER BY 1, 2")
            .map { Namespace(account: $0.string(0) ?? "", region: $0.string(1) ?? "") }
    }

    /// Deletes the teams and workforces of every namespace `matches` accepts (all when nil), teams first
    /// for the foreign key. Returns how many rows went.
    @discardableResult
    public func deleteAll(account: String? = nil, region: String? = nil) throws -> (workforces: Int, workteams: Int) {
        let condition = "(?1 IS NULL OR account = ?1) AND (?2 IS NULL OR region = ?2)"
        let bindings: [SQLiteValue] = [account.map(SQLiteValue.text) ?? .null, region.map(SQLiteValue.text) ?? .null]
        try connection.run("DELETE FROM workteams WHERE \(condition)", bindings)
        let workteams = connection.changes
        try connection.run("DELETE FROM workforces WHERE \(condition)", bindings)
        return (connection.changes, workteams)
    }

    /// Makes every pending transition due at `now` (the admin API's "complete pending transitions"), then
    /// removes the workforces whose deletion thereby completed. Returns how many transitions it completed.
    public func completeTransitions(now: EpochMilliseconds) throws -> Int {
        try connection.run("UPDATE workforces SET due_ms = ?1 WHERE target IS NOT NULL AND due_ms > ?1", [.integer(now)])
        let completed = connection.changes
        try connection.run("DELETE FROM workforces WHERE target = 'Gone' AND due_ms <= ?", [.integer(now)])
        return completed
    }

    /// How many namespaces hold anything, how many workforce rows and team rows there are. A team's
    /// namespace always has its workforce row (the foreign key), so namespaces are the workforce rows:
    /// two counts, no scan of the union (which took 200 ms at 100,000 namespaces).
    public func counts() throws -> (namespaces: Int, workforces: Int, workteams: Int) {
        let row = try connection.query("SELECT (SELECT count(*) FROM workforces), (SELECT count(*) FROM workteams)").first
        let workforces = Int(row?.int64(0) ?? 0)
        return (workforces, workforces, Int(row?.int64(1) ?? 0))
    }

    /// `PRAGMA integrity_check`'s answer (`ok` when healthy).
    public func integrityCheck() throws -> String {
        try connection.query("PRAGMA integrity_check").compactMap { $0.string(0) }.joined(separator: "; ")
    }
}
