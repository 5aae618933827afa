internal import CSQLite

/// A connection to one SQLite database ([sqlite3](https://sqlite.org/c3ref/sqlite3.html)).
///
/// Not Sendable: one owner at a time (the caller serializes access, e.g. a serial queue).
/// The handle is closed by ``close()`` or, at the latest, in `deinit`.
public final class SQLiteConnection {
    /// How to open the database file ([sqlite3_open_v2 flags](https://sqlite.org/c3ref/open.html)).
    public enum OpenMode: Sendable {
        /// Read and write, creating the file if it does not exist
        /// (`SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE`).
        case readWriteCreate
        /// Read and write an existing file (`SQLITE_OPEN_READWRITE`).
        case readWrite
        /// Read only (`SQLITE_OPEN_READONLY`).
        case readOnly

        var flags: Int32 {
            switch self {
            case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
            case .readWrite: SQLITE_OPEN_READWRITE
            case .readOnly: SQLITE_OPEN_READONLY
            }
        }
    }

    /// Nil once closed.
    private var handle: OpaquePointer?
    /// Statements of ``cachedStatement(_:)`` by SQL text.
    private var statementCache: [String: SQLiteStatement] = [:]
    /// The same statements found by where their text's bytes live: the SQL texts are the store's
    /// constants, whose storage never moves, and hashing an address instead of a 300-byte text took
    /// cachedStatement from about 2,900 instructions to a few hundred (a 10th of an UpdateWorkforce's
    /// SQLite work went to finding its 5 statements). Each entry keeps its text, so that storage stays
    /// alive and no other text can come to live at the same address; a hit is still compared with the
    /// text (`==`, a memcmp), which costs little and would turn any surprise into a miss.
    private var statementsByStorage: [StorageKey: (sql: String, statement: SQLiteStatement)] = [:]

    private struct StorageKey: Hashable {
        let address: UInt
        let count: Int
    }

