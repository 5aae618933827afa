import DomainTestSupport
import Testing

@testable import SageMakerWorkforces

/// A listed item: a name and a creation time.
private struct Item: Equatable, CustomStringConvertible {
    let name: String
    let created: EpochMilliseconds
    var description: String { name }
}

private func arrange(_ items: [Item], _ input: ListQuery) -> [String] {
    PageToken.arrange(items, query: input, name: \.name, created: \.created).map(\.name)
}

/// Every page of `items`, following NextToken until there is none.
private func allPages(_ items: [Int], maxResults: Int) throws -> [[Int]] {
    var pages: [[Int]] = []
    var token: String?
    repeat {
        let page = try PageToken.page(items, query: .make(maxResults: maxResults, nextToken: token))
        pages.append(page.items)
        token = page.nextToken
    } while token != nil && pages.count < 100
    return pages
}

@Suite struct PageTokenTests {
    @Test func pagesCoverTheListOnceAndTheLastHasNoToken() throws {
        let items = Array(1...25)
        let first = try PageToken.page(items, query: .make(maxResults: 10))
        #expect(first.items == Array(1...10))
        let token = try #require(first.nextToken)
        let second = try PageToken.page(items, query: .make(maxResults: 10, nextToken: token))
        #expect(second.items == Array(11...20))
        #expect(second.nextToken != nil)
        let third = try PageToken.page(items, query: .make(maxResults: 10, nextToken: second.nextToken))
        #expect(third.items == Array(21...25))
        #expect(third.nextToken == nil)
    }

    @Test(arguments: [1, 3, 10, 24, 25, 26, 100])
    func followingTokensYieldEveryItemOnce(maxResults: Int) throws {
        let items = Array(0..<25)
        let pages = try allPages(items, maxResults: maxResults)
        #expect(pages.flatMap { $0 } == items)
        #expect(pages.allSatisfy { $0.count <= maxResults })
        #expect(pages.count == (25 + maxResults - 1) / maxResults)
    }

    @Test func exactlyOnePageHasNoToken() throws {
        let page = try PageToken.page(Array(1...10), query: .make(maxResults: 10))
        #expect(page.items.count == 10)
        #expect(page.nextToken == nil)
    }

    @Test func defaultPageSizeIsTen() throws {
        let page = try PageToken.page(Array(1...11), query: .make())
        #expect(page.items == Array(1...10))
        #expect(page.nextToken != nil)
    }

    @Test func emptyListHasNoToken() throws {
        let page = try PageToken.page([Int](), query: .make())
        #expect(page.items == [])
        #expect(page.nextToken == nil)
    }

    @Test func tokenRoundTrips() throws {
        #expect(try PageToken.offset(from: PageToken.make(offset: 7)) == 7)
        #expect(try PageToken.offset(from: PageToken.make(offset: 0)) == 0)
        #expect(try PageToken.offset(from: nil) == 0)
        #expect(try PageToken.offset(from: "") == 0)
    }

    @Test func forgedOffsetIsRefused() throws {
        let token = PageToken.make(offset: 10)
        let forged = token.replacingOccurrences(".10.", with: ".20.")
        #expect(forged != token)
        let error = thrown { () throws(WorkforceError) in try PageToken.offset(from: forged) }
        #expect(error?.kind == .validation)
    }

    @Test(arguments: ["garbage", "wfe1.10.x", "wfe1.10", "wfe2.10.x", "wfe1.-1.x", "wfe1.abc.x", "wfe1..x", ".....", "wfe1.10.x.y"])
    func badTokensAreValidationErrors(token: String) throws {
        let input = ListQuery.make(nextToken: token)
        let error = thrown { () throws(WorkforceError) in try PageToken.page([1, 2, 3], query: input) }
        #expect(error?.kind == .validation)
        #expect(error?.message.contains(token) == true)
    }

    @Test func negativeOffsetWithItsOwnChecksumIsRefused() {
        let token = PageToken.make(offset: -1)
        #expect(thrown { () throws(WorkforceError) in try PageToken.offset(from: token) }?.kind == .validation)
    }

    @Test func veryLongBadTokenIsCutInTheMessage() throws {
        let token = String(repeating: "x", count: 5_000)
        let error = try #require(thrown { () throws(WorkforceError) in try PageToken.offset(from: token) })
        #expect(error.message.count < 200)
    }

    @Test func tokenPastTheEndGivesAnEmptyLastPage() throws {
        let page = try PageToken.page([1, 2, 3], query: .make(nextToken: PageToken.make(offset: 50)))
        #expect(page.items == [])
        #expect(page.nextToken == nil)
    }
}

@Suite struct ArrangeTests {
    private let items = [
        Item(name: "beta", created: 300), Item(name: "alpha", created: 200), Item(name: "gamma", created: 100),
        Item(name: "Alpha2", created: 400), Item(name: "delta", created: 200),
    ]

    @Test func defaultIsCreateDateAscendingWithTiesByName() throws {
        #expect(arrange(items, .make()) == ["gamma", "alpha", "delta", "beta", "Alpha2"])
    }

    @Test func createDateDescending() throws {
        #expect(arrange(items, .make(sortBy: .createDate, descending: true)) == ["Alpha2", "beta", "delta", "alpha", "gamma"])
    }

    @Test func nameAscendingAndDescending() throws {
        let lowercase = items.filter { $0.name != "Alpha2" }
        #expect(arrange(lowercase, .make(sortBy: .name)) == ["alpha", "beta", "delta", "gamma"])
        #expect(arrange(lowercase, .make(sortBy: .name, descending: true)) == ["gamma", "delta", "beta", "alpha"])
    }

    @Test func nameContainsIsCaseSensitive() throws {
        #expect(arrange(items, .make(nameContains: "lph", sortBy: .name)) == ["Alpha2", "alpha"])
        #expect(arrange(items, .make(nameContains: "Al")) == ["Alpha2"])
        #expect(arrange(items, .make(nameContains: "al")) == ["alpha"])
        #expect(arrange(items, .make(nameContains: "zzz")) == [])
    }

    @Test func emptyNameContainsFiltersNothing() throws {
        var input = ListQuery.make()
        input.nameContains = ""
        #expect(arrange(items, input).count == items.count)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
