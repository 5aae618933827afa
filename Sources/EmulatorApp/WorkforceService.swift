import JSON
import SageMakerAPI
import SageMakerWorkforces
import SocketHTTPServer
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
    /// The request's headers, for ``host``.
    var requestHeaders = HTTPHeaders()

    /// The request's `Host` header: human task UI template URLs are built from it (human-review-api.md §2).
    /// Read when asked for: most operations never do.
    var host: String? { requestHeaders["Host"] }

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

/// The emulated operations, each `(command, context) → result`; SageMakerAPI decodes the commands and
/// encodes the results.
enum WorkforceService {
    static func createWorkforce(_ input: CreateWorkforceCommand, _ c: OperationContext) throws -> Workforce {
        try c.store.write {
            try c.store.purgeDeletedWorkforce(in: c.namespace, now: c.now)
            let existing = try c.store.workforce(in: c.namespace)
            let created = c.applyingTransitionFault(
                try c.rules.createWorkforce(input, in: c.namespace, existing: existing, now: c.now))
            try c.store.save(created)
            return created
        }
    }

    /// Answers with DescribeWorkforce's body (the same shape, ``SageMakerOperations/workforceBodyBytes(_:subDomain:)``),
    /// written straight to bytes with the SubDomain as stored (an update changes neither the namespace nor
    /// the name it derives from) for both the row and the answer.
    static func updateWorkforce(_ input: UpdateWorkforceCommand, _ c: OperationContext) throws -> OperationOutput {
        let (updated, subDomain) = try c.store.write {
            let stored = try c.store.workforceAndSubDomain(in: c.namespace).flatMap { $0.workforce.name == input.workforceName ? $0 : nil }
            let current = stored?.workforce
            let teams = try c.store.workteamCount(in: c.namespace)
            let updated = c.applyingTransitionFault(
                try c.rules.updateWorkforce(input, workforce: current, workteamCount: teams, now: c.now))
            // The row is there (the rule refuses otherwise): only what an update can change is written,
            // and its stored SubDomain stays.
            if let stored, stored.workforce.name == updated.name, stored.workforce.namespace == updated.namespace {
                try c.store.update(updated)
                return (updated, stored.subDomain)
            }
            try c.store.save(updated, subDomain: updated.subDomain)
            return (updated, updated.subDomain)
        }
        return .encoded(SageMakerOperations.workforceBodyBytes(Observed(updated, at: c.now), subDomain: subDomain))
    }

    /// The cached answer (``DescribeCache``), tried before the store: a hit needs no read connection.
    static func cachedDescribeWorkforce(_ name: String, _ memory: MemoryContext) -> OperationOutput? {
        if case .hit(let body) = memory.describeCache.lookup(namespace: memory.namespace, name: name, now: memory.now) { .encoded(body) } else { nil }
    }

    /// From ``DescribeCache`` when the workforce is settled and nothing was written since it was read
    /// (looked up again here: what was cached may have changed since ``cachedDescribeWorkforce(_:_:)``,
    /// and a miss gives the generation the database read must be remembered under).
    static func describeWorkforce(_ name: String, _ c: OperationContext) throws -> OperationOutput {
        let generation: UInt64
        switch c.describeCache.lookup(namespace: c.namespace, name: name, now: c.now) {
        case .hit(let body): return .encoded(body)
        case .miss(let current): generation = current
        }
        // The lookup made for this call (only the columns the answer shows, the stored SubDomain), then
        // written straight to bytes: the same bytes as `api.encode` of the whole workforce.
        guard let described = try c.store.workforceToDescribe(in: c.namespace), described.workforce.name == name,
            described.workforce.lifecycle.observed(at: c.now) != nil
        else { throw WorkforceError.workforceNotFound(name) }
        let workforce = described.workforce
        let body = SageMakerOperations.workforceBodyBytes(Observed(workforce, at: c.now), subDomain: described.subDomain)
        if !workforce.lifecycle.isPending(at: c.now) {
            c.describeCache.remember(
                body, namespace: c.namespace, name: workforce.name, validFrom: workforce.lifecycle.dueAt ?? .min,
                generation: generation)
        }
        return .encoded(body)
    }

