import AWSJSONProtocol
import JSON
import SageMakerWorkforces

/// A request input that can be read from an awsJson body (shape checks only; the rules come later).
public protocol OperationInput: Sendable {
    /// Reads the members, recording constraint violations in `reader.validation`; throws
    /// `SerializationException` for a wrong JSON type.
    init(reading reader: StructureReader) throws(AWSError)
}

extension OperationInput {
    /// Reads and validates a whole body: wrong types → `SerializationException`; any violation →
    /// one `ValidationException` listing them all (spec §7, first two steps).
    public static func decode(_ body: JSONValue) throws(AWSError) -> Self {
        let validation = ShapeValidation()
        let input = try Self(reading: StructureReader.body(body, validation: validation))
        try validation.finish()
        return input
    }
}

// Top-level members are read in alphabetical order, and a message with several violations lists them
// in reading order (which may differ from AWS's, README "What it emulates"): the messages are pinned by
// tests and clients, so the order of the reads below is behaviour.

extension CreateWorkforceCommand: OperationInput {
    /// `CreateWorkforceRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let cognitoConfig = try r.cognitoConfig("CognitoConfig")
        let ipAddressType = try r.string("IpAddressType", Shapes.ipAddressType).flatMap(IpAddressType.init(rawValue:))
        let oidcConfig = try r.oidcConfig("OidcConfig")
        let sourceIpCidrs = try r.sourceIpCidrs("SourceIpConfig")
        let tags = try r.tags("Tags") ?? []
        let workforceName = try r.string("WorkforceName", required: true, Shapes.workforceName) ?? ""
        let vpcConfig = try r.vpcConfigRequest("WorkforceVpcConfig")
        self.init(
            workforceName: workforceName, cognitoConfig: cognitoConfig, oidcConfig: oidcConfig, sourceIpCidrs: sourceIpCidrs,
            vpcConfig: vpcConfig, ipAddressType: ipAddressType, tags: tags)
    }
}

extension UpdateWorkforceCommand: OperationInput {
    /// `UpdateWorkforceRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let ipAddressType = try r.string("IpAddressType", Shapes.ipAddressType).flatMap(IpAddressType.init(rawValue:))
        let oidcConfig = try r.oidcConfig("OidcConfig")
        let sourceIpCidrs = try r.sourceIpCidrs("SourceIpConfig")
        let workforceName = try r.string("WorkforceName", required: true, Shapes.workforceName) ?? ""
        let vpcConfig = try r.vpcConfigRequest("WorkforceVpcConfig")
        self.init(
            workforceName: workforceName, sourceIpCidrs: sourceIpCidrs, oidcConfig: oidcConfig, vpcConfig: vpcConfig,
            ipAddressType: ipAddressType)
    }
}

/// `DescribeWorkforceRequest` and `DeleteWorkforceRequest`.
public struct WorkforceNameInput: OperationInput, Equatable {
    /// `WorkforceName`.
    public var workforceName: String

    /// Reads the request.
    public init(reading r: StructureReader) throws(AWSError) {
        workforceName = try r.string("WorkforceName", required: true, Shapes.workforceName) ?? ""
    }
}

extension ListQuery {
    /// `ListWorkforcesRequest` / `ListWorkteamsRequest`, with `NameContains` checked against `name`.
    init(reading r: StructureReader, name: StringConstraints) throws(AWSError) {
        let maxResults = try r.integer("MaxResults", min: 1, max: 100) ?? ListQuery.defaultMaxResults
        let nameContains = try r.string("NameContains", name)
        let nextToken = try r.string("NextToken", Shapes.nextToken)
        let sortBy = try r.string("SortBy", Shapes.sortBy).flatMap(ListSortBy.init(rawValue:)) ?? .createDate
        let descending = try r.string("SortOrder", Shapes.sortOrder) == "Descending"
        self.init(maxResults: maxResults, nameContains: nameContains, nextToken: nextToken, sortBy: sortBy, descending: descending)
    }
}

/// `ListWorkforcesRequest`.
public struct ListWorkforcesInput: OperationInput, Equatable {
    /// The query.
    public var list: ListQuery

