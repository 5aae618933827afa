import JSON
import SageMakerWorkforces

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

extension EpochMilliseconds {
    /// Epoch seconds as awsJson writes timestamps: a JSON number, fractional (spec §1).
    public var epochSeconds: Double { Double(self) / 1000 }
}
