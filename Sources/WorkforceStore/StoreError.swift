import SQLite

/// Why the store could not open, read or write.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The file is not an SQLite database (or is encrypted); it was not modified.
    case notADatabase(path: String)
    /// The database was written by a newer emulator; it was not modified.
    case schemaTooNew(path: String, found: Int, supported: Int)
    /// A row could not be read back into the domain (hand-edited or corrupt data).
    case corruptRow(table: String, key: String, reason: String)
    /// SQLite said no.
    case sqlite(SQLiteError)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path) is not an SQLite database (or it is encrypted or corrupt); refusing to touch it"
        case .schemaTooNew(let path, let found, let supported):
            "\(path) has schema version \(found), newer than this emulator supports (\(supported)); use a newer workforce-emulator or another --db"
        case .corruptRow(let table, let key, let reason):
            "corrupt row in \(table) (\(key)): \(reason)"
        case .sqlite(let error):
            error.description
        }
    }
}
