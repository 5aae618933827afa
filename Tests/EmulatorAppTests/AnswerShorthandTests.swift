import Testing

@testable import EmulatorApp

@Suite struct AnswerShorthandTests {
    let account = Array("123456789012".utf8)
    let region = Array("us-east-1".utf8)
    let name = Array("wf".utf8)

    private func short(_ body: [UInt8], account: [UInt8]? = nil, region: [UInt8]? = nil, name: [UInt8]? = nil) -> [UInt8]? {
        var out: [UInt8] = []
        guard AnswerShorthand.shorten(body, account: account ?? self.account, region: region ?? self.region, name: name ?? self.name, into: &out)
        else { return nil }
        return out
    }

    private func expanded(_ short: [UInt8], account: [UInt8]? = nil, region: [UInt8]? = nil, name: [UInt8]? = nil, capacity: Int = 4096) -> [UInt8]? {
        let account = account ?? self.account, region = region ?? self.region, name = name ?? self.name
        var out = [UInt8](repeating: 0, count: capacity)
        let written = short.withUnsafeBytes { short in
            account.withUnsafeBytes { account in
                region.withUnsafeBytes { region in
                    name.withUnsafeBytes { name in
                        out.withUnsafeMutableBytes { AnswerShorthand.expand(short, account: account, region: region, name: name, into: $0) }
                    }
                }
            }
        }
        return written.map { Array(out[..<$0]) }
    }

    private func roundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let body = Array(text.utf8)
        guard let short = short(body) else {
            Issue.record("refused", sourceLocation: sourceLocation)
            return
        }
        #expect(expanded(short).map { String(decoding: $0, as: UTF8.self) } == text, sourceLocation: sourceLocation)
    }

    @Test func theBenchmarksAnswerShrinksToAFifthAndComesBackWhole() throws {
        let text = #"{"Workforce":{"WorkforceName":"wf","WorkforceArn":"arn:aws:sagemaker:us-east-1:123456789012:workforce/wf","LastUpdatedDate":1796186822.668,"SourceIpConfig":{"Cidrs":[]},"SubDomain":"jr65m8vtpq.labeling.us-east-1.sagemaker.aws","CognitoConfig":{"UserPool":"us-east-1_abc","ClientId":"client"},"CreateDate":1796186822.668,"Status":"Active"}}"#
        let shortened = try #require(self.short(Array(text.utf8)))
        #expect(AnswerShorthand.fragments.count <= 28)
        #expect(text.utf8.count == 339)
        #expect(shortened.count < 80)
        roundTrip(text)
    }

    @Test func everyShapeOfAnswerComesBackWhole() {
        roundTrip(#"{"Workforce":{"WorkforceName":"my-oidc","WorkforceArn":"arn:aws:sagemaker:us-east-1:123456789012:workforce/my-oidc","LastUpdatedDate":1.5,"SourceIpConfig":{"Cidrs":["10.0.0.0/16","192.168.0.0/24"]},"SubDomain":"abc.labeling.us-east-1.sagemaker.aws","OidcConfig":{"ClientId":"c","Issuer":"https://issuer.example.com","AuthorizationEndpoint":"https://a.example.com","TokenEndpoint":"https://t.example.com","UserInfoEndpoint":"https://u.example.com","LogoutEndpoint":"https://l.example.com","JwksUri":"https://j.example.com","Scope":"openid email","AuthenticationRequestExtraParams":{"a":"1"}},"CreateDate":1.0,"WorkforceVpcConfig":{"VpcId":"vpc-1","SecurityGroupIds":["sg-1"],"Subnets":["subnet-1","subnet-2"],"VpcEndpointId":"vpce-1"},"Status":"Failed","FailureReason":"quote \" backslash \\ newline \n \u0001 é","IpAddressType":"dualstack"}}"#)
        roundTrip(#"{"Workforce":{"WorkforceName":"wf","WorkforceArn":"arn:aws-cn:sagemaker:cn-north-1:123456789012:workforce/wf","CreateDate":0}}"#)
        roundTrip("")
        roundTrip("w")
        roundTrip("wfwfwf123456789012us-east-1us-east-")
    }

    /// Any printable text, with any account, region and name (one byte long included), comes back as it was.
    @Test func arbitraryTextComesBackWhole() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(#"{}[]":,.-_/ abcwf1234567890Workforce"SubDomain":"é"#.utf8)
        for _ in 0..<500 {
            let body = (0..<Int.random(in: 0..<200, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let pieces = (0..<3).map { _ in (0..<Int.random(in: 0..<4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! } }
            guard let short = short(body, account: pieces[0], region: pieces[1], name: pieces[2]) else {
                Issue.record("refused \(body)")
                continue
            }
            #expect(short.count <= body.count)
            #expect(expanded(short, account: pieces[0], region: pieces[1], name: pieces[2]) == body)
        }
    }

    @Test func aRawControlByteIsRefusedAndLeavesTheOutputAsItWas() {
        var out: [UInt8] = [42]
        #expect(!AnswerShorthand.shorten(Array("ab\u{1}c".utf8), account: account, region: region, name: name, into: &out))
        #expect(out == [42])
    }

    @Test func expandingRefusesWhatDoesNotFitOrIsNoCode() {
        let short = [AnswerShorthand.firstFragment]
        #expect(expanded(short, capacity: 5) == nil)
        let unused = Int(AnswerShorthand.firstFragment) + AnswerShorthand.fragments.count
        if unused < 0x20 { #expect(expanded([UInt8(unused)]) == nil) }
        #expect(expanded([0x00]) == nil)
        #expect(expanded([AnswerShorthand.accountCode], capacity: 12) == account)
    }
}
