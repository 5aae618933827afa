internal import CSQLite

/// An SQLite [result code](https://sqlite.org/rescode.html): a primary code (the low 8 bits) or an
/// extended one that refines it (`SQLITE_CONSTRAINT_UNIQUE` is `SQLITE_CONSTRAINT | 8 << 8`).
///
/// Match with `~=` (in a `switch` or `if case`): a primary code matches itself and all its extended
/// codes, an extended code only itself, so `case .SQLITE_CONSTRAINT_FOREIGNKEY:` then
/// `case .SQLITE_CONSTRAINT:` tells a foreign key apart from any other constraint.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value of the code.
    public let rawValue: Int32

    /// The code with C value `rawValue`.
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The [primary result code](https://sqlite.org/rescode.html#primary_result_code_list): the low 8 bits.
    public var primaryResultCode: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    /// Whether this is a primary code rather than an extended one.
    public var isPrimary: Bool { self == primaryResultCode }

    /// Whether `code` is `pattern`, or, when `pattern` is a primary code, one of its extended codes.
    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.isPrimary ? pattern == code.primaryResultCode : pattern == code
    }

    /// The C constant's name (`SQLITE_CONSTRAINT_UNIQUE`); for an extended code this table does not
    /// know, its primary name and the extension (`SQLITE_BUSY (extended 99)`); otherwise the English
    /// text of [sqlite3_errstr](https://sqlite.org/c3ref/errcode.html).
    public var description: String {
        if let name = Self.names[self] { return name }
        if let name = Self.names[primaryResultCode] { return "\(name) (extended \(rawValue >> 8))" }
        return sqliteErrorString(rawValue)
    }
}

/// The codes of sqlite3.h 3.40 (SQLite has an API for their English text, none for their names).
extension ResultCode {
    // Primary result codes: https://sqlite.org/rescode.html#primary_result_code_list
    /// [SQLITE_OK](https://sqlite.org/rescode.html#ok)
    public static let SQLITE_OK = ResultCode(rawValue: 0)
    /// [SQLITE_ERROR](https://sqlite.org/rescode.html#error)
    public static let SQLITE_ERROR = ResultCode(rawValue: 1)
    /// [SQLITE_INTERNAL](https://sqlite.org/rescode.html#internal)
    public static let SQLITE_INTERNAL = ResultCode(rawValue: 2)
    /// [SQLITE_PERM](https://sqlite.org/rescode.html#perm)
    public static let SQLITE_PERM = ResultCode(rawValue: 3)
    /// [SQLITE_ABORT](https://sqlite.org/rescode.html#abort)
    public static let SQLITE_ABORT = ResultCode(rawValue: 4)
    /// [SQLITE_BUSY](https://sqlite.org/rescode.html#busy)
    public static let SQLITE_BUSY = ResultCode(rawValue: 5)
    /// [SQLITE_LOCKED](https://sqlite.org/rescode.html#locked)
    public static let SQLITE_LOCKED = ResultCode(rawValue: 6)
    /// [SQLITE_NOMEM](https://sqlite.org/rescode.html#nomem)
    public static let SQLITE_NOMEM = ResultCode(rawValue: 7)
    /// [SQLITE_READONLY](https://sqlite.org/rescode.html#readonly)
    public static let SQLITE_READONLY = ResultCode(rawValue: 8)
    /// [SQLITE_INTERRUPT](https://sqlite.org/rescode.html#interrupt)
    public static let SQLITE_INTERRUPT = ResultCode(rawValue: 9)
    /// [SQLITE_IOERR](https://sqlite.org/rescode.html#ioerr)
    public static let SQLITE_IOERR = ResultCode(rawValue: 10)
    /// [SQLITE_CORRUPT](https://sqlite.org/rescode.html#corrupt)
    public static let SQLITE_CORRUPT = ResultCode(rawValue: 11)
    /// [SQLITE_NOTFOUND](https://sqlite.org/rescode.html#notfound)
    public static let SQLITE_NOTFOUND = ResultCode(rawValue: 12)
    /// [SQLITE_FULL](https://sqlite.org/rescode.html#full)
    public static let SQLITE_FULL = ResultCode(rawValue: 13)
    /// [SQLITE_CANTOPEN](https://sqlite.org/rescode.html#cantopen)
    public static let SQLITE_CANTOPEN = ResultCode(rawValue: 14)
    /// [SQLITE_PROTOCOL](https://sqlite.org/rescode.html#protocol)
    public static let SQLITE_PROTOCOL = ResultCode(rawValue: 15)
    /// [SQLITE_EMPTY](https://sqlite.org/rescode.html#empty)
    public static let SQLITE_EMPTY = ResultCode(rawValue: 16)
    /// [SQLITE_SCHEMA](https://sqlite.org/rescode.html#schema)
    public static let SQLITE_SCHEMA = ResultCode(rawValue: 17)
    /// [SQLITE_TOOBIG](https://sqlite.org/rescode.html#toobig)
    public static let SQLITE_TOOBIG = ResultCode(rawValue: 18)
    /// [SQLITE_CONSTRAINT](https://sqlite.org/rescode.html#constraint)
    public static let SQLITE_CONSTRAINT = ResultCode(rawValue: 19)
    /// [SQLITE_MISMATCH](https://sqlite.org/rescode.html#mismatch)
    public static let SQLITE_MISMATCH = ResultCode(rawValue: 20)
    /// [SQLITE_MISUSE](https://sqlite.org/rescode.html#misuse)
    public static let SQLITE_MISUSE = ResultCode(rawValue: 21)
    /// [SQLITE_NOLFS](https://sqlite.org/rescode.html#nolfs)
    public static let SQLITE_NOLFS = ResultCode(rawValue: 22)
    /// [SQLITE_AUTH](https://sqlite.org/rescode.html#auth)
    public static let SQLITE_AUTH = ResultCode(rawValue: 23)
    /// [SQLITE_FORMAT](https://sqlite.org/rescode.html#format)
    public static let SQLITE_FORMAT = ResultCode(rawValue: 24)
    /// [SQLITE_RANGE](https://sqlite.org/rescode.html#range)
    public static let SQLITE_RANGE = ResultCode(rawValue: 25)
    /// [SQLITE_NOTADB](https://sqlite.org/rescode.html#notadb)
    public static let SQLITE_NOTADB = ResultCode(rawValue: 26)
    /// [SQLITE_NOTICE](https://sqlite.org/rescode.html#notice)
    public static let SQLITE_NOTICE = ResultCode(rawValue: 27)
    /// [SQLITE_WARNING](https://sqlite.org/rescode.html#warning)
    public static let SQLITE_WARNING = ResultCode(rawValue: 28)
    /// [SQLITE_ROW](https://sqlite.org/rescode.html#row)
    public static let SQLITE_ROW = ResultCode(rawValue: 100)
    /// [SQLITE_DONE](https://sqlite.org/rescode.html#done)
    public static let SQLITE_DONE = ResultCode(rawValue: 101)

