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

    @Test func staysWithinItsCapacity() {
        let cache = DescribeCache(capacity: 8)
        for index in 0..<100 {
            let namespace = Namespace(account: String(repeating: "1", count: 12), region: "r\(index)")
            guard case .miss(let generation) = cache.lookup(namespace: namespace, name: "wf", now: 0) else {
                Issue.record("unexpected hit")
                return
            }
            cache.remember(body, namespace: namespace, name: "wf", validFrom: .min, generation: generation)
        }
        #expect(cache.count == 8)
    }

    @Test func makesRoomByDroppingTheOldestAnswer() {
        let cache = DescribeCache(capacity: 3)
        let namespaces = (0..<5).map { Namespace(account: "123456789012", region: "r\($0)") }
        func remember(_ namespace: Namespace) {
            guard case .miss(let generation) = cache.lookup(namespace: namespace, name: "wf", now: 0) else { return }
            cache.remember(body, namespace: namespace, name: "wf", validFrom: .min, generation: generation)
        }
        for namespace in namespaces[0..<3] { remember(namespace) }
        // Remembering a kept namespace again replaces its answer and is not a new arrival.
        cache.remember(body, namespace: namespaces[0], name: "wf", validFrom: .min, generation: 0)
        remember(namespaces[3])
        remember(namespaces[4])
        #expect(cache.count == 3)
        for (index, namespace) in namespaces.enumerated() {
            let isKept = cache.lookup(namespace: namespace, name: "wf", now: 0) == .hit(body)
            #expect(isKept == (index >= 2), "namespace \(index)")
        }
    }
}
