import AWSJSONProtocol
import JSON
import SageMakerWorkforces
import WorkforceStore

/// What one call runs against: its namespace, the time, the store and the rules.
///
/// Each operation below reads what its rule needs, applies the pure rule, and writes the result, all in
/// one store transaction; a refusal throws before any write, so the state is untouched (spec §6).
struct OperationContext {
    let namespace: Namespace
    let now: EpochMilliseconds
    let store: WorkforceStore
    let rules: WorkforceRules
    let faults: FaultRegistry
    let describeCache: DescribeCache

    /// `workforce`, with its starting transition made to end in `Failed` if a transition fault is armed for it.
    func applyingTransitionFault(_ workforce: Workforce) -> Workforce {
        guard workforce.lifecycle.target != nil,
            let reason = faults.takeTransitionFault(workforceName: workforce.name, namespace: namespace)
        else { return workforce }
        var failing = workforce
        failing.lifecycle.target = .failed(reason: reason)
        return failing
    }
}

/// The emulated operations, each `(input, context) → output`.
enum WorkforceService {
    static func createWorkforce(_ input: CreateWorkforceInput, _ c: OperationContext) throws -> JSONValue {
        _ = try WorkforceRules.addTags(input.tags, to: [])
        let workforce = try c.store.write {
            try c.store.purgeDeletedWorkforce(in: c.namespace, now: c.now)
            let existing = try c.store.workforce(in: c.namespace)
            let created = c.applyingTransitionFault(
                try c.rules.createWorkforce(input, in: c.namespace, existing: existing, now: c.now))
            try c.store.save(created)
            return created
        }
        return ["WorkforceArn": .string(workforce.arn)]
    }

    static func updateWorkforce(_ input: UpdateWorkforceInput, _ c: OperationContext) throws -> JSONValue {
        let updated = try c.store.write {
            let current = try c.store.workforce(in: c.namespace).flatMap { $0.name == input.workforceName ? $0 : nil }
            let teams = try c.store.workteamCount(in: c.namespace)
            let updated = c.applyingTransitionFault(
                try c.rules.updateWorkforce(input, workforce: current, workteamCount: teams, now: c.now))
            try c.store.save(updated)
            return updated
        }
        return ["Workforce": Outputs.workforce(updated, at: c.now)]
    }

    /// From ``DescribeCache`` when the workforce is settled and nothing was written since it was read.
    static func describeWorkforce(_ input: WorkforceNameInput, _ c: OperationContext) throws -> OperationOutput {
        let generation: UInt64
        switch c.describeCache.lookup(namespace: c.namespace, name: input.workforceName, now: c.now) {
        case .hit(let body): return .encoded(body)
        case .miss(let current): generation = current
        }
        guard let workforce = try c.store.workforce(in: c.namespace), workforce.name == input.workforceName,
            workforce.lifecycle.observed(at: c.now) != nil
        else { throw WorkforceError.workforceNotFound(input.workforceName) }
        let body = JSONWriter.bytes(["Workforce": Outputs.workforce(workforce, at: c.now)])
        if !workforce.lifecycle.isPending(at: c.now) {
            c.describeCache.remember(
                body, namespace: c.namespace, name: workforce.name, validFrom: workforce.lifecycle.dueAt ?? .min,
                generation: generation)
        }
        return .encoded(body)
    }

