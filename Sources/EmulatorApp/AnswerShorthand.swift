/// A lossless shorthand for `{"Workforce": {…}}` answer bodies, so that ``DescribeCache`` can keep one for
/// every namespace of a large database within its memory budget (issue 15: 100,000 namespaces, 40 MB).
///
/// A body is JSON written by ``SageMakerOperations/workforceBodyBytes(_:subDomain:)``, and JSON never holds
/// a raw byte below 0x20 (``JSONWriter`` escapes them all). The shorthand spends those 31 bytes as codes:
/// `0x01`, `0x02` and `0x03` stand for the namespace's account, its region and the workforce's name (the
/// cache keeps them beside the body anyway), and each byte from `0x04` stands for one of ``fragments``, the
/// member names and punctuation every answer repeats. Every other byte stands for itself. A 339-byte answer
/// of the benchmark's workforce shortens to about 70 bytes; expanding it is a handful of copies.
///
/// Shortening is greedy and only ever replaces bytes by a code whose expansion is exactly those bytes, so
/// `expand(shorten(body)) == body` for every body without raw control bytes; a body with one is refused.
enum AnswerShorthand {
    /// The code of the account (of the namespace the answer belongs to).
    static let accountCode: UInt8 = 0x01
    /// The code of the region.
    static let regionCode: UInt8 = 0x02
    /// The code of the workforce's name.
    static let nameCode: UInt8 = 0x03
    /// The code of `fragments[0]`; fragment `k` is `firstFragment + k`.
    static let firstFragment: UInt8 = 0x04

    /// What answers repeat, in the order the encoder writes them; longer ones first where one begins another.
    /// At most 28 (codes 0x04 … 0x1F).
    static let fragments: [[UInt8]] = [
        #"{"Workforce":{"WorkforceName":""#,
        #"","WorkforceArn":"arn:aws:sagemaker:"#,
        ":workforce/",
        #"","LastUpdatedDate":"#,
        #","SourceIpConfig":{"Cidrs":["#,
        #"]},"SubDomain":""#,
        ".labeling.",
        #".sagemaker.aws","CognitoConfig":{"UserPool":""#,
        #".sagemaker.aws","OidcConfig":{"ClientId":""#,
        #"","ClientId":""#,
        #""},"CreateDate":"#,
        #","Status":"Active"}}"#,
        #","WorkforceVpcConfig":{"VpcId":""#,
        #"","SecurityGroupIds":["#,
        #"],"Subnets":["#,
        #","VpcEndpointId":""#,
        #","Status":""#,
        #"","FailureReason":""#,
        #","IpAddressType":""#,
        #"","Issuer":"https://"#,
        #"","AuthorizationEndpoint":"https://"#,
        #"","TokenEndpoint":"https://"#,
        #"","UserInfoEndpoint":"https://"#,
        #"","LogoutEndpoint":"https://"#,
        #"","JwksUri":"https://"#,
        #"","Scope":""#,
        #"","AuthenticationRequestExtraParams":{"#,
        #"},"CreateDate":"#,
    ].map { Array($0.utf8) }

    /// For each first byte, the fragments that begin with it (indices into ``fragments``), longest first.
    private static let fragmentsByFirstByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, fragment) in fragments.enumerated() { table[Int(fragment[0])].append(index) }
        for byte in table.indices { table[byte].sort { fragments[$0].count > fragments[$1].count } }
        return table
    }()

    /// `body` in shorthand, appended to `out`; false (and `out` as it was) if `body` holds a raw control
    /// byte, which the shorthand could not tell from a code. `account`, `region` and `name` are replaced
    /// only where they are at least two bytes long (a code is one).
    static func shorten(
        _ body: [UInt8], account: [UInt8], region: [UInt8], name: [UInt8], into out: inout [UInt8]
    ) -> Bool {
        let start = out.count
        let count = body.count
        var index = 0
        scan: while index < count {
            let byte = body[index]
            if byte < 0x20 {
                out.removeSubrange(start...)
                return false
            }
            for candidate in fragmentsByFirstByte[Int(byte)] where matches(fragments[candidate], body, at: index) {
                out.append(firstFragment + UInt8(candidate))
                index += fragments[candidate].count
                continue scan
            }
            if account.count > 1, matches(account, body, at: index) {
                out.append(accountCode)
                index += account.count
            } else if region.count > 1, matches(region, body, at: index) {
                out.append(regionCode)
                index += region.count
            } else if name.count > 1, matches(name, body, at: index) {
                out.append(nameCode)
                index += name.count
            } else {
                out.append(byte)
                index += 1
            }
        }
        return true
    }

    private static func matches(_ piece: [UInt8], _ body: [UInt8], at index: Int) -> Bool {
        guard body.count - index >= piece.count else { return false }
        for offset in piece.indices where body[index + offset] != piece[offset] { return false }
        return true
    }

    /// The fragments laid out once in memory that is never freed: expanding copies from it with `memcpy`,
    /// without the retain and release that reading a `[[UInt8]]` global costs each time.
    private struct Table: @unchecked Sendable {
        // Why `@unchecked Sendable` is safe: written once in `init`, only read afterwards.
        let base: UnsafeMutableRawPointer
        let starts: [Int]
        let lengths: [Int]

        init() {
            let total = AnswerShorthand.fragments.reduce(0) { $0 + $1.count }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 1)
            var starts: [Int] = []
            var offset = 0
            for fragment in AnswerShorthand.fragments {
                fragment.withUnsafeBytes { (buffer + offset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                starts.append(offset)
                offset += fragment.count
            }
            base = buffer
            self.starts = starts
            lengths = AnswerShorthand.fragments.map(\.count)
        }
    }

    private static let table = Table()

    /// Writes the body that `short` stands for into `out`, with `account`, `region` and `name` for their
    /// codes; its length, or nil if it does not fit `out` or holds a code that stands for nothing (neither
    /// happens to what ``shorten(_:account:region:name:into:)`` wrote, whose expanded length the cache keeps).
    static func expand(
        _ short: UnsafeRawBufferPointer, account: UnsafeRawBufferPointer, region: UnsafeRawBufferPointer,
        name: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer
    ) -> Int? {
        guard let source = short.baseAddress, let target = out.baseAddress else { return short.isEmpty ? 0 : nil }
        let table = Self.table
        var written = 0
        var literalStart = 0
        var index = 0
        func copy(_ from: UnsafeRawPointer?, _ count: Int) -> Bool {
            guard count <= out.count - written else { return false }
            if count > 0, let from { (target + written).copyMemory(from: from, byteCount: count) }
            written += count
            return true
        }
        while index < short.count {
            let byte = source.load(fromByteOffset: index, as: UInt8.self)
            if byte >= 0x20 {
                index += 1
                continue
            }
            guard copy(source + literalStart, index - literalStart) else { return nil }
            let copied: Bool
            switch byte {
            case accountCode: copied = copy(account.baseAddress, account.count)
            case regionCode: copied = copy(region.baseAddress, region.count)
            case nameCode: copied = copy(name.baseAddress, name.count)
            default:
                let fragment = Int(byte &- firstFragment)
                guard byte >= firstFragment, fragment < table.starts.count else { return nil }
                copied = copy(table.base + table.starts[fragment], table.lengths[fragment])
            }
            guard copied else { return nil }
            index += 1
            literalStart = index
        }
        guard copy(source + literalStart, short.count - literalStart) else { return nil }
        return written
    }
}
