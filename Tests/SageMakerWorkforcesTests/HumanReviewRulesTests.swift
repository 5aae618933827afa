import DomainTestSupport
import Testing

@testable import SageMakerWorkforces

private let reviewRules = WorkforceRules(transitionDelay: 1_000)
private let teamArn = Workteam.arn(namespace: testNamespace, name: "reviewers")
private let uiArn = HumanTaskUi.arn(namespace: testNamespace, name: "review-ui")

private func loop(team: String = teamArn, ui: String = uiArn, price: PublicWorkforceTaskPrice? = nil, availability: Int? = nil) -> HumanLoopConfig {
    HumanLoopConfig(
        workteamArn: team, humanTaskUiArn: ui, taskTitle: "t", taskDescription: "d", taskCount: 1,
        taskAvailabilityLifetimeInSeconds: availability, publicWorkforceTaskPrice: price)
}

private func command(
    name: String = "fd", loop: HumanLoopConfig? = loop(), source: HumanLoopRequestSource? = nil, conditions: ActivationConditions? = nil
) -> CreateFlowDefinitionCommand {
    CreateFlowDefinitionCommand(
        flowDefinitionName: name, roleArn: "arn:aws:iam::123456789012:role/r", outputConfig: FlowDefinitionOutputConfig(s3OutputPath: "s3://b/"),
        humanLoopConfig: loop, requestSource: source, activationConfig: conditions.map { ActivationConfigRequest(conditions: "{}", parsed: $0) })
}

private func create(
    _ input: CreateFlowDefinitionCommand, existing: FlowDefinition? = nil, team: Bool = true, ui: Bool = true, now: EpochMilliseconds = t0
) throws(WorkforceError) -> FlowDefinition {
    try reviewRules.createFlowDefinition(input, in: testNamespace, existing: existing, workteamExists: team, humanTaskUiExists: ui, now: now)
}

private func refusal(
    _ input: CreateFlowDefinitionCommand, existing: FlowDefinition? = nil, team: Bool = true, ui: Bool = true
) -> WorkforceError? {
    thrown { () throws(WorkforceError) in try create(input, existing: existing, team: team, ui: ui) }
}

private let sampling = ActivationConditions.conditions([.simple(conditionType: "Sampling")])
private let publicPrice = PublicWorkforceTaskPrice(amountInUsd: AmountInUsd(dollars: 0, cents: 1, tenthFractionsOfACent: 2))

@Suite struct HumanTaskUiRuleTests {
    @Test func createKeepsTheContentAndIsActiveWithAnArnAndDigest() throws {
        let ui = try reviewRules.createHumanTaskUi(
            CreateHumanTaskUiCommand(humanTaskUiName: "review-ui", content: "<p>é</p>", tags: [Tag("k", "v")]), in: testNamespace,
            nameTaken: false, now: t0)
        #expect(ui.arn == uiArn && ui.content == "<p>é</p>" && ui.createdAt == t0 && ui.tags == [Tag("k", "v")])
        // SHA-256("abc"), the FIPS 180-2 example: the digest is over the UTF-8 bytes, in lowercase hex.
        var abc = ui
        abc.content = "abc"
        #expect(abc.contentSha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(HumanTaskUi.name(fromArn: uiArn, in: testNamespace) == "review-ui")
        #expect(HumanTaskUi.name(fromArn: HumanTaskUi.arn(namespace: Namespace(account: "111122223333", region: "us-east-1"), name: "x"), in: testNamespace) == nil)
    }

    @Test func aTakenNameIsResourceInUse() {
        let error = thrown { () throws(WorkforceError) in
            try reviewRules.createHumanTaskUi(CreateHumanTaskUiCommand(humanTaskUiName: "dup", content: "x"), in: testNamespace, nameTaken: true, now: t0)
        }
        #expect(error == .resourceInUse("Human task UI dup already exists."))
    }
}