    static func listWorkforces(_ input: ListWorkforcesInput, _ c: OperationContext) throws -> JSONValue {
        let live = try c.store.workforce(in: c.namespace).flatMap { $0.lifecycle.observed(at: c.now) != nil ? $0 : nil }
        let arranged = PageToken.arrange(live.map { [$0] } ?? [], input: input.list, name: { $0.name }, created: { $0.createdAt })
        let page = try PageToken.page(arranged, input: input.list)
        var output: JSONObject = ["Workforces": .array(page.items.map { Outputs.workforce($0, at: c.now) })]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    static func deleteWorkforce(_ input: WorkforceNameInput, _ c: OperationContext) throws -> JSONValue {
        try c.store.write {
            let current = try c.store.workforce(in: c.namespace).flatMap { $0.name == input.workforceName ? $0 : nil }
            let teams = try c.store.workteamCount(in: c.namespace)
            if let deleting = try c.rules.deleteWorkforce(name: input.workforceName, workforce: current, workteamCount: teams, now: c.now) {
                try c.store.save(c.applyingTransitionFault(deleting))
                try c.store.purgeDeletedWorkforce(in: c.namespace, now: c.now)
            }
        }
        return [:]
    }

    static func createWorkteam(_ input: CreateWorkteamInput, _ c: OperationContext) throws -> JSONValue {
        let tags = try WorkforceRules.addTags(input.tags, to: [])
        let team = try c.store.write {
            let workforce = try c.store.workforce(in: c.namespace)
            let names = try c.store.workteams(in: c.namespace).map(\.name)
            let team = try c.rules.createWorkteam(input, in: c.namespace, workforce: workforce, existingNames: names, now: c.now)
            try c.store.save(team, tags: tags)
            return team
        }
        return ["WorkteamArn": .string(team.arn)]
    }

    static func updateWorkteam(_ input: UpdateWorkteamInput, _ c: OperationContext) throws -> JSONValue {
        let team = try c.store.write {
            let current = try c.store.workteam(named: input.workteamName, in: c.namespace)
            let workforce = try c.store.workforce(in: c.namespace)
            let updated = try c.rules.updateWorkteam(input, workteam: current?.team, workforce: workforce, now: c.now)
            try c.store.save(updated, tags: current?.tags ?? [])
            return updated
        }
        return ["Workteam": Outputs.workteam(team, subDomain: Workforce.subDomain(namespace: c.namespace, name: team.workforceName))]
    }

    static func describeWorkteam(_ input: WorkteamNameInput, _ c: OperationContext) throws -> JSONValue {
        guard let team = try c.store.workteam(named: input.workteamName, in: c.namespace)?.team else {
            throw WorkforceError.workteamNotFound(input.workteamName)
        }
        return ["Workteam": Outputs.workteam(team, subDomain: Workforce.subDomain(namespace: c.namespace, name: team.workforceName))]
    }

    static func listWorkteams(_ input: ListWorkteamsInput, _ c: OperationContext) throws -> JSONValue {
        let teams = try c.store.workteams(in: c.namespace)
        let arranged = PageToken.arrange(teams, input: input.list, name: { $0.name }, created: { $0.createdAt })
        let page = try PageToken.page(arranged, input: input.list)
        var output: JSONObject = [
            "Workteams": .array(
                page.items.map { Outputs.workteam($0, subDomain: Workforce.subDomain(namespace: c.namespace, name: $0.workforceName)) })
        ]
        if let token = page.nextToken { output["NextToken"] = .string(token) }
        return .object(output)
    }

    static func deleteWorkteam(_ input: WorkteamNameInput, _ c: OperationContext) throws -> JSONValue {
        try c.store.write {
            guard try c.store.deleteWorkteam(named: input.workteamName, in: c.namespace) else {
                throw WorkforceError.workteamNotFound(input.workteamName)
            }
        }
        return ["Success": true]
    }

    // MARK: Tags

    static func addTags(_ input: AddTagsInput, _ c: OperationContext) throws -> JSONValue {
        try c.store.write {
            let (team, tags) = try taggedWorkteam(input.resourceArn, c)
            try c.store.save(team, tags: try WorkforceRules.addTags(input.tags, to: tags))
        }
        return ["Tags": Outputs.tags(input.tags)]
    }

    static func deleteTags(_ input: DeleteTagsInput, _ c: OperationContext) throws -> JSONValue {
        try c.store.write {
            let (team, tags) = try taggedWorkteam(input.resourceArn, c)
            let deleted = input.tagKeys.map { Array($0.utf8) }  // exact bytes, as in AddTags
            try c.store.save(team, tags: tags.filter { !deleted.contains(Array($0.key.utf8)) })
        }
        return [:]
    }

    static func listTags(_ input: ListTagsInput, _ c: OperationContext) throws -> JSONValue {
        let (_, tags) = try taggedWorkteam(input.resourceArn, c)
        let start = try PageToken.offset(from: input.nextToken)
        let end = min(tags.count, start + input.maxResults)
        var output: JSONObject = ["Tags": Outputs.tags(start < end ? Array(tags[start..<end]) : [])]
        if end < tags.count { output["NextToken"] = .string(PageToken.make(offset: end)) }
        return .object(output)
    }

    /// The team an ARN names in the caller's namespace; a workforce ARN is refused as AWS does.
    private static func taggedWorkteam(_ arn: String, _ c: OperationContext) throws -> (Workteam, [Tag]) {
        let resource = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? ""
        if resource.hasPrefix("workforce/") { throw WorkforceError.validation("Invalid resource type: workforce") }
        let prefix = Workteam.arn(namespace: c.namespace, name: "")
        guard arn.hasPrefix(prefix), let found = try c.store.workteam(named: String(arn.dropFirst(prefix.count)), in: c.namespace)
        else {
            throw WorkforceError.validation("Resource \(arn) does not exist.")
        }
        return found
    }
}
