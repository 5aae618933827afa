internal import CSQLite

/// An error reported by SQLite, carrying its extended result code, the message SQLite gave at the time
/// and the statement that failed.
///
/// Connections turn on extended result codes, so ``extendedCode`` is the precise code
/// (for example `SQLITE_CONSTRAINT_UNIQUE`, 2067) and ``primaryCode`` its low byte (`SQLITE_CONSTRAINT`, 19).
/// See [Result and Error Codes](https://sqlite.org/rescode.html) and
/// [sqlite3_errcode / sqlite3_errmsg / sqlite3_errstr](https://sqlite.org/c3ref/errcode.html).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code ([extended result codes](https://sqlite.org/c3ref/c_abort_rollback.html)).
    public let extendedCode: Int32
    /// The message of [sqlite3_errmsg](https://sqlite.org/c3ref/errcode.html) when the error happened,
    /// or a message written by this wrapper for misuse it detects itself.
    public let message: String
    /// The SQL text being prepared or run, if the error came from a statement.
    public let sql: String?

    /// Creates an error from its parts; mostly useful to tests and to code that maps errors.
    /// Codes are the [result codes](https://sqlite.org/rescode.html) of SQLite.
    public init(extendedCode: Int32, message: String, sql: String? = nil) {
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// The [primary result code](https://sqlite.org/c3ref/c_abort.html): the low 8 bits of ``extendedCode``.
    public var primaryCode: Int32 { extendedCode & 0xff }

    /// Whether a `UNIQUE`, `NOT NULL`, `CHECK`, `PRIMARY KEY` or foreign-key constraint failed
    /// ([SQLITE_CONSTRAINT](https://sqlite.org/rescode.html#constraint)).
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    /// Whether the file is not an SQLite database
    /// ([SQLITE_NOTADB](https://sqlite.org/rescode.html#notadb)).
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }

    /// Whether the database file is malformed
    /// ([SQLITE_CORRUPT](https://sqlite.org/rescode.html#corrupt)).
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT }

    /// Whether another connection held a conflicting lock beyond the busy timeout
    /// ([SQLITE_BUSY](https://sqlite.org/rescode.html#busy)); the operation may be retried.
    ///
    /// `SQLITE_LOCKED` is deliberately not included: it reports a conflict inside the same
    /// connection (or shared cache), which retrying does not resolve.
    public var isBusy: Bool { primaryCode == SQLITE_BUSY }

    /// For example `SQLite error 26 (SQLITE_NOTADB): file is not a database [sql: PRAGMA user_version]`.
    ///
    /// The name is the C constant of the extended code; for a code this table does not know, the
    /// English text of [sqlite3_errstr](https://sqlite.org/c3ref/errcode.html) stands in for it.
    public var description: String {
        let name = sqliteResultCodeName(extendedCode)
            ?? sqliteResultCodeName(primaryCode).map { "\($0) (extended \(extendedCode >> 8))" }
            ?? sqliteErrorString(extendedCode)
        var text = "SQLite error \(extendedCode) (\(name))"
        // An empty message would leave the reader with a bare number: fall back to SQLite's generic text.
        let shown = message.isEmpty ? sqliteErrorString(extendedCode) : message
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
        self.init(extendedCode: code, message: message, sql: sql)
    }

    /// The error for using a connection or statement after it was closed or finalized, which SQLite
    /// itself cannot report safely (the handle is gone).
    static func closed(sql: String?) -> SQLiteError {
        SQLiteError(extendedCode: SQLITE_MISUSE, message: "the connection is closed", sql: sql)
    }
}

/// The English text of a result code ([sqlite3_errstr](https://sqlite.org/c3ref/errcode.html)).
func sqliteErrorString(_ code: Int32) -> String {
    guard let cString = sqlite3_errstr(code) else { return "unknown error" }
    return String(cString: cString)
}