    /// Opens the database at `path` ([sqlite3_open_v2](https://sqlite.org/c3ref/open.html));
    /// `":memory:"` opens a private in-memory database.
    ///
    /// Turns on [extended result codes](https://sqlite.org/c3ref/extended_result_codes.html), so
    /// errors carry e.g. `SQLITE_CONSTRAINT_UNIQUE` rather than `SQLITE_CONSTRAINT`. SQLite reads
    /// the file lazily: a file that is not a database is only reported by the first statement.
    ///
    /// Opened `SQLITE_OPEN_NOMUTEX` (SQLite's multi-thread mode): a connection has one owner at a time
    /// (this type is not Sendable), so the mutex SQLite would take in every call on it (about 180 lock and
    /// unlock pairs per UpdateWorkforce under callgrind) protects nothing.
    public init(path: String, mode: OpenMode = .readWriteCreate) throws(SQLiteError) {
        _ = Self.configured
        var db: OpaquePointer?
        // SQLITE_OPEN_EXRESCODE makes the open itself report extended codes, too.
        let code = sqlite3_open_v2(path, &db, mode.flags | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db else {
            // SQLite usually allocates a handle even when open fails, and it must still be closed;
            // read its message first, closing discards it.
            let error = SQLiteError(code: code == SQLITE_OK ? SQLITE_NOMEM : code, db: db, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        // Belt and braces for every later call (the open flag is documented for open only).
        sqlite3_extended_result_codes(db, 1)
        handle = db
    }

    deinit {
        close()
    }

    /// Process-wide settings made once, before the first connection opens: no memory statistics (their
    /// global mutex is taken in every allocation, on every connection, whatever thread it is on).
    private static let configured: Bool = csqlite_disable_memory_statistics() == SQLITE_OK

    /// Whether the connection has not been closed yet.
    var isOpen: Bool { handle != nil }

    /// The open handle, or the "connection is closed" error.
    private func liveHandle(sql: String?) throws(SQLiteError) -> OpaquePointer {
        guard let handle else { throw SQLiteError.closed(sql: sql) }
        return handle
    }

    /// Closes the connection ([sqlite3_close_v2](https://sqlite.org/c3ref/close.html)).
    /// Idempotent; later calls on the connection or its statements throw a "connection is closed" error.
    ///
    /// Cached statements are finalized here. Uncached statements still alive keep the underlying
    /// handle as a "zombie" until they are deinitialized, which `sqlite3_close_v2` exists for:
    /// plain `sqlite3_close` would fail with `SQLITE_BUSY` and leak the connection.
    public func close() {
        guard let handle else { return }
        for statement in statementCache.values {
            statement.finalize()
        }
        statementCache.removeAll()
        statementsByStorage.removeAll()
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// Runs one or more `;`-separated statements without parameters
    /// ([sqlite3_exec](https://sqlite.org/c3ref/exec.html)): schema scripts, `BEGIN`, pragmas.
    public func execute(_ sql: String) throws(SQLiteError) {
        let handle = try liveHandle(sql: sql)
        var cMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &cMessage)
        // The message is allocated by SQLite and must be freed with sqlite3_free.
        let message = cMessage.map { String(cString: $0) }
        sqlite3_free(cMessage)
        guard code == SQLITE_OK else {
            throw SQLiteError(extendedResultCode: ResultCode(rawValue: code), message: message ?? sqliteErrorString(code), sql: sql)
        }
    }

    /// Compiles one statement ([sqlite3_prepare_v2](https://sqlite.org/c3ref/prepare.html)), uncached.
    ///
    /// Text that holds no statement, or more than one, is an error: SQLite would otherwise compile
    /// only the first and silently ignore the rest.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        let handle = try liveHandle(sql: sql)
        var utf8 = Array(sql.utf8CString)
        let result: Result<OpaquePointer, SQLiteError> = utf8.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else {
                return .failure(SQLiteError(extendedResultCode: .SQLITE_MISUSE, message: "empty SQL", sql: sql))
            }
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            // -1: read up to the NUL terminator that utf8CString provides.
            let code = sqlite3_prepare_v2(handle, start, -1, &statement, &tail)
            guard code == SQLITE_OK else {
                return .failure(SQLiteError(code: code, db: handle, sql: sql))
            }
            guard let statement else {
                return .failure(SQLiteError(
                    extendedResultCode: .SQLITE_MISUSE, message: "the SQL text contains no statement", sql: sql))
            }
            // Preparing the rest tells real statements apart from trailing whitespace and comments
            // (which compile to no statement at all).
            if let tail, tail.pointee != 0 {
                var extra: OpaquePointer?
                let tailCode = sqlite3_prepare_v2(handle, tail, -1, &extra, nil)
                sqlite3_finalize(extra)
                if tailCode != SQLITE_OK || extra != nil {
                    sqlite3_finalize(statement)
                    return .failure(SQLiteError(
                        extendedResultCode: .SQLITE_MISUSE,
                        message: "the SQL text contains more than one statement; use execute(_:) for scripts",
                        sql: sql))
                }
            }
            return .success(statement)
        }
        return SQLiteStatement(handle: try result.get(), connection: self, sql: sql)
    }

    /// The statement for `sql`, prepared once per SQL text and reused
    /// ([sqlite3_prepare_v2](https://sqlite.org/c3ref/prepare.html)): the hot path uses this.
    ///
    /// Each call resets the statement and clears its bindings
    /// ([sqlite3_reset](https://sqlite.org/c3ref/reset.html),
    /// [sqlite3_clear_bindings](https://sqlite.org/c3ref/clear_bindings.html)), so the caller starts
    /// fresh. Because there is one statement per text, do not fetch the same SQL again while still
    /// stepping it. Meant for a fixed set of SQL texts: the cache is never trimmed.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        // close() empties the caches, so a hit always belongs to an open connection.
        let key = sql.utf8.withContiguousStorageIfAvailable { StorageKey(address: UInt(bitPattern: $0.baseAddress), count: $0.count) }
        if let key, let entry = statementsByStorage[key], entry.sql == sql {
            entry.statement.reset()
            entry.statement.clearBindings()
            return entry.statement
        }
        let statement: SQLiteStatement
        if let cached = statementCache[sql] {
            cached.reset()
            cached.clearBindings()
            statement = cached
        } else {
            statement = try prepare(sql)
            statementCache[sql] = statement
        }
        // Small strings live inline (no stable storage): those stay keyed by text alone. A caller that
        // builds its texts anew each time would add an address per call: bounded, the map starts over.
        if let key, key.address != 0, sql.utf8.count > 15 {
            if statementsByStorage.count >= 2 * statementCache.count + 64 { statementsByStorage.removeAll() }
            statementsByStorage[key] = (sql, statement)
        }
        return statement
    }

