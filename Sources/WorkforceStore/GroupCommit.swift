import SQLite

/// Group commit (issue 15): changes that queued up while the previous commit ran share the next
/// `BEGIN IMMEDIATE … COMMIT`, each inside a savepoint of its own, so a refused change rolls back alone.
/// The caller answers every change of a group only after ``commitGroup()`` returned: what was
/// acknowledged is still committed before the answer, as DESIGN "Persistence" asks.
extension WorkforceStore {
    /// Opens the group's transaction; from now on ``write(_:)`` is a savepoint in it.
    public func beginGroup() throws(StoreError) {
        try StoreError.wrap { () throws(SQLiteError) in try connection.run("BEGIN IMMEDIATE") }
        isGrouping = true
        groupedWrites = 0
    }

    /// Whether the group's transaction is still open. SQLite rolls a whole transaction back on some
    /// errors (a full disk, an I/O error); every change of the group is then lost.
    public var isGroupOpen: Bool { isGrouping && connection.isInTransaction }

    /// Commits the group: ``committedWrites`` counts its changes once the COMMIT is done. Rolled back
    /// when it fails (nothing of the group was kept).
    public func commitGroup() throws(StoreError) {
        defer { isGrouping = false }
        do throws(SQLiteError) {
            try connection.run("COMMIT")
        } catch {
            rollbackGroup()
            throw .sqlite(error)
        }
        committedWrites &+= groupedWrites
    }

    /// Abandons the group, keeping none of its changes. Idempotent.
    public func rollbackGroup() {
        isGrouping = false
        if connection.isInTransaction { try? connection.run("ROLLBACK") }
    }

    /// `body` in a savepoint of the open group: released if it returns, rolled back to (alone) if it throws.
    func writeInGroup<T>(_ body: () throws -> T) throws -> T {
        do {
            try connection.run("SAVEPOINT change")
        } catch {
            throw StoreError.sqlite(error)
        }
        let result: T
        do {
            result = try body()
        } catch {
            if connection.isInTransaction {
                try? connection.run("ROLLBACK TO change")
                try? connection.run("RELEASE change")
            }
            throw error
        }
        do {
            try connection.run("RELEASE change")
        } catch {
            throw StoreError.sqlite(error)
        }
        groupedWrites &+= 1
        return result
    }
}
