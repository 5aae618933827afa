import JSON
import SQLite
import SageMakerWorkforces

/// Rows ↔ domain values, column by column (``WorkforceColumn``, ``WorkteamColumn``), nested values in
/// the store's own format (``StoredFormat``).
enum RowCodec {
    /// `subDomain`, when given, is `workforce.subDomain` already derived (a hash the caller need not pay twice).
    static func values(of workforce: Workforce, subDomain: String? = nil) -> [SQLiteValue] {
        let lifecycle = workforce.lifecycle
        var row = RowValues<WorkforceColumn>()
        row[.account] = .text(workforce.namespace.account)
        row[.region] = .text(workforce.namespace.region)
        row[.name] = .text(workforce.name)
        row[.createdMs] = .integer(workforce.createdAt)
        row[.updatedMs] = .integer(workforce.lastUpdatedAt)
        row[.identity] = json(StoredFormat.identity(workforce.identityProvider))
        row[.cidrs] = json(StoredFormat.strings(workforce.sourceIpCidrs))
        row[.vpc] = workforce.vpcConfig.map { json(StoredFormat.vpc($0)) } ?? .null
        row[.ipAddressType] = workforce.ipAddressType.map { .text(StoredFormat.ipAddressType($0)) } ?? .null
        row.setLifecycle(lifecycle)
        row[.vpcEndpointPending] = .integer(workforce.vpcEndpointPending ? 1 : 0)
        row[.tags] = json(StoredFormat.tags(workforce.tags))
        row[.subDomain] = .text(subDomain ?? workforce.subDomain)
        return row.values
    }

    static func workforce<Row: StoredRow>(_ row: Row) throws(StoreError) -> Workforce {
        try wholeWorkforce(row).workforce
    }

    /// As ``workforce(_:)``, with the stored SubDomain (derived should a row lack it).
    static func workforceAndSubDomain<Row: StoredRow>(_ row: Row) throws(StoreError) -> (workforce: Workforce, subDomain: String) {
        let (workforce, reader) = try wholeWorkforce(row)
        return (workforce, reader.optionalText(.subDomain) ?? workforce.subDomain)
    }

    /// Every column, tags included, and the reader for any column still wanted.
    private static func wholeWorkforce<Row: StoredRow>(
        _ row: Row
    ) throws(StoreError) -> (workforce: Workforce, reader: FieldReader<WorkforceColumn, Row>) {
        var reader = FieldReader<WorkforceColumn, Row>(row: row)
        let namespace = Namespace(account: try reader.text(.account), region: try reader.text(.region))
        reader.namespace = namespace
        return (try workforce(reader, in: namespace, tags: try reader.json(.tags, StoredFormat.tags)), reader)
    }

    /// A row of ``SQL/workforceToDescribe``, whose namespace is the one looked up and which has no tags.
    static func workforceToDescribe<Row: StoredRow>(_ row: Row, in namespace: Namespace) throws(StoreError) -> DescribedWorkforce {
        var reader = FieldReader<WorkforceColumn, Row>(row: row)
        reader.namespace = namespace
        let workforce = try workforce(reader, in: namespace, tags: [])
        // Every row has it (written with each save, backfilled by the migration that added it); the
        // derivation stays the answer should one not.
        return DescribedWorkforce(workforce: workforce, subDomain: reader.optionalText(.subDomain) ?? workforce.subDomain)
    }

    /// Every column but the namespace and the tags.
    private static func workforce<Row: StoredRow>(
        _ reader: FieldReader<WorkforceColumn, Row>, in namespace: Namespace, tags: [Tag]
    ) throws(StoreError) -> Workforce {
        let lifecycle = try reader.lifecycle()
        return Workforce(
            namespace: namespace, name: try reader.text(.name),
            createdAt: try reader.integer(.createdMs), lastUpdatedAt: try reader.integer(.updatedMs),
            identityProvider: try reader.json(.identity, plain: StoredFormat.plainCognitoIdentity, StoredFormat.identity),
            sourceIpCidrs: try reader.json(.cidrs, plain: StoredFormat.plainStrings, StoredFormat.strings),
            vpcConfig: try reader.optionalJSON(.vpc, StoredFormat.vpc),
            ipAddressType: try reader.optionalText(.ipAddressType).map { text throws(StoreError) in
                try reader.decode(.ipAddressType, text, StoredFormat.ipAddressType)
            },
            lifecycle: lifecycle,
            vpcEndpointPending: (reader.optionalInteger(.vpcEndpointPending) ?? 0) != 0,
            tags: tags)
    }

    static func values(of team: Workteam, tags: [Tag]) -> [SQLiteValue] {
        var row = RowValues<WorkteamColumn>()
        row[.account] = .text(team.namespace.account)
        row[.region] = .text(team.namespace.region)
        row[.name] = .text(team.name)
        row[.workforceName] = .text(team.workforceName)
        row[.description] = .text(team.description)
        row[.members] = json(StoredFormat.members(team.memberDefinitions))
        row[.notification] = team.notificationConfiguration.map { json(StoredFormat.notification($0)) } ?? .null
        row[.workerAccess] = team.workerAccessConfiguration.map { json(StoredFormat.workerAccess($0)) } ?? .null
        row[.createdMs] = .integer(team.createdAt)
        row[.updatedMs] = .integer(team.lastUpdatedAt)
        row[.tags] = json(StoredFormat.tags(tags))
        return row.values
    }

