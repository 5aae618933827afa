import JSON
import SageMakerAPI
import SageMakerWorkforces
import WorkforceStore

/// `GET /_emulator/state`: the whole state as a fixture file that `--fixtures` accepts back unchanged
/// (spec §7): workforces and flow definitions that are `Deleting` are left out, and every OIDC secret is written as
/// `"REDACTED"` (the store never had it).
enum StateExport {
    static let redactedSecret = "REDACTED"

    static func make(store: WorkforceStore, now: EpochMilliseconds) throws -> JSONValue {
        var workforces: [JSONValue] = []
        for workforce in try store.allWorkforces() {
            guard let observed = workforce.lifecycle.observed(at: now), observed.status != .deleting else { continue }
            workforces.append(item(workforce))
        }
        let workteams = try store.allWorkteams().map { item($0.team, tags: $0.tags) }
        let uis = try store.allHumanTaskUis().map(item)
        var definitions: [JSONValue] = []
        for definition in try store.allFlowDefinitions() {
            guard let observed = definition.lifecycle.observed(at: now), observed.status != .deleting else { continue }
            definitions.append(item(definition))
        }
        return [
            "workforces": .array(workforces), "workteams": .array(workteams), "humanTaskUis": .array(uis),
            "flowDefinitions": .array(definitions),
        ]
    }

    /// A CreateHumanTaskUi request, with the content.
    static func item(_ ui: HumanTaskUi) -> JSONValue {
        var object = JSONObject()
        object["Region"] = .string(ui.namespace.region)
        object["AccountId"] = .string(ui.namespace.account)
        object["HumanTaskUiName"] = .string(ui.name)
        object["UiTemplate"] = ["Content": .string(ui.content)]
        if !ui.tags.isEmpty { object["Tags"] = Outputs.tags(ui.tags) }
        return .object(object)
    }

    /// A CreateFlowDefinition request: every member given at create.
    static func item(_ definition: FlowDefinition) -> JSONValue {
        var object = JSONObject()
        object["Region"] = .string(definition.namespace.region)
        object["AccountId"] = .string(definition.namespace.account)
        object["FlowDefinitionName"] = .string(definition.name)
        for (key, value) in Outputs.flowDefinitionMembers(definition).members { object[key] = value }
        if !definition.tags.isEmpty { object["Tags"] = Outputs.tags(definition.tags) }
        return .object(object)
    }

    static func item(_ workforce: Workforce) -> JSONValue {
        var object = JSONObject()
        object["Region"] = .string(workforce.namespace.region)
        object["AccountId"] = .string(workforce.namespace.account)
        object["WorkforceName"] = .string(workforce.name)
        switch workforce.identityProvider {
        case .cognito(let config):
            object["CognitoConfig"] = ["UserPool": .string(config.userPool), "ClientId": .string(config.clientId)]
        case .oidc(let config):
            guard case .object(var oidc) = Outputs.oidcConfig(config) else { break }
            oidc["ClientSecret"] = .string(redactedSecret)
            object["OidcConfig"] = .object(oidc)
        }
        object["SourceIpConfig"] = ["Cidrs": .array(workforce.sourceIpCidrs.map(JSONValue.string))]
        if let vpc = workforce.vpcConfig {
            object["WorkforceVpcConfig"] = [
                "VpcId": .string(vpc.vpcId), "SecurityGroupIds": .array(vpc.securityGroupIds.map(JSONValue.string)),
                "Subnets": .array(vpc.subnets.map(JSONValue.string)),
            ]
        }
        if let type = workforce.ipAddressType { object["IpAddressType"] = .string(type.rawValue) }
        if !workforce.tags.isEmpty { object["Tags"] = Outputs.tags(workforce.tags) }
        return .object(object)
    }

    static func item(_ team: Workteam, tags: [Tag]) -> JSONValue {
        var object = JSONObject()
        object["Region"] = .string(team.namespace.region)
        object["AccountId"] = .string(team.namespace.account)
        object["WorkteamName"] = .string(team.name)
        object["WorkforceName"] = .string(team.workforceName)
        object["Description"] = .string(team.description)
        object["MemberDefinitions"] = .array(team.memberDefinitions.map(Outputs.memberDefinition))
        if let notification = team.notificationConfiguration {
            object["NotificationConfiguration"] = Outputs.notificationConfiguration(notification)
        }
        if let access = team.workerAccessConfiguration {
            object["WorkerAccessConfiguration"] = Outputs.workerAccessConfiguration(access)
        }
        if !tags.isEmpty { object["Tags"] = Outputs.tags(tags) }
        return .object(object)
    }
}
