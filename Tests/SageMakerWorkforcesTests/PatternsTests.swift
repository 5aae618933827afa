import Testing

@testable import SageMakerWorkforces

private let a63 = String(repeating: "a", count: 63)
private let a64 = String(repeating: "a", count: 64)

@Suite struct PatternsTests {
    @Test(arguments: [
        ("a", true), ("A", true), ("0", true), ("wf", true), ("my-workforce-1", true), ("a-", true), ("a--b", true),
        ("Z9-", true), (a63, true), ("a" + String(repeating: "-", count: 62), true),
        ("", false), ("-a", false), ("a_b", false), ("a b", false), ("a.b", false), ("é", false), (a64, false),
        ("a" + String(repeating: "-", count: 63), false), ("wf\n", false), ("aé", false), ("e\u{301}", false),
        ("ａ", false), (String(repeating: "a", count: 62) + "é", false),
    ])
    func workforceName(value: String, matches: Bool) {
        #expect(Patterns.workforceName.matches(value) == matches)
    }

    @Test(arguments: [
        ("a", true), ("team", true), ("my-team-1", true), ("a--b", true), ("a-b-c", true), (a63, true),
        ("a" + String(repeating: "-", count: 100) + "b", true), ("A1", true),
        ("", false), ("a-", false), ("-a", false), ("-", false), ("a_b", false), ("a b", false), ("é", false), (a64, false),
        ("p-", false),
    ])
    func workteamName(value: String, matches: Bool) {
        #expect(Patterns.workteamName.matches(value) == matches)
    }

    @Test func workforceAndWorkteamNamesDifferOnTrailingHyphens() {
        #expect(Patterns.workforceName.matches("a-"))
        #expect(!Patterns.workteamName.matches("a-"))
        #expect(Patterns.workteamName.matches("a--b"))
        #expect(Patterns.workforceName.matches("a--b"))
    }

    @Test func patternSourcesAreTheModelsText() {
        #expect(Patterns.workforceName.source == "[a-zA-Z0-9]([a-zA-Z0-9\\-]){0,62}")
        #expect(Patterns.workteamName.source == "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
        #expect(Patterns.cognitoUserPool.source == "[\\w-]+_[0-9a-zA-Z]+")
        #expect(Patterns.oidcEndpoint.source == "https://\\S+")
    }

    @Test(arguments: [
        ("us-east-1_AbC123", true), ("eu-west-2_x", true), ("a_b", true), ("a__b", true), ("a_b_c", true), ("-_1", true),
        ("", false), ("_abc", false), ("abc_", false), ("abc", false), ("us-east-1_abc-d", false), ("us east_1", false),
        ("us-east-1_ab.c", false), ("us-east-1_é", false),
    ])
    func cognitoUserPool(value: String, matches: Bool) {
        #expect(Patterns.cognitoUserPool.matches(value) == matches)
    }

    @Test(arguments: [
        ("https://idp.example.com", true), ("https://idp.example.com/oauth2/authorize?x=1&y=2", true), ("https://a", true),
        ("https://\u{A0}", true),
        ("", false), ("https://", false), ("http://idp.example.com", false), ("HTTPS://idp.example.com", false),
        ("https://idp example.com", false), ("https://idp\t.com", false), ("https://idp.com\n", false), ("https://a\u{0B}", false),
        ("https://a\u{0C}", false), ("https://a\r", false), (" https://idp.example.com", false), ("ftp://x", false),
    ])
    func oidcEndpointIsHTTPSWithoutWhitespace(value: String, matches: Bool) {
        #expect(Patterns.oidcEndpoint.matches(value) == matches)
    }

    @Test(arguments: [
        ("openid", true), ("openid email profile", true), ("a!#$%&'()*+,-./:;<=>?@[]^_`{|}~", true),
        ("", false), (" openid", false), ("openid ", false), ("openid  email", false), ("open\"id", false), ("open\\id", false),
        ("openid\temail", false), ("é", false),
    ])
    func scope(value: String, matches: Bool) {
        #expect(Patterns.scope.matches(value) == matches)
    }

