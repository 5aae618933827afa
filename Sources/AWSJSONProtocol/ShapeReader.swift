import JSON

/// Reading a request body against its shape the way AWS's frontends do (spec §1 and §7).
///
/// Two kinds of problems, checked in this order:
/// 1. the body is not a JSON object, or a member has the wrong JSON type → `SerializationException`,
///    thrown at once (it wins over any constraint violation);
/// 2. constraint violations (required, length, range, pattern, enum) → collected, and reported
///    by ``ShapeValidation/finish()`` as one `ValidationException`:
///    `2 validation errors detected: Value '…' at 'sourceIpConfig.cidrs' failed to satisfy constraint: …; …`.
///
/// Member paths use lowerCamel member names and 1-based list positions, as AWS does:
/// `sourceIpConfig.cidrs.3.member`, `tags.1.member.key`. Unknown members are ignored (spec §1, decided).
/// A JSON `null` member is treated as absent.

/// One violated constraint, rendered in AWS's words.
public struct ValidationViolation: Sendable, Equatable {
    /// lowerCamel member path, e.g. `sourceIpConfig.cidrs`.
    public var path: String
    /// The offending value as AWS renders it, or nil for a missing member (`Value null`).
    public var renderedValue: String?
    /// e.g. `Member must have length less than or equal to 10`.
    public var constraint: String

    /// A violation at `path`.
    public init(path: String, renderedValue: String?, constraint: String) {
        self.path = path
        self.renderedValue = renderedValue
        self.constraint = constraint
    }

    /// `Value '<v>' at '<path>' failed to satisfy constraint: <constraint>`.
    public var message: String {
        let value = renderedValue.map { "'\($0)'" } ?? "null"
        return "Value \(value) at '\(path)' failed to satisfy constraint: \(constraint)"
    }
}

/// Collects the violations found while reading one request. Not Sendable: one request, one reader.
///
/// The message lists at most ``maximumListed`` violations, then says how many more there were, and each
/// quoted value is cut at ``maximumValueLength`` characters: a 1 MiB request with 40,000 bad list members
/// must get a short answer, not a message hundreds of times its size.
public final class ShapeValidation {
    /// The violations kept for the message, in reading order (at most ``maximumListed``).
    public private(set) var violations: [ValidationViolation] = []
    /// How many violations were found in all.
    public private(set) var count = 0

    /// Most violations spelled out in one message.
    public static let maximumListed = 10
    /// Longest quoted value, in characters: above every string shape's own maximum but `NextToken`'s,
    /// so a value is only cut when it is far out of bounds.
    public static let maximumValueLength = 2_048

    /// An empty collection.
    public init() {}

    /// Records a violation.
    public func record(_ violation: ValidationViolation) {
        count += 1
        guard violations.count < Self.maximumListed else { return }
        var kept = violation
        if let value = violation.renderedValue, value.count > Self.maximumValueLength {
            kept.renderedValue = value.prefix(Self.maximumValueLength) + "…"
        }
        violations.append(kept)
    }

    /// The whole message: `1 validation error detected: …` or `N validation errors detected: …; …`.
    public static func message(for violations: [ValidationViolation], count: Int? = nil) -> String {
        let total = max(count ?? violations.count, violations.count)
        let head = total == 1 ? "1 validation error detected: " : "\(total) validation errors detected: "
        let more = total > violations.count ? "; and \(total - violations.count) more" : ""
        return head + violations.map(\.message).joined(separator: "; ") + more
    }

    /// Throws one `ValidationException` naming the violations, if there were any.
    public func finish() throws(AWSError) {
        guard count > 0 else { return }
        throw AWSError.validation(Self.message(for: violations, count: count))
    }
}

/// A string pattern: the model's regular expression text (used in messages) and a matcher that
/// implements it by hand (faster and more predictable than a regex engine on the request path).
public struct StringPattern: Sendable {
    /// The pattern as the service model writes it.
    public let source: String
    /// Whether the whole string satisfies the pattern.
    public let matches: @Sendable (String) -> Bool

    /// A pattern with its model text and matcher.
    public init(_ source: String, matches: @escaping @Sendable (String) -> Bool) {
        self.source = source
        self.matches = matches
    }
}

/// The constraints of a string shape.
public struct StringConstraints: Sendable {
    /// Minimum length in UTF-16 code units (Java's `String.length()`, which AWS's validator counts).
    public var minLength: Int?
    /// Maximum length, same unit.
    public var maxLength: Int?
    /// Pattern the whole value must match.
    public var pattern: StringPattern?
    /// Allowed values, for enums.
    public var enumValues: [String]?
    /// A secret (`"sensitive": true` in the model): messages say `*** Sensitive Data Redacted ***`
    /// instead of the value, as AWS does.
    public var isSensitive: Bool

