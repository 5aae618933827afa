import AWSJSONProtocol
import JSON
import SQLite
import SageMakerWorkforces

/// Rows ↔ domain values. Nested values are stored as JSON in the API's own shapes (readable with the
/// `sqlite3` shell), except the OIDC secret, stored only as its fingerprint.
enum RowCodec {
    static func values(of workforce: Workforce) -> [SQLiteValue] {
        let lifecycle = workforce.lifecycle
        let (target, targetReason): (String?, String?) =
            switch lifecycle.target {
            case nil: (nil, nil)
            case .active: ("Active", nil)
            case .gone: ("Gone", nil)
            case .failed(let reason): ("Failed", reason)
            }
        return [
            .text(workforce.namespace.account), .text(workforce.namespace.region), .text(workforce.name),
            .integer(workforce.createdAt), .integer(workforce.lastUpdatedAt),
            .text(JSONWriter.string(identity(workforce.identityProvider))),
            .text(JSONWriter.string(.array(workforce.sourceIpCidrs.map(JSONValue.string)))),
            workforce.vpcConfig.map { .text(JSONWriter.string(vpc($0))) } ?? .null,
            workforce.ipAddressType.map { .text($0.rawValue) } ?? .null,
            .text(lifecycle.status.rawValue), lifecycle.failureReason.map(SQLiteValue.text) ?? .null,
            target.map(SQLiteValue.text) ?? .null, targetReason.map(SQLiteValue.text) ?? .null,
            lifecycle.dueAt.map(SQLiteValue.integer) ?? .null,
            .integer(workforce.vpcEndpointPending ? 1 : 0),
            .text(JSONWriter.string(Outputs.tags(workforce.tags))),
            .text(workforce.subDomain),
        ]
    }

    static func workforce(_ row: SQLiteRow) throws -> Workforce {
        var reader = FieldReader(row: row, table: "workforces")
        let namespace = Namespace(account: try reader.text(0), region: try reader.text(1))
        reader.namespace = namespace
        let statusText = try reader.text(9)
        guard let status = WorkforceStatus(rawValue: statusText) else { throw reader.corrupt("unknown status \(statusText)") }
        let target: TransitionTarget? =
            switch row.string(11) {
            case nil: nil
            case "Active": .active
            case "Gone": .gone
            case "Failed": .failed(reason: row.string(12) ?? "")
            case let other?: throw reader.corrupt("unknown target \(other)")
            }
        let ipAddressType: IpAddressType?
        if let text = row.string(8) {
            guard let type = IpAddressType(rawValue: text) else { throw reader.corrupt("unknown IpAddressType \(text)") }
            ipAddressType = type
        } else {
            ipAddressType = nil
        }
        return Workforce(
            namespace: namespace, name: try reader.text(2), createdAt: try reader.integer(3), lastUpdatedAt: try reader.integer(4),
            identityProvider: try identity(reader.json(5), reader),
            sourceIpCidrs: try strings(reader.json(6), reader),
            vpcConfig: try row.string(7).map { _ in try vpc(reader.json(7), reader) },
            ipAddressType: ipAddressType,
            lifecycle: WorkforceLifecycle(status: status, failureReason: row.string(10), target: target, dueAt: row.int64(13)),
            vpcEndpointPending: (row.int64(14) ?? 0) != 0,
            tags: try tags(reader.json(15), reader))
    }

    static func values(of team: Workteam, tags: [Tag]) -> [SQLiteValue] {
        [
            .text(team.namespace.account), .text(team.namespace.region), .text(team.name), .text(team.workforceName),
            .text(team.description), .text(JSONWriter.string(.array(team.memberDefinitions.map(Outputs.memberDefinition)))),
            team.notificationConfiguration.map { .text(JSONWriter.string(Outputs.notificationConfiguration($0))) } ?? .null,
            team.workerAccessConfiguration.map { .text(JSONWriter.string(Outputs.workerAccessConfiguration($0))) } ?? .null,
            .integer(team.createdAt), .integer(team.lastUpdatedAt), .text(JSONWriter.string(Outputs.tags(tags))),
        ]
    }

    static func workteam(_ row: SQLiteRow) throws -> (team: Workteam, tags: [Tag]) {
        var reader = FieldReader(row: row, table: "workteams")
        let namespace = Namespace(account: try reader.text(0), region: try reader.text(1))
        let name = try reader.text(2)
        reader.namespace = namespace
        reader.name = name
        let members = try reader.json(5).arrayValue?.map { value in try memberDefinition(value, reader) }
        guard let members else { throw reader.corrupt("members is not a list") }
        let team = Workteam(
            namespace: namespace, name: name, workforceName: try reader.text(3), description: try reader.text(4),
            memberDefinitions: members,
            notificationConfiguration: try row.string(6).map { _ in
                NotificationConfiguration(notificationTopicArn: try reader.json(6)["NotificationTopicArn"]?.stringValue)
            },
            workerAccessConfiguration: try row.string(7).map { _ in workerAccess(try reader.json(7)) },
            createdAt: try reader.integer(8), lastUpdatedAt: try reader.integer(9))
        return (team, try tags(reader.json(10), reader))
    }

    // MARK: Nested values

    static func identity(_ provider: IdentityProvider) -> JSONValue {
        switch provider {
        case .cognito(let config):
            return ["CognitoConfig": ["UserPool": .string(config.userPool), "ClientId": .string(config.clientId)]]
        case .oidc(let config):
            // The response shape (which has no secret) plus the secret's fingerprint.
            guard case .object(var object) = Outputs.oidcConfig(config) else { return .null }
            object["ClientSecretFingerprint"] = .string(config.clientSecretFingerprint)
            return ["OidcConfig": .object(object)]
        }
    }

