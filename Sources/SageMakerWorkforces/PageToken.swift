/// Opaque `NextToken`s for the list operations: the offset of the next page, with a check so that a
/// token that was not ours is refused as a `ValidationException` instead of silently restarting.
public enum PageToken {
    private static let prefix = "wfe1."

    /// The token for a page starting at `offset`. A token made for one `scope` (a list operation and a
    /// namespace, say) is refused in another; the empty scope is the workforce and team lists'.
    public static func make(offset: Int, scope: String = "") -> String {
        let payload = "\(offset)"
        return prefix + payload + "." + checksum(scope.isEmpty ? payload : scope + "\u{0}" + payload)
    }

    /// The offset in `token`, or a `ValidationException` (also for a token of another `scope`).
    public static func offset(from token: String?, scope: String = "") throws(WorkforceError) -> Int {
        guard let token, !token.isEmpty else { return 0 }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, "\(parts[0])." == prefix, let offset = Int(parts[1]), offset >= 0,
            String(parts[2]) == checksum(scope.isEmpty ? String(parts[1]) : scope + "\u{0}" + parts[1])
        else {
            throw .validation("Invalid pagination token: \(token.prefix(64))")
        }
        return offset
    }

    private static func checksum(_ payload: String) -> String {
        var hash: UInt32 = 2_166_136_261  // FNV-1a: not security, only "this came from us"
        for byte in payload.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 36)
    }

    /// One page of `items` (already filtered and sorted) and the token of the next, if more remain.
    public static func page<T>(_ items: [T], query: ListQuery) throws(WorkforceError) -> Page<T> {
        try page(items, maxResults: query.maxResults, nextToken: query.nextToken)
    }

    /// One page of at most `maxResults` of `items`, starting where `nextToken` says.
    public static func page<T>(_ items: [T], maxResults: Int, nextToken: String?, scope: String = "") throws(WorkforceError) -> Page<T> {
        let start = try offset(from: nextToken, scope: scope)
        guard start < items.count else { return Page(items: [], nextToken: nil) }
        let end = min(items.count, start + maxResults)
        return Page(items: Array(items[start..<end]), nextToken: end < items.count ? make(offset: end, scope: scope) : nil)
    }

    /// Filters by `NameContains` (case-sensitive) and sorts by `SortBy`/`SortOrder`; ties by name.
    public static func arrange<T>(
        _ items: [T], query: ListQuery, name: (T) -> String, created: (T) -> EpochMilliseconds
    ) -> [T] {
        var result = items
        if let needle = query.nameContains, !needle.isEmpty { result = result.filter { name($0).contains(needle) } }
        result.sort { lhs, rhs in
            switch query.sortBy {
            case .name: name(lhs) < name(rhs)
            case .createDate: (created(lhs), name(lhs)) < (created(rhs), name(rhs))
            }
        }
        if query.descending { result.reverse() }
        return result
    }
}

/// One page of a list and the token of the page after it.
public struct Page<Item> {
    /// The page's items, in order.
    public var items: [Item]
    /// The token of the next page; nil on the last.
    public var nextToken: String?

    /// A page.
    public init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}

extension Page: Sendable where Item: Sendable {}
extension Page: Equatable where Item: Equatable {}
