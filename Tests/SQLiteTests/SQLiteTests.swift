import TestSupport
import Testing
@testable import SQLite

/// A connection to a fresh in-memory database.
private func memory() throws -> SQLiteConnection {
    try SQLiteConnection(path: ":memory:")
}

private struct BodyFailure: Error, Equatable {}

@Suite struct ValueRoundTripTests {
    @Test func everyStorageClassRoundTrips() throws {
        let db = try memory()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v)")
        let values: [SQLiteValue] = [
            .null,
            .integer(0), .integer(Int64.max), .integer(Int64.min), .integer(-1),
            .real(3.25), .real(-0.5), .real(1e308), .real(Double.leastNonzeroMagnitude),
            .text(""), .text("plain"), .text("héllo wörld — 日本語 🎉"), .text("nul\u{0}inside"),
            .blob([]), .blob([0, 1, 0, 255, 0]), .blob(Array(0...255)),
        ]
        for (index, value) in values.enumerated() {
            try db.run("INSERT INTO t (id, v) VALUES (?, ?)", [.integer(Int64(index)), value])
            #expect(db.changes == 1)
        }
        let rows = try db.query("SELECT v FROM t ORDER BY id")
        #expect(rows.map { $0[0] } == values)
    }

    @Test func storageClassesAreWhatSQLiteSees() throws {
        // The empty blob and empty text must not turn into NULL on the way in (NULL data pointers would).
        let db = try memory()
        let row = try #require(try db.query(
            "SELECT typeof(?), typeof(?), typeof(?), length(?), typeof(?)",
            [.blob([]), .text(""), .null, .text("nul\u{0}inside"), .real(1)]).first)
        #expect(row.values == [.text("blob"), .text("text"), .text("null"), .integer(3), .text("real")])
    }

    @Test func typedAccessorsAreStrict() throws {
        let db = try memory()
        let row = try #require(try db.query("SELECT 'x', 42, 2.5, x'00ff', NULL").first)
        #expect(row.string(0) == "x")
        #expect(row.int64(1) == 42)
        #expect(row.double(2) == 2.5)
        #expect(row.double(1) == 42)
        #expect(row.blob(3) == [0, 255])
        #expect(row.string(1) == nil)
        #expect(row.int64(2) == nil)
        #expect(row.blob(0) == nil)
        #expect(row.string(4) == nil)
        #expect(row[4] == .null)
        // Out of range reads as NULL instead of trapping.
        #expect(row[99] == .null)
        #expect(row.int64(-1) == nil)
    }
}

@Suite struct ColumnsInPlaceTests {
    @Test func readsAsTheCopiedRowReads() throws {
        let db = try memory()
        let statement = try db.prepare("SELECT 'x', 42, 2.5, x'00ff', NULL, '', 'héllo — 日本語', 'nul' || char(0) || 'inside'")
        let copied = try #require(try statement.step())
        statement.reset()
        let read = try statement.step { row in
            (0..<9).map { index in
                (row.string(index), row.int64(index), row.withText(index) { Array($0) })
            }
        }
        let columns = try #require(read)
        for (index, column) in columns.enumerated() {
            #expect(column.0 == copied.string(index), "column \(index)")
            #expect(column.1 == copied.int64(index), "column \(index)")
            #expect(column.2 == copied.string(index).map { Array($0.utf8) }, "column \(index)")
        }
        // Strict about storage class, and past the last column (8) is NULL, not a trap.
        #expect(columns[1].0 == nil && columns[0].1 == nil && columns[3].0 == nil && columns[4].2 == nil)
        #expect(columns[8].0 == nil && columns[8].1 == nil)
        #expect(columns[5].0 == "")
    }

    @Test func aStatementThatIsDoneReadsNoRow() throws {
        let db = try memory()
        try db.execute("CREATE TABLE t (v TEXT)")
        let statement = try db.prepare("SELECT v FROM t")
        var calls = 0
        let read: String?? = try statement.step { row in
            calls += 1
            return row.string(0)
        }
        #expect(read == nil)
        #expect(calls == 0)
    }
}

