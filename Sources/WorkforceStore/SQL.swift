/// The store's statements, built once from the column lists: a statement is looked up in the
/// connection's cache by its text on every call, so the text must not be rebuilt per call.
enum SQL {
    private typealias W = WorkforceColumn
    private typealias T = WorkteamColumn
    private static let namespace = "account = ? AND region = ?"

    static let workforceInNamespace = "SELECT \(W.list) FROM workforces WHERE \(namespace)"
    /// DescribeWorkforce's lookup: not the namespace (its key) nor the tags (the answer never shows them).
    static let workforceToDescribe = "SELECT \(W.list(skipping: [.account, .region, .tags])) FROM workforces WHERE \(namespace)"
    static let workforceBySubDomain = "SELECT \(W.list) FROM workforces WHERE sub_domain = ?"
    static let allWorkforces = "SELECT \(W.list) FROM workforces ORDER BY account, region"
    static let saveWorkforce = upsert(W.self, key: [.account, .region])
    /// UpdateWorkforce's write: the columns an update can change, in place. Not the key, the name, the
    /// creation time or the SubDomain (derived from those three): a column in a `SET` list has its index
    /// entries rewritten even when its value stays, and the upsert's `INSERT` attempt costs a conflict.
    static let updateWorkforce =
        "UPDATE workforces SET \(W.changeable.map { "\($0.sqlName) = ?" }.joined(separator: ", ")) WHERE \(namespace) AND name = ?"
    static let purgeDeletedWorkforce = "DELETE FROM workforces WHERE \(namespace) AND \(isGone) AND due_ms <= ?"

    static let workteamsInNamespace = "SELECT \(T.list) FROM workteams WHERE \(namespace) ORDER BY name"
    static let workteamByName = "SELECT \(T.list) FROM workteams WHERE \(namespace) AND name = ?"
    static let allWorkteams = "SELECT \(T.list) FROM workteams ORDER BY account, region, name"
    static let workteamCount = "SELECT count(*) FROM workteams WHERE \(namespace)"
    static let saveWorkteam = upsert(T.self, key: [.account, .region, .name])
    static let deleteWorkteam = "DELETE FROM workteams WHERE \(namespace) AND name = ?"

    private static let anyNamespace = "(?1 IS NULL OR account = ?1) AND (?2 IS NULL OR region = ?2)"
    static let deleteWorkteams = "DELETE FROM workteams WHERE \(anyNamespace)"
    static let deleteWorkforces = "DELETE FROM workforces WHERE \(anyNamespace)"
    static let completeTransitions = "UPDATE workforces SET due_ms = ?1 WHERE target IS NOT NULL AND due_ms > ?1"
    static let purgeDeletedWorkforces = "DELETE FROM workforces WHERE \(isGone) AND due_ms <= ?"
    static let counts = "SELECT (SELECT count(*) FROM workforces), (SELECT count(*) FROM workteams)"

    private static let isGone = "target = '\(StoredFormat.Target.gone)'"

    /// `INSERT … ON CONFLICT (key) DO UPDATE SET c = excluded.c, …`: an update in place, not REPLACE's
    /// delete-and-insert, which would trip the teams' foreign key on their workforce.
    static func upsertStatement<Column: StoredColumn>(_ type: Column.Type, key: [Column]) -> String { upsert(type, key: key) }

    private static func upsert<Column: StoredColumn>(_: Column.Type, key: [Column]) -> String {
        let names = Column.allCases.map(\.sqlName)
        let keyNames = key.map(\.sqlName)
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        let updates = names.filter { !keyNames.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(Column.table) (\(Column.list)) VALUES (\(placeholders)) ON CONFLICT (\(keyNames.joined(separator: ", "))) DO UPDATE SET \(updates)"
    }
}
