import AWSJSONProtocol
import JSON
import SageMakerAPI
import SageMakerWorkforces
import WorkforceStore

/// Where a fixture item came from, for messages: `Fixtures/team.json: workforces[1]`.
struct FixtureSource: Sendable, CustomStringConvertible {
    let file: String
    let item: String
    var description: String { "\(file): \(item)" }
}

/// A fixture that cannot be loaded: start-up stops, naming the file, the item and the rule.
public struct FixtureError: Error, Sendable, CustomStringConvertible {
    /// `fixture <file>: <item>: <what is wrong>`.
    public let description: String

    init(_ source: FixtureSource, _ message: String) { description = "fixture \(source): \(message)" }
    init(file: String, _ message: String) { description = "fixture \(file): \(message)" }
}

/// Which namespaces an admin action touches: all, or those of one account and/or region.
struct NamespaceFilter: Sendable, Equatable {
    var account: String?
    var region: String?

    static let all = NamespaceFilter()

    func matches(_ namespace: Namespace) -> Bool {
        (account == nil || account == namespace.account) && (region == nil || region == namespace.region)
    }
}

/// Fixture files read and shape-checked at start-up, applied to the store at start and on reset
/// (DESIGN "Fixtures"). The format is `{"workforces": [...], "workteams": [...], "humanTaskUis": [...],
/// "flowDefinitions": [...]}`; each item is the Create… request, plus optional `Region` and `AccountId`.
struct FixtureSet: Sendable {
    struct WorkforceItem: Sendable {
        let source: FixtureSource
        let namespace: Namespace
        let input: CreateWorkforceCommand
    }

    struct WorkteamItem: Sendable {
        let source: FixtureSource
        let namespace: Namespace
        let input: CreateWorkteamCommand
    }

    struct HumanTaskUiItem: Sendable {
        let source: FixtureSource
        let namespace: Namespace
        let input: CreateHumanTaskUiCommand
    }

    struct FlowDefinitionItem: Sendable {
        let source: FixtureSource
        let namespace: Namespace
        let input: CreateFlowDefinitionCommand
    }

    private(set) var workforces: [WorkforceItem] = []
    private(set) var workteams: [WorkteamItem] = []
    var humanTaskUis: [HumanTaskUiItem] = []
    var flowDefinitions: [FlowDefinitionItem] = []
    /// Things worth a warning line that do not stop the start (unknown members, ignored as the API does).
    var warnings: [String] = []

    static let empty = FixtureSet()

    private static let workforceMembers: Set<String> = [
        "WorkforceName", "CognitoConfig", "OidcConfig", "SourceIpConfig", "WorkforceVpcConfig", "IpAddressType", "Tags",
        "Region", "AccountId",
    ]
    private static let workteamMembers: Set<String> = [
        "WorkteamName", "WorkforceName", "Description", "MemberDefinitions", "NotificationConfiguration",
        "WorkerAccessConfiguration", "Tags", "Region", "AccountId",
    ]

    /// Reads every path (a file, or a folder whose `*.json` files load in name order).
    static func load(paths: [String], defaults: Namespace) throws(FixtureError) -> FixtureSet {
        var set = FixtureSet()
        for path in paths {
            for file in try files(at: path) {
                guard let bytes = LocalFiles.contents(of: file) else {
                    throw FixtureError(file: file, "cannot read the file")
                }
                try set.add(bytes: bytes, file: file, defaults: defaults)
            }
        }
        try set.checkOneWorkforcePerNamespace()
        return set
    }

    private static func files(at path: String) throws(FixtureError) -> [String] {
        guard let kind = LocalFiles.kind(of: path) else {
            throw FixtureError(file: path, "no such file or folder")
        }
        guard kind == .directory else { return [path] }
        guard let names = LocalFiles.names(inDirectory: path) else {
            throw FixtureError(file: path, "cannot list the folder")
        }
        let base = path.hasSuffix("/") ? path : path + "/"
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { base + $0 }
    }

