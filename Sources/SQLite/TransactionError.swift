/// Why ``SQLiteConnection/writeTransaction(_:)`` failed; either way the transaction was rolled back.
///
/// Keeps the caller's own error apart from SQLite's: a failed `COMMIT` (e.g. `SQLITE_FULL`,
/// `SQLITE_IOERR`) is never confused with, or disguised as, an error of the body.
public enum TransactionError<Failure: Error>: Error {
    /// `BEGIN` or `COMMIT` failed ([transactions](https://sqlite.org/lang_transaction.html)).
    case sqlite(SQLiteError)
    /// The body threw this.
    case body(Failure)
}

extension TransactionError: Sendable where Failure: Sendable {}

extension TransactionError: CustomStringConvertible {
    /// The underlying error's description.
    public var description: String {
        switch self {
        case .sqlite(let error): error.description
        case .body(let error): "\(error)"
        }
    }
}

extension TransactionError where Failure == SQLiteError {
    /// The SQLite error, whichever step raised it, for a body that only runs SQL.
    public var sqliteError: SQLiteError {
        switch self {
        case .sqlite(let error), .body(let error): error
        }
    }
}