    /// Constraints; all optional.
    public init(
        minLength: Int? = nil, maxLength: Int? = nil, pattern: StringPattern? = nil, enumValues: [String]? = nil,
        isSensitive: Bool = false
    ) {
        self.isSensitive = isSensitive
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.enumValues = enumValues
    }

    /// An enum shape.
    public static func oneOf(_ values: [String]) -> StringConstraints { StringConstraints(enumValues: values) }

    /// Appends a violation for each constraint `value` breaks.
    /// `path` is only built for a violation (paths are strings made per member: most calls have none).
    func check(_ string: String, at path: @autoclosure () -> String, into validation: ShapeValidation) {
        let length = string.utf16.count
        let value = isSensitive ? "*** Sensitive Data Redacted ***" : string
        if let minLength, length < minLength {
            validation.record(.init(path: path(), renderedValue: value, constraint: "Member must have length greater than or equal to \(minLength)"))
        }
        if let maxLength, length > maxLength {
            validation.record(.init(path: path(), renderedValue: value, constraint: "Member must have length less than or equal to \(maxLength)"))
        }
        if let pattern, !pattern.matches(string) {
            validation.record(.init(path: path(), renderedValue: value, constraint: "Member must satisfy regular expression pattern: \(pattern.source)"))
        }
        if let enumValues, !enumValues.contains(string) {
            validation.record(.init(path: path(), renderedValue: value, constraint: "Member must satisfy enum value set: [\(enumValues.joined(separator: ", "))]"))
        }
    }
}

/// Reads the members of one JSON object at a member path.
public struct StructureReader {
    /// The object being read.
    public let object: JSONObject
    /// Its lowerCamel path; empty at the top level.
    public let path: String
    /// Where violations go.
    public let validation: ShapeValidation

    /// A reader for a request body: it must be a JSON object (`{}` when there is no input).
    public static func body(_ value: JSONValue, validation: ShapeValidation) throws(AWSError) -> StructureReader {
        guard case .object(let object) = value else {
            throw AWSError.serialization("The request body must be a JSON object, not a \(value.typeName).")
        }
        return StructureReader(object: object, path: "", validation: validation)
    }

    /// A reader for `object` at `path`.
    public init(object: JSONObject, path: String, validation: ShapeValidation) {
        self.object = object
        self.path = path
        self.validation = validation
    }

    /// The path of a member: its name with the first letter lowered, after this reader's path.
    public func memberPath(_ member: String) -> String {
        let camel = member.prefix(1).lowercased() + member.dropFirst()
        return path.isEmpty ? camel : "\(path).\(camel)"
    }

    private func value(_ member: String, required: Bool) -> JSONValue? {
        guard let value = object[member], value != .null else {
            if required {
                validation.record(.init(path: memberPath(member), renderedValue: nil, constraint: "Member must not be null"))
            }
            return nil
        }
        return value
    }

    /// A string member, checked against `constraints`.
    public func string(_ member: String, required: Bool = false, _ constraints: StringConstraints = .init()) throws(AWSError) -> String? {
        guard let value = value(member, required: required) else { return nil }
        let string = try ShapeTypes.string(value, at: memberPath(member))
        constraints.check(string, at: memberPath(member), into: validation)
        return string
    }

    /// An integer member within `min...max`.
    public func integer(_ member: String, required: Bool = false, min: Int? = nil, max: Int? = nil) throws(AWSError) -> Int? {
        guard let value = value(member, required: required) else { return nil }
        let path = memberPath(member)
        guard case .number(let number) = value, number == number.rounded(), abs(number) <= Double(Int32.max) else {
            throw ShapeTypes.mismatch(at: path, expected: "integer", got: value)
        }
        let integer = Int(number)
        if let min, integer < min {
            validation.record(.init(path: path, renderedValue: String(integer), constraint: "Member must have value greater than or equal to \(min)"))
        }
        if let max, integer > max {
            validation.record(.init(path: path, renderedValue: String(integer), constraint: "Member must have value less than or equal to \(max)"))
        }
        return integer
    }

    /// A Boolean member.
    public func boolean(_ member: String, required: Bool = false) throws(AWSError) -> Bool? {
        guard let value = value(member, required: required) else { return nil }
        guard case .bool(let flag) = value else { throw ShapeTypes.mismatch(at: memberPath(member), expected: "boolean", got: value) }
        return flag
    }

    /// A structure member, read with `read`.
    public func structure<T>(_ member: String, required: Bool = false, _ read: (StructureReader) throws(AWSError) -> T) throws(AWSError) -> T? {
        guard let value = value(member, required: required) else { return nil }
        let path = memberPath(member)
        guard case .object(let object) = value else { throw ShapeTypes.mismatch(at: path, expected: "structure", got: value) }
        return try read(StructureReader(object: object, path: path, validation: validation))
    }

