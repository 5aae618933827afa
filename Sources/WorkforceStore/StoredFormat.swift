import JSON
import SageMakerWorkforces

/// The store's own encoding of nested domain values and enumerations, as documented at
/// ``WorkforceColumn`` and ``WorkteamColumn``. Nothing here may call the API's encoders: the bytes on
/// disk change only with a schema version.
///
/// Decoders throw ``Invalid`` with what is wrong; ``FieldReader`` adds the table, the row and the column.
enum StoredFormat {
    /// A stored value that does not have the documented shape.
    struct Invalid: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The `target` column's values.
    enum Target {
        static let active = "Active"
        static let gone = "Gone"
        static let failed = "Failed"
    }

    // MARK: Enumerations

    static func status(_ status: WorkforceStatus) -> String {
        switch status {
        case .initializing: "Initializing"
        case .updating: "Updating"
        case .deleting: "Deleting"
        case .failed: "Failed"
        case .active: "Active"
        }
    }

    static func status(_ text: String) throws(Invalid) -> WorkforceStatus {
        switch text {
        case "Initializing": .initializing
        case "Updating": .updating
        case "Deleting": .deleting
        case "Failed": .failed
        case "Active": .active
        default: throw Invalid("unknown status \(text)")
        }
    }

    static func ipAddressType(_ type: IpAddressType) -> String {
        switch type {
        case .ipv4: "ipv4"
        case .dualstack: "dualstack"
        }
    }

    static func ipAddressType(_ text: String) throws(Invalid) -> IpAddressType {
        switch text {
        case "ipv4": .ipv4
        case "dualstack": .dualstack
        default: throw Invalid("unknown IpAddressType \(text)")
        }
    }

    // MARK: Workforce values

    static func identity(_ provider: IdentityProvider) -> JSONValue {
        switch provider {
        case .cognito(let config):
            return ["CognitoConfig": ["UserPool": .string(config.userPool), "ClientId": .string(config.clientId)]]
        case .oidc(let config):
            var object = JSONObject([
                ("ClientId", .string(config.clientId)),
                ("Issuer", .string(config.issuer)),
                ("AuthorizationEndpoint", .string(config.authorizationEndpoint)),
                ("TokenEndpoint", .string(config.tokenEndpoint)),
                ("UserInfoEndpoint", .string(config.userInfoEndpoint)),
                ("LogoutEndpoint", .string(config.logoutEndpoint)),
                ("JwksUri", .string(config.jwksUri)),
            ])
            if let scope = config.scope { object["Scope"] = .string(scope) }
            if let extra = config.authenticationRequestExtraParams {
                object["AuthenticationRequestExtraParams"] = .object(JSONObject(extra.map { ($0.key, .string($0.value)) }))
            }
            object["ClientSecretFingerprint"] = .string(config.clientSecretFingerprint)
            return ["OidcConfig": .object(object)]
        }
    }

    static func identity(_ value: JSONValue) throws(Invalid) -> IdentityProvider {
        if let cognito = value["CognitoConfig"] {
            guard let userPool = cognito["UserPool"]?.stringValue, let clientId = cognito["ClientId"]?.stringValue else {
                throw Invalid("incomplete CognitoConfig")
            }
            return .cognito(CognitoConfig(userPool: userPool, clientId: clientId))
        }
        guard let oidc = value["OidcConfig"] else { throw Invalid("no identity provider") }
        func field(_ name: String) throws(Invalid) -> String {
            guard let text = oidc[name]?.stringValue else { throw Invalid("OidcConfig without \(name)") }
            return text
        }
        var extra: [KeyValue]?
        if let params = oidc["AuthenticationRequestExtraParams"] {
            guard let object = params.objectValue else { throw Invalid("bad AuthenticationRequestExtraParams") }
            var pairs: [KeyValue] = []
            pairs.reserveCapacity(object.members.count)
            for member in object.members {
                guard let value = member.value.stringValue else { throw Invalid("bad AuthenticationRequestExtraParams") }
                pairs.append(KeyValue(member.key, value))
            }
            extra = pairs
        }
        return .oidc(
            OidcConfig(
                clientId: try field("ClientId"), clientSecretFingerprint: try field("ClientSecretFingerprint"),
                issuer: try field("Issuer"), authorizationEndpoint: try field("AuthorizationEndpoint"),
                tokenEndpoint: try field("TokenEndpoint"), userInfoEndpoint: try field("UserInfoEndpoint"),
                logoutEndpoint: try field("LogoutEndpoint"), jwksUri: try field("JwksUri"),
                scope: oidc["Scope"]?.stringValue, authenticationRequestExtraParams: extra))
    }