@Suite struct ErrorTests {
    @Test func uniqueViolationIsAConstraintViolation() throws {
        let db = try memory()
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL)")
        try db.run("INSERT INTO t VALUES (?, ?)", [.text("a"), .integer(1)])
        let error = try #require(throws: SQLiteError.self) {
            try db.run("INSERT INTO t VALUES (?, ?)", [.text("a"), .integer(2)])
        }
        #expect(error.isConstraintViolation)
        #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY)
        #expect(error.resultCode == .SQLITE_CONSTRAINT)
        #expect(!error.isBusy && !error.isNotADatabase && !error.isCorrupt)
        #expect(error.sql == "INSERT INTO t VALUES (?, ?)")
        #expect(error.description
            == "SQLite error 1555 (SQLITE_CONSTRAINT_PRIMARYKEY): UNIQUE constraint failed: t.k [sql: INSERT INTO t VALUES (?, ?)]")

        let notNull = try #require(throws: SQLiteError.self) {
            try db.run("INSERT INTO t VALUES (?, ?)", [.text("b"), .null])
        }
        #expect(notNull.isConstraintViolation)
        #expect(notNull.extendedResultCode == .SQLITE_CONSTRAINT_NOTNULL)
        // The failed statement was reset, so the cache still works afterwards.
        try db.run("INSERT INTO t VALUES (?, ?)", [.text("b"), .integer(2)])
        #expect(try db.query("SELECT count(*) FROM t").first?.int64(0) == 2)
    }

    @Test func syntaxErrorNamesTheStatement() throws {
        let db = try memory()
        let error = try #require(throws: SQLiteError.self) { try db.prepare("SELEKT 1") }
        #expect(error.resultCode == .SQLITE_ERROR)
        #expect(error.message.contains("syntax error"))
        #expect(error.description.hasPrefix("SQLite error 1 (SQLITE_ERROR): near \"SELEKT\": syntax error"))
        #expect(error.description.hasSuffix("[sql: SELEKT 1]"))
    }

    @Test func descriptionFallsBackToErrstr() {
        let error = SQLiteError(extendedResultCode: .SQLITE_NOTADB, message: "")
        #expect(error.description == "SQLite error 26 (SQLITE_NOTADB): file is not a database")
        let unknownExtended = SQLiteError(extendedResultCode: ResultCode(rawValue: ResultCode.SQLITE_BUSY.rawValue | 99 << 8), message: "m")
        #expect(unknownExtended.isBusy)
        #expect(unknownExtended.description == "SQLite error 25349 (SQLITE_BUSY (extended 99)): m")
    }

    @Test func primaryCodesMatchTheirExtendedCodesButNotTheOtherWayRound() {
        let unique = ResultCode.SQLITE_CONSTRAINT_UNIQUE
        #expect(unique.rawValue == 2067)
        #expect(unique.primaryResultCode == .SQLITE_CONSTRAINT)
        #expect(ResultCode.SQLITE_CONSTRAINT ~= unique)
        #expect(ResultCode.SQLITE_CONSTRAINT_UNIQUE ~= unique)
        #expect(!(ResultCode.SQLITE_CONSTRAINT_PRIMARYKEY ~= unique))
        #expect(!(ResultCode.SQLITE_CONSTRAINT_UNIQUE ~= .SQLITE_CONSTRAINT))
        #expect(!(ResultCode.SQLITE_IOERR ~= unique))
        let matched: String =
            switch ResultCode.SQLITE_IOERR_FSYNC {
            case .SQLITE_FULL: "full"
            case .SQLITE_IOERR_WRITE: "write"
            case .SQLITE_IOERR: "any I/O error"
            default: "other"
            }
        #expect(matched == "any I/O error")
        #expect(ResultCode.SQLITE_IOERR_FSYNC.description == "SQLITE_IOERR_FSYNC")
        #expect(ResultCode.SQLITE_FULL.description == "SQLITE_FULL")
    }

    @Test func bindingCountMustMatch() throws {
        let db = try memory()
        let tooFew = try #require(throws: SQLiteError.self) { try db.query("SELECT ?, ?", [.integer(1)]) }
        #expect(tooFew.resultCode == .SQLITE_RANGE)
        #expect(tooFew.message.contains("2 parameter"))
        let tooMany = try #require(throws: SQLiteError.self) { try db.query("SELECT 1", [.integer(1)]) }
        #expect(tooMany.resultCode == .SQLITE_RANGE)
    }

    @Test func prepareRejectsEmptyAndMultipleStatements() throws {
        let db = try memory()
        let multiple = try #require(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
        #expect(multiple.resultCode == .SQLITE_MISUSE)
        #expect(multiple.message.contains("more than one statement"))
        let empty = try #require(throws: SQLiteError.self) { try db.prepare("  -- nothing\n") }
        #expect(empty.resultCode == .SQLITE_MISUSE)
        // Trailing whitespace, semicolons and comments are not a second statement.
        #expect(try db.prepare("SELECT 1; -- done\n ").all().count == 1)
    }

    @Test func fileThatIsNotADatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = Array(String(repeating: "This is a text file, not SQLite.\n", count: 200).utf8.prefix(4096))
        #expect(text.count == 4096)
        try directory.writeFile(text, to: "notes.txt")

        let error = try #require(throws: SQLiteError.self) {
            let db = try SQLiteConnection(path: directory.file("notes.txt"))
            defer { db.close() }
            _ = try db.pragma("user_version")
        }
        #expect(error.isNotADatabase)
        #expect(error.extendedResultCode == .SQLITE_NOTADB)
        #expect(error.description == "SQLite error 26 (SQLITE_NOTADB): file is not a database [sql: PRAGMA user_version]")
        #expect(try directory.readFile("notes.txt") == text)
    }

    @Test func readOnlyOpenOfMissingFileFails() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = try #require(throws: SQLiteError.self) {
            _ = try SQLiteConnection(path: directory.file("missing.sqlite3"), mode: .readOnly)
        }
        #expect(error.resultCode == .SQLITE_CANTOPEN)
        #expect(!directory.exists("missing.sqlite3"))
    }
}

