import SQLite
import SageMakerWorkforces

@testable import WorkforceStore

/// What the tests look at beneath the store's API, through its connection.
extension WorkforceStore {
    /// `PRAGMA integrity_check`'s answer (`ok` when healthy).
    func integrityCheck() throws -> String {
        try connection.query("PRAGMA integrity_check").compactMap { $0.string(0) }.joined(separator: "; ")
    }

    /// The namespaces that hold anything.
    func namespaces() throws -> [Namespace] {
        try connection.query("SELECT account, region FROM workforces UNION SELECT account, region FROM workteams ORDER BY 1, 2")
            .map { Namespace(account: $0.string(0) ?? "", region: $0.string(1) ?? "") }
    }

    /// Removes the namespace's workforce row, as the database allows (its teams' foreign key refuses).
    func deleteWorkforce(in namespace: Namespace) throws(StoreError) {
        do {
            try connection.run("DELETE FROM workforces WHERE account = ? AND region = ?", [.text(namespace.account), .text(namespace.region)])
        } catch {
            throw .sqlite(error)
        }
    }
}