    static func listWorkforces(_ query: ListQuery, _ c: OperationContext) throws -> Observed<Page<Workforce>> {
        let live = try c.store.workforce(in: c.namespace).flatMap { $0.lifecycle.observed(at: c.now) != nil ? $0 : nil }
        let arranged = PageToken.arrange(live.map { [$0] } ?? [], query: query, name: { $0.name }, created: { $0.createdAt })
        return Observed(try PageToken.page(arranged, query: query), at: c.now)
    }

    static func deleteWorkforce(_ name: String, _ c: OperationContext) throws {
        try c.store.write {
            let current = try c.store.workforce(in: c.namespace).flatMap { $0.name == name ? $0 : nil }
            let teams = try c.store.workteamCount(in: c.namespace)
            if let deleting = try c.rules.deleteWorkforce(name: name, workforce: current, workteamCount: teams, now: c.now) {
                try c.store.save(c.applyingTransitionFault(deleting))
                try c.store.purgeDeletedWorkforce(in: c.namespace, now: c.now)
            }
        }
    }

    static func createWorkteam(_ input: CreateWorkteamCommand, _ c: OperationContext) throws -> Workteam {
        try c.store.write {
            let workforce = try c.store.workforce(in: c.namespace)
            let names = try c.store.workteams(in: c.namespace).map(\.name)
            let created = try c.rules.createWorkteam(input, in: c.namespace, workforce: workforce, existingNames: names, now: c.now)
            if let createdWorkforce = created.createdWorkforce {
                // The namespace's workforce had finished deleting, or there was none (spec §7).
                try c.store.purgeDeletedWorkforce(in: c.namespace, now: c.now)
                try c.store.save(createdWorkforce)
            }
            try c.store.save(created.team, tags: created.tags)
            return created.team
        }
    }

    static func updateWorkteam(_ input: UpdateWorkteamCommand, _ c: OperationContext) throws -> Workteam {
        try c.store.write {
            let current = try c.store.workteam(named: input.workteamName, in: c.namespace)
            let workforce = try c.store.workforce(in: c.namespace)
            let updated = try c.rules.updateWorkteam(input, workteam: current?.team, workforce: workforce, now: c.now)
            try c.store.save(updated, tags: current?.tags ?? [])
            return updated
        }
    }

    static func describeWorkteam(_ name: String, _ c: OperationContext) throws -> Workteam {
        guard let team = try c.store.workteam(named: name, in: c.namespace)?.team else {
            throw WorkforceError.workteamNotFound(name)
        }
        return team
    }

    static func listWorkteams(_ query: ListQuery, _ c: OperationContext) throws -> Page<Workteam> {
        let teams = try c.store.workteams(in: c.namespace)
        let arranged = PageToken.arrange(teams, query: query, name: { $0.name }, created: { $0.createdAt })
        return try PageToken.page(arranged, query: query)
    }

    static func deleteWorkteam(_ name: String, _ c: OperationContext) throws {
        try c.store.write {
            guard try c.store.deleteWorkteam(named: name, in: c.namespace) else {
                throw WorkforceError.workteamNotFound(name)
            }
        }
    }

    // MARK: Tags

    /// Answers with the tags the request added (AWS's `AddTagsOutput`), not the resource's whole list.
    static func addTags(_ input: AddTagsCommand, _ c: OperationContext) throws -> [Tag] {
        try c.store.write {
            let resource = try TaggedResource.find(input.resourceArn, c)
            try resource.save(tags: try WorkforceRules.addTags(input.tags, to: resource.tags), c)
        }
        return input.tags
    }

    static func deleteTags(_ input: DeleteTagsCommand, _ c: OperationContext) throws {
        try c.store.write {
            let resource = try TaggedResource.find(input.resourceArn, c)
            let deleted = input.tagKeys.map { Array($0.utf8) }  // exact bytes, as in AddTags
            try resource.save(tags: resource.tags.filter { !deleted.contains(Array($0.key.utf8)) }, c)
        }
    }

    static func listTags(_ query: ListTagsQuery, _ c: OperationContext) throws -> Page<Tag> {
        let resource = try TaggedResource.find(query.resourceArn, c)
        return try PageToken.page(resource.tags, maxResults: query.maxResults, nextToken: query.nextToken)
    }
}
