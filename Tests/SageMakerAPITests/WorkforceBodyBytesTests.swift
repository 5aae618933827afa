import DomainTestSupport
import JSON
import Testing

@testable import SageMakerAPI
import SageMakerWorkforces

/// The direct byte encoder must write what the tree encoder writes for DescribeWorkforce and UpdateWorkforce,
/// byte for byte: clients and the answer cache cannot tell which one answered.
@Suite struct WorkforceBodyBytesTests {
    private func expectSameBytes(_ workforce: Workforce, at now: EpochMilliseconds = t0, sourceLocation: SourceLocation = #_sourceLocation) {
        let observed = Observed(workforce, at: now)
        let tree = JSONWriter.bytes(SageMakerOperations.describeWorkforce.encode(observed))
        let direct = SageMakerOperations.workforceBodyBytes(observed)
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: tree, as: UTF8.self), sourceLocation: sourceLocation)
        // UpdateWorkforce answers with the same bytes.
        let updateTree = JSONWriter.bytes(SageMakerOperations.updateWorkforce.encode(observed))
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: updateTree, as: UTF8.self), sourceLocation: sourceLocation)
    }

    @Test func settledCognitoWorkforce() {
        expectSameBytes(.make())
        expectSameBytes(.make(cidrs: ["10.0.0.0/16", "192.168.0.0/24"], createdAt: t0 - 61_234))
    }

    @Test func oidcWithScopeAndExtraParameters() {
        expectSameBytes(.make(identity: .oidc(.make(scope: "openid email", extra: [KeyValue("b", "2"), KeyValue("a", "1")]))))
        expectSameBytes(.makeOIDC())
    }

    @Test func vpcWithAndWithoutEndpoint() {
        expectSameBytes(.make(vpc: .make(), ipAddressType: .dualstack))
        let pending = WorkforceLifecycle(status: .updating, target: .active, dueAt: t0 + 1_000)
        expectSameBytes(.make(vpc: .make(), lifecycle: pending, vpcEndpointPending: true))
        expectSameBytes(.make(vpc: .make(), lifecycle: pending, vpcEndpointPending: true), at: t0 + 1_000)
    }

    @Test func failedWithReasonAndEscapes() {
        let failed = WorkforceLifecycle(status: .failed, failureReason: "quote \" backslash \\ newline \n tab \t \u{1} é")
        expectSameBytes(.make(name: "wf-\u{7}", lifecycle: failed))
    }

    @Test func deletedWorkforceHasNoStatus() {
        let gone = WorkforceLifecycle(status: .deleting, target: .gone, dueAt: t0 - 1)
        expectSameBytes(.make(lifecycle: gone))
    }

    @Test func arnsInEveryPartition() {
        for region in ["us-east-1", "cn-north-1", "us-gov-west-1"] {
            expectSameBytes(.make(name: "My-Workforce", namespace: .make(account: "111111111111", region: region)))
        }
    }

    @Test func theGivenSubDomainIsTheDerivedOnesBytes() {
        for workforce in [Workforce.make(), .make(vpc: .make()), .makeOIDC(), .make(name: "wf-\u{7}")] {
            let observed = Observed(workforce, at: t0)
            #expect(
                SageMakerOperations.workforceBodyBytes(observed, subDomain: workforce.subDomain)
                    == JSONWriter.bytes(SageMakerOperations.describeWorkforce.encode(observed)))
        }
    }

    @Test func thousandthsMatchTheDoubleRoute() {
        var values: [Int64] = [0, 1, 10, 100, 999, 1_000, 1_001, 1_010, 1_100, 1_764_374_400_000, 1_764_374_400_123,
                               1_764_374_400_120, 1_764_374_400_100, 1_764_374_400_007, 999_999_999_999_999, -1, -1_500,
                               1_000_000_000_000_000, 4_000_000_000_000_000]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Int64.random(in: 0..<4_102_444_800_000, using: &generator)) }
        for value in values {
            var out: [UInt8] = []
            JSONWriter.append(thousandths: value, to: &out)
            #expect(out == JSONWriter.bytes(.number(Double(value) / 1000)), "\(value)")
        }
    }

    @Test func integersMatchTheTreeWriter() {
        for value in [0.0, -0.0, 1, -1, 9, 10, 1_764_374_400, -9_007_199_254_740_992, 9_007_199_254_740_992, 1.5, 1e300] {
            var out: [UInt8] = []
            JSONWriter.append(number: value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == JSONWriter.format(value))
        }
    }
}
