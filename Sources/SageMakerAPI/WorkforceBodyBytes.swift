import JSON
import SageMakerWorkforces

extension SageMakerOperations {
    /// The response body of DescribeWorkforce and of UpdateWorkforce, `{"Workforce": {…}}`, written
    /// straight to bytes: exactly the bytes of `JSONWriter.bytes(describeWorkforce.encode(observed))` and
    /// of `updateWorkforce.encode` (both are ``workforceBody``; a test holds them equal), without building
    /// a ``JSONValue`` tree first. Every answer-cache miss pays it (issue 15: at 100,000 namespaces most
    /// calls miss), where the tree cost about 30,000 instructions of a miss's 80,000, and every update.
    public static func workforceBodyBytes(_ observed: Observed<Workforce>) -> [UInt8] {
        workforceBodyBytes(observed, subDomain: observed.value.subDomain)
    }

    /// As ``workforceBodyBytes(_:)``, given the workforce's `SubDomain` (`observed.value.subDomain`,
    /// which the store keeps: deriving it hashes, about 9,000 instructions of a cache miss).
    public static func workforceBodyBytes(_ observed: Observed<Workforce>, subDomain: String) -> [UInt8] {
        let workforce = observed.value
        let now = observed.at
        var out: [UInt8] = []
        out.reserveCapacity(512)
        literal(#"{"Workforce":{"WorkforceName":"#, &out)
        JSONWriter.append(string: workforce.name, to: &out)
        member("WorkforceArn", &out)
        arn(of: workforce, &out)
        member("LastUpdatedDate", &out)
        JSONWriter.append(thousandths: workforce.lastUpdatedAt, to: &out)
        member("SourceIpConfig", &out)
        literal(#"{"Cidrs":"#, &out)
        strings(workforce.sourceIpCidrs, &out)
        out.append(UInt8(ascii: "}"))
        member("SubDomain", &out)
        JSONWriter.append(string: subDomain, to: &out)
        switch workforce.identityProvider {
        case .cognito(let config):
            member("CognitoConfig", &out)
            literal(#"{"UserPool":"#, &out)
            JSONWriter.append(string: config.userPool, to: &out)
            member("ClientId", &out)
            JSONWriter.append(string: config.clientId, to: &out)
            out.append(UInt8(ascii: "}"))
        case .oidc(let config):
            // Rare on the hot path, and its extra parameters keep their own order: the tree encoder's.
            member("OidcConfig", &out)
            JSONWriter.append(Outputs.oidcConfig(config), to: &out)
        }
        member("CreateDate", &out)
        JSONWriter.append(thousandths: workforce.createdAt, to: &out)
        if let vpc = workforce.vpcConfig {
            member("WorkforceVpcConfig", &out)
            literal(#"{"VpcId":"#, &out)
            JSONWriter.append(string: vpc.vpcId, to: &out)
            member("SecurityGroupIds", &out)
            strings(vpc.securityGroupIds, &out)
            member("Subnets", &out)
            strings(vpc.subnets, &out)
            if let endpoint = workforce.vpcEndpointId(at: now) {
                member("VpcEndpointId", &out)
                JSONWriter.append(string: endpoint, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        if let observed = workforce.lifecycle.observed(at: now) {
            member("Status", &out)
            JSONWriter.append(string: observed.status.rawValue, to: &out)
            if let reason = observed.failureReason {
                member("FailureReason", &out)
                JSONWriter.append(string: reason, to: &out)
            }
        }
        if let type = workforce.ipAddressType {
            member("IpAddressType", &out)
            JSONWriter.append(string: type.rawValue, to: &out)
        }
        literal("}}", &out)
        return out
    }

    /// `workforce.arn` as a JSON string, written piece by piece instead of interpolated first: escaping
    /// works character by character, so the pieces escaped one by one are the whole escaped.
    private static func arn(of workforce: Workforce, _ out: inout [UInt8]) {
        let namespace = workforce.namespace
        literal(#""arn:"#, &out)
        JSONWriter.append(unquoted: namespace.partition, to: &out)
        literal(":sagemaker:", &out)
        JSONWriter.append(unquoted: namespace.region, to: &out)
        out.append(UInt8(ascii: ":"))
        JSONWriter.append(unquoted: namespace.account, to: &out)
        literal(":workforce/", &out)
        JSONWriter.append(unquoted: workforce.name, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// `,"name":` (member names here are plain ASCII, no escapes).
    private static func member(_ name: StaticString, _ out: inout [UInt8]) {
        literal(#",""#, &out)
        literal(name, &out)
        literal(#"":"#, &out)
    }

    /// A literal's bytes in one copy (a String's UTF8View is appended element by element).
    private static func literal(_ text: StaticString, _ out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func strings(_ values: [String], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (position, value) in values.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            JSONWriter.append(string: value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