    // Extended result codes: https://sqlite.org/rescode.html#extended_result_code_list
    /// [SQLITE_ERROR_MISSING_COLLSEQ](https://sqlite.org/rescode.html#error_missing_collseq)
    public static let SQLITE_ERROR_MISSING_COLLSEQ = ResultCode(extending: .SQLITE_ERROR, 1)
    /// [SQLITE_BUSY_RECOVERY](https://sqlite.org/rescode.html#busy_recovery)
    public static let SQLITE_BUSY_RECOVERY = ResultCode(extending: .SQLITE_BUSY, 1)
    /// [SQLITE_LOCKED_SHAREDCACHE](https://sqlite.org/rescode.html#locked_sharedcache)
    public static let SQLITE_LOCKED_SHAREDCACHE = ResultCode(extending: .SQLITE_LOCKED, 1)
    /// [SQLITE_READONLY_RECOVERY](https://sqlite.org/rescode.html#readonly_recovery)
    public static let SQLITE_READONLY_RECOVERY = ResultCode(extending: .SQLITE_READONLY, 1)
    /// [SQLITE_IOERR_READ](https://sqlite.org/rescode.html#ioerr_read)
    public static let SQLITE_IOERR_READ = ResultCode(extending: .SQLITE_IOERR, 1)
    /// [SQLITE_CORRUPT_VTAB](https://sqlite.org/rescode.html#corrupt_vtab)
    public static let SQLITE_CORRUPT_VTAB = ResultCode(extending: .SQLITE_CORRUPT, 1)
    /// [SQLITE_CANTOPEN_NOTEMPDIR](https://sqlite.org/rescode.html#cantopen_notempdir)
    public static let SQLITE_CANTOPEN_NOTEMPDIR = ResultCode(extending: .SQLITE_CANTOPEN, 1)
    /// [SQLITE_CONSTRAINT_CHECK](https://sqlite.org/rescode.html#constraint_check)
    public static let SQLITE_CONSTRAINT_CHECK = ResultCode(extending: .SQLITE_CONSTRAINT, 1)
    /// [SQLITE_AUTH_USER](https://sqlite.org/rescode.html#auth_user)
    public static let SQLITE_AUTH_USER = ResultCode(extending: .SQLITE_AUTH, 1)
    /// [SQLITE_NOTICE_RECOVER_WAL](https://sqlite.org/rescode.html#notice_recover_wal)
    public static let SQLITE_NOTICE_RECOVER_WAL = ResultCode(extending: .SQLITE_NOTICE, 1)
    /// [SQLITE_WARNING_AUTOINDEX](https://sqlite.org/rescode.html#warning_autoindex)
    public static let SQLITE_WARNING_AUTOINDEX = ResultCode(extending: .SQLITE_WARNING, 1)
    /// [SQLITE_ERROR_RETRY](https://sqlite.org/rescode.html#error_retry)
    public static let SQLITE_ERROR_RETRY = ResultCode(extending: .SQLITE_ERROR, 2)
    /// [SQLITE_ABORT_ROLLBACK](https://sqlite.org/rescode.html#abort_rollback)
    public static let SQLITE_ABORT_ROLLBACK = ResultCode(extending: .SQLITE_ABORT, 2)
    /// [SQLITE_BUSY_SNAPSHOT](https://sqlite.org/rescode.html#busy_snapshot)
    public static let SQLITE_BUSY_SNAPSHOT = ResultCode(extending: .SQLITE_BUSY, 2)
    /// [SQLITE_LOCKED_VTAB](https://sqlite.org/rescode.html#locked_vtab)
    public static let SQLITE_LOCKED_VTAB = ResultCode(extending: .SQLITE_LOCKED, 2)
    /// [SQLITE_READONLY_CANTLOCK](https://sqlite.org/rescode.html#readonly_cantlock)
    public static let SQLITE_READONLY_CANTLOCK = ResultCode(extending: .SQLITE_READONLY, 2)
    /// [SQLITE_IOERR_SHORT_READ](https://sqlite.org/rescode.html#ioerr_short_read)
    public static let SQLITE_IOERR_SHORT_READ = ResultCode(extending: .SQLITE_IOERR, 2)
    /// [SQLITE_CORRUPT_SEQUENCE](https://sqlite.org/rescode.html#corrupt_sequence)
    public static let SQLITE_CORRUPT_SEQUENCE = ResultCode(extending: .SQLITE_CORRUPT, 2)
    /// [SQLITE_CANTOPEN_ISDIR](https://sqlite.org/rescode.html#cantopen_isdir)
    public static let SQLITE_CANTOPEN_ISDIR = ResultCode(extending: .SQLITE_CANTOPEN, 2)
    /// [SQLITE_CONSTRAINT_COMMITHOOK](https://sqlite.org/rescode.html#constraint_commithook)
    public static let SQLITE_CONSTRAINT_COMMITHOOK = ResultCode(extending: .SQLITE_CONSTRAINT, 2)
    /// [SQLITE_NOTICE_RECOVER_ROLLBACK](https://sqlite.org/rescode.html#notice_recover_rollback)
    public static let SQLITE_NOTICE_RECOVER_ROLLBACK = ResultCode(extending: .SQLITE_NOTICE, 2)
    /// [SQLITE_ERROR_SNAPSHOT](https://sqlite.org/rescode.html#error_snapshot)
    public static let SQLITE_ERROR_SNAPSHOT = ResultCode(extending: .SQLITE_ERROR, 3)
    /// [SQLITE_BUSY_TIMEOUT](https://sqlite.org/rescode.html#busy_timeout)
    public static let SQLITE_BUSY_TIMEOUT = ResultCode(extending: .SQLITE_BUSY, 3)
    /// [SQLITE_READONLY_ROLLBACK](https://sqlite.org/rescode.html#readonly_rollback)
    public static let SQLITE_READONLY_ROLLBACK = ResultCode(extending: .SQLITE_READONLY, 3)
    /// [SQLITE_IOERR_WRITE](https://sqlite.org/rescode.html#ioerr_write)
    public static let SQLITE_IOERR_WRITE = ResultCode(extending: .SQLITE_IOERR, 3)
    /// [SQLITE_CORRUPT_INDEX](https://sqlite.org/rescode.html#corrupt_index)
    public static let SQLITE_CORRUPT_INDEX = ResultCode(extending: .SQLITE_CORRUPT, 3)
    /// [SQLITE_CANTOPEN_FULLPATH](https://sqlite.org/rescode.html#cantopen_fullpath)
    public static let SQLITE_CANTOPEN_FULLPATH = ResultCode(extending: .SQLITE_CANTOPEN, 3)
    /// [SQLITE_CONSTRAINT_FOREIGNKEY](https://sqlite.org/rescode.html#constraint_foreignkey)
    public static let SQLITE_CONSTRAINT_FOREIGNKEY = ResultCode(extending: .SQLITE_CONSTRAINT, 3)
    /// [SQLITE_READONLY_DBMOVED](https://sqlite.org/rescode.html#readonly_dbmoved)
    public static let SQLITE_READONLY_DBMOVED = ResultCode(extending: .SQLITE_READONLY, 4)
    /// [SQLITE_IOERR_FSYNC](https://sqlite.org/rescode.html#ioerr_fsync)
    public static let SQLITE_IOERR_FSYNC = ResultCode(extending: .SQLITE_IOERR, 4)
    /// [SQLITE_CANTOPEN_CONVPATH](https://sqlite.org/rescode.html#cantopen_convpath)
    public static let SQLITE_CANTOPEN_CONVPATH = ResultCode(extending: .SQLITE_CANTOPEN, 4)
    /// [SQLITE_CONSTRAINT_FUNCTION](https://sqlite.org/rescode.html#constraint_function)
    public static let SQLITE_CONSTRAINT_FUNCTION = ResultCode(extending: .SQLITE_CONSTRAINT, 4)
    /// [SQLITE_READONLY_CANTINIT](https://sqlite.org/rescode.html#readonly_cantinit)
    public static let SQLITE_READONLY_CANTINIT = ResultCode(extending: .SQLITE_READONLY, 5)
    /// [SQLITE_IOERR_DIR_FSYNC](https://sqlite.org/rescode.html#ioerr_dir_fsync)
    public static let SQLITE_IOERR_DIR_FSYNC = ResultCode(extending: .SQLITE_IOERR, 5)
    /// [SQLITE_CANTOPEN_DIRTYWAL](https://sqlite.org/rescode.html#cantopen_dirtywal)
    public static let SQLITE_CANTOPEN_DIRTYWAL = ResultCode(extending: .SQLITE_CANTOPEN, 5)
    /// [SQLITE_CONSTRAINT_NOTNULL](https://sqlite.org/rescode.html#constraint_notnull)
    public static let SQLITE_CONSTRAINT_NOTNULL = ResultCode(extending: .SQLITE_CONSTRAINT, 5)
    /// [SQLITE_READONLY_DIRECTORY](https://sqlite.org/rescode.html#readonly_directory)
    public static let SQLITE_READONLY_DIRECTORY = ResultCode(extending: .SQLITE_READONLY, 6)
    /// [SQLITE_IOERR_TRUNCATE](https://sqlite.org/rescode.html#ioerr_truncate)
    public static let SQLITE_IOERR_TRUNCATE = ResultCode(extending: .SQLITE_IOERR, 6)
    /// [SQLITE_CANTOPEN_SYMLINK](https://sqlite.org/rescode.html#cantopen_symlink)
    public static let SQLITE_CANTOPEN_SYMLINK = ResultCode(extending: .SQLITE_CANTOPEN, 6)
    /// [SQLITE_CONSTRAINT_PRIMARYKEY](https://sqlite.org/rescode.html#constraint_primarykey)
    public static let SQLITE_CONSTRAINT_PRIMARYKEY = ResultCode(extending: .SQLITE_CONSTRAINT, 6)
    /// [SQLITE_IOERR_FSTAT](https://sqlite.org/rescode.html#ioerr_fstat)
    public static let SQLITE_IOERR_FSTAT = ResultCode(extending: .SQLITE_IOERR, 7)
    /// [SQLITE_CONSTRAINT_TRIGGER](https://sqlite.org/rescode.html#constraint_trigger)
    public static let SQLITE_CONSTRAINT_TRIGGER = ResultCode(extending: .SQLITE_CONSTRAINT, 7)
    /// [SQLITE_IOERR_UNLOCK](https://sqlite.org/rescode.html#ioerr_unlock)
    public static let SQLITE_IOERR_UNLOCK = ResultCode(extending: .SQLITE_IOERR, 8)
    /// [SQLITE_CONSTRAINT_UNIQUE](https://sqlite.org/rescode.html#constraint_unique)
    public static let SQLITE_CONSTRAINT_UNIQUE = ResultCode(extending: .SQLITE_CONSTRAINT, 8)
    /// [SQLITE_IOERR_RDLOCK](https://sqlite.org/rescode.html#ioerr_rdlock)
    public static let SQLITE_IOERR_RDLOCK = ResultCode(extending: .SQLITE_IOERR, 9)
    /// [SQLITE_CONSTRAINT_VTAB](https://sqlite.org/rescode.html#constraint_vtab)
    public static let SQLITE_CONSTRAINT_VTAB = ResultCode(extending: .SQLITE_CONSTRAINT, 9)
    /// [SQLITE_IOERR_DELETE](https://sqlite.org/rescode.html#ioerr_delete)
    public static let SQLITE_IOERR_DELETE = ResultCode(extending: .SQLITE_IOERR, 10)
    /// [SQLITE_CONSTRAINT_ROWID](https://sqlite.org/rescode.html#constraint_rowid)
    public static let SQLITE_CONSTRAINT_ROWID = ResultCode(extending: .SQLITE_CONSTRAINT, 10)
    /// [SQLITE_IOERR_BLOCKED](https://sqlite.org/rescode.html#ioerr_blocked)
    public static let SQLITE_IOERR_BLOCKED = ResultCode(extending: .SQLITE_IOERR, 11)
    /// [SQLITE_CONSTRAINT_PINNED](https://sqlite.org/rescode.html#constraint_pinned)
    public static let SQLITE_CONSTRAINT_PINNED = ResultCode(extending: .SQLITE_CONSTRAINT, 11)
    /// [SQLITE_IOERR_NOMEM](https://sqlite.org/rescode.html#ioerr_nomem)
    public static let SQLITE_IOERR_NOMEM = ResultCode(extending: .SQLITE_IOERR, 12)
    /// [SQLITE_CONSTRAINT_DATATYPE](https://sqlite.org/rescode.html#constraint_datatype)
    public static let SQLITE_CONSTRAINT_DATATYPE = ResultCode(extending: .SQLITE_CONSTRAINT, 12)
    /// [SQLITE_IOERR_ACCESS](https://sqlite.org/rescode.html#ioerr_access)
    public static let SQLITE_IOERR_ACCESS = ResultCode(extending: .SQLITE_IOERR, 13)
    /// [SQLITE_IOERR_CHECKRESERVEDLOCK](https://sqlite.org/rescode.html#ioerr_checkreservedlock)
    public static let SQLITE_IOERR_CHECKRESERVEDLOCK = ResultCode(extending: .SQLITE_IOERR, 14)
    /// [SQLITE_IOERR_LOCK](https://sqlite.org/rescode.html#ioerr_lock)
    public static let SQLITE_IOERR_LOCK = ResultCode(extending: .SQLITE_IOERR, 15)
    /// [SQLITE_IOERR_CLOSE](https://sqlite.org/rescode.html#ioerr_close)
    public static let SQLITE_IOERR_CLOSE = ResultCode(extending: .SQLITE_IOERR, 16)
    /// [SQLITE_IOERR_DIR_CLOSE](https://sqlite.org/rescode.html#ioerr_dir_close)
    public static let SQLITE_IOERR_DIR_CLOSE = ResultCode(extending: .SQLITE_IOERR, 17)
    /// [SQLITE_IOERR_SHMOPEN](https://sqlite.org/rescode.html#ioerr_shmopen)
    public static let SQLITE_IOERR_SHMOPEN = ResultCode(extending: .SQLITE_IOERR, 18)
    /// [SQLITE_IOERR_SHMSIZE](https://sqlite.org/rescode.html#ioerr_shmsize)
    public static let SQLITE_IOERR_SHMSIZE = ResultCode(extending: .SQLITE_IOERR, 19)
    /// [SQLITE_IOERR_SHMLOCK](https://sqlite.org/rescode.html#ioerr_shmlock)
    public static let SQLITE_IOERR_SHMLOCK = ResultCode(extending: .SQLITE_IOERR, 20)
    /// [SQLITE_IOERR_SHMMAP](https://sqlite.org/rescode.html#ioerr_shmmap)
    public static let SQLITE_IOERR_SHMMAP = ResultCode(extending: .SQLITE_IOERR, 21)
    /// [SQLITE_IOERR_SEEK](https://sqlite.org/rescode.html#ioerr_seek)
    public static let SQLITE_IOERR_SEEK = ResultCode(extending: .SQLITE_IOERR, 22)
    /// [SQLITE_IOERR_DELETE_NOENT](https://sqlite.org/rescode.html#ioerr_delete_noent)
    public static let SQLITE_IOERR_DELETE_NOENT = ResultCode(extending: .SQLITE_IOERR, 23)
    /// [SQLITE_IOERR_MMAP](https://sqlite.org/rescode.html#ioerr_mmap)
    public static let SQLITE_IOERR_MMAP = ResultCode(extending: .SQLITE_IOERR, 24)
    /// [SQLITE_IOERR_GETTEMPPATH](https://sqlite.org/rescode.html#ioerr_gettemppath)
    public static let SQLITE_IOERR_GETTEMPPATH = ResultCode(extending: .SQLITE_IOERR, 25)
    /// [SQLITE_IOERR_CONVPATH](https://sqlite.org/rescode.html#ioerr_convpath)
    public static let SQLITE_IOERR_CONVPATH = ResultCode(extending: .SQLITE_IOERR, 26)
    /// [SQLITE_IOERR_VNODE](https://sqlite.org/rescode.html#ioerr_vnode)
    public static let SQLITE_IOERR_VNODE = ResultCode(extending: .SQLITE_IOERR, 27)
    /// [SQLITE_IOERR_AUTH](https://sqlite.org/rescode.html#ioerr_auth)
    public static let SQLITE_IOERR_AUTH = ResultCode(extending: .SQLITE_IOERR, 28)
    /// [SQLITE_IOERR_BEGIN_ATOMIC](https://sqlite.org/rescode.html#ioerr_begin_atomic)
    public static let SQLITE_IOERR_BEGIN_ATOMIC = ResultCode(extending: .SQLITE_IOERR, 29)
    /// [SQLITE_IOERR_COMMIT_ATOMIC](https://sqlite.org/rescode.html#ioerr_commit_atomic)
    public static let SQLITE_IOERR_COMMIT_ATOMIC = ResultCode(extending: .SQLITE_IOERR, 30)
    /// [SQLITE_IOERR_ROLLBACK_ATOMIC](https://sqlite.org/rescode.html#ioerr_rollback_atomic)
    public static let SQLITE_IOERR_ROLLBACK_ATOMIC = ResultCode(extending: .SQLITE_IOERR, 31)
    /// [SQLITE_IOERR_DATA](https://sqlite.org/rescode.html#ioerr_data)
    public static let SQLITE_IOERR_DATA = ResultCode(extending: .SQLITE_IOERR, 32)
    /// [SQLITE_IOERR_CORRUPTFS](https://sqlite.org/rescode.html#ioerr_corruptfs)
    public static let SQLITE_IOERR_CORRUPTFS = ResultCode(extending: .SQLITE_IOERR, 33)

