/// The worker portal's access decision (issue 6; the UpdateWorkforce reference): "workers who attempt to
/// access tasks using any IP address outside the specified range are denied and get a Not Found error
/// message on the worker portal."
public enum PortalAccess {
    /// The outcome for one worker address.
    public struct Decision: Sendable, Equatable {
        /// Whether the worker may use the portal.
        public var isAllowed: Bool
        /// The first CIDR of the allow-list that contains the address, when one does.
        public var matchedCidr: String?
    }

    /// No CIDRs: everyone. Otherwise only addresses inside one of them (IPv4-mapped IPv6 addresses
    /// count as their IPv4 address).
    public static func decide(_ workforce: Workforce, address: IPAddress) -> Decision {
        if workforce.sourceIpCidrs.isEmpty { return Decision(isAllowed: true, matchedCidr: nil) }
        for text in workforce.sourceIpCidrs {
            if let cidr = CIDR(text), cidr.contains(address) { return Decision(isAllowed: true, matchedCidr: text) }
        }
        return Decision(isAllowed: false, matchedCidr: nil)
    }

    /// Whether the portal of `workforce` exists at `now`: not once it is `Deleting` or gone.
    public static func isServing(_ workforce: Workforce, at now: EpochMilliseconds) -> Bool {
        guard let observed = workforce.lifecycle.observed(at: now) else { return false }
        return observed.status != .deleting
    }

    /// The SubDomain named by an HTTP `Host` value, if it has the shape of one
    /// (`<10 lowercase alphanumerics>.labeling.<region>.sagemaker.aws`, any port, any case).
    public static func subDomain(fromHost host: String) -> String? {
        var name = host.lowercased()
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") { name = String(name[..<colon]) }
        if name.hasSuffix(".") { name.removeLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count == 5, labels[0].count == 10, labels[0].unicodeScalars.allSatisfy(Patterns.isLowerAlphanumeric),
            labels[1] == "labeling", !labels[2].isEmpty, labels[3] == "sagemaker", labels[4] == "aws"
        else { return nil }
        return name
    }
}
