#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed JSON document.
///
/// The emulator parses request bodies itself instead of going through `JSONDecoder`, because awsJson 1.1
/// needs to tell apart "not JSON" and "wrong type" (`SerializationException`) from constraint violations
/// (`ValidationException`), with AWS's member paths, and because hostile input must meet explicit limits
/// (nesting depth, invalid UTF-8) rather than whatever a general-purpose decoder happens to do.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order. Duplicate keys keep the last value (see ``JSONObject``).
    case object(JSONObject)

    /// The JSON type name used in `SerializationException` messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "list"
        case .object: "structure"
        }
    }
}

/// A JSON object that keeps its members' order (so responses are stable and readable) and looks members up by key.
///
/// Small objects (every object a well-formed request or response has) are searched linearly: hashing
/// each key cost more than the comparisons it saves (measured: 13% of a DescribeWorkforce's instructions).
/// Past ``indexThreshold`` members a key → position index takes over, so building an object of n members
/// stays O(n), not O(n²): a hostile body with tens of thousands of members must not stall the server.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [(key: String, value: JSONValue)] = []
    /// Built once the object has more than ``indexThreshold`` members; nil before.
    private var positions: [ExactKey: Int]?

    /// Member count above which lookups go through the index.
    static let indexThreshold = 16

    /// A member name compared by its exact UTF-8 bytes. Swift's `String ==` treats canonically
    /// equivalent text as equal (the Kelvin sign U+212A equals "K"); JSON member names, like AWS's
    /// own parsers, must not: `"Tag\u212Aeys"` is not `"TagKeys"`.
    struct ExactKey: Hashable {
        let text: String

        static func == (lhs: ExactKey, rhs: ExactKey) -> Bool { exactlyEqual(lhs.text, rhs.text) }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// An empty object.
    public init() {}

    /// An object from key-value pairs; a repeated key keeps its last value, in its first position.
    public init(_ pairs: [(String, JSONValue)]) {
        members.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The position of the member named `key`, if any.
    private func position(of key: String) -> Int? {
        if let positions { return positions[ExactKey(text: key)] }
        return members.firstIndex { exactlyEqual($0.key, key) }
    }

    /// The value of `key`, or nil. Assigning nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let index = position(of: key) {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                    if positions != nil { rebuildIndex() }
                }
            } else if let newValue {
                positions?[ExactKey(text: key)] = members.count
                members.append((key, newValue))
                if positions == nil && members.count > Self.indexThreshold { rebuildIndex() }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            positions = nil
            return
        }
        var index: [ExactKey: Int] = [:]
        index.reserveCapacity(members.count)
        for (position, member) in members.enumerated() { index[ExactKey(text: member.key)] = position }
        positions = index
    }

    /// The member names, in order.
    public var keys: [String] { members.map(\.key) }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// Whether two strings have the same UTF-8 bytes (no Unicode canonical equivalence).
@inline(__always)
func exactlyEqual(_ lhs: String, _ rhs: String) -> Bool {
    var lhs = lhs
    var rhs = rhs
    guard lhs.utf8.count == rhs.utf8.count else { return false }
    return lhs.withUTF8 { left in
        rhs.withUTF8 { right in
            guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else { return left.isEmpty }
            return memcmp(leftBase, rightBase, left.count) == 0
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// The string, if this is one.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The object, if this is one.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The number, if this is one.
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    /// The Boolean, if this is one.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// Member lookup on an object; nil for anything else.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }
}