    @Test(arguments: [
        ("", true), ("env", true), ("cost center", true), ("a_b.c:d/e=f+g-h@i", true), ("日本語", true), ("Ünïcödé 123", true),
        ("a!b", false), ("a#b", false), ("a,b", false), ("a\tb", false), ("a\"b", false), ("a*b", false), ("🎉", false),
    ])
    func tagText(value: String, matches: Bool) {
        #expect(Patterns.tagText.matches(value) == matches)
    }

    @Test(arguments: [
        ("labelers", true), ("group-1", true), ("Ünïcödé", true), ("a+b=c", true), ("(x)", true), ("$€", true),
        ("", false), ("a b", false), ("a\tb", false), ("a\nb", false),
    ])
    func groupName(value: String, matches: Bool) {
        #expect(Patterns.groupName.matches(value) == matches)
    }

    @Test(arguments: [
        ("client-1", true), (" ~", true), ("a b", true),
        ("", false), ("é", false), ("a\nb", false), ("a\u{7F}", false),
    ])
    func printableASCII(value: String, matches: Bool) {
        #expect(Patterns.printableASCII.matches(value) == matches)
    }

    @Test func awsIdentifiers() {
        let sg = Patterns.awsIdentifier(prefix: "sg-")
        #expect(sg.source == "sg-[0-9a-z]*")
        #expect(sg.matches("sg-0a1b2c3d"))
        #expect(sg.matches("sg-"))
        #expect(!sg.matches("sg-0A1B"))
        #expect(!sg.matches("sg_0a1b"))
        #expect(!sg.matches("subnet-0a1b"))
        #expect(!sg.matches(""))
        #expect(Patterns.awsIdentifier(prefix: "vpc-").matches("vpc-1"))
        #expect(!Patterns.awsIdentifier(prefix: "vpc-").matches("notavpc"))
    }

    @Test(arguments: [
        ("arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/team", true),
        ("arn:aws-cn:sagemaker:cn-north-1:123456789012:workforce/wf", true),
        ("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:workteam/private-crowd/t", true),
        ("arn:aws:sagemaker:us-east-1:123456789012:a:b:c", true),
        ("arn:aws:sagemaker::123456789012:x", true),
        ("arn:aws:sns:us-east-1:123456789012:topic", false),
        ("arn:aws:sagemaker:us-east-1:12345678901:workteam/private-crowd/t", false),
        ("arn:aws:sagemaker:us-east-1:1234567890123:workteam/private-crowd/t", false),
        ("arn:aws:sagemaker:US-EAST-1:123456789012:workteam/private-crowd/t", false),
        ("arn:aws:sagemaker:us-east-1:123456789012:", false),
        ("arn:AWS:sagemaker:us-east-1:123456789012:x", false),
        ("arn:gcp:sagemaker:us-east-1:123456789012:x", false),
        ("arn:aws:sagemaker:us-east-1:123456789012", false),
        ("arn:aws:sagemaker:us-east-1:123456789012:line\nbreak", false),
        ("workteam/private-crowd/t", false),
    ])
    func resourceArn(value: String, matches: Bool) {
        #expect(Patterns.resourceArn.matches(value) == matches)
    }

    @Test(arguments: [
        ("arn:aws:sns:us-east-1:123456789012:my-topic", true), ("arn:aws:sns:us-east-1:123456789012:my_topic.fifo", true),
        ("arn:aws:sns:us-east-1:123456789012:", true),
        ("arn:aws:sagemaker:us-east-1:123456789012:my-topic", false), ("arn:aws:sns:us-east-1:123456789012:a:b", false),
        ("arn:aws:sns:us-east-1:123:my-topic", false), ("arn:aws:sns:us-east-1:123456789012:my topic", false),
    ])
    func notificationTopicArn(value: String, matches: Bool) {
        #expect(Patterns.notificationTopicArn.matches(value) == matches)
    }

    @Test func lineCharacterPatterns() {
        #expect(Patterns.anyLine.matches(""))
        #expect(Patterns.anyLine.matches("any text: é 🎉"))
        #expect(!Patterns.anyLine.matches("two\nlines"))
        #expect(!Patterns.anyLine.matches("a\u{2028}b"))
        #expect(!Patterns.nonEmptyLine.matches(""))
        #expect(Patterns.nonEmptyLine.matches("Labelers for images"))
        #expect(!Patterns.nonEmptyLine.matches("a\rb"))
    }
}
