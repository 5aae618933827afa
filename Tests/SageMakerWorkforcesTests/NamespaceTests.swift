import Testing

@testable import SageMakerWorkforces

@Suite struct NamespaceNameTests {
    @Test(arguments: ["123456789012", "000000000000"])
    func accountIDsAreTwelveDigits(_ text: String) {
        #expect(Namespace.isAccountID(text))
    }

    @Test(arguments: ["", "12345678901", "1234567890123", "12345678901a", "１２３４５６７８９０１２", "AKIAIOSFODNN7EXAMPLE"])
    func otherTextIsNoAccountID(_ text: String) {
        #expect(!Namespace.isAccountID(text))
    }

    @Test(arguments: ["us-east-1", "cn-north-1", "us-gov-west-1", "eu-central-2", String(repeating: "a", count: 32)])
    func regionNames(_ text: String) {
        #expect(Namespace.isRegionName(text))
    }

    /// One rule for every place a region is read (flags, SigV4 scopes, fixtures, admin filters): 33
    /// characters is refused everywhere, where `--region` once allowed 64.
    @Test(arguments: ["", "US-EAST-1", "us_east_1", "us-east-1 ", String(repeating: "a", count: 33)])
    func notRegionNames(_ text: String) {
        #expect(!Namespace.isRegionName(text))
    }
}
