import AWSJSONProtocol
import JSON

/// The response shapes (spec §4, §6): absent optionals are omitted, never `null`; timestamps are
/// epoch seconds as JSON numbers; the OIDC client secret is never written.
public enum Outputs {
    /// The `Workforce` structure as seen at `now`.
    public static func workforce(_ workforce: Workforce, at now: EpochMilliseconds) -> JSONValue {
        var object = JSONObject()
        let observed = workforce.lifecycle.observed(at: now)
        object["WorkforceName"] = .string(workforce.name)
        object["WorkforceArn"] = .string(workforce.arn)
        object["LastUpdatedDate"] = .number(workforce.lastUpdatedAt.epochSeconds)
        object["SourceIpConfig"] = ["Cidrs": .array(workforce.sourceIpCidrs.map(JSONValue.string))]
        object["SubDomain"] = .string(workforce.subDomain)
        switch workforce.identityProvider {
        case .cognito(let config):
            object["CognitoConfig"] = ["UserPool": .string(config.userPool), "ClientId": .string(config.clientId)]
        case .oidc(let config):
            object["OidcConfig"] = oidcConfig(config)
        }
        object["CreateDate"] = .number(workforce.createdAt.epochSeconds)
        if let vpc = workforce.vpcConfig {
            var vpcObject: JSONObject = JSONObject([
                ("VpcId", .string(vpc.vpcId)),
                ("SecurityGroupIds", .array(vpc.securityGroupIds.map(JSONValue.string))),
                ("Subnets", .array(vpc.subnets.map(JSONValue.string))),
            ])
            if let endpoint = workforce.vpcEndpointId(at: now) { vpcObject["VpcEndpointId"] = .string(endpoint) }
            object["WorkforceVpcConfig"] = .object(vpcObject)
        }
        if let observed {
            object["Status"] = .string(observed.status.rawValue)
            if let reason = observed.failureReason { object["FailureReason"] = .string(reason) }
        }
        if let type = workforce.ipAddressType { object["IpAddressType"] = .string(type.rawValue) }
        return .object(object)
    }

    /// `OidcConfigForResponse`: no `ClientSecret`.
    public static func oidcConfig(_ config: OidcConfig) -> JSONValue {
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
        return .object(object)
    }

    /// The `Workteam` structure.
    public static func workteam(_ team: Workteam, subDomain: String) -> JSONValue {
        var object = JSONObject()
        object["WorkteamName"] = .string(team.name)
        object["MemberDefinitions"] = .array(team.memberDefinitions.map(memberDefinition))
        object["WorkteamArn"] = .string(team.arn)
        object["WorkforceArn"] = .string(team.workforceArn)
        object["Description"] = .string(team.description)
        object["SubDomain"] = .string(subDomain)
        object["CreateDate"] = .number(team.createdAt.epochSeconds)
        object["LastUpdatedDate"] = .number(team.lastUpdatedAt.epochSeconds)
        if let notification = team.notificationConfiguration {
            object["NotificationConfiguration"] = notificationConfiguration(notification)
        }
        if let access = team.workerAccessConfiguration {
            object["WorkerAccessConfiguration"] = workerAccessConfiguration(access)
        }
        return .object(object)
    }

    /// A `MemberDefinition`.
    public static func memberDefinition(_ member: MemberDefinition) -> JSONValue {
        switch member {
        case .cognito(let userPool, let userGroup, let clientId):
            ["CognitoMemberDefinition": ["UserPool": .string(userPool), "UserGroup": .string(userGroup), "ClientId": .string(clientId)]]
        case .oidc(let groups):
            ["OidcMemberDefinition": ["Groups": .array(groups.map(JSONValue.string))]]
        }
    }

    /// A `NotificationConfiguration`, as given.
    public static func notificationConfiguration(_ configuration: NotificationConfiguration) -> JSONValue {
        var object = JSONObject()
        if let arn = configuration.notificationTopicArn { object["NotificationTopicArn"] = .string(arn) }
        return .object(object)
    }

    /// A `WorkerAccessConfiguration`, as given.
    public static func workerAccessConfiguration(_ configuration: WorkerAccessConfiguration) -> JSONValue {
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

    /// A `TagList`.
    public static func tags(_ tags: [Tag]) -> JSONValue {
        .array(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }
}

/// Opaque `NextToken`s for the list operations: the offset of the next page, with a check so that a
/// token that was not ours is refused as a `ValidationException` instead of silently restarting.
public enum PageToken {
    private static let prefix = "wfe1."

    /// The token for a page starting at `offset`.
    public static func make(offset: Int) -> String {
        let payload = "\(offset)"
        return prefix + payload + "." + checksum(payload)
    }

    /// The offset in `token`, or a `ValidationException`.
    public static func offset(from token: String?) throws(WorkforceError) -> Int {
        guard let token, !token.isEmpty else { return 0 }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, "\(parts[0])." == prefix, let offset = Int(parts[1]), offset >= 0,
            String(parts[2]) == checksum(String(parts[1]))
        else {
            throw .validation("Invalid pagination token: \(token.prefix(64))")
        }
        return offset
    }

    private static func checksum(_ payload: String) -> String {
        var hash: UInt32 = 2_166_136_261  // FNV-1a: not security, only "this came from us"
        for byte in payload.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 36)
    }

    /// One page of `items` (already filtered and sorted) and the token of the next, if more remain.
    public static func page<T>(_ items: [T], input: ListInput) throws(WorkforceError) -> (items: [T], nextToken: String?) {
        let start = try offset(from: input.nextToken)
        guard start < items.count else { return ([], nil) }
        let end = min(items.count, start + input.maxResults)
        return (Array(items[start..<end]), end < items.count ? make(offset: end) : nil)
    }

    /// Filters by `NameContains` (case-sensitive) and sorts by `SortBy`/`SortOrder`; ties by name.
    public static func arrange<T>(
        _ items: [T], input: ListInput, name: (T) -> String, created: (T) -> EpochMilliseconds
    ) -> [T] {
        var result = items
        if let needle = input.nameContains, !needle.isEmpty { result = result.filter { name($0).contains(needle) } }
        result.sort { lhs, rhs in
            switch input.sortBy {
            case .name: name(lhs) < name(rhs)
            case .createDate: (created(lhs), name(lhs)) < (created(rhs), name(rhs))
            }
        }
        if input.descending { result.reverse() }
        return result
    }
}