    /// Runs `sql` with `bindings` (see ``SQLiteStatement/bind(_:)``) and returns all its rows,
    /// through ``cachedStatement(_:)`` ([sqlite3_step](https://sqlite.org/c3ref/step.html)).
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        let statement = try cachedStatement(sql)
        // Reset even on error so the statement does not keep a read open on the database.
        defer { statement.reset() }
        try statement.bind(bindings)
        return try statement.all()
    }

    /// Runs `sql` with `bindings` to completion, ignoring any rows, through ``cachedStatement(_:)``
    /// ([sqlite3_step](https://sqlite.org/c3ref/step.html)).
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        try statement.bind(bindings)
        try statement.run()
    }

    /// The first column of the first row of `PRAGMA name`, or `nil` when it returns no row
    /// ([PRAGMA statements](https://sqlite.org/pragma.html)).
    ///
    /// `name` is pasted into the SQL as is (pragmas take no parameters), so it may carry an
    /// assignment such as `"user_version = 3"`; never pass untrusted text.
    public func pragma(_ name: String) throws(SQLiteError) -> SQLiteValue? {
        let statement = try prepare("PRAGMA \(name)")
        return try statement.step()?[0]
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE
    /// ([sqlite3_changes64](https://sqlite.org/c3ref/changes.html)); 0 once closed.
    public var changes: Int {
        guard let handle else { return 0 }
        return Int(sqlite3_changes64(handle))
    }

    /// Whether a transaction is open, i.e. the connection is not in autocommit mode
    /// ([sqlite3_get_autocommit](https://sqlite.org/c3ref/get_autocommit.html)); `false` once closed.
    public var isInTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE … COMMIT`,
    /// [transactions](https://sqlite.org/lang_transaction.html)) and returns its result.
    ///
    /// `IMMEDIATE` takes the write lock up front, so a conflicting writer fails at `BEGIN` (after the
    /// busy timeout) rather than halfway through `body`. When `body` throws, the transaction is rolled
    /// back — only if still open, since some errors (e.g. `SQLITE_FULL`) already rolled it back — and
    /// `body`'s error is thrown as ``TransactionError/body(_:)``. When `BEGIN` or `COMMIT` fails, the
    /// transaction is rolled back as well and SQLite's error thrown as ``TransactionError/sqlite(_:)``.
    /// Transactions do not nest: calling this inside another transaction fails at `BEGIN` with
    /// SQLite's "cannot start a transaction within a transaction".
    public func writeTransaction<T, Failure: Error>(
        _ body: () throws(Failure) -> T
    ) throws(TransactionError<Failure>) -> T {
        let result: T
        do {
            try run("BEGIN IMMEDIATE")
        } catch {
            throw .sqlite(error)
        }
        do {
            result = try body()
        } catch {
            rollbackIfOpen()
            throw .body(error)
        }
        do {
            try run("COMMIT")
        } catch {
            rollbackIfOpen()
            throw .sqlite(error)
        }
        return result
    }

    /// Best effort: the error being propagated matters more than a failed rollback, and a rollback
    /// that fails leaves SQLite to roll back when the connection closes.
    private func rollbackIfOpen() {
        guard isInTransaction else { return }
        try? run("ROLLBACK")
    }

    /// Makes SQLite retry for up to `milliseconds` when another connection holds a lock, then fail
    /// with `SQLITE_BUSY` ([sqlite3_busy_timeout](https://sqlite.org/c3ref/busy_timeout.html)).
    /// Bounded by design (no open-ended busy handler); 0 turns retrying off; negative is rejected.
    public func setBusyTimeout(milliseconds: Int32) throws(SQLiteError) {
        let handle = try liveHandle(sql: nil)
        guard milliseconds >= 0 else {
            throw SQLiteError(
                extendedResultCode: .SQLITE_MISUSE, message: "busy timeout must not be negative (\(milliseconds) ms)", sql: nil)
        }
        let code = sqlite3_busy_timeout(handle, milliseconds)
        guard code == SQLITE_OK else { throw SQLiteError(code: code, db: handle, sql: nil) }
    }

    /// Switches the database to [write-ahead logging](https://sqlite.org/wal.html)
    /// (`PRAGMA journal_mode=WAL`, [journal_mode](https://sqlite.org/pragma.html#pragma_journal_mode))
    /// and checks that it took: the pragma answers the resulting mode rather than failing.
    /// An in-memory database answers `memory`, which is accepted; anything else throws.
    public func enableWAL() throws(SQLiteError) {
        let handle = try liveHandle(sql: nil)
        let sql = "PRAGMA journal_mode=WAL"
        let row = try prepare(sql).step()
        let mode = row?.string(0)?.lowercased()
        if mode == "wal" { return }
        // sqlite3_db_filename is "" for in-memory and temporary databases.
        let isInMemory = sqlite3_db_filename(handle, "main").map { $0.pointee == 0 } ?? true
        if mode == "memory" && isInMemory { return }
        throw SQLiteError(
            extendedResultCode: .SQLITE_ERROR,
            message: "journal_mode=WAL was not applied; the database reports journal mode \(mode.map { "'\($0)'" } ?? "nothing")",
            sql: sql)
    }
}