/// The C constant name of a (primary or extended) result code, as in sqlite3.h 3.40.
/// SQLite has no API for the names, only for the English text, so they are listed here.
func sqliteResultCodeName(_ code: Int32) -> String? {
    switch code {
    case 0: "SQLITE_OK"
    case 1: "SQLITE_ERROR"
    case 2: "SQLITE_INTERNAL"
    case 3: "SQLITE_PERM"
    case 4: "SQLITE_ABORT"
    case 5: "SQLITE_BUSY"
    case 6: "SQLITE_LOCKED"
    case 7: "SQLITE_NOMEM"
    case 8: "SQLITE_READONLY"
    case 9: "SQLITE_INTERRUPT"
    case 10: "SQLITE_IOERR"
    case 11: "SQLITE_CORRUPT"
    case 12: "SQLITE_NOTFOUND"
    case 13: "SQLITE_FULL"
    case 14: "SQLITE_CANTOPEN"
    case 15: "SQLITE_PROTOCOL"
    case 16: "SQLITE_EMPTY"
    case 17: "SQLITE_SCHEMA"
    case 18: "SQLITE_TOOBIG"
    case 19: "SQLITE_CONSTRAINT"
    case 20: "SQLITE_MISMATCH"
    case 21: "SQLITE_MISUSE"
    case 22: "SQLITE_NOLFS"
    case 23: "SQLITE_AUTH"
    case 24: "SQLITE_FORMAT"
    case 25: "SQLITE_RANGE"
    case 26: "SQLITE_NOTADB"
    case 27: "SQLITE_NOTICE"
    case 28: "SQLITE_WARNING"
    case 100: "SQLITE_ROW"
    case 101: "SQLITE_DONE"
    case 257: "SQLITE_ERROR_MISSING_COLLSEQ"
    case 261: "SQLITE_BUSY_RECOVERY"
    case 262: "SQLITE_LOCKED_SHAREDCACHE"
    case 264: "SQLITE_READONLY_RECOVERY"
    case 266: "SQLITE_IOERR_READ"
    case 267: "SQLITE_CORRUPT_VTAB"
    case 270: "SQLITE_CANTOPEN_NOTEMPDIR"
    case 275: "SQLITE_CONSTRAINT_CHECK"
    case 279: "SQLITE_AUTH_USER"
    case 283: "SQLITE_NOTICE_RECOVER_WAL"
    case 284: "SQLITE_WARNING_AUTOINDEX"
    case 513: "SQLITE_ERROR_RETRY"
    case 516: "SQLITE_ABORT_ROLLBACK"
    case 517: "SQLITE_BUSY_SNAPSHOT"
    case 518: "SQLITE_LOCKED_VTAB"
    case 520: "SQLITE_READONLY_CANTLOCK"
    case 522: "SQLITE_IOERR_SHORT_READ"
    case 523: "SQLITE_CORRUPT_SEQUENCE"
    case 526: "SQLITE_CANTOPEN_ISDIR"
    case 531: "SQLITE_CONSTRAINT_COMMITHOOK"
    case 539: "SQLITE_NOTICE_RECOVER_ROLLBACK"
    case 769: "SQLITE_ERROR_SNAPSHOT"
    case 773: "SQLITE_BUSY_TIMEOUT"
    case 776: "SQLITE_READONLY_ROLLBACK"
    case 778: "SQLITE_IOERR_WRITE"
    case 779: "SQLITE_CORRUPT_INDEX"
    case 782: "SQLITE_CANTOPEN_FULLPATH"
    case 787: "SQLITE_CONSTRAINT_FOREIGNKEY"
    case 1032: "SQLITE_READONLY_DBMOVED"
    case 1034: "SQLITE_IOERR_FSYNC"
    case 1038: "SQLITE_CANTOPEN_CONVPATH"
    case 1043: "SQLITE_CONSTRAINT_FUNCTION"
    case 1288: "SQLITE_READONLY_CANTINIT"
    case 1290: "SQLITE_IOERR_DIR_FSYNC"
    case 1294: "SQLITE_CANTOPEN_DIRTYWAL"
    case 1299: "SQLITE_CONSTRAINT_NOTNULL"
    case 1544: "SQLITE_READONLY_DIRECTORY"
    case 1546: "SQLITE_IOERR_TRUNCATE"
    case 1550: "SQLITE_CANTOPEN_SYMLINK"
    case 1555: "SQLITE_CONSTRAINT_PRIMARYKEY"
    case 1802: "SQLITE_IOERR_FSTAT"
    case 1811: "SQLITE_CONSTRAINT_TRIGGER"
    case 2058: "SQLITE_IOERR_UNLOCK"
    case 2067: "SQLITE_CONSTRAINT_UNIQUE"
    case 2314: "SQLITE_IOERR_RDLOCK"
    case 2323: "SQLITE_CONSTRAINT_VTAB"
    case 2570: "SQLITE_IOERR_DELETE"
    case 2579: "SQLITE_CONSTRAINT_ROWID"
    case 2826: "SQLITE_IOERR_BLOCKED"
    case 2835: "SQLITE_CONSTRAINT_PINNED"
    case 3082: "SQLITE_IOERR_NOMEM"
    case 3091: "SQLITE_CONSTRAINT_DATATYPE"
    case 3338: "SQLITE_IOERR_ACCESS"
    case 3594: "SQLITE_IOERR_CHECKRESERVEDLOCK"
    case 3850: "SQLITE_IOERR_LOCK"
    case 4106: "SQLITE_IOERR_CLOSE"
    case 4362: "SQLITE_IOERR_DIR_CLOSE"
    case 4618: "SQLITE_IOERR_SHMOPEN"
    case 4874: "SQLITE_IOERR_SHMSIZE"
    case 5130: "SQLITE_IOERR_SHMLOCK"
    case 5386: "SQLITE_IOERR_SHMMAP"
    case 5642: "SQLITE_IOERR_SEEK"
    case 5898: "SQLITE_IOERR_DELETE_NOENT"
    case 6154: "SQLITE_IOERR_MMAP"
    case 6410: "SQLITE_IOERR_GETTEMPPATH"
    case 6666: "SQLITE_IOERR_CONVPATH"
    case 6922: "SQLITE_IOERR_VNODE"
    case 7178: "SQLITE_IOERR_AUTH"
    case 7434: "SQLITE_IOERR_BEGIN_ATOMIC"
    case 7690: "SQLITE_IOERR_COMMIT_ATOMIC"
    case 7946: "SQLITE_IOERR_ROLLBACK_ATOMIC"
    case 8202: "SQLITE_IOERR_DATA"
    case 8458: "SQLITE_IOERR_CORRUPTFS"
    default: nil
    }
}
