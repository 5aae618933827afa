import JSON
import SQLite
import SageMakerWorkforces

/// The store's own encoding of flow-definition values (``FlowDefinitionColumn``).
extension StoredFormat {
    static func output(_ config: FlowDefinitionOutputConfig) -> JSONValue {
        var object: JSONObject = ["S3OutputPath": .string(config.s3OutputPath)]
        if let key = config.kmsKeyId { object["KmsKeyId"] = .string(key) }
        return .object(object)
    }

    static func output(_ value: JSONValue) throws(Invalid) -> FlowDefinitionOutputConfig {
        guard let path = value["S3OutputPath"]?.stringValue else { throw Invalid("OutputConfig without S3OutputPath") }
        return FlowDefinitionOutputConfig(s3OutputPath: path, kmsKeyId: value["KmsKeyId"]?.stringValue)
    }

    static func loop(_ loop: HumanLoopConfig) -> JSONValue {
        var object: JSONObject = [
            "WorkteamArn": .string(loop.workteamArn), "HumanTaskUiArn": .string(loop.humanTaskUiArn), "TaskTitle": .string(loop.taskTitle),
            "TaskDescription": .string(loop.taskDescription), "TaskCount": .number(Double(loop.taskCount)),
        ]
        if let seconds = loop.taskAvailabilityLifetimeInSeconds { object["TaskAvailabilityLifetimeInSeconds"] = .number(Double(seconds)) }
        if let seconds = loop.taskTimeLimitInSeconds { object["TaskTimeLimitInSeconds"] = .number(Double(seconds)) }
        if let keywords = loop.taskKeywords { object["TaskKeywords"] = strings(keywords) }
        if let price = loop.publicWorkforceTaskPrice {
            var priceObject = JSONObject()
            if let amount = price.amountInUsd {
                var usd = JSONObject()
                if let dollars = amount.dollars { usd["Dollars"] = .number(Double(dollars)) }
                if let cents = amount.cents { usd["Cents"] = .number(Double(cents)) }
                if let tenths = amount.tenthFractionsOfACent { usd["TenthFractionsOfACent"] = .number(Double(tenths)) }
                priceObject["AmountInUsd"] = .object(usd)
            }
            object["PublicWorkforceTaskPrice"] = .object(priceObject)
        }
        return .object(object)
    }

    static func loop(_ value: JSONValue) throws(Invalid) -> HumanLoopConfig {
        func text(_ key: String) throws(Invalid) -> String {
            guard let text = value[key]?.stringValue else { throw Invalid("HumanLoopConfig without \(key)") }
            return text
        }
        func integer(_ value: JSONValue?) -> Int? { value?.numberValue.map { Int($0) } }
        guard let count = integer(value["TaskCount"]) else { throw Invalid("HumanLoopConfig without TaskCount") }
        var price: PublicWorkforceTaskPrice?
        if let priceValue = value["PublicWorkforceTaskPrice"] {
            let usd = priceValue["AmountInUsd"]
            price = PublicWorkforceTaskPrice(
                amountInUsd: usd.map {
                    AmountInUsd(dollars: integer($0["Dollars"]), cents: integer($0["Cents"]), tenthFractionsOfACent: integer($0["TenthFractionsOfACent"]))
                })
        }
        return HumanLoopConfig(
            workteamArn: try text("WorkteamArn"), humanTaskUiArn: try text("HumanTaskUiArn"), taskTitle: try text("TaskTitle"),
            taskDescription: try text("TaskDescription"), taskCount: count,
            taskAvailabilityLifetimeInSeconds: integer(value["TaskAvailabilityLifetimeInSeconds"]),
            taskTimeLimitInSeconds: integer(value["TaskTimeLimitInSeconds"]),
            taskKeywords: try value["TaskKeywords"].map { v throws(Invalid) in try strings(v) }, publicWorkforceTaskPrice: price)
    }
}

/// Rows ↔ human task UIs and flow definitions.
extension RowCodec {
    static func values(of ui: HumanTaskUi) -> [SQLiteValue] {
        var row = RowValues<HumanTaskUiColumn>()
        row[.account] = .text(ui.namespace.account)
        row[.region] = .text(ui.namespace.region)
        row[.name] = .text(ui.name)
        row[.content] = .text(ui.content)
        row[.createdMs] = .integer(ui.createdAt)
        row[.tags] = .text(JSONWriter.string(StoredFormat.tags(ui.tags)))
        return row.values
    }

    static func humanTaskUi(_ row: SQLiteRow) throws(StoreError) -> HumanTaskUi {
        var reader = FieldReader<HumanTaskUiColumn, SQLiteRow>(row: row)
        let namespace = Namespace(account: try reader.text(.account), region: try reader.text(.region))
        let name = try reader.text(.name)
        reader.namespace = namespace
        reader.name = name
        return HumanTaskUi(
            namespace: namespace, name: name, content: try reader.text(.content), createdAt: try reader.integer(.createdMs),
            tags: try reader.json(.tags, StoredFormat.tags))
    }

