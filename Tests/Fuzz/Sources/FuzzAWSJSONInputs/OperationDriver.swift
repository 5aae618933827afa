import AWSJSONProtocol
import JSON
import SageMakerAPI
import SageMakerWorkforces

/// Reads one body as every operation's input, and pushes whatever passes validation through the rules
/// and the response encoders, as the service would (minus the store).
enum OperationDriver {
    static let namespace = Namespace(account: "123456789012", region: "us-east-1")
    static let now: EpochMilliseconds = 1_764_374_400_000
    static let rules = WorkforceRules(transitionDelay: 1_000)

    static let cognitoWorkforce = Workforce(
        namespace: namespace, name: "cognito-wf", createdAt: now - 60_000, lastUpdatedAt: now - 60_000,
        identityProvider: .cognito(CognitoConfig(userPool: "us-east-1_AbC123", clientId: "client-1")),
        tags: [KeyValue("team", "a")])

    static let oidcWorkforce = Workforce(
        namespace: namespace, name: "oidc-wf", createdAt: now - 60_000, lastUpdatedAt: now - 60_000,
        identityProvider: .oidc(
            OidcConfig(
                clientId: "oidc-client", clientSecret: "fixture-secret", issuer: "https://idp.example.com",
                authorizationEndpoint: "https://idp.example.com/authorize", tokenEndpoint: "https://idp.example.com/token",
                userInfoEndpoint: "https://idp.example.com/userinfo", logoutEndpoint: "https://idp.example.com/logout",
                jwksUri: "https://idp.example.com/jwks")),
        sourceIpCidrs: ["10.0.0.0/8", "2001:db8::/32"], ipAddressType: .dualstack)

    static let workteam = Workteam(
        namespace: namespace, name: "team-1", workforceName: "cognito-wf", description: "labelers",
        memberDefinitions: [.cognito(userPool: "us-east-1_AbC123", userGroup: "labelers", clientId: "client-1")],
        createdAt: now - 30_000, lastUpdatedAt: now - 30_000)

    /// Addresses checked against every workforce a request produced.
    static let probeAddresses = ["10.1.2.3", "192.0.2.7", "::ffff:10.1.2.3", "2001:db8::1", "::1"].compactMap { IPAddress($0) }

    static func run(_ body: JSONValue) {
        checkSecretNeverQuoted(body)

        if let input = decode(SageMakerOperations.createWorkforce, body) { createWorkforce(input) }
        if let input = decode(SageMakerOperations.updateWorkforce, body) { updateWorkforce(input) }
        _ = decode(SageMakerOperations.describeWorkforce, body)
        if let input = decode(SageMakerOperations.listWorkforces, body) { list(input) }
        _ = decode(SageMakerOperations.deleteWorkforce, body)
        if let input = decode(SageMakerOperations.createWorkteam, body) { createWorkteam(input) }
        if let input = decode(SageMakerOperations.updateWorkteam, body) { updateWorkteam(input) }
        _ = decode(SageMakerOperations.describeWorkteam, body)
        if let input = decode(SageMakerOperations.listWorkteams, body) { list(input) }
        _ = decode(SageMakerOperations.deleteWorkteam, body)
        if let input = decode(SageMakerOperations.addTags, body) { addTags(input) }
        _ = decode(SageMakerOperations.deleteTags, body)
        _ = decode(SageMakerOperations.listTags, body)
        if let input = decode(SageMakerOperations.createHumanTaskUi, body) { createHumanTaskUi(input) }
        _ = decode(SageMakerOperations.describeHumanTaskUi, body)
        if let input = decode(SageMakerOperations.listHumanTaskUis, body) { list(input) }
        _ = decode(SageMakerOperations.deleteHumanTaskUi, body)
        if let input = decode(SageMakerOperations.createFlowDefinition, body) { createFlowDefinition(input) }
        _ = decode(SageMakerOperations.describeFlowDefinition, body)
        if let input = decode(SageMakerOperations.listFlowDefinitions, body) { list(input) }
        _ = decode(SageMakerOperations.deleteFlowDefinition, body)
    }

    static func createHumanTaskUi(_ input: CreateHumanTaskUiCommand) {
        do {
            let ui = try rules.createHumanTaskUi(input, in: namespace, nameTaken: false, now: now)
            check(ui.contentSha256.utf8.count == 64, "a digest of \(ui.contentSha256.utf8.count) characters")
            JSONChecks.checkRoundTrip(SageMakerOperations.createHumanTaskUi.encode(ui))
            JSONChecks.checkRoundTrip(SageMakerOperations.describeHumanTaskUi.encode(HumanTaskUiDescription(ui: ui, templateURL: "http://h/t")))
        } catch {}
    }

    /// Every combination of references; whatever a rule lets through echoes the conditions string as sent.
    static func createFlowDefinition(_ input: CreateFlowDefinitionCommand) {
        for (team, ui) in [(true, true), (false, true), (true, false)] {
            do {
                let definition = try rules.createFlowDefinition(
                    input, in: namespace, existing: nil, workteamExists: team, humanTaskUiExists: ui, now: now)
                check(definition.activationConditions == input.activationConfig?.conditions, "the conditions string changed")
                for at in [now, now + 1_000] {
                    JSONChecks.checkRoundTrip(SageMakerOperations.describeFlowDefinition.encode(Observed(definition, at: at)))
                }
            } catch {}
        }
    }

    static func list(_ input: CreationTimeListQuery) {
        let items = [("a", now - 2), ("b", now - 1), ("c", now)]
        let arranged = input.arrange(items, name: { $0.0 }, created: { $0.1 })
        do {
            let page = try PageToken.page(arranged, maxResults: input.maxResults, nextToken: input.nextToken, scope: "ui:fuzz")
            check(page.items.count <= input.maxResults, "a page of \(page.items.count) for MaxResults \(input.maxResults)")
        } catch {}
    }

