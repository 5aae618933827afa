internal import CSQLite

/// An error reported by SQLite, carrying its extended result code, the message SQLite gave at the time
/// and the statement that failed.
///
/// Connections turn on extended result codes, so ``extendedResultCode`` is the precise code (for
/// example ``ResultCode/SQLITE_CONSTRAINT_UNIQUE``) and ``resultCode`` its primary code
/// (``ResultCode/SQLITE_CONSTRAINT``). Match either with `~=`: `case .SQLITE_FULL = error.resultCode`.
/// See [Result and Error Codes](https://sqlite.org/rescode.html) and
/// [sqlite3_errcode / sqlite3_errmsg / sqlite3_errstr](https://sqlite.org/c3ref/errcode.html).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code ([extended result codes](https://sqlite.org/c3ref/c_abort_rollback.html)).
    public let extendedResultCode: ResultCode
    /// The message of [sqlite3_errmsg](https://sqlite.org/c3ref/errcode.html) when the error happened,
    /// or a message written by this wrapper for misuse it detects itself.
    public let message: String
    /// The SQL text being prepared or run, if the error came from a statement.
    public let sql: String?

    /// Creates an error from its parts; mostly useful to tests and to code that maps errors.
    public init(extendedResultCode: ResultCode, message: String, sql: String? = nil) {
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
    }

    /// The [primary result code](https://sqlite.org/c3ref/c_abort.html) of ``extendedResultCode``.
    public var resultCode: ResultCode { extendedResultCode.primaryResultCode }

    /// Whether a `UNIQUE`, `NOT NULL`, `CHECK`, `PRIMARY KEY` or foreign-key constraint failed
    /// ([SQLITE_CONSTRAINT](https://sqlite.org/rescode.html#constraint)).
    public var isConstraintViolation: Bool { resultCode == .SQLITE_CONSTRAINT }

    /// Whether the file is not an SQLite database
    /// ([SQLITE_NOTADB](https://sqlite.org/rescode.html#notadb)).
    public var isNotADatabase: Bool { resultCode == .SQLITE_NOTADB }

    /// Whether the database file is malformed
    /// ([SQLITE_CORRUPT](https://sqlite.org/rescode.html#corrupt)).
    public var isCorrupt: Bool { resultCode == .SQLITE_CORRUPT }

    /// Whether another connection held a conflicting lock beyond the busy timeout
    /// ([SQLITE_BUSY](https://sqlite.org/rescode.html#busy)); the operation may be retried.
    ///
    /// `SQLITE_LOCKED` is deliberately not included: it reports a conflict inside the same
    /// connection (or shared cache), which retrying does not resolve.
    public var isBusy: Bool { resultCode == .SQLITE_BUSY }

    /// For example `SQLite error 26 (SQLITE_NOTADB): file is not a database [sql: PRAGMA user_version]`
    /// (the name is ``ResultCode/description``).
    public var description: String {
        var text = "SQLite error \(extendedResultCode.rawValue) (\(extendedResultCode))"
        // An empty message would leave the reader with a bare number: fall back to SQLite's generic text.
        let shown = message.isEmpty ? sqliteErrorString(extendedResultCode.rawValue) : message
        text += ": \(shown)"
        if let sql {
            text += " [sql: \(sql)]"
        }
        return text
    }
}

extension SQLiteError {
    /// Builds an error from a failing result code, reading the connection's message right away:
    /// the next API call on the connection would overwrite it.
    init(code: Int32, db: OpaquePointer?, sql: String?) {
        let message: String
        if let db, let cMessage = sqlite3_errmsg(db) {
            message = String(cString: cMessage)
        } else {
            message = sqliteErrorString(code)
        }
        self.init(extendedResultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// The error for using a connection or statement after it was closed or finalized, which SQLite
    /// itself cannot report safely (the handle is gone).
    static func closed(sql: String?) -> SQLiteError {
        SQLiteError(extendedResultCode: .SQLITE_MISUSE, message: "the connection is closed", sql: sql)
    }
}

/// The English text of a result code ([sqlite3_errstr](https://sqlite.org/c3ref/errcode.html)).
func sqliteErrorString(_ code: Int32) -> String {
    guard let cString = sqlite3_errstr(code) else { return "unknown error" }
    return String(cString: cString)
}
