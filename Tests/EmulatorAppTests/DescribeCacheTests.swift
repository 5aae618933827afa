import SageMakerWorkforces
import Testing

@testable import EmulatorApp

@Suite struct DescribeCacheTests {
    let namespace = Namespace(account: "123456789012", region: "us-east-1")
    let body = Array(#"{"Workforce":{}}"#.utf8)

    private func generation(_ lookup: DescribeCache.Lookup) -> UInt64? {
        if case .miss(let generation) = lookup { return generation }
        return nil
    }

    @Test func remembersAndAnswersUntilAWrite() throws {
        let cache = DescribeCache()
        let first = try #require(generation(cache.lookup(namespace: namespace, name: "wf", now: 10)))
        cache.remember(body, namespace: namespace, name: "wf", validFrom: .min, generation: first)
        #expect(cache.lookup(namespace: namespace, name: "wf", now: 10) == .hit(body))
        cache.invalidateAll()
        let second = try #require(generation(cache.lookup(namespace: namespace, name: "wf", now: 10)))
        #expect(second != first)
    }

    /// A read that began before a write must not leave its (older) answer behind after the write.
    @Test func anAnswerReadBeforeAWriteIsNotKept() throws {
        let cache = DescribeCache()
        let before = try #require(generation(cache.lookup(namespace: namespace, name: "wf", now: 10)))
        cache.invalidateAll()
        cache.remember(body, namespace: namespace, name: "wf", validFrom: .min, generation: before)
        #expect(generation(cache.lookup(namespace: namespace, name: "wf", now: 10)) != nil)
        #expect(cache.count == 0)
    }

    @Test func otherNamesNamespacesAndEarlierTimesMiss() throws {
        let cache = DescribeCache()
        let current = try #require(generation(cache.lookup(namespace: namespace, name: "wf", now: 10)))
        cache.remember(body, namespace: namespace, name: "wf", validFrom: 100, generation: current)
        #expect(generation(cache.lookup(namespace: namespace, name: "WF", now: 200)) != nil)
        #expect(generation(cache.lookup(namespace: Namespace(account: "123456789012", region: "eu-west-1"), name: "wf", now: 200)) != nil)
        // A transition due at 100 has not completed at 99 (a clock set back in a test).
        #expect(generation(cache.lookup(namespace: namespace, name: "wf", now: 99)) != nil)
        #expect(cache.lookup(namespace: namespace, name: "wf", now: 100) == .hit(body))
    }

    private func remember(_ cache: DescribeCache, _ namespace: Namespace, _ body: [UInt8], name: String = "wf") {
        guard case .miss(let generation) = cache.lookup(namespace: namespace, name: name, now: 0) else {
            Issue.record("unexpected hit for \(namespace)")
            return
        }
        cache.remember(body, namespace: namespace, name: name, validFrom: .min, generation: generation)
    }

    @Test func staysWithinItsCapacityByStartingOver() {
        let cache = DescribeCache(capacity: 8)
        let namespaces = (0..<20).map { Namespace(account: String(repeating: "1", count: 12), region: "r\($0)") }
        for (index, namespace) in namespaces.enumerated() {
            remember(cache, namespace, body)
            #expect(cache.count <= 8)
            #expect(cache.count == index % 8 + 1, "after \(index + 1) namespaces")
        }
        // The 17th to 20th arrived after the last start-over: they are kept, the earlier ones are not.
        for (index, namespace) in namespaces.enumerated() {
            let isKept = cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(body)
            #expect(isKept == (index >= 16), "namespace \(index)")
        }
    }

    @Test func staysWithinItsByteBudgetByStartingOver() {
        let cache = DescribeCache(byteBudget: 4096)
        let large = Array(String(repeating: "x", count: 1000).utf8)
        for index in 0..<40 {
            remember(cache, Namespace(account: "123456789012", region: "r\(index)"), large)
            #expect(cache.arenaBytes <= 4096)
        }
        #expect(cache.count < 40)
        #expect(cache.lookup(namespace: Namespace(account: "123456789012", region: "r39"), name: "wf", now: 0) == .hit(large))
        // An answer larger than the whole budget is not kept, and keeps nothing else from being found.
        let huge = Array(String(repeating: "y", count: 5000).utf8)
        remember(cache, namespace, huge)
        #expect(generation(cache.lookup(namespace: namespace, name: "wf", now: 0)) != nil)
        #expect(cache.lookup(namespace: Namespace(account: "123456789012", region: "r39"), name: "wf", now: 0) == .hit(large))
    }

    /// The last expanded bodies are kept by record; a record written where an earlier one was (after the
    /// arena started over) is another record, and its own body is the answer.
    @Test func anAnswerExpandedBeforeAStartOverIsNeverServedAfterIt() throws {
        let first = Array(#"{"Workforce":{"WorkforceName":"wf","Status":"Updating"}}"#.utf8)
        let second = Array(#"{"Workforce":{"WorkforceName":"wf","Status":"Active"}}"#.utf8)
        let cache = DescribeCache(byteBudget: 120)
        remember(cache, namespace, first)
        #expect(cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(first))
        #expect(cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(first))
        let bytesBefore = cache.arenaBytes
        cache.remember(second, namespace: namespace, name: "wf", validFrom: .min, generation: 0)
        // It did not fit beside the first: the arena started over and holds the second record only.
        #expect(cache.arenaBytes <= bytesBefore + 10)
        #expect(cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(second))
        cache.invalidateAll()
        #expect(generation(cache.lookup(namespace: namespace, name: "wf", now: 0)) != nil)
    }

    /// A write makes every record stale: the next answer kept starts the arena over, so writes mixed with
    /// reads keep it at one generation's size instead of letting stale records pile up to the budget.
    @Test func aWriteLetsStaleRecordsGoAtTheNextAnswerKept() {
        let cache = DescribeCache()
        let namespaces = (0..<200).map { Namespace(account: String(100_000_000_000 + $0), region: "us-east-1") }
        for namespace in namespaces { remember(cache, namespace, body) }
        let oneGeneration = cache.arenaBytes
        #expect(cache.count == 200)
        for _ in 0..<50 {
            cache.invalidateAll()
            for namespace in namespaces { remember(cache, namespace, body) }
            #expect(cache.arenaBytes == oneGeneration)
        }
        cache.invalidateAll()
        remember(cache, namespace, body)
        #expect(cache.count == 1)
        #expect(cache.arenaBytes < oneGeneration / 100)
        #expect(cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(body))
        #expect(generation(cache.lookup(namespace: namespaces[0], name: "wf", now: 0)) != nil)
    }

    @Test func rememberingANamespaceAgainReplacesItsAnswer() {
        let cache = DescribeCache(capacity: 3)
        let other = Array(#"{"Workforce":{"WorkforceName":"other"}}"#.utf8)
        remember(cache, namespace, body)
        cache.remember(other, namespace: namespace, name: "other", validFrom: .min, generation: 0)
        #expect(cache.count == 1)
        #expect(cache.lookup(namespace: namespace, name: "other", now: 0) == .hit(other))
        #expect(generation(cache.lookup(namespace: namespace, name: "wf", now: 0)) != nil)
    }

    /// Thousands of namespaces, each with its own answer: the table grows, probes past collisions, and every
    /// lookup finds its own namespace's bytes (the benchmark's shape, its account and name in the body).
    @Test func everyNamespaceGetsItsOwnAnswerBack() {
        let cache = DescribeCache()
        func answer(_ account: String, _ region: String) -> [UInt8] {
            Array(
                (#"{"Workforce":{"WorkforceName":"wf","WorkforceArn":"arn:aws:sagemaker:\#(region):\#(account):workforce/wf","#
                    + #""LastUpdatedDate":1796186822.668,"SourceIpConfig":{"Cidrs":[]},"SubDomain":"jr65m8vtpq.labeling.\#(region).sagemaker.aws","#
                    + #""CognitoConfig":{"UserPool":"us-east-1_abc","ClientId":"client"},"CreateDate":1796186822.668,"Status":"Active"}}"#).utf8)
        }
        let namespaces = (0..<5_000).map { Namespace(account: String(100_000_000_000 + $0), region: $0 % 2 == 0 ? "us-east-1" : "eu-west-2") }
        for namespace in namespaces { remember(cache, namespace, answer(namespace.account, namespace.region)) }
        #expect(cache.count == 5_000)
        for namespace in namespaces {
            #expect(cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(answer(namespace.account, namespace.region)))
        }
        // About 120 bytes a namespace (header, key and the answer's shorthand), not the answer's 339.
        #expect(cache.arenaBytes < 5_000 * 140)
    }
}
