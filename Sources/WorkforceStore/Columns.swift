import SQLite

/// The columns of one table, named once: the store selects and binds them in case order, so a case's
/// raw value is its index in a row (decoding by position costs nothing, and no position is written by
/// hand anywhere else).
protocol StoredColumn: RawRepresentable<Int>, CaseIterable {
    /// The table's name.
    static var table: String { get }
    /// The column's name in SQL.
    var sqlName: String { get }
}

extension StoredColumn {
    /// `a, b, c`: every column, in case order, for `SELECT` and `INSERT`.
    static var list: String { allCases.map(\.sqlName).joined(separator: ", ") }

    /// As ``list``, with `NULL` in place of each column of `skipped`: a `SELECT` of only what its reader
    /// needs, every column still at its case's position.
    static func list(skipping skipped: [Self]) -> String {
        allCases.map { column in skipped.contains { $0.rawValue == column.rawValue } ? "NULL" : column.sqlName }.joined(separator: ", ")
    }
}

/// The columns of `workforces` (``Schema/version1``, plus `sub_domain` from ``Schema/addSubDomainIndex(_:)``).
///
/// Nested values are JSON in the store's own format, below. It began as a copy of the API's shapes (so
/// it reads naturally in the `sqlite3` shell) but is written and read only by ``StoredFormat``: a
/// response can change without changing it. Absent optional members are omitted, never `null`; key
/// order is as listed. Changing any of this needs a schema version and a migration.
enum WorkforceColumn: Int, StoredColumn {
    /// What an update may change: all but the key, the name, the creation time and the SubDomain.
    static let changeable = allCases.filter { ![.account, .region, .name, .createdMs, .subDomain].contains($0) }

    /// `TEXT NOT NULL`; with `region` the primary key (one workforce per namespace).
    case account
    /// `TEXT NOT NULL`.
    case region
    /// `TEXT NOT NULL`: the name as given (case kept).
    case name
    /// `INTEGER NOT NULL`: epoch milliseconds.
    case createdMs
    /// `INTEGER NOT NULL`: epoch milliseconds.
    case updatedMs
    /// `TEXT NOT NULL`, one of
    /// `{"CognitoConfig":{"UserPool":…,"ClientId":…}}` or
    /// `{"OidcConfig":{"ClientId":…,"Issuer":…,"AuthorizationEndpoint":…,"TokenEndpoint":…,"UserInfoEndpoint":…,
    /// "LogoutEndpoint":…,"JwksUri":…,"Scope"?:…,"AuthenticationRequestExtraParams"?:{key:value,…},
    /// "ClientSecretFingerprint":…}}`: the OIDC client secret is never stored, only its fingerprint.
    case identity
    /// `TEXT NOT NULL`: `["10.0.0.0/8",…]`, the allow-list (`[]` for none).
    case cidrs
    /// `TEXT`, NULL when none: `{"VpcId":…,"SecurityGroupIds":[…],"Subnets":[…]}`.
    case vpc
    /// `TEXT`, NULL until a caller set it: `ipv4` | `dualstack`.
    case ipAddressType
    /// `TEXT NOT NULL`: `Initializing` | `Updating` | `Deleting` | `Failed` | `Active`.
    case status
    /// `TEXT`: the reason of a `Failed` status.
    case failureReason
    /// `TEXT`, NULL when settled: `Active` | `Gone` | `Failed` (``StoredFormat/Target``).
    case target
    /// `TEXT`: the reason a `Failed` target will carry.
    case targetReason
    /// `INTEGER`: epoch milliseconds at which `target` is reached.
    case dueMs
    /// `INTEGER NOT NULL DEFAULT 0`: 1 while the VPC endpoint is being created.
    case vpcEndpointPending
    /// `TEXT NOT NULL DEFAULT '[]'`: `[{"Key":…,"Value":…},…]`, in the order given.
    case tags
    /// `TEXT`, indexed: the worker portal's host name (``Schema/addSubDomainIndex(_:)``).
    case subDomain

    static var table: String { "workforces" }

    var sqlName: String {
        switch self {
        case .account: "account"
        case .region: "region"
        case .name: "name"
        case .createdMs: "created_ms"
        case .updatedMs: "updated_ms"
        case .identity: "identity"
        case .cidrs: "cidrs"
        case .vpc: "vpc"
        case .ipAddressType: "ip_address_type"
        case .status: "status"
        case .failureReason: "failure_reason"
        case .target: "target"
        case .targetReason: "target_reason"
        case .dueMs: "due_ms"
        case .vpcEndpointPending: "vpc_endpoint_pending"
        case .tags: "tags"
        case .subDomain: "sub_domain"
        }
    }
}

/// The columns of `workteams` (``Schema/version1``); nested values as described at ``WorkforceColumn``.
enum WorkteamColumn: Int, StoredColumn {
    /// `TEXT NOT NULL`; with `region` and `name` the primary key, and with `region` a foreign key to
    /// the namespace's workforce.
    case account
    /// `TEXT NOT NULL`.
    case region
    /// `TEXT NOT NULL`.
    case name
    /// `TEXT NOT NULL`.
    case workforceName
    /// `TEXT NOT NULL`.
    case description
    /// `TEXT NOT NULL`: a list of
    /// `{"CognitoMemberDefinition":{"UserPool":…,"UserGroup":…,"ClientId":…}}` or
    /// `{"OidcMemberDefinition":{"Groups":[…]}}`.
    case members
    /// `TEXT`, NULL when none: `{"NotificationTopicArn"?:…}` (`{}` when given without a topic).
    case notification
    /// `TEXT`, NULL when none: `{"S3Presign"?:{"IamPolicyConstraints"?:{"SourceIp"?:…,"VpcSourceIp"?:…}}}`;
    /// an object that is present records that the caller gave it, even empty.
    case workerAccess
    /// `INTEGER NOT NULL`: epoch milliseconds.
    case createdMs
    /// `INTEGER NOT NULL`: epoch milliseconds.
    case updatedMs
    /// `TEXT NOT NULL DEFAULT '[]'`: as ``WorkforceColumn/tags``.
    case tags

    static var table: String { "workteams" }

    var sqlName: String {
        switch self {
        case .account: "account"
        case .region: "region"
        case .name: "name"
        case .workforceName: "workforce_name"
        case .description: "description"
        case .members: "members"
        case .notification: "notification"
        case .workerAccess: "worker_access"
        case .createdMs: "created_ms"
        case .updatedMs: "updated_ms"
        case .tags: "tags"
        }
    }
}

/// One row's values for binding, set by column so their order is the column list's.
struct RowValues<Column: StoredColumn> {
    private(set) var values: [SQLiteValue]

    init() {
        values = Array(repeating: .null, count: Column.allCases.count)
    }

    subscript(column: Column) -> SQLiteValue {
        get { values[column.rawValue] }
        set { values[column.rawValue] = newValue }
    }
}
