internal import CSQLite

/// A compiled SQL statement ([sqlite3_stmt](https://sqlite.org/c3ref/stmt.html)), finalized in `deinit`.
///
/// Not `Sendable`: like its ``SQLiteConnection``, one owner uses it at a time. It keeps only a weak
/// reference to the connection, so a statement kept past its connection reports
/// "the connection is closed" instead of touching a freed handle.
public final class SQLiteStatement {
    /// The SQL text this statement was prepared from.
    public let sql: String

    /// Nil once finalized: by `deinit`, or by ``SQLiteConnection/close()`` for cached statements.
    private var handle: OpaquePointer?
    private weak var connection: SQLiteConnection?

    init(handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        finalize()
    }

    /// [sqlite3_finalize](https://sqlite.org/c3ref/finalize.html); safe to call more than once.
    /// After `sqlite3_close_v2`, finalizing the last statement is what frees the connection.
    func finalize() {
        sqlite3_finalize(handle)
        handle = nil
    }

    /// The live handle, or the error to report when the statement or its connection is gone
    /// (SQLite's behaviour on a finalized statement or a zombie connection is undefined).
    private func liveHandle() throws(SQLiteError) -> OpaquePointer {
        guard let handle, let connection, connection.isOpen else {
            throw SQLiteError.closed(sql: sql)
        }
        return handle
    }

    private func error(_ code: Int32, _ handle: OpaquePointer) -> SQLiteError {
        SQLiteError(code: code, db: sqlite3_db_handle(handle), sql: sql)
    }

    /// Binds `values` to the parameters `?1 … ?N` in order
    /// ([sqlite3_bind_*](https://sqlite.org/c3ref/bind_blob.html)).
    ///
    /// Resets the statement and clears earlier bindings first, because SQLite refuses to bind to a
    /// statement that has been stepped. The number of values must equal the statement's
    /// parameter count ([sqlite3_bind_parameter_count](https://sqlite.org/c3ref/bind_parameter_count.html)):
    /// a missing value would otherwise silently bind NULL. Text and blobs are copied by SQLite
    /// (`SQLITE_TRANSIENT`), so the caller's buffers need not outlive the call.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        let handle = try liveHandle()
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                extendedResultCode: .SQLITE_RANGE,
                message: "the statement has \(expected) parameter(s) but \(values.count) value(s) were bound",
                sql: sql
            )
        }
        for (offset, value) in values.enumerated() {
            let code = Self.bind(value, at: Int32(offset + 1), to: handle)
            guard code == SQLITE_OK else { throw error(code, handle) }
        }
    }

    private static func bind(_ value: SQLiteValue, at index: Int32, to handle: OpaquePointer) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let integer):
            return sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(handle, index, real)
        case .text(let text):
            var text = text
            return text.withUTF8 { utf8 in
                // A NULL data pointer would bind SQL NULL, so an empty string binds a static "" instead.
                guard let base = utf8.baseAddress, !utf8.isEmpty else {
                    return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                }
                // The explicit byte length keeps embedded NULs and skips a strlen.
                return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
                    sqlite3_bind_text64(handle, index, chars, sqlite3_uint64(utf8.count), sqliteTransient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { raw in
                // A NULL data pointer would bind SQL NULL; a zero-length zeroblob is an empty BLOB.
                guard let base = raw.baseAddress, !raw.isEmpty else {
                    return sqlite3_bind_zeroblob(handle, index, 0)
                }
                return sqlite3_bind_blob64(handle, index, base, sqlite3_uint64(raw.count), sqliteTransient)
            }
        }
    }

    /// [sqlite3_clear_bindings](https://sqlite.org/c3ref/clear_bindings.html): every parameter back
    /// to NULL, so a reused statement never runs with a previous caller's values.
    func clearBindings() {
        // Unlike sqlite3_reset and sqlite3_finalize, sqlite3_clear_bindings does not accept NULL.
        guard let handle else { return }
        sqlite3_clear_bindings(handle)
    }

    /// Evaluates the statement one step ([sqlite3_step](https://sqlite.org/c3ref/step.html)):
    /// the next row, or `nil` when the statement has run to completion.
    public func step() throws(SQLiteError) -> SQLiteRow? {
        let handle = try liveHandle()
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return try readRow(handle)
        case SQLITE_DONE:
            return nil
        default:
            throw error(code, handle)
        }
    }

    /// Evaluates the statement one step ([sqlite3_step](https://sqlite.org/c3ref/step.html)) and, when
    /// it yields a row, hands that row to `read` in place: `read` takes the columns it needs, as it
    /// needs them (``SQLiteColumns``), instead of ``step()`` copying every column out first. Returns
    /// `read`'s result, or `nil` when the statement has run to completion.
    ///
    /// The row is valid only while `read` runs. A reader that can fail returns a `Result`. When SQLite
    /// ran out of memory reading a column (which ``SQLiteColumns`` reads as no text), this throws
    /// `SQLITE_NOMEM` instead of returning what `read` made of it.
    public func step<T>(reading read: (SQLiteColumns) -> T) throws(SQLiteError) -> T? {
        let handle = try liveHandle()
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            let result = read(SQLiteColumns(handle: handle))
            // A column read that failed for memory set the connection's error code (sqlite3_errcode).
            if sqlite3_errcode(sqlite3_db_handle(handle)) == SQLITE_NOMEM { throw error(SQLITE_NOMEM, handle) }
            return result
        case SQLITE_DONE:
            return nil
        default:
            throw error(code, handle)
        }
    }

    /// Steps to completion and returns every row ([sqlite3_step](https://sqlite.org/c3ref/step.html)).
    public func all() throws(SQLiteError) -> [SQLiteRow] {
        var rows: [SQLiteRow] = []
        while let row = try step() {
            rows.append(row)
        }
        return rows
    }

    /// Steps to completion without copying rows out ([sqlite3_step](https://sqlite.org/c3ref/step.html)):
    /// for INSERT, UPDATE, DELETE and DDL.
    public func run() throws(SQLiteError) {
        let handle = try liveHandle()
        while true {
            let code = sqlite3_step(handle)
            switch code {
            case SQLITE_ROW: continue
            case SQLITE_DONE: return
            default: throw error(code, handle)
            }
        }
    }

    /// Rewinds the statement so it can run again, keeping its bindings
    /// ([sqlite3_reset](https://sqlite.org/c3ref/reset.html)). Also ends the read the statement
    /// holds open when it was not stepped to completion. A no-op once finalized.
    public func reset() {
        guard let handle else { return }
        // sqlite3_reset repeats the error of the last failed step, which was already reported.
        sqlite3_reset(handle)
    }

    /// Copies the current row out of the statement
    /// ([sqlite3_column_*](https://sqlite.org/c3ref/column_blob.html)): the pointers SQLite hands
    /// out are only valid until the next step.
    private func readRow(_ handle: OpaquePointer) throws(SQLiteError) -> SQLiteRow {
        let count = sqlite3_column_count(handle)
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER:
                values.append(.integer(sqlite3_column_int64(handle, column)))
            case SQLITE_FLOAT:
                values.append(.real(sqlite3_column_double(handle, column)))
            case SQLITE_TEXT:
                // Pointer first, then length: the documented order that avoids a second conversion.
                let text = sqlite3_column_text(handle, column)
                let length = Int(sqlite3_column_bytes(handle, column))
                if let text {
                    // Decoding with an explicit length keeps embedded NULs; invalid UTF-8 becomes U+FFFD.
                    values.append(.text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self)))
                } else if sqlite3_errcode(sqlite3_db_handle(handle)) == SQLITE_NOMEM {
                    // A NULL pointer means out of memory; reading it as "" would silently lose data.
                    throw error(SQLITE_NOMEM, handle)
                } else {
                    values.append(.text(""))
                }
            case SQLITE_BLOB:
                let blob = sqlite3_column_blob(handle, column)
                let length = Int(sqlite3_column_bytes(handle, column))
                if let blob {
                    values.append(.blob(Array(UnsafeRawBufferPointer(start: blob, count: length))))
                } else if length == 0 {
                    // Zero-length blobs legitimately come back as a NULL pointer.
                    values.append(.blob([]))
                } else {
                    throw error(SQLITE_NOMEM, handle)
                }
            default:
                values.append(.null)
            }
        }
        return SQLiteRow(values: values)
    }
}