    /// Decodes `body` as the server does for `operation`; a refusal must be a well-formed 400.
    static func decode<Input, Output>(_ operation: APIOperation<Input, Output>, _ body: JSONValue) -> Input? {
        do {
            return try operation.decode(body)
        } catch {
            JSONChecks.checkRefusal(error)
            return nil
        }
    }

    // MARK: Rules

    static func createWorkforce(_ input: CreateWorkforceCommand) {
        do {
            let workforce = try rules.createWorkforce(input, in: namespace, existing: nil, now: now)
            checkWorkforce(workforce)
        } catch {}
        do {
            _ = try rules.createWorkforce(input, in: namespace, existing: cognitoWorkforce, now: now)
            fatalError("a second workforce was created in one namespace")
        } catch {}
    }

    static func updateWorkforce(_ input: UpdateWorkforceCommand) {
        for current in [cognitoWorkforce, oidcWorkforce] {
            for workteamCount in [0, 1] {
                let updated: Workforce
                do {
                    updated = try rules.updateWorkforce(input, workforce: current, workteamCount: workteamCount, now: now)
                } catch {
                    continue
                }
                if workteamCount > 0 {
                    // Spec §6: no OIDC change while a work team exists.
                    check(
                        updated.identityProvider == current.identityProvider, "OidcConfig changed while the workforce had work teams")
                }
                checkWorkforce(updated)
            }
        }
    }

    static func createWorkteam(_ input: CreateWorkteamCommand) {
        for workforce in [cognitoWorkforce, oidcWorkforce] {
            do {
                let created = try rules.createWorkteam(input, in: namespace, workforce: workforce, existingNames: ["team-1"], now: now)
                check(created.tags.count <= WorkforceRules.maxTags, "\(created.tags.count) tags on a new team")
                JSONChecks.checkRoundTrip(SageMakerOperations.createWorkteam.encode(created.team))
                JSONChecks.checkRoundTrip(SageMakerOperations.describeWorkteam.encode(created.team))
            } catch {}
        }
    }

    static func updateWorkteam(_ input: UpdateWorkteamCommand) {
        do {
            let team = try rules.updateWorkteam(input, workteam: workteam, workforce: cognitoWorkforce, now: now)
            JSONChecks.checkRoundTrip(SageMakerOperations.updateWorkteam.encode(team))
        } catch {}
    }

    static func list(_ input: ListQuery) {
        let names = ["a", "b-1", "cognito-wf", "oidc-wf", "zeta"]
        let arranged = PageToken.arrange(names, query: input, name: { $0 }, created: { _ in now })
        do {
            let page = try PageToken.page(arranged, query: input)
            check(page.items.count <= input.maxResults, "a page of \(page.items.count) for MaxResults \(input.maxResults)")
        } catch {}
    }

    static func addTags(_ input: AddTagsCommand) {
        do {
            let tags = try WorkforceRules.addTags(input.tags, to: cognitoWorkforce.tags)
            check(tags.count <= WorkforceRules.maxTags, "\(tags.count) tags kept")
            JSONChecks.checkRoundTrip(SageMakerOperations.addTags.encode(tags))
        } catch {}
    }

    /// A workforce that a rule let through satisfies the invariants and encodes to valid JSON without its secret.
    static func checkWorkforce(_ workforce: Workforce) {
        do {
            try WorkforceRules.checkInvariants(cidrs: workforce.sourceIpCidrs, vpc: workforce.vpcConfig, ipAddressType: workforce.ipAddressType)
        } catch {
            fatalError("a rule produced a workforce that breaks the invariants: \(error)")
        }
        for at in [now, now + 1_000] {
            let output = Outputs.workforce(workforce, at: at)
            JSONChecks.checkRoundTrip(output)
            JSONChecks.checkRoundTrip(SageMakerOperations.describeWorkforce.encode(Observed(workforce, at: at)))
            check(output["OidcConfig"]?["ClientSecret"] == nil, "ClientSecret in a response")
        }
        for address in probeAddresses {
            let decision = PortalAccess.decide(workforce, address: address)
            check(decision.isAllowed == (workforce.sourceIpCidrs.isEmpty || decision.matchedCidr != nil), "portal decision \(decision)")
        }
    }

    // MARK: Secrets

    /// The OIDC client secret never shapes an error message: replaced by another string of the same
    /// length that breaks the same constraints, every refusal stays exactly the same.
    static func checkSecretNeverQuoted(_ body: JSONValue) {
        guard var object = body.objectValue, var oidc = object["OidcConfig"]?.objectValue,
            case .string(let secret)? = oidc["ClientSecret"], !secret.isEmpty
        else { return }
        let length = secret.utf16.count
        let printable = secret.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value <= 0x7E }
        let canary = printable ? String(repeating: "Z", count: length) : "\u{01}" + String(repeating: "Z", count: length - 1)
        guard canary != secret else { return }
        oidc["ClientSecret"] = .string(canary)
        object["OidcConfig"] = .object(oidc)
        let other = JSONValue.object(object)
        check(
            refusal(SageMakerOperations.createWorkforce, body) == refusal(SageMakerOperations.createWorkforce, other),
            "CreateWorkforce refusal depends on ClientSecret")
        check(
            refusal(SageMakerOperations.updateWorkforce, body) == refusal(SageMakerOperations.updateWorkforce, other),
            "UpdateWorkforce refusal depends on ClientSecret")
    }

    static func refusal<Input, Output>(_ operation: APIOperation<Input, Output>, _ body: JSONValue) -> AWSError? {
        do {
            _ = try operation.decode(body)
            return nil
        } catch {
            return error
        }
    }
}