    static func identity(_ value: JSONValue, _ reader: FieldReader) throws -> IdentityProvider {
        if let cognito = value["CognitoConfig"] {
            guard let userPool = cognito["UserPool"]?.stringValue, let clientId = cognito["ClientId"]?.stringValue else {
                throw reader.corrupt("incomplete CognitoConfig")
            }
            return .cognito(CognitoConfig(userPool: userPool, clientId: clientId))
        }
        guard let oidc = value["OidcConfig"] else { throw reader.corrupt("no identity provider") }
        func field(_ name: String) throws -> String {
            guard let text = oidc[name]?.stringValue else { throw reader.corrupt("OidcConfig without \(name)") }
            return text
        }
        let extra = try oidc["AuthenticationRequestExtraParams"].map { params in
            guard let object = params.objectValue else { throw reader.corrupt("bad AuthenticationRequestExtraParams") }
            return try object.members.map { member in
                guard let value = member.value.stringValue else { throw reader.corrupt("bad AuthenticationRequestExtraParams") }
                return KeyValue(member.key, value)
            }
        }
        return .oidc(
            OidcConfig(
                clientId: try field("ClientId"), clientSecretFingerprint: try field("ClientSecretFingerprint"),
                issuer: try field("Issuer"), authorizationEndpoint: try field("AuthorizationEndpoint"),
                tokenEndpoint: try field("TokenEndpoint"), userInfoEndpoint: try field("UserInfoEndpoint"),
                logoutEndpoint: try field("LogoutEndpoint"), jwksUri: try field("JwksUri"),
                scope: oidc["Scope"]?.stringValue, authenticationRequestExtraParams: extra))
    }

    static func vpc(_ config: WorkforceVpcConfig) -> JSONValue {
        [
            "VpcId": .string(config.vpcId),
            "SecurityGroupIds": .array(config.securityGroupIds.map(JSONValue.string)),
            "Subnets": .array(config.subnets.map(JSONValue.string)),
        ]
    }

    static func vpc(_ value: JSONValue, _ reader: FieldReader) throws -> WorkforceVpcConfig {
        guard let vpcId = value["VpcId"]?.stringValue, let groups = value["SecurityGroupIds"], let subnets = value["Subnets"] else {
            throw reader.corrupt("incomplete WorkforceVpcConfig")
        }
        return WorkforceVpcConfig(vpcId: vpcId, securityGroupIds: try strings(groups, reader), subnets: try strings(subnets, reader))
    }

    static func strings(_ value: JSONValue, _ reader: FieldReader) throws -> [String] {
        guard let items = value.arrayValue else { throw reader.corrupt("expected a list of strings") }
        return try items.map { item in
            guard let text = item.stringValue else { throw reader.corrupt("expected a list of strings") }
            return text
        }
    }

    static func tags(_ value: JSONValue, _ reader: FieldReader) throws -> [Tag] {
        guard let items = value.arrayValue else { throw reader.corrupt("tags is not a list") }
        return try items.map { item in
            guard let key = item["Key"]?.stringValue, let value = item["Value"]?.stringValue else { throw reader.corrupt("bad tag") }
            return Tag(key, value)
        }
    }

    static func memberDefinition(_ value: JSONValue, _ reader: FieldReader) throws -> MemberDefinition {
        if let cognito = value["CognitoMemberDefinition"] {
            guard let pool = cognito["UserPool"]?.stringValue, let group = cognito["UserGroup"]?.stringValue,
                let client = cognito["ClientId"]?.stringValue
            else { throw reader.corrupt("incomplete CognitoMemberDefinition") }
            return .cognito(userPool: pool, userGroup: group, clientId: client)
        }
        guard let groups = value["OidcMemberDefinition"]?["Groups"] else { throw reader.corrupt("bad MemberDefinition") }
        return .oidc(groups: try strings(groups, reader))
    }

    static func workerAccess(_ value: JSONValue) -> WorkerAccessConfiguration {
        let presign = value["S3Presign"]
        let constraints = presign?["IamPolicyConstraints"]
        return WorkerAccessConfiguration(
            hasS3Presign: presign != nil, hasIamPolicyConstraints: constraints != nil,
            sourceIp: constraints?["SourceIp"]?.stringValue, vpcSourceIp: constraints?["VpcSourceIp"]?.stringValue)
    }
}

/// Typed access to a row's columns, with errors that name the table, the row and the column.
struct FieldReader {
    let row: SQLiteRow
    let table: String
    /// What identifies the row in an error message (formatted only when there is one).
    var namespace: Namespace?
    var name: String?
    var key: String {
        guard let namespace else { return "?" }
        return name.map { "\(namespace)/\($0)" } ?? "\(namespace)"
    }

    init(row: SQLiteRow, table: String) {
        self.row = row
        self.table = table
    }

    func corrupt(_ reason: String) -> StoreError { .corruptRow(table: table, key: key, reason: reason) }

    func text(_ column: Int) throws -> String {
        guard let text = row.string(column) else { throw corrupt("column \(column) is not text") }
        return text
    }

    func integer(_ column: Int) throws -> Int64 {
        guard let value = row.int64(column) else { throw corrupt("column \(column) is not an integer") }
        return value
    }

    func json(_ column: Int) throws -> JSONValue {
        do {
            return try JSONParser.parse(try text(column))
        } catch let error as JSONParseError {
            throw corrupt("column \(column) is not JSON: \(error)")
        }
    }
}