/// The row a statement is on, read column by column in place
/// ([sqlite3_column_*](https://sqlite.org/c3ref/column_blob.html)), for ``SQLiteStatement/step(reading:)``:
/// only the columns asked for are converted, and text can be read without making a `String` of it.
///
/// Valid only during the `read` it is handed to (SQLite's pointers last until the next step). The typed
/// accessors are as strict about storage class as ``SQLiteRow``'s, and a column past the last one reads
/// as `NULL` / `nil`.
public struct SQLiteColumns {
    private let handle: OpaquePointer

    fileprivate init(handle: OpaquePointer) { self.handle = handle }

    private func type(_ i: Int) -> Int32 {
        guard i >= 0, i < Int(sqlite3_column_count(handle)) else { return SQLITE_NULL }
        return sqlite3_column_type(handle, Int32(i))
    }

    /// The text of column `i`, or `nil` if it is not TEXT (invalid UTF-8 becomes U+FFFD, as in ``SQLiteRow``).
    public func string(_ i: Int) -> String? {
        withText(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// The integer of column `i`, or `nil` if it is not INTEGER.
    public func int64(_ i: Int) -> Int64? {
        guard type(i) == SQLITE_INTEGER else { return nil }
        return sqlite3_column_int64(handle, Int32(i))
    }

    /// `body` applied to the UTF-8 bytes of column `i`, which are SQLite's own (valid during `body`
    /// only), or `nil` if the column is not TEXT.
    public func withText<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard type(i) == SQLITE_TEXT else { return nil }
        // Pointer first, then length: the documented order that avoids a second conversion.
        guard let text = sqlite3_column_text(handle, Int32(i)) else {
            // Out of memory (step(reading:) reports it), or an empty text on some builds.
            return sqlite3_errcode(sqlite3_db_handle(handle)) == SQLITE_NOMEM ? nil : body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, Int32(i)))))
    }
}

/// `SQLITE_TRANSIENT` ([sqlite3_destructor_type](https://sqlite.org/c3ref/c_static.html)): tells
/// SQLite to copy the bound bytes. The C macro is a cast of -1, which Swift cannot import.
/// Computed rather than stored because a global of a C function-pointer type is not `Sendable`.
private var sqliteTransient: sqlite3_destructor_type {
    unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)
}