    static func workteam(_ row: SQLiteRow) throws(StoreError) -> (team: Workteam, tags: [Tag]) {
        var reader = FieldReader<WorkteamColumn, SQLiteRow>(row: row)
        let namespace = Namespace(account: try reader.text(.account), region: try reader.text(.region))
        let name = try reader.text(.name)
        reader.namespace = namespace
        reader.name = name
        let team = Workteam(
            namespace: namespace, name: name, workforceName: try reader.text(.workforceName), description: try reader.text(.description),
            memberDefinitions: try reader.json(.members, StoredFormat.members),
            notificationConfiguration: try reader.optionalJSON(.notification, StoredFormat.notification),
            workerAccessConfiguration: try reader.optionalJSON(.workerAccess, StoredFormat.workerAccess),
            createdAt: try reader.integer(.createdMs), lastUpdatedAt: try reader.integer(.updatedMs))
        return (team, try reader.json(.tags, StoredFormat.tags))
    }

    private static func json(_ value: JSONValue) -> SQLiteValue { .text(JSONWriter.string(value)) }
}

/// A row to decode: copied out of its statement (``SQLiteRow``) or read in place (``SQLiteColumns``,
/// which converts only the columns asked for and parses JSON from SQLite's own bytes).
protocol StoredRow {
    /// The text of column `i`, or nil when it is not TEXT.
    func string(_ i: Int) -> String?
    /// The integer of column `i`, or nil when it is not INTEGER.
    func int64(_ i: Int) -> Int64?
    /// `body` applied to the UTF-8 bytes of column `i` (valid during `body` only), or nil when it is not TEXT.
    func withText<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T?
}

extension SQLiteColumns: StoredRow {}

extension SQLiteRow: StoredRow {
    func withText<T>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard var text = string(i) else { return nil }
        return text.withUTF8(body)
    }
}

/// Typed access to a row's columns, with errors that name the table, the row and the column.
struct FieldReader<Column: StoredColumn, Row: StoredRow> {
    let row: Row
    /// What identifies the row in an error message, once read (formatted only when there is one).
    var namespace: Namespace?
    var name: String?
    var key: String {
        guard let namespace else { return "?" }
        return name.map { "\(namespace)/\($0)" } ?? "\(namespace)"
    }

    init(row: Row) {
        self.row = row
    }

    func corrupt(_ column: Column, _ reason: String) -> StoreError {
        .corruptRow(table: Column.table, key: key, reason: "\(column.sqlName): \(reason)")
    }

    func text(_ column: Column) throws(StoreError) -> String {
        guard let text = row.string(column.rawValue) else { throw corrupt(column, "not text") }
        return text
    }

    /// The text, or nil when the column is NULL (or, as before, of another type).
    func optionalText(_ column: Column) -> String? { row.string(column.rawValue) }

    func integer(_ column: Column) throws(StoreError) -> Int64 {
        guard let value = row.int64(column.rawValue) else { throw corrupt(column, "not an integer") }
        return value
    }

    func optionalInteger(_ column: Column) -> Int64? { row.int64(column.rawValue) }

    /// The column's text, decoded by `decode`.
    func decode<T>(_ column: Column, _ decode: (String) throws(StoredFormat.Invalid) -> T) throws(StoreError) -> T {
        try self.decode(column, try text(column), decode)
    }

    func decode<T>(_ column: Column, _ text: String, _ decode: (String) throws(StoredFormat.Invalid) -> T) throws(StoreError) -> T {
        do {
            return try decode(text)
        } catch {
            throw corrupt(column, error.reason)
        }
    }

    /// The column's JSON, decoded by `decode`.
    func json<T>(_ column: Column, _ decode: (JSONValue) throws(StoredFormat.Invalid) -> T) throws(StoreError) -> T {
        // Parsed from the column's bytes where they are: no String, no array copy.
        let parsed = row.withText(column.rawValue) { bytes in Result { () throws(JSONParseError) in try JSONParser.parse(bytes) } }
        let value: JSONValue
        switch parsed {
        case nil: throw corrupt(column, "not text")
        case .failure(let error)?: throw corrupt(column, "not JSON: \(error)")
        case .success(let parsed)?: value = parsed
        }
        do {
            return try decode(value)
        } catch {
            throw corrupt(column, error.reason)
        }
    }

    /// As ``json(_:_:)``, trying `plain` on the column's bytes first: a fast path that answers nil for
    /// what it does not know, which `decode` then takes the JSON way.
    func json<T>(
        _ column: Column, plain: (UnsafeBufferPointer<UInt8>) -> T?, _ decode: (JSONValue) throws(StoredFormat.Invalid) -> T
    ) throws(StoreError) -> T {
        if let value = row.withText(column.rawValue, plain) ?? nil { return value }
        return try json(column, decode)
    }

    /// As ``json(_:_:)``, or nil when the column is not text (NULL).
    func optionalJSON<T>(_ column: Column, _ decode: (JSONValue) throws(StoredFormat.Invalid) -> T) throws(StoreError) -> T? {
        guard row.withText(column.rawValue, { _ in () }) != nil else { return nil }
        return try json(column, decode)
    }
}