@Suite struct TransactionTests {
    private func table() throws -> SQLiteConnection {
        let db = try memory()
        try db.execute("CREATE TABLE t (v INTEGER)")
        return db
    }

    private func count(_ db: SQLiteConnection) throws -> Int64? {
        try db.query("SELECT count(*) FROM t").first?.int64(0)
    }

    @Test func writeTransactionCommits() throws {
        let db = try table()
        let result = try db.writeTransaction {
            #expect(db.isInTransaction)
            try db.run("INSERT INTO t VALUES (1)")
            try db.run("INSERT INTO t VALUES (2)")
            return "done"
        }
        #expect(result == "done")
        #expect(!db.isInTransaction)
        #expect(try count(db) == 2)
    }

    @Test func writeTransactionRollsBackWhenBodyThrows() throws {
        let db = try table()
        let error = #expect(throws: TransactionError<any Error>.self) {
            try db.writeTransaction {
                try db.run("INSERT INTO t VALUES (1)")
                throw BodyFailure()
            }
        }
        guard case .body(let failure)? = error else {
            Issue.record("expected the body's error, got \(String(describing: error))")
            return
        }
        #expect(failure as? BodyFailure == BodyFailure())
        #expect(!db.isInTransaction)
        #expect(try count(db) == 0)
    }

    @Test func bodyThatEndsTheTransactionItselfIsNotRolledBackTwice() throws {
        let db = try table()
        // The body's own ROLLBACK closes the transaction; the wrapper must still rethrow the body's error.
        let error = #expect(throws: TransactionError<any Error>.self) {
            try db.writeTransaction {
                try db.run("INSERT INTO t VALUES (1)")
                try db.execute("ROLLBACK")
                throw BodyFailure()
            }
        }
        guard case .body(let failure)? = error else {
            Issue.record("expected the body's error, got \(String(describing: error))")
            return
        }
        #expect(failure as? BodyFailure == BodyFailure())
        #expect(!db.isInTransaction)
        #expect(try count(db) == 0)
    }

    @Test func nestedTransactionIsAnErrorNotACrash() throws {
        let db = try table()
        var inner: SQLiteError?
        try db.writeTransaction {
            try db.run("INSERT INTO t VALUES (1)")
            do {
                try db.writeTransaction { () throws(SQLiteError) in try db.run("INSERT INTO t VALUES (2)") }
            } catch let error as TransactionError<SQLiteError> {
                // BEGIN itself failed: SQLite's error, not the body's.
                guard case .sqlite(let error) = error else { throw error }
                inner = error
            }
            // The outer transaction survives the inner misuse.
            #expect(db.isInTransaction)
        }
        let error = try #require(inner)
        #expect(error.resultCode == .SQLITE_ERROR)
        #expect(error.message.contains("within a transaction"))
        #expect(try count(db) == 1)

        // And when the inner error propagates, the outer transaction rolls back.
        let outer = #expect(throws: TransactionError<TransactionError<Never>>.self) {
            try db.writeTransaction { () throws(TransactionError<Never>) in
                try db.writeTransaction {}
            }
        }
        guard case .body(.sqlite(let nested))? = outer else {
            Issue.record("expected the inner BEGIN's error, got \(String(describing: outer))")
            return
        }
        #expect(nested.message.contains("within a transaction"))
        #expect(!db.isInTransaction)
    }

    @Test func busyTimeoutIsBoundedAndReportsBusy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try SQLiteConnection(path: directory.file("db.sqlite3"))
        try first.execute("CREATE TABLE t (v INTEGER)")
        let second = try SQLiteConnection(path: directory.file("db.sqlite3"))
        try second.setBusyTimeout(milliseconds: 20)
        try first.execute("BEGIN IMMEDIATE")
        let failure = try #require(throws: TransactionError<SQLiteError>.self) {
            try second.writeTransaction { () throws(SQLiteError) in try second.run("INSERT INTO t VALUES (1)") }
        }
        guard case .sqlite(let error) = failure else {
            Issue.record("expected BEGIN to fail, got \(failure)")
            return
        }
        #expect(error.isBusy)
        #expect(ResultCode.SQLITE_BUSY ~= error.extendedResultCode)
        #expect(!second.isInTransaction)
        try first.execute("COMMIT")
        try second.writeTransaction { try second.run("INSERT INTO t VALUES (1)") }
        #expect(try count(first) == 1)

        let negative = try #require(throws: SQLiteError.self) { try second.setBusyTimeout(milliseconds: -1) }
        #expect(negative.resultCode == .SQLITE_MISUSE)
    }
}