    /// The extended code `primary | refinement << 8`, as sqlite3.h spells them.
    private init(extending primary: ResultCode, _ refinement: Int32) {
        self.init(rawValue: primary.rawValue | refinement << 8)
    }

    /// Each code's C name, for ``description``.
    private static let names: [ResultCode: String] = [
        .SQLITE_OK: "SQLITE_OK",
        .SQLITE_ERROR: "SQLITE_ERROR",
        .SQLITE_INTERNAL: "SQLITE_INTERNAL",
        .SQLITE_PERM: "SQLITE_PERM",
        .SQLITE_ABORT: "SQLITE_ABORT",
        .SQLITE_BUSY: "SQLITE_BUSY",
        .SQLITE_LOCKED: "SQLITE_LOCKED",
        .SQLITE_NOMEM: "SQLITE_NOMEM",
        .SQLITE_READONLY: "SQLITE_READONLY",
        .SQLITE_INTERRUPT: "SQLITE_INTERRUPT",
        .SQLITE_IOERR: "SQLITE_IOERR",
        .SQLITE_CORRUPT: "SQLITE_CORRUPT",
        .SQLITE_NOTFOUND: "SQLITE_NOTFOUND",
        .SQLITE_FULL: "SQLITE_FULL",
        .SQLITE_CANTOPEN: "SQLITE_CANTOPEN",
        .SQLITE_PROTOCOL: "SQLITE_PROTOCOL",
        .SQLITE_EMPTY: "SQLITE_EMPTY",
        .SQLITE_SCHEMA: "SQLITE_SCHEMA",
        .SQLITE_TOOBIG: "SQLITE_TOOBIG",
        .SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT",
        .SQLITE_MISMATCH: "SQLITE_MISMATCH",
        .SQLITE_MISUSE: "SQLITE_MISUSE",
        .SQLITE_NOLFS: "SQLITE_NOLFS",
        .SQLITE_AUTH: "SQLITE_AUTH",
        .SQLITE_FORMAT: "SQLITE_FORMAT",
        .SQLITE_RANGE: "SQLITE_RANGE",
        .SQLITE_NOTADB: "SQLITE_NOTADB",
        .SQLITE_NOTICE: "SQLITE_NOTICE",
        .SQLITE_WARNING: "SQLITE_WARNING",
        .SQLITE_ROW: "SQLITE_ROW",
        .SQLITE_DONE: "SQLITE_DONE",
        .SQLITE_ERROR_MISSING_COLLSEQ: "SQLITE_ERROR_MISSING_COLLSEQ",
        .SQLITE_BUSY_RECOVERY: "SQLITE_BUSY_RECOVERY",
        .SQLITE_LOCKED_SHAREDCACHE: "SQLITE_LOCKED_SHAREDCACHE",
        .SQLITE_READONLY_RECOVERY: "SQLITE_READONLY_RECOVERY",
        .SQLITE_IOERR_READ: "SQLITE_IOERR_READ",
        .SQLITE_CORRUPT_VTAB: "SQLITE_CORRUPT_VTAB",
        .SQLITE_CANTOPEN_NOTEMPDIR: "SQLITE_CANTOPEN_NOTEMPDIR",
        .SQLITE_CONSTRAINT_CHECK: "SQLITE_CONSTRAINT_CHECK",
        .SQLITE_AUTH_USER: "SQLITE_AUTH_USER",
        .SQLITE_NOTICE_RECOVER_WAL: "SQLITE_NOTICE_RECOVER_WAL",
        .SQLITE_WARNING_AUTOINDEX: "SQLITE_WARNING_AUTOINDEX",
        .SQLITE_ERROR_RETRY: "SQLITE_ERROR_RETRY",
        .SQLITE_ABORT_ROLLBACK: "SQLITE_ABORT_ROLLBACK",
        .SQLITE_BUSY_SNAPSHOT: "SQLITE_BUSY_SNAPSHOT",
        .SQLITE_LOCKED_VTAB: "SQLITE_LOCKED_VTAB",
        .SQLITE_READONLY_CANTLOCK: "SQLITE_READONLY_CANTLOCK",
        .SQLITE_IOERR_SHORT_READ: "SQLITE_IOERR_SHORT_READ",
        .SQLITE_CORRUPT_SEQUENCE: "SQLITE_CORRUPT_SEQUENCE",
        .SQLITE_CANTOPEN_ISDIR: "SQLITE_CANTOPEN_ISDIR",
        .SQLITE_CONSTRAINT_COMMITHOOK: "SQLITE_CONSTRAINT_COMMITHOOK",
        .SQLITE_NOTICE_RECOVER_ROLLBACK: "SQLITE_NOTICE_RECOVER_ROLLBACK",
        .SQLITE_ERROR_SNAPSHOT: "SQLITE_ERROR_SNAPSHOT",
        .SQLITE_BUSY_TIMEOUT: "SQLITE_BUSY_TIMEOUT",
        .SQLITE_READONLY_ROLLBACK: "SQLITE_READONLY_ROLLBACK",
        .SQLITE_IOERR_WRITE: "SQLITE_IOERR_WRITE",
        .SQLITE_CORRUPT_INDEX: "SQLITE_CORRUPT_INDEX",
        .SQLITE_CANTOPEN_FULLPATH: "SQLITE_CANTOPEN_FULLPATH",
        .SQLITE_CONSTRAINT_FOREIGNKEY: "SQLITE_CONSTRAINT_FOREIGNKEY",
        .SQLITE_READONLY_DBMOVED: "SQLITE_READONLY_DBMOVED",
        .SQLITE_IOERR_FSYNC: "SQLITE_IOERR_FSYNC",
        .SQLITE_CANTOPEN_CONVPATH: "SQLITE_CANTOPEN_CONVPATH",
        .SQLITE_CONSTRAINT_FUNCTION: "SQLITE_CONSTRAINT_FUNCTION",
        .SQLITE_READONLY_CANTINIT: "SQLITE_READONLY_CANTINIT",
        .SQLITE_IOERR_DIR_FSYNC: "SQLITE_IOERR_DIR_FSYNC",
        .SQLITE_CANTOPEN_DIRTYWAL: "SQLITE_CANTOPEN_DIRTYWAL",
        .SQLITE_CONSTRAINT_NOTNULL: "SQLITE_CONSTRAINT_NOTNULL",
        .SQLITE_READONLY_DIRECTORY: "SQLITE_READONLY_DIRECTORY",
        .SQLITE_IOERR_TRUNCATE: "SQLITE_IOERR_TRUNCATE",
        .SQLITE_CANTOPEN_SYMLINK: "SQLITE_CANTOPEN_SYMLINK",
        .SQLITE_CONSTRAINT_PRIMARYKEY: "SQLITE_CONSTRAINT_PRIMARYKEY",
        .SQLITE_IOERR_FSTAT: "SQLITE_IOERR_FSTAT",
        .SQLITE_CONSTRAINT_TRIGGER: "SQLITE_CONSTRAINT_TRIGGER",
        .SQLITE_IOERR_UNLOCK: "SQLITE_IOERR_UNLOCK",
        .SQLITE_CONSTRAINT_UNIQUE: "SQLITE_CONSTRAINT_UNIQUE",
        .SQLITE_IOERR_RDLOCK: "SQLITE_IOERR_RDLOCK",
        .SQLITE_CONSTRAINT_VTAB: "SQLITE_CONSTRAINT_VTAB",
        .SQLITE_IOERR_DELETE: "SQLITE_IOERR_DELETE",
        .SQLITE_CONSTRAINT_ROWID: "SQLITE_CONSTRAINT_ROWID",
        .SQLITE_IOERR_BLOCKED: "SQLITE_IOERR_BLOCKED",
        .SQLITE_CONSTRAINT_PINNED: "SQLITE_CONSTRAINT_PINNED",
        .SQLITE_IOERR_NOMEM: "SQLITE_IOERR_NOMEM",
        .SQLITE_CONSTRAINT_DATATYPE: "SQLITE_CONSTRAINT_DATATYPE",
        .SQLITE_IOERR_ACCESS: "SQLITE_IOERR_ACCESS",
        .SQLITE_IOERR_CHECKRESERVEDLOCK: "SQLITE_IOERR_CHECKRESERVEDLOCK",
        .SQLITE_IOERR_LOCK: "SQLITE_IOERR_LOCK",
        .SQLITE_IOERR_CLOSE: "SQLITE_IOERR_CLOSE",
        .SQLITE_IOERR_DIR_CLOSE: "SQLITE_IOERR_DIR_CLOSE",
        .SQLITE_IOERR_SHMOPEN: "SQLITE_IOERR_SHMOPEN",
        .SQLITE_IOERR_SHMSIZE: "SQLITE_IOERR_SHMSIZE",
        .SQLITE_IOERR_SHMLOCK: "SQLITE_IOERR_SHMLOCK",
        .SQLITE_IOERR_SHMMAP: "SQLITE_IOERR_SHMMAP",
        .SQLITE_IOERR_SEEK: "SQLITE_IOERR_SEEK",
        .SQLITE_IOERR_DELETE_NOENT: "SQLITE_IOERR_DELETE_NOENT",
        .SQLITE_IOERR_MMAP: "SQLITE_IOERR_MMAP",
        .SQLITE_IOERR_GETTEMPPATH: "SQLITE_IOERR_GETTEMPPATH",
        .SQLITE_IOERR_CONVPATH: "SQLITE_IOERR_CONVPATH",
        .SQLITE_IOERR_VNODE: "SQLITE_IOERR_VNODE",
        .SQLITE_IOERR_AUTH: "SQLITE_IOERR_AUTH",
        .SQLITE_IOERR_BEGIN_ATOMIC: "SQLITE_IOERR_BEGIN_ATOMIC",
        .SQLITE_IOERR_COMMIT_ATOMIC: "SQLITE_IOERR_COMMIT_ATOMIC",
        .SQLITE_IOERR_ROLLBACK_ATOMIC: "SQLITE_IOERR_ROLLBACK_ATOMIC",
        .SQLITE_IOERR_DATA: "SQLITE_IOERR_DATA",
        .SQLITE_IOERR_CORRUPTFS: "SQLITE_IOERR_CORRUPTFS",
    ]
}