    /// Reads the request (`NameContains` is a workforce name's pattern).
    public init(reading r: StructureReader) throws(AWSError) { list = try ListQuery(reading: r, name: Shapes.workforceName) }
}

/// `ListWorkteamsRequest`.
public struct ListWorkteamsInput: OperationInput, Equatable {
    /// The query.
    public var list: ListQuery

    /// Reads the request (`NameContains` is a work team name's pattern, spec §7).
    public init(reading r: StructureReader) throws(AWSError) { list = try ListQuery(reading: r, name: Shapes.workteamName) }
}

extension CreateWorkteamCommand: OperationInput {
    /// `CreateWorkteamRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let description = try r.string("Description", required: true, Shapes.description) ?? ""
        let memberDefinitions = try r.memberDefinitions("MemberDefinitions", required: true) ?? []
        let notificationConfiguration = try r.notificationConfiguration("NotificationConfiguration")
        let tags = try r.tags("Tags") ?? []
        let workerAccessConfiguration = try r.workerAccessConfiguration("WorkerAccessConfiguration")
        let workforceName = try r.string("WorkforceName", Shapes.workforceName)
        let workteamName = try r.string("WorkteamName", required: true, Shapes.workteamName) ?? ""
        self.init(
            workteamName: workteamName, workforceName: workforceName, description: description, memberDefinitions: memberDefinitions,
            notificationConfiguration: notificationConfiguration, workerAccessConfiguration: workerAccessConfiguration, tags: tags)
    }
}

extension UpdateWorkteamCommand: OperationInput {
    /// `UpdateWorkteamRequest`.
    public init(reading r: StructureReader) throws(AWSError) {
        let description = try r.string("Description", Shapes.description)
        let memberDefinitions = try r.memberDefinitions("MemberDefinitions", required: false)
        let notificationConfiguration = try r.notificationConfiguration("NotificationConfiguration")
        let workerAccessConfiguration = try r.workerAccessConfiguration("WorkerAccessConfiguration")
        let workteamName = try r.string("WorkteamName", required: true, Shapes.workteamName) ?? ""
        self.init(
            workteamName: workteamName, description: description, memberDefinitions: memberDefinitions,
            notificationConfiguration: notificationConfiguration, workerAccessConfiguration: workerAccessConfiguration)
    }
}

/// `DescribeWorkteamRequest` and `DeleteWorkteamRequest`.
public struct WorkteamNameInput: OperationInput, Equatable {
    /// `WorkteamName`.
    public var workteamName: String

    /// Reads the request.
    public init(reading r: StructureReader) throws(AWSError) {
        workteamName = try r.string("WorkteamName", required: true, Shapes.workteamName) ?? ""
    }
}

extension AddTagsCommand: OperationInput {
    /// `AddTagsInput`.
    public init(reading r: StructureReader) throws(AWSError) {
        let resourceArn = try r.string("ResourceArn", required: true, Shapes.resourceArn) ?? ""
        let tags = try r.tags("Tags", required: true) ?? []
        self.init(resourceArn: resourceArn, tags: tags)
    }
}

extension DeleteTagsCommand: OperationInput {
    /// `DeleteTagsInput`.
    public init(reading r: StructureReader) throws(AWSError) {
        let resourceArn = try r.string("ResourceArn", required: true, Shapes.resourceArn) ?? ""
        let tagKeys = try r.strings("TagKeys", required: true, min: 1, max: 50, Shapes.tagKey) ?? []
        self.init(resourceArn: resourceArn, tagKeys: tagKeys)
    }
}

extension ListTagsQuery: OperationInput {
    /// `ListTagsInput`.
    public init(reading r: StructureReader) throws(AWSError) {
        let maxResults = try r.integer("MaxResults", min: 50) ?? ListTagsQuery.defaultMaxResults
        let nextToken = try r.string("NextToken", Shapes.nextToken)
        let resourceArn = try r.string("ResourceArn", required: true, Shapes.resourceArn) ?? ""
        self.init(resourceArn: resourceArn, maxResults: maxResults, nextToken: nextToken)
    }
}