    /// Parses one file's bytes: the shape of every item is checked exactly as the API checks a request.
    mutating func add(bytes: [UInt8], file: String, defaults: Namespace) throws(FixtureError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw FixtureError(file: file, "not valid JSON: \(error)")
        }
        guard case .object(let top) = document else {
            throw FixtureError(file: file, "the top level must be an object with \"workforces\" and/or \"workteams\"")
        }
        for key in top.keys where !Self.topLevelKeys.contains(key) {
            throw FixtureError(
                file: file, "unknown top-level key \"\(key)\" (expected \"workforces\", \"workteams\", \"humanTaskUis\" and/or \"flowDefinitions\")")
        }
        for (index, item) in try Self.items(top, "workforces", file).enumerated() {
            let source = FixtureSource(file: file, item: "workforces[\(index)]")
            let (object, namespace) = try Self.itemObject(item, source, defaults: defaults, known: Self.workforceMembers, warnings: &warnings)
            do {
                workforces.append(WorkforceItem(source: source, namespace: namespace, input: try CreateWorkforceCommand.decode(.object(object))))
            } catch {
                throw FixtureError(source, "\(error.code): \(error.message)")
            }
        }
        for (index, item) in try Self.items(top, "workteams", file).enumerated() {
            let source = FixtureSource(file: file, item: "workteams[\(index)]")
            let (object, namespace) = try Self.itemObject(item, source, defaults: defaults, known: Self.workteamMembers, warnings: &warnings)
            do {
                workteams.append(WorkteamItem(source: source, namespace: namespace, input: try CreateWorkteamCommand.decode(.object(object))))
            } catch {
                throw FixtureError(source, "\(error.code): \(error.message)")
            }
        }
        try addHumanReview(top, file: file, defaults: defaults)
    }

    static func items(_ top: JSONObject, _ key: String, _ file: String) throws(FixtureError) -> [JSONValue] {
        guard let value = top[key] else { return [] }
        guard case .array(let items) = value else { throw FixtureError(file: file, "\"\(key)\" must be a list") }
        return items
    }

    static func itemObject(
        _ item: JSONValue, _ source: FixtureSource, defaults: Namespace, known: Set<String>, warnings: inout [String]
    ) throws(FixtureError) -> (JSONObject, Namespace) {
        guard case .object(var object) = item else { throw FixtureError(source, "an item must be an object") }
        var namespace = defaults
        if let region = object["Region"] {
            guard let text = region.stringValue, Namespace.isRegionName(text) else {
                throw FixtureError(source, "Region must be a region name such as us-east-1")
            }
            namespace.region = text
        }
        if let account = object["AccountId"] {
            guard let text = account.stringValue, Namespace.isAccountID(text) else {
                throw FixtureError(source, "AccountId must be 12 digits")
            }
            namespace.account = text
        }
        object["Region"] = nil
        object["AccountId"] = nil
        for key in object.keys where !known.contains(key) {
            warnings.append("fixture \(source): unknown member \"\(key)\" ignored")
        }
        return (object, namespace)
    }

    /// Two workforces for one namespace can never both load: say so now rather than on some later start.
    private func checkOneWorkforcePerNamespace() throws(FixtureError) {
        var seen: [Namespace: FixtureSource] = [:]
        for item in workforces {
            if let first = seen[item.namespace] {
                throw FixtureError(
                    item.source,
                    "a second workforce for account \(item.namespace.account) in \(item.namespace.region) (the first is \(first)); a namespace holds one workforce"
                )
            }
            seen[item.namespace] = item.source
        }
    }

    /// What an application of the fixtures did.
    struct Report: Sendable {
        var createdWorkforces = 0
        var createdWorkteams = 0
        var createdHumanTaskUis = 0
        var createdFlowDefinitions = 0
        var skipped: [String] = []
    }

    /// Creates what is absent, in the caller's transaction, with the API's rules; workforces start
    /// `Active`. A namespace whose workforce has another name (clients replaced it) is skipped, with its
    /// teams. Any rule refusal throws, naming the item, and the caller's transaction rolls back.
    func apply(to store: WorkforceStore, rules: WorkforceRules, now: EpochMilliseconds, filter: NamespaceFilter = .all) throws -> Report {
        var report = Report()
        var replaced: Set<Namespace> = []
        for item in workforces where filter.matches(item.namespace) {
            try store.purgeDeletedWorkforce(in: item.namespace, now: now)
            if let existing = try store.workforce(in: item.namespace) {
                if existing.name != item.input.workforceName {
                    replaced.insert(item.namespace)
                    report.skipped.append(
                        "fixture \(item.source): namespace \(item.namespace) already holds workforce \(existing.name); \(item.input.workforceName) and its teams skipped"
                    )
                }
                continue
            }
            do {
                try store.save(try rules.createWorkforce(item.input, in: item.namespace, existing: nil, now: now, settled: true))
                report.createdWorkforces += 1
            } catch let error as WorkforceError {
                throw FixtureError(item.source, "\(AWSError(error).code): \(error.message)")
            }
        }
        for item in workteams where filter.matches(item.namespace) {
            if replaced.contains(item.namespace) { continue }
            if try store.workteam(named: item.input.workteamName, in: item.namespace) != nil { continue }
            do {
                let names = try store.workteams(in: item.namespace).map(\.name)
                let created = try rules.createWorkteam(
                    item.input, in: item.namespace, workforce: try store.workforce(in: item.namespace), existingNames: names, now: now)
                if let workforce = created.createdWorkforce {
                    try store.purgeDeletedWorkforce(in: item.namespace, now: now)
                    try store.save(workforce)
                    report.createdWorkforces += 1
                }
                try store.save(created.team, tags: created.tags)
                report.createdWorkteams += 1
            } catch let error as WorkforceError {
                throw FixtureError(item.source, "\(AWSError(error).code): \(error.message)")
            }
        }
        try applyHumanReview(to: store, rules: rules, now: now, filter: filter, report: &report)
        return report
    }
}
