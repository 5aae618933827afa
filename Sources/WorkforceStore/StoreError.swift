import SQLite

/// Why the store could not open, read or write.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file is not an SQLite database (or is encrypted); it was not modified.
    case notADatabase(path: String)
    /// The database was written by a newer emulator; it was not modified.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// A read-only connection beside the writer could not be opened (``WorkforceStore/openReader(path:)``).
    case readerUnavailable(path: String, SQLiteError)
    /// A row could not be read back into the domain (hand-edited or corrupt data); `reason` starts
    /// with the column.
    case corruptRow(table: String, key: String, reason: String)
    /// SQLite said no. The error keeps its extended result code, so callers can tell apart, say, a
    /// constraint (`SQLITE_CONSTRAINT`: the row already exists, or its workforce does not), a full disk
    /// (`SQLITE_FULL`) and an I/O error (`SQLITE_IOERR`), on any statement or on `COMMIT`.
    case sqlite(SQLiteError)

    /// One line for the log or the terminal.
    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path) is not an SQLite database (or it is encrypted or corrupt); refusing to touch it: give another --db, or :memory:"
        case .schemaTooNew(let path, let found, let supported):
            "\(path) has schema version \(found), newer than this emulator supports (\(supported)); use a newer workforce-emulator or another --db"
        case .readerUnavailable(let path, let error):
            "cannot open a read-only connection to \(path): \(error)"
        case .corruptRow(let table, let key, let reason):
            "corrupt row in \(table) (\(key)): \(reason)"
        case .sqlite(let error):
            error.description
        }
    }

    /// The SQLite error behind this one, if any: match its ``SQLiteError/extendedResultCode`` with `~=`.
    public var sqliteError: SQLiteError? {
        switch self {
        case .sqlite(let error), .readerUnavailable(_, let error): error
        case .notADatabase, .schemaTooNew, .corruptRow: nil
        }
    }

    /// What kept a write from reaching the disk, when that is what went wrong: a fault of the machine
    /// (a full disk, an I/O error, a file made read-only under the emulator), not of the request.
    public enum WriteFault: Sendable, Equatable, CustomStringConvertible {
        /// `SQLITE_FULL`: no space left on the device (or a quota reached).
        case diskFull
        /// `SQLITE_IOERR_*`: the operating system refused a read, write or sync.
        case ioError
        /// `SQLITE_READONLY_*`: the file or its folder can no longer be written.
        case readOnly

        /// What happened, in a user's words.
        public var description: String {
            switch self {
            case .diskFull: "the disk is full"
            case .ioError: "the disk reported an I/O error"
            case .readOnly: "the file has become read-only"
            }
        }
    }

    /// The machine's fault behind this error, if that is what it is.
    public var writeFault: WriteFault? {
        guard let code = sqliteError?.extendedResultCode else { return nil }
        switch code {
        case .SQLITE_FULL: return .diskFull
        case .SQLITE_IOERR: return .ioError
        case .SQLITE_READONLY: return .readOnly
        default: return nil
        }
    }

    /// Runs `body`, reporting SQLite's error as ``sqlite(_:)``.
    static func wrap<T>(_ body: () throws(SQLiteError) -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch {
            throw .sqlite(error)
        }
    }
}