    static func values(of definition: FlowDefinition) -> [SQLiteValue] {
        let lifecycle = definition.lifecycle
        var row = RowValues<FlowDefinitionColumn>()
        row[.account] = .text(definition.namespace.account)
        row[.region] = .text(definition.namespace.region)
        row[.name] = .text(definition.name)
        row[.roleArn] = .text(definition.roleArn)
        row[.output] = .text(JSONWriter.string(StoredFormat.output(definition.outputConfig)))
        row[.loop] = .text(JSONWriter.string(StoredFormat.loop(definition.humanLoopConfig)))
        row[.requestSource] = definition.requestSource.map { .text($0.rawValue) } ?? .null
        row[.activationConditions] = definition.activationConditions.map(SQLiteValue.text) ?? .null
        row[.createdMs] = .integer(definition.createdAt)
        row.setLifecycle(lifecycle)
        row[.tags] = .text(JSONWriter.string(StoredFormat.tags(definition.tags)))
        return row.values
    }

    static func flowDefinition(_ row: SQLiteRow) throws(StoreError) -> FlowDefinition {
        var reader = FieldReader<FlowDefinitionColumn, SQLiteRow>(row: row)
        let namespace = Namespace(account: try reader.text(.account), region: try reader.text(.region))
        let name = try reader.text(.name)
        reader.namespace = namespace
        reader.name = name
        let lifecycle = try reader.lifecycle()
        var source: HumanLoopRequestSource?
        if let text = reader.optionalText(.requestSource) {
            guard let known = HumanLoopRequestSource(rawValue: text) else { throw reader.corrupt(.requestSource, "unknown source \(text)") }
            source = known
        }
        return FlowDefinition(
            namespace: namespace, name: name, roleArn: try reader.text(.roleArn), outputConfig: try reader.json(.output, StoredFormat.output),
            humanLoopConfig: try reader.json(.loop, StoredFormat.loop), requestSource: source,
            activationConditions: reader.optionalText(.activationConditions), createdAt: try reader.integer(.createdMs),
            lifecycle: lifecycle, tags: try reader.json(.tags, StoredFormat.tags))
    }
}

/// Persistence of human task UIs and flow definitions (``Schema/version3HumanReview``).
extension WorkforceStore {
    /// The namespace's UIs, by name.
    public func humanTaskUis(in namespace: Namespace) throws(StoreError) -> [HumanTaskUi] {
        try fetchAll(SQL.humanTaskUisInNamespace, [.text(namespace.account), .text(namespace.region)], RowCodec.humanTaskUi)
    }

    /// One UI.
    public func humanTaskUi(named name: String, in namespace: Namespace) throws(StoreError) -> HumanTaskUi? {
        try fetchOne(SQL.humanTaskUiByName, [.text(namespace.account), .text(namespace.region), .text(name)], RowCodec.humanTaskUi)
    }

    /// Every UI, by namespace and name.
    public func allHumanTaskUis() throws(StoreError) -> [HumanTaskUi] { try fetchAll(SQL.allHumanTaskUis, [], RowCodec.humanTaskUi) }

    /// Inserts or replaces a UI.
    public func save(_ ui: HumanTaskUi) throws(StoreError) { try execute(SQL.saveHumanTaskUi, RowCodec.values(of: ui)) }

    /// Removes a UI (and so its tags); whether one was there.
    @discardableResult
    public func deleteHumanTaskUi(named name: String, in namespace: Namespace) throws(StoreError) -> Bool {
        try execute(SQL.deleteHumanTaskUi, [.text(namespace.account), .text(namespace.region), .text(name)]) > 0
    }

    /// The namespace's flow definitions in any status (callers look at the lifecycle), by name.
    public func flowDefinitions(in namespace: Namespace) throws(StoreError) -> [FlowDefinition] {
        try fetchAll(SQL.flowDefinitionsInNamespace, [.text(namespace.account), .text(namespace.region)], RowCodec.flowDefinition)
    }

    /// One flow definition, in any status.
    public func flowDefinition(named name: String, in namespace: Namespace) throws(StoreError) -> FlowDefinition? {
        try fetchOne(SQL.flowDefinitionByName, [.text(namespace.account), .text(namespace.region), .text(name)], RowCodec.flowDefinition)
    }

    /// Every flow definition row, by namespace and name.
    public func allFlowDefinitions() throws(StoreError) -> [FlowDefinition] {
        try fetchAll(SQL.allFlowDefinitions, [], RowCodec.flowDefinition)
    }

    /// Inserts or replaces a flow definition.
    public func save(_ definition: FlowDefinition) throws(StoreError) {
        try execute(SQL.saveFlowDefinition, RowCodec.values(of: definition))
    }

    /// Removes the namespace's flow definitions whose deletion has completed at `now`.
    public func purgeDeletedFlowDefinitions(in namespace: Namespace, now: EpochMilliseconds) throws(StoreError) {
        try execute(SQL.purgeDeletedFlowDefinitions, [.text(namespace.account), .text(namespace.region), .integer(now)])
    }

    /// How many UI rows and flow-definition rows there are.
    public func humanReviewCounts() throws(StoreError) -> (humanTaskUis: Int, flowDefinitions: Int) {
        let row = try fetchOne(SQL.humanReviewCounts, []) { $0 }
        return (Int(row?.int64(0) ?? 0), Int(row?.int64(1) ?? 0))
    }
}
