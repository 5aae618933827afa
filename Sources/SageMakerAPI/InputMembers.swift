import AWSJSONProtocol
import SageMakerWorkforces

// The nested request shapes. A message that lists several violations lists them in reading order, so
// the order of the reads in each structure is behaviour.
extension StructureReader {
    func cognitoConfig(_ member: String) throws(AWSError) -> CognitoConfig? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> CognitoConfig in
            let userPool = try r.string("UserPool", required: true, Shapes.cognitoUserPool)
            let clientId = try r.string("ClientId", required: true, Shapes.clientId)
            return CognitoConfig(userPool: userPool ?? "", clientId: clientId ?? "")
        }
    }

    func oidcConfig(_ member: String) throws(AWSError) -> OidcConfig? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> OidcConfig in
            let clientId = try r.string("ClientId", required: true, Shapes.clientId)
            let clientSecret = try r.string("ClientSecret", required: true, Shapes.clientSecret)
            let issuer = try r.string("Issuer", required: true, Shapes.oidcEndpoint)
            let authorization = try r.string("AuthorizationEndpoint", required: true, Shapes.oidcEndpoint)
            let token = try r.string("TokenEndpoint", required: true, Shapes.oidcEndpoint)
            let userInfo = try r.string("UserInfoEndpoint", required: true, Shapes.oidcEndpoint)
            let logout = try r.string("LogoutEndpoint", required: true, Shapes.oidcEndpoint)
            let jwks = try r.string("JwksUri", required: true, Shapes.oidcEndpoint)
            let scope = try r.string("Scope", Shapes.scope)
            let extra = try r.stringMap(
                "AuthenticationRequestExtraParams", maxEntries: 10, key: Shapes.extraParamsText, value: Shapes.extraParamsText)
            return OidcConfig(
                clientId: clientId ?? "", clientSecret: clientSecret ?? "", issuer: issuer ?? "",
                authorizationEndpoint: authorization ?? "", tokenEndpoint: token ?? "", userInfoEndpoint: userInfo ?? "",
                logoutEndpoint: logout ?? "", jwksUri: jwks ?? "", scope: scope,
                authenticationRequestExtraParams: extra?.map { KeyValue($0.0, $0.1) })
        }
    }

    /// `SourceIpConfig.Cidrs`, the list itself (required inside the structure).
    func sourceIpCidrs(_ member: String) throws(AWSError) -> [String]? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> [String] in
            try r.strings("Cidrs", required: true, max: Shapes.maxCidrs, Shapes.cidr) ?? []
        }
    }

    func vpcConfigRequest(_ member: String) throws(AWSError) -> VpcConfigRequest? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> VpcConfigRequest in
            VpcConfigRequest(
                vpcId: try r.string("VpcId", Shapes.vpcId),
                securityGroupIds: try r.strings("SecurityGroupIds", min: 1, max: 5, Shapes.securityGroupId),
                subnets: try r.strings("Subnets", min: 1, max: 16, Shapes.subnetId))
        }
    }

    func tags(_ member: String, required: Bool = false) throws(AWSError) -> [Tag]? {
        try structures(member, required: required, min: 0, max: Shapes.maxTags) { (r: StructureReader) throws(AWSError) -> Tag in
            Tag(try r.string("Key", required: true, Shapes.tagKey) ?? "", try r.string("Value", required: true, Shapes.tagValue) ?? "")
        }
    }

    func memberDefinitions(_ member: String, required: Bool) throws(AWSError) -> [MemberDefinitionRequest]? {
        try structures(member, required: required, min: 1, max: 10) { (r: StructureReader) throws(AWSError) -> MemberDefinitionRequest in
            let cognito = try r.structure("CognitoMemberDefinition") { (c: StructureReader) throws(AWSError) -> MemberDefinition in
                .cognito(
                    userPool: try c.string("UserPool", required: true, Shapes.cognitoUserPool) ?? "",
                    userGroup: try c.string("UserGroup", required: true, Shapes.cognitoUserGroup) ?? "",
                    clientId: try c.string("ClientId", required: true, Shapes.clientId) ?? "")
            }
            let oidc = try r.structure("OidcMemberDefinition") { (o: StructureReader) throws(AWSError) -> MemberDefinition in
                // `Groups` is optional in the model but an OIDC definition without groups means nothing.
                .oidc(groups: try o.strings("Groups", required: true, min: 1, max: 10, Shapes.group) ?? [])
            }
            return MemberDefinitionRequest(cognito: cognito, oidc: oidc)
        }
    }

    func notificationConfiguration(_ member: String) throws(AWSError) -> NotificationConfiguration? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> NotificationConfiguration in
            NotificationConfiguration(notificationTopicArn: try r.string("NotificationTopicArn", Shapes.notificationTopicArn))
        }
    }

    func workerAccessConfiguration(_ member: String) throws(AWSError) -> WorkerAccessConfiguration? {
        try structure(member) { (r: StructureReader) throws(AWSError) -> WorkerAccessConfiguration in
            var result = WorkerAccessConfiguration(hasS3Presign: false, hasIamPolicyConstraints: false, sourceIp: nil, vpcSourceIp: nil)
            try r.structure("S3Presign") { (s: StructureReader) throws(AWSError) -> Void in
                result.hasS3Presign = true
                try s.structure("IamPolicyConstraints") { (i: StructureReader) throws(AWSError) -> Void in
                    result.hasIamPolicyConstraints = true
                    result.sourceIp = try i.string("SourceIp", Shapes.enabledOrDisabled)
                    result.vpcSourceIp = try i.string("VpcSourceIp", Shapes.enabledOrDisabled)
                }
            }
            return result
        }
    }
}
