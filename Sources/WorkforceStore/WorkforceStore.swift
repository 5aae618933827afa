import SQLite
import SageMakerWorkforces

/// Persistence of workforces and work teams in one SQLite database (DESIGN "Persistence").
///
/// WAL mode with `synchronous=NORMAL`: a commit is in the OS's hands when it returns, so a process
/// crash (`kill -9`) loses nothing that was committed; foreign keys on; a bounded busy timeout.
/// Every state change is one `BEGIN IMMEDIATE` transaction through ``write(_:)``, committed before the
/// caller answers. Rows and their stored format: ``WorkforceColumn``, ``WorkteamColumn``.
///
/// Not Sendable: one owner at a time (the app confines it to a serial queue).
public final class WorkforceStore {
    let connection: SQLiteConnection
    /// The path it was opened with (`:memory:` for none).
    public let path: String
    /// How many ``write(_:)`` transactions have committed on this connection: a caller that compares it
    /// before and after its work knows whether the database took a write.
    public internal(set) var committedWrites = 0
    /// Whether a group transaction is open (``beginGroup()``): ``write(_:)`` is then a savepoint in it.
    var isGrouping = false
    /// Savepoints released in the open group, counted into ``committedWrites`` at its COMMIT.
    var groupedWrites = 0
    /// ``SQL/workforceToDescribe``, prepared on first use and kept here: finding it in the connection's
    /// statement cache hashes its text, a tenth of what the lookup itself costs.
    private var describeLookup: SQLiteStatement?

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
        do throws(StoreError) {
            // Checks first, writes after: version() reads the header without writing.
            let version = try Schema.version(of: connection, path: path)
            guard version <= Schema.currentVersion else {
                throw StoreError.schemaTooNew(path: path, found: version, supported: Schema.currentVersion)
            }
            try Self.configure(connection, path: path)
            try Schema.migrate(connection, path: path)
            try Self.settle(connection, path: path)
        } catch {
            connection.close()
            throw error
        }
    }

    private static func configure(_ connection: SQLiteConnection, path: String) throws(StoreError) {
        do {
            try connection.setBusyTimeout(milliseconds: 5_000)
            // A new, empty file: switching it to WAL writes its first page, which the default rollback
            // journal protects with a journal file and four fsyncs (journal, folder, journal, database),
            // and creating the schema then syncs the new WAL and the folder: up to 8 ms of a start-up that
            // must answer within 10 (issue 15, seen under others' disk load), to keep a database that holds
            // nothing yet. So a new file is set up with its journal in memory and no syncs at all, and
            // ``settle(_:path:)`` turns `synchronous = NORMAL` on before the first change is accepted.
            // That gives up nothing the emulator promises: in WAL mode with NORMAL a commit is not synced
            // either (acknowledged changes survive a crash or `kill -9`, as the OS keeps the written
            // pages; not a power loss). A power loss in the first moments could leave a new file damaged,
            // and the next start then refuses it with its usual message (delete the file: it held nothing).
            if case .integer(0)? = try connection.pragma("page_count") {
                try connection.execute("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;")
            }
            try connection.enableWAL()
            try connection.execute("PRAGMA foreign_keys = ON;")
        } catch {
            throw error.isNotADatabase ? .notADatabase(path: path) : .sqlite(error)
        }
    }

    /// After set-up and migrations: WAL's usual syncing (at checkpoints) for everything from now on.
    private static func settle(_ connection: SQLiteConnection, path: String) throws(StoreError) {
        do {
            try connection.execute("PRAGMA synchronous = NORMAL;")
        } catch {
            throw error.isNotADatabase ? .notADatabase(path: path) : .sqlite(error)
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
            throw .readerUnavailable(path: path, error)
        }
    }

    /// Closes the database. Idempotent.
    public func close() {
        describeLookup = nil
        connection.close()
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it
    /// throws. `body`'s own error is rethrown as it is; a failed `BEGIN` or `COMMIT` throws
    /// ``StoreError/sqlite(_:)`` (e.g. `SQLITE_FULL`), and nothing of `body` was kept.
    /// Inside a group (``beginGroup()``) it is a savepoint instead, committed with the group.
    public func write<T>(_ body: () throws -> T) throws -> T {
        if isGrouping { return try writeInGroup(body) }
        do {
            let result = try connection.writeTransaction(body)
            committedWrites &+= 1
            return result
        } catch {
            switch error {
            case .body(let error): throw error
            case .sqlite(let error): throw StoreError.sqlite(error)
            }
        }
    }

    /// Writes one page in a transaction of its own (the schema version, set to what it is): whether the
    /// database takes writes again after a ``StoreError/WriteFault``.
    public func probeWrite() throws(StoreError) {
        if isGrouping {
            do {
                try writeInGroup { try connection.execute("PRAGMA user_version = \(Schema.currentVersion)") }
            } catch let error as StoreError {
                throw error
            } catch let error as SQLiteError {
                throw .sqlite(error)
            } catch {
                // writeInGroup rethrows the body's error, and this body throws only SQLiteError.
                throw .sqlite(SQLiteError(extendedResultCode: .SQLITE_ERROR, message: "\(error)", sql: nil))
            }
            return
        }
        do {
            try connection.writeTransaction { () throws(SQLiteError) in
                try connection.execute("PRAGMA user_version = \(Schema.currentVersion)")
            }
            committedWrites &+= 1
        } catch {
            switch error {
            case .body(let error), .sqlite(let error): throw .sqlite(error)
            }
        }
    }

    // MARK: Workforces

    /// The namespace's workforce row, in any status, including one whose deletion has completed
    /// (callers look at ``WorkforceLifecycle/observed(at:)``).
    public func workforce(in namespace: Namespace) throws(StoreError) -> Workforce? {
        try fetchOne(SQL.workforceInNamespace, [.text(namespace.account), .text(namespace.region)], RowCodec.workforce)
    }

    /// As ``workforce(in:)`` (tags included), with its SubDomain as stored: what UpdateWorkforce changes
    /// and answers with, without hashing the SubDomain again (SHA-256, ~9,000 instructions an update).
    public func workforceAndSubDomain(in namespace: Namespace) throws(StoreError) -> (workforce: Workforce, subDomain: String)? {
        try fetchOne(SQL.workforceInNamespace, [.text(namespace.account), .text(namespace.region)], RowCodec.workforceAndSubDomain)
    }

    /// The namespace's workforce as DescribeWorkforce answers it, in any status, like ``workforce(in:)``
    /// but cheaper, for the call that reads most: one primary-key lookup of only the columns the answer
    /// shows, decoded where SQLite holds them, with the SubDomain as stored instead of hashed.
    public func workforceToDescribe(in namespace: Namespace) throws(StoreError) -> DescribedWorkforce? {
        let decoded = try StoreError.wrap { () throws(SQLiteError) -> Result<DescribedWorkforce, StoreError>? in
            let statement: SQLiteStatement
            if let prepared = describeLookup {
                statement = prepared
            } else {
                statement = try connection.prepare(SQL.workforceToDescribe)
                describeLookup = statement
            }
            // Reset at once, so no read stays open.
            defer { statement.reset() }
            try statement.bind([.text(namespace.account), .text(namespace.region)])
            return try statement.step { row in
                Result { () throws(StoreError) in try RowCodec.workforceToDescribe(row, in: namespace) }
            }
        }
        return try decoded?.get()
    }

    /// The workforce whose SubDomain is `subDomain` (the worker portal's host name), in any status.
    public func workforce(bySubDomain subDomain: String) throws(StoreError) -> Workforce? {
        try fetchOne(SQL.workforceBySubDomain, [.text(subDomain)], RowCodec.workforce)
    }

    /// Every workforce row, ordered by namespace.
    public func allWorkforces() throws(StoreError) -> [Workforce] {
        try fetchAll(SQL.allWorkforces, [], RowCodec.workforce)
    }

    /// Inserts or replaces the namespace's workforce.
    public func save(_ workforce: Workforce) throws(StoreError) {
        try execute(SQL.saveWorkforce, RowCodec.values(of: workforce))
    }

    /// As ``save(_:)``, given `workforce.subDomain` already derived (the caller answers with it too).
    public func save(_ workforce: Workforce, subDomain: String) throws(StoreError) {
        try execute(SQL.saveWorkforce, RowCodec.values(of: workforce, subDomain: subDomain))
    }

    /// Writes what an update may change of the namespace's workforce named `workforce.name` in place
    /// (``SQL/updateWorkforce``), keeping its name, creation time and SubDomain; as ``save(_:)`` if no
    /// such row is there.
    public func update(_ workforce: Workforce) throws(StoreError) {
        // The SubDomain column is not written, so no SubDomain is derived for it (a SHA-256).
        let row = RowCodec.values(of: workforce, subDomain: "")
        let values = WorkforceColumn.changeable.map { row[$0.rawValue] }
            + [.text(workforce.namespace.account), .text(workforce.namespace.region), .text(workforce.name)]
        if try execute(SQL.updateWorkforce, values) == 0 { try save(workforce) }
    }

    /// Removes the namespace's workforce if its deletion has completed at `now`, so a new one can be created.
    public func purgeDeletedWorkforce(in namespace: Namespace, now: EpochMilliseconds) throws(StoreError) {
        try execute(SQL.purgeDeletedWorkforce, [.text(namespace.account), .text(namespace.region), .integer(now)])
    }

    // MARK: Work teams

    /// The namespace's teams, by name.
    public func workteams(in namespace: Namespace) throws(StoreError) -> [Workteam] {
        try fetchAll(SQL.workteamsInNamespace, [.text(namespace.account), .text(namespace.region)]) { row throws(StoreError) in
            try RowCodec.workteam(row).team
        }
    }

    /// One team and its tags.
    public func workteam(named name: String, in namespace: Namespace) throws(StoreError) -> (team: Workteam, tags: [Tag])? {
        try fetchOne(SQL.workteamByName, [.text(namespace.account), .text(namespace.region), .text(name)], RowCodec.workteam)
    }

    /// Every team with its tags, ordered by namespace and name.
    public func allWorkteams() throws(StoreError) -> [(team: Workteam, tags: [Tag])] {
        try fetchAll(SQL.allWorkteams, [], RowCodec.workteam)
    }

    /// How many teams the namespace has.
    public func workteamCount(in namespace: Namespace) throws(StoreError) -> Int {
        let count = try fetchOne(SQL.workteamCount, [.text(namespace.account), .text(namespace.region)]) { $0.int64(0) }
        return Int(count.flatMap { $0 } ?? 0)
    }

    /// Inserts or replaces a team with its tags.
    public func save(_ team: Workteam, tags: [Tag]) throws(StoreError) {
        try execute(SQL.saveWorkteam, RowCodec.values(of: team, tags: tags))
    }

    /// Removes a team; whether one was there.
    @discardableResult
    public func deleteWorkteam(named name: String, in namespace: Namespace) throws(StoreError) -> Bool {
        try execute(SQL.deleteWorkteam, [.text(namespace.account), .text(namespace.region), .text(name)]) > 0
    }

    // MARK: Whole-store

    /// Deletes the teams, workforces, human task UIs and flow definitions of the namespaces in `account` and `region` (any, when nil),
    /// teams first for the foreign key. Returns how many rows went.
    @discardableResult
    public func deleteAll(account: String? = nil, region: String? = nil) throws(StoreError) -> (workforces: Int, workteams: Int) {
        let bindings: [SQLiteValue] = [account.map(SQLiteValue.text) ?? .null, region.map(SQLiteValue.text) ?? .null]
        let workteams = try execute(SQL.deleteWorkteams, bindings)
        try execute(SQL.deleteHumanTaskUis, bindings)
        try execute(SQL.deleteFlowDefinitions, bindings)
        return (try execute(SQL.deleteWorkforces, bindings), workteams)
    }

    /// Makes every pending transition due at `now` (the admin API's "complete pending transitions"), then
    /// removes the workforces whose deletion thereby completed. Returns how many transitions it completed.
    public func completeTransitions(now: EpochMilliseconds) throws(StoreError) -> Int {
        let completed = try execute(SQL.completeTransitions, [.integer(now)])
        try execute(SQL.purgeDeletedWorkforces, [.integer(now)])
        let completedFlowDefinitions = try execute(SQL.completeFlowDefinitionTransitions, [.integer(now)])
        try execute(SQL.purgeAllDeletedFlowDefinitions, [.integer(now)])
        return completed + completedFlowDefinitions
    }

    /// How many namespaces hold anything, how many workforce rows and team rows there are. A team's
    /// namespace always has its workforce row (the foreign key), so namespaces are the workforce rows:
    /// two counts, no scan of the union (which took 200 ms at 100,000 namespaces).
    public func counts() throws(StoreError) -> (namespaces: Int, workforces: Int, workteams: Int) {
        let row = try fetchOne(SQL.counts, []) { $0 }
        let workforces = Int(row?.int64(0) ?? 0)
        return (workforces, workforces, Int(row?.int64(1) ?? 0))
    }

    // MARK: Statements

    /// The first row of `sql` (a cached statement), decoded; reset at once, so no read stays open.
    func fetchOne<T>(
        _ sql: String, _ bindings: [SQLiteValue], _ decode: (SQLiteRow) throws(StoreError) -> T
    ) throws(StoreError) -> T? {
        let row = try StoreError.wrap { () throws(SQLiteError) -> SQLiteRow? in
            let statement = try connection.cachedStatement(sql)
            defer { statement.reset() }
            try statement.bind(bindings)
            return try statement.step()
        }
        return try row.map(decode)
    }

    /// Every row of `sql` (a cached statement), decoded.
    func fetchAll<T>(
        _ sql: String, _ bindings: [SQLiteValue], _ decode: (SQLiteRow) throws(StoreError) -> T
    ) throws(StoreError) -> [T] {
        try StoreError.wrap { () throws(SQLiteError) in try connection.query(sql, bindings) }.map(decode)
    }

    /// Runs `sql` (a cached statement) to completion; how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ bindings: [SQLiteValue]) throws(StoreError) -> Int {
        try StoreError.wrap { () throws(SQLiteError) in
            try connection.run(sql, bindings)
            return connection.changes
        }
    }
}

/// A workforce as ``WorkforceStore/workforceToDescribe(in:)`` reads it for DescribeWorkforce: what the
/// answer shows, and nothing it does not.
public struct DescribedWorkforce: Sendable, Equatable {
    /// The workforce, but for ``Workforce/tags``: the answer never shows them, so they are not read and
    /// are always empty here.
    public var workforce: Workforce
    /// Its SubDomain as stored, equal to `workforce.subDomain` without the hashing.
    public var subDomain: String

    /// A described workforce.
    public init(workforce: Workforce, subDomain: String) {
        self.workforce = workforce
        self.subDomain = subDomain
    }
}