    /// A list member with `min...max` entries, each read by `element` with the element's value and path.
    public func list<T>(
        _ member: String, required: Bool = false, min: Int? = nil, max: Int? = nil,
        _ element: (JSONValue, () -> String) throws(AWSError) -> T
    ) throws(AWSError) -> [T]? {
        guard let value = value(member, required: required) else { return nil }
        guard case .array(let elements) = value else { throw ShapeTypes.mismatch(at: memberPath(member), expected: "list", got: value) }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (position, item) in elements.enumerated() {
            result.append(try element(item, { "\(memberPath(member)).\(position + 1).member" }))
        }
        let rendered = { ShapeTypes.render(value) }
        if let min, elements.count < min {
            validation.record(.init(path: memberPath(member), renderedValue: rendered(), constraint: "Member must have length greater than or equal to \(min)"))
        }
        if let max, elements.count > max {
            validation.record(.init(path: memberPath(member), renderedValue: rendered(), constraint: "Member must have length less than or equal to \(max)"))
        }
        return result
    }

    /// A list of strings, each checked against `constraints`.
    public func strings(
        _ member: String, required: Bool = false, min: Int? = nil, max: Int? = nil, _ constraints: StringConstraints = .init()
    ) throws(AWSError) -> [String]? {
        try list(member, required: required, min: min, max: max) { (item: JSONValue, path: () -> String) throws(AWSError) -> String in
            let string = try ShapeTypes.string(item, at: path())
            constraints.check(string, at: path(), into: validation)
            return string
        }
    }

    /// A list of structures, each read by `read`.
    public func structures<T>(
        _ member: String, required: Bool = false, min: Int? = nil, max: Int? = nil,
        _ read: (StructureReader) throws(AWSError) -> T
    ) throws(AWSError) -> [T]? {
        try list(member, required: required, min: min, max: max) { (item: JSONValue, path: () -> String) throws(AWSError) -> T in
            guard case .object(let object) = item else { throw ShapeTypes.mismatch(at: path(), expected: "structure", got: item) }
            return try read(StructureReader(object: object, path: path(), validation: validation))
        }
    }

    /// A map of strings to strings, in document order, with at most `maxEntries` entries.
    public func stringMap(
        _ member: String, maxEntries: Int? = nil, key: StringConstraints = .init(), value valueConstraints: StringConstraints = .init()
    ) throws(AWSError) -> [(String, String)]? {
        guard let value = value(member, required: false) else { return nil }
        let path = memberPath(member)
        guard case .object(let object) = value else { throw ShapeTypes.mismatch(at: path, expected: "map", got: value) }
        var result: [(String, String)] = []
        for (entryKey, entryValue) in object.members {
            key.check(entryKey, at: "\(path).key", into: validation)
            let string = try ShapeTypes.string(entryValue, at: "\(path).\(entryKey)")
            valueConstraints.check(string, at: "\(path).\(entryKey)", into: validation)
            result.append((entryKey, string))
        }
        if let maxEntries, object.members.count > maxEntries {
            validation.record(.init(path: path, renderedValue: ShapeTypes.render(value), constraint: "Member must have length less than or equal to \(maxEntries)"))
        }
        return result
    }
}

/// Type checks and value rendering shared by the readers.
enum ShapeTypes {
    static func string(_ value: JSONValue, at path: @autoclosure () -> String) throws(AWSError) -> String {
        guard case .string(let string) = value else { throw mismatch(at: path(), expected: "string", got: value) }
        return string
    }

    static func mismatch(at path: String, expected: String, got value: JSONValue) -> AWSError {
        .serialization("Unexpected value type at '\(path)': expected \(expected), got \(value.typeName).")
    }

    /// Renders a value the way AWS's (Java) validator prints it: strings bare, lists as `[a, b]`,
    /// structures as `{Key=value, …}`. Stops a little past ``ShapeValidation/maximumValueLength``
    /// characters, so a huge list costs no more than a short one (the message cuts it there anyway).
    static func render(_ value: JSONValue) -> String {
        var out = ""
        render(value, into: &out)
        return out
    }

    private static func render(_ value: JSONValue, into out: inout String) {
        guard out.count <= ShapeValidation.maximumValueLength else { return }
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += JSONWriter.format(number)
        case .string(let string): out += string.prefix(ShapeValidation.maximumValueLength + 1)
        case .array(let elements):
            out += "["
            for (position, element) in elements.enumerated() {
                guard out.count <= ShapeValidation.maximumValueLength else { return }
                if position > 0 { out += ", " }
                render(element, into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (position, member) in object.members.enumerated() {
                guard out.count <= ShapeValidation.maximumValueLength else { return }
                if position > 0 { out += ", " }
                out += "\(member.key)="
                render(member.value, into: &out)
            }
            out += "}"
        }
    }
}
