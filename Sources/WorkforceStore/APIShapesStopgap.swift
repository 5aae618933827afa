import JSON
import SageMakerWorkforces

// STOPGAP on branch `api` (issue 10): the response encoders moved from the domain to SageMakerAPI, which
// the store must not depend on. RowCodec still writes these JSON columns with them, so this is a
// byte-for-byte copy of the five it uses, kept only until the store's own stored format (branch
// `store`) replaces them. Delete this file when that merges.

/// The JSON the store's columns hold today, identical to the API's encoding of the same shapes.
enum Outputs {
    /// `OidcConfigForResponse`: no `ClientSecret`.
    static func oidcConfig(_ config: OidcConfig) -> JSONValue {
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

    /// A `MemberDefinition`.
    static func memberDefinition(_ member: MemberDefinition) -> JSONValue {
        switch member {
        case .cognito(let userPool, let userGroup, let clientId):
            ["CognitoMemberDefinition": ["UserPool": .string(userPool), "UserGroup": .string(userGroup), "ClientId": .string(clientId)]]
        case .oidc(let groups):
            ["OidcMemberDefinition": ["Groups": .array(groups.map(JSONValue.string))]]
        }
    }

    /// A `NotificationConfiguration`, as given.
    static func notificationConfiguration(_ configuration: NotificationConfiguration) -> JSONValue {
        var object = JSONObject()
        if let arn = configuration.notificationTopicArn { object["NotificationTopicArn"] = .string(arn) }
        return .object(object)
    }

    /// A `WorkerAccessConfiguration`, as given.
    static func workerAccessConfiguration(_ configuration: WorkerAccessConfiguration) -> JSONValue {
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
    static func tags(_ tags: [Tag]) -> JSONValue {
        .array(tags.map { ["Key": .string($0.key), "Value": .string($0.value)] })
    }
}
