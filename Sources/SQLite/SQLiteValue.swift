/// One SQLite value, in one of the five [storage classes](https://sqlite.org/datatype3.html).
///
/// Used both to bind parameters ([sqlite3_bind_*](https://sqlite.org/c3ref/bind_blob.html)) and to
/// read columns ([sqlite3_column_*](https://sqlite.org/c3ref/column_blob.html)).
/// A `.real(.nan)` is stored by SQLite as NULL.
public enum SQLiteValue: Sendable, Equatable {
    /// SQL `NULL`.
    case null
    /// A 64-bit signed integer.
    case integer(Int64)
    /// An IEEE 754 double.
    case real(Double)
    /// UTF-8 text; embedded NUL characters are kept, because lengths are always passed explicitly.
    case text(String)
    /// Bytes stored as they are; an empty array stays an empty blob, never NULL.
    case blob([UInt8])
}

/// One result row, its values copied out of the statement by
/// [sqlite3_column_*](https://sqlite.org/c3ref/column_blob.html), so it stays valid after the
/// statement steps, resets or is finalized.
///
/// The typed accessors are strict about storage class (no silent conversions), except that
/// ``double(_:)`` widens an integer, because SQLite itself stores integral REAL values as integers
/// in some expressions. An index past the last column reads as `NULL` / `nil` rather than trapping,
/// so a wrong column index surfaces as a missing value the caller handles, not a server crash.
public struct SQLiteRow: Sendable {
    /// The column values, left to right.
    public let values: [SQLiteValue]

    /// Creates a row from its values (rows normally come from ``SQLiteStatement/step()``).
    public init(values: [SQLiteValue]) {
        self.values = values
    }

    /// The value of column `index` (0-based), or `.null` if there is no such column.
    public subscript(_ index: Int) -> SQLiteValue {
        values.indices.contains(index) ? values[index] : .null
    }

    /// The text of column `i`, or `nil` if it is not TEXT.
    public func string(_ i: Int) -> String? {
        if case .text(let value) = self[i] { return value }
        return nil
    }

    /// The integer of column `i`, or `nil` if it is not INTEGER.
    public func int64(_ i: Int) -> Int64? {
        if case .integer(let value) = self[i] { return value }
        return nil
    }

    /// The number of column `i` if it is REAL or INTEGER (converted), otherwise `nil`.
    public func double(_ i: Int) -> Double? {
        switch self[i] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The bytes of column `i`, or `nil` if it is not a BLOB.
    public func blob(_ i: Int) -> [UInt8]? {
        if case .blob(let value) = self[i] { return value }
        return nil
    }
}