@Suite struct FlowDefinitionRuleTests {
    @Test func createStartsInitializingAndEchoesTheRequest() throws {
        let definition = try create(command())
        #expect(definition.lifecycle == WorkforceLifecycle(status: .initializing, target: .active, dueAt: t0 + 1_000))
        #expect(definition.lifecycle.observed(at: t0 + 1_000)?.status == .active)
        #expect(definition.humanLoopConfig == loop() && definition.requestSource == nil && definition.activationConditions == nil)
        #expect(definition.arn == "arn:aws:sagemaker:\(testNamespace.region):\(testNamespace.account):flow-definition/fd")
    }

    @Test func rulesApplyInTheSpecsOrder() {
        let missingTeam = Workteam.arn(namespace: testNamespace, name: "missing")
        // rule 2 before 3
        #expect(refusal(command(loop: nil, conditions: sampling)) == .validation("HumanLoopConfig is required."))
        // rule 3 before 4
        #expect(refusal(command(conditions: .invalid(reason: "x"))) == .validation("HumanLoopActivationConfig can only be used with a HumanLoopRequestSource."))
        // rule 4 before 5
        let existing = try? create(command())
        #expect(refusal(command(source: .textractForms, conditions: .invalid(reason: "bad.")), existing: existing) == .validation("Invalid HumanLoopActivationConditions: bad."))
        // rule 5 before 6 and 7
        #expect(refusal(command(loop: loop(team: missingTeam)), existing: existing, team: false, ui: false) == .resourceInUse("Flow definition fd already exists."))
        // rule 6 before 7 and 8
        #expect(refusal(command(loop: loop(team: missingTeam, price: publicPrice)), team: false, ui: false) == .unknownWorkteam(missingTeam))
        // rule 7 before 8
        #expect(refusal(command(loop: loop(team: PublicCrowd.workteamArn(in: testNamespace))), ui: false) == .unknownHumanTaskUi(uiArn))
    }

    @Test func theNameStaysTakenWhileDeletingAndIsFreeOnceGone() throws {
        let deleting = try #require(try reviewRules.deleteFlowDefinition(name: "fd", existing: try create(command()), now: t0))
        #expect(deleting.lifecycle.observed(at: t0)?.status == .deleting)
        #expect(refusal(command(), existing: deleting) == .resourceInUse("Flow definition fd already exists."))
        #expect(try create(command(), existing: deleting, now: t0 + 1_000).lifecycle.status == .initializing)
        #expect(try reviewRules.deleteFlowDefinition(name: "fd", existing: deleting, now: t0 + 10) == nil, "a repeat delete changes nothing")
        #expect(thrown { () throws(WorkforceError) in try reviewRules.deleteFlowDefinition(name: "fd", existing: deleting, now: t0 + 1_000) }
            == .flowDefinitionNotFound("fd"))
    }

    @Test func workteamReferences() {
        #expect(WorkforceRules.workteamReference(teamArn, in: testNamespace) == .privateTeam(name: "reviewers"))
        #expect(WorkforceRules.workteamReference(PublicCrowd.workteamArn(in: testNamespace), in: testNamespace) == .publicCrowd)
        let vendor = "arn:aws:sagemaker:\(testNamespace.region):\(testNamespace.account):workteam/vendor-crowd/v"
        #expect(WorkforceRules.workteamReference(vendor, in: testNamespace) == .unknown)
        #expect(refusal(command(loop: loop(team: vendor))) == .unknownWorkteam(vendor))
        #expect(refusal(command(), team: false) == .unknownWorkteam(teamArn))
    }

    @Test func conditionTypesMustSuitTheSource() {
        let moderation = ActivationConditions.conditions([.or([.simple(conditionType: "Sampling"), .simple(conditionType: "ModerationLabelConfidenceCheck")])])
        #expect(refusal(command(source: .rekognitionModeration, conditions: moderation)) == nil)
        #expect(refusal(command(source: .textractForms, conditions: moderation))?.message.hasPrefix("Invalid HumanLoopActivationConditions: ") == true)
        #expect(refusal(command(source: .textractForms)) == nil, "a request source alone is fine")
    }

    @Test func priceGoesWithThePublicCrowdOnly() {
        let crowd = PublicCrowd.workteamArn(in: testNamespace)
        #expect(refusal(command(loop: loop(team: crowd))) == .validation("PublicWorkforceTaskPrice is required when WorkteamArn is the Amazon Mechanical Turk workforce."))
        #expect(refusal(command(loop: loop(team: crowd, price: PublicWorkforceTaskPrice(amountInUsd: nil))))?.message.hasPrefix("PublicWorkforceTaskPrice is required") == true)
        #expect(refusal(command(loop: loop(price: publicPrice))) == .validation("PublicWorkforceTaskPrice can only be specified for the Amazon Mechanical Turk workforce."))
        #expect(refusal(command(loop: loop(team: crowd, price: publicPrice))) == nil)
        let odd = PublicWorkforceTaskPrice(amountInUsd: AmountInUsd(cents: 1, tenthFractionsOfACent: 3))
        #expect(refusal(command(loop: loop(team: crowd, price: odd))) == .validation("Invalid PublicWorkforceTaskPrice 0.013 USD for this task type."))
        let textractOnly = PublicWorkforceTaskPrice(amountInUsd: AmountInUsd(dollars: 2, cents: 40))
        #expect(refusal(command(loop: loop(team: crowd, price: textractOnly))) == .validation("Invalid PublicWorkforceTaskPrice 2.400 USD for this task type."))
        #expect(refusal(command(loop: loop(team: crowd, price: textractOnly), source: .textractForms)) == nil)
        #expect(refusal(command(loop: loop(team: crowd, price: publicPrice, availability: 43_200))) == nil)
        #expect(refusal(command(loop: loop(team: crowd, price: publicPrice, availability: 43_201)))?.kind == .validation)
        #expect(refusal(command(loop: loop(availability: 864_000))) == nil, "no cap for a private team")
    }

    @Test func unresolvedReferencesAreToldApart() {
        #expect(WorkforceError.unknownWorkteam("a").isUnresolvedReference)
        #expect(WorkforceError.unknownHumanTaskUi("a").isUnresolvedReference)
        #expect(!WorkforceError.validation("HumanLoopConfig is required.").isUnresolvedReference)
    }
}