@Suite struct StatementTests {
    @Test func textsBuiltAnewFindTheirStatementAndAnotherTextNeverGetsIt() throws {
        let db = try memory()
        // The same text in fresh storage each time (a caller interpolating its SQL): one statement.
        let first = try db.cachedStatement("SELECT \(1) AS padded_name_for_heap_storage")
        for _ in 0..<500 {
            let text = "SELECT \(Int.random(in: 1...1)) AS padded_name_for_heap_storage"
            #expect(try db.cachedStatement(text) === first)
        }
        // Texts of one length, made and dropped in turn: each its own answer.
        for value in 0..<200 {
            let text = "SELECT \(value % 10) AS padded_name_for_heap_storage"
            #expect(try db.query(text).first?.int64(0) == Int64(value % 10))
        }
    }

    @Test func cachedStatementIsReusedWithFreshBindings() throws {
        let db = try memory()
        try db.execute("CREATE TABLE t (k INTEGER, name TEXT)")
        let insert = "INSERT INTO t VALUES (?, ?)"
        for k in 1...5 {
            let statement = try db.cachedStatement(insert)
            try statement.bind([.integer(Int64(k)), .text("name \(k)")])
            try statement.run()
        }
        #expect(try db.cachedStatement(insert) === db.cachedStatement(insert))

        let select = "SELECT name FROM t WHERE k >= ? ORDER BY k"
        let first = try db.cachedStatement(select)
        try first.bind([.integer(4)])
        #expect(try first.all().map { $0.string(0) } == ["name 4", "name 5"])

        // Left mid-iteration with a binding: the next fetch starts over, bindings cleared.
        let second = try db.cachedStatement(select)
        #expect(second === first)
        try second.bind([.integer(2)])
        #expect(try second.step()?.string(0) == "name 2")
        let third = try db.cachedStatement(select)
        #expect(try third.step() == nil)  // k >= NULL matches nothing: the old binding is gone
        try third.bind([.integer(5)])
        #expect(try third.all().map { $0.string(0) } == ["name 5"])

        for k in 1...5 {
            #expect(try db.query("SELECT name FROM t WHERE k = ?", [.integer(Int64(k))]).first?.string(0) == "name \(k)")
        }
    }