    // MARK: Fast paths

    /// The identity when its column holds a Cognito configuration exactly as ``identity(_:)-(IdentityProvider)``
    /// writes it, `{"CognitoConfig":{"UserPool":"…","ClientId":"…"}}`, with values that are plain
    /// (``PlainBytes``): decoded without building a ``JSONValue`` tree, about 6,000 instructions of a
    /// Describe miss. Nil for anything else, which ``identity(_:)-(JSONValue)`` then decodes (or reports).
    static func plainCognitoIdentity(_ bytes: UnsafeBufferPointer<UInt8>) -> IdentityProvider? {
        var cursor = PlainBytes(bytes)
        guard cursor.skip(#"{"CognitoConfig":{"UserPool":"#), let userPool = cursor.string(),
            cursor.skip(#","ClientId":"#), let clientId = cursor.string(), cursor.skip("}}"), cursor.isAtEnd
        else { return nil }
        return .cognito(CognitoConfig(userPool: userPool, clientId: clientId))
    }

    /// A list of strings exactly as ``strings(_:)-([String])`` writes it, `[]` or `["…","…"]`, each plain
    /// (``PlainBytes``): CIDRs always are. Nil for anything else, which ``strings(_:)-(JSONValue)`` then decodes.
    static func plainStrings(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var cursor = PlainBytes(bytes)
        guard cursor.skip("[") else { return nil }
        var strings: [String] = []
        if cursor.skip("]") { return cursor.isAtEnd ? strings : nil }
        repeat {
            guard let text = cursor.string() else { return nil }
            strings.append(text)
        } while cursor.skip(",")
        return cursor.skip("]") && cursor.isAtEnd ? strings : nil
    }

    /// Reads the compact JSON the store writes, where it is plain: a string is plain when it is ASCII
    /// from space on, without `"` or `\`, so its bytes between the quotes are its value (JSONWriter
    /// escapes nothing else, and anything else is left to the JSON parser).
    struct PlainBytes {
        private let bytes: UnsafeBufferPointer<UInt8>
        private var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        /// Moves past `literal` if the bytes continue with it.
        mutating func skip(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard bytes.count - index >= count else { return false }
            for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
            index += count
            return true
        }

        /// A plain string with its quotes.
        mutating func string() -> String? {
            guard skip("\"") else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }
    }

    static func vpc(_ config: WorkforceVpcConfig) -> JSONValue {
        [
            "VpcId": .string(config.vpcId),
            "SecurityGroupIds": strings(config.securityGroupIds),
            "Subnets": strings(config.subnets),
        ]
    }

    static func vpc(_ value: JSONValue) throws(Invalid) -> WorkforceVpcConfig {
        guard let vpcId = value["VpcId"]?.stringValue, let groups = value["SecurityGroupIds"], let subnets = value["Subnets"] else {
            throw Invalid("incomplete WorkforceVpcConfig")
        }
        return WorkforceVpcConfig(vpcId: vpcId, securityGroupIds: try strings(groups), subnets: try strings(subnets))
    }

    // MARK: Work team values

    static func members(_ members: [MemberDefinition]) -> JSONValue {
        .array(
            members.map { member in
                switch member {
                case .cognito(let userPool, let userGroup, let clientId):
                    ["CognitoMemberDefinition": ["UserPool": .string(userPool), "UserGroup": .string(userGroup), "ClientId": .string(clientId)]]
                case .oidc(let groups):
                    ["OidcMemberDefinition": ["Groups": strings(groups)]]
                }
            })
    }

    static func members(_ value: JSONValue) throws(Invalid) -> [MemberDefinition] {
        guard let items = value.arrayValue else { throw Invalid("members is not a list") }
        var members: [MemberDefinition] = []
        members.reserveCapacity(items.count)
        for item in items {
            if let cognito = item["CognitoMemberDefinition"] {
                guard let pool = cognito["UserPool"]?.stringValue, let group = cognito["UserGroup"]?.stringValue,
                    let client = cognito["ClientId"]?.stringValue
                else { throw Invalid("incomplete CognitoMemberDefinition") }
                members.append(.cognito(userPool: pool, userGroup: group, clientId: client))
            } else if let groups = item["OidcMemberDefinition"]?["Groups"] {
                members.append(.oidc(groups: try strings(groups)))
            } else {
                throw Invalid("bad MemberDefinition")
            }
        }
        return members
    }

    static func notification(_ configuration: NotificationConfiguration) -> JSONValue {
        var object = JSONObject()
        if let arn = configuration.notificationTopicArn { object["NotificationTopicArn"] = .string(arn) }
        return .object(object)
    }

    static func notification(_ value: JSONValue) -> NotificationConfiguration {
        NotificationConfiguration(notificationTopicArn: value["NotificationTopicArn"]?.stringValue)
    }

    static func workerAccess(_ configuration: WorkerAccessConfiguration) -> JSONValue {
        var object = JSONObject()
        if configuration.hasS3Presign {
            var presign = JSONObject()
            if configuration.hasIamPolicyConstraints {
                var constraints = JSONObject()
                if let sourceIp = configuration.sourceIp { constraints["SourceIp"] = .string(sourceIp) }
                if let vpcSourceIp = configuration.vpcSourceIp { constraints["VpcSourceIp"] = .string(vpcSourceIp) }
                presign["IamPolicyConstraints"] = .object(constraints)
            }
            object["S3Presign"] = .object(presign)
        }
        return .object(object)
    }

    static func workerAccess(_ value: JSONValue) -> WorkerAccessConfiguration {
        let presign = value["S3Presign"]
        let constraints = presign?["IamPolicyConstraints"]
        return WorkerAccessConfiguration(
            hasS3Presign: presign != nil, hasIamPolicyConstraints: constraints != nil,
            sourceIp: constraints?["SourceIp"]?.stringValue, vpcSourceIp: constraints?["VpcSourceIp"]?.stringValue)
    }

    // MARK: Shared

    static func tags(_ tags: [Tag]) -> JSONValue {
        .array(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }

    static func tags(_ value: JSONValue) throws(Invalid) -> [Tag] {
        guard let items = value.arrayValue else { throw Invalid("tags is not a list") }
        var tags: [Tag] = []
        tags.reserveCapacity(items.count)
        for item in items {
            guard let key = item["Key"]?.stringValue, let value = item["Value"]?.stringValue else { throw Invalid("bad tag") }
            tags.append(Tag(key, value))
        }
        return tags
    }

    static func strings(_ strings: [String]) -> JSONValue {
        .array(strings.map(JSONValue.string))
    }

    static func strings(_ value: JSONValue) throws(Invalid) -> [String] {
        guard let items = value.arrayValue else { throw Invalid("expected a list of strings") }
        var strings: [String] = []
        strings.reserveCapacity(items.count)
        for item in items {
            guard let text = item.stringValue else { throw Invalid("expected a list of strings") }
            strings.append(text)
        }
        return strings
    }
}