@Suite struct HumanReviewPatternTests {
    @Test(arguments: ["a", "0", "a-b", "a--b-c9", String(repeating: "a", count: 63)])
    func validNames(_ name: String) {
        #expect(Patterns.humanTaskUiName.matches(name) && Patterns.flowDefinitionName.matches(name))
    }

    @Test(arguments: ["", "Upper", "-a", "a-", "a_b", "a.b", "a b"])
    func invalidNames(_ name: String) {
        #expect(!Patterns.humanTaskUiName.matches(name) && !Patterns.flowDefinitionName.matches(name))
    }

    @Test func flowDefinitionNamesHoldAtMost63Alphanumerics() {
        #expect(!Patterns.flowDefinitionName.matches(String(repeating: "a", count: 64)))
        #expect(Patterns.humanTaskUiName.matches(String(repeating: "a", count: 64)))
    }

    @Test func arnsAndUris() {
        #expect(Patterns.roleArn.matches("arn:aws:iam::123456789012:role/a2i"))
        #expect(!Patterns.roleArn.matches("arn:aws:iam::123:role/reviewer"))
        #expect(Patterns.s3Uri.matches("s3://bucket/out") && Patterns.s3Uri.matches("https://b") && !Patterns.s3Uri.matches("ftp://b/o"))
        #expect(!Patterns.s3Uri.matches("s3:///x"))
        #expect(Patterns.kmsKeyId.matches("alias/a2i") && !Patterns.kmsKeyId.matches("my key"))
        #expect(Patterns.workteamArn.matches("arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t"))
        #expect(!Patterns.workteamArn.matches("arn:aws:sagemaker:us-east-1:111122223333:flow-definition/a2idemo"))
        #expect(Patterns.humanTaskUiArn.matches(uiArn) && !Patterns.humanTaskUiArn.matches("not-an-arn"))
        #expect(Patterns.taskKeyword.matches("Document review") && !Patterns.taskKeyword.matches("not-fine") && !Patterns.taskKeyword.matches("a  b"))
        #expect(Patterns.taskTitle.matches("Überprüfung\tder Formulare") && !Patterns.taskTitle.matches("emoji 🙂"))
    }
}