    @Test func bindResetsAStatementThatWasStepped() throws {
        let db = try memory()
        let statement = try db.prepare("SELECT ? * 2")
        try statement.bind([.integer(2)])
        #expect(try statement.step()?.int64(0) == 4)
        try statement.bind([.integer(5)])
        #expect(try statement.all().map { $0.int64(0) } == [10])
        statement.reset()
        #expect(try statement.all().map { $0.int64(0) } == [10])  // reset keeps bindings
    }

    @Test func pragmaReadsAndWrites() throws {
        let db = try memory()
        #expect(try db.pragma("user_version") == .integer(0))
        _ = try db.pragma("user_version = 7")
        #expect(try db.pragma("user_version") == .integer(7))
        #expect(try db.pragma("foreign_keys = ON") == nil)
        #expect(try db.pragma("foreign_keys") == .integer(1))
    }
}

@Suite struct LifecycleTests {
    @Test func closeIsIdempotentAndLaterUseThrows() throws {
        let db = try memory()
        let cached = try db.cachedStatement("SELECT 1")
        let uncached = try db.prepare("SELECT 2")
        db.close()
        db.close()
        #expect(!db.isInTransaction)
        #expect(db.changes == 0)
        let errors = [
            #expect(throws: SQLiteError.self) { try db.execute("SELECT 1") },
            #expect(throws: SQLiteError.self) { try db.query("SELECT 1") },
            #expect(throws: SQLiteError.self) { try db.cachedStatement("SELECT 1") },
            #expect(throws: SQLiteError.self) { try cached.step() },
            #expect(throws: SQLiteError.self) { try uncached.step() },
            #expect(throws: SQLiteError.self) { try uncached.bind([]) },
            #expect(throws: TransactionError<Never>.self) { try db.writeTransaction {} }.flatMap { failure in
                if case .sqlite(let error) = failure { error } else { nil }
            },
        ]
        for error in errors {
            #expect(error?.resultCode == .SQLITE_MISUSE)
            #expect(error?.message == "the connection is closed")
        }
        cached.reset()  // no-op, no crash
    }

    @Test func statementOutlivingItsConnection() throws {
        var db: SQLiteConnection? = try memory()
        let statement = try #require(db).prepare("SELECT 1")
        db = nil
        let error = try #require(throws: SQLiteError.self) { try statement.step() }
        #expect(error.message == "the connection is closed")
    }

    @Test func walOnAFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let db = try SQLiteConnection(path: directory.file("db.sqlite3"))
        try db.enableWAL()
        try db.execute("CREATE TABLE t (v BLOB)")
        try db.run("INSERT INTO t VALUES (?)", [.blob([1, 2, 3])])
        #expect(try db.pragma("journal_mode") == .text("wal"))
        #expect(directory.exists("db.sqlite3-wal"))
        db.close()

        // A read-only connection cannot switch the journal mode.
        let plain = try SQLiteConnection(path: directory.file("plain.sqlite3"))
        try plain.execute("CREATE TABLE t (v)")
        plain.close()
        let readOnly = try SQLiteConnection(path: directory.file("plain.sqlite3"), mode: .readOnly)
        let error = try #require(throws: SQLiteError.self) { try readOnly.enableWAL() }
        #expect(error.resultCode == .SQLITE_READONLY)
        #expect(!directory.exists("plain.sqlite3-wal"))
    }

    @Test func walRefusedWithoutAnErrorIsStillAnError() throws {
        // A temporary database ("") cannot use WAL and the pragma just answers "delete":
        // enableWAL must check the answer, not trust that the pragma succeeded.
        let db = try SQLiteConnection(path: "")
        let error = try #require(throws: SQLiteError.self) { try db.enableWAL() }
        #expect(error.message == "journal_mode=WAL was not applied; the database reports journal mode 'delete'")
        #expect(error.sql == "PRAGMA journal_mode=WAL")
    }

    @Test func walOnMemoryIsAccepted() throws {
        let db = try memory()
        try db.enableWAL()
        #expect(try db.pragma("journal_mode") == .text("memory"))
    }
}
