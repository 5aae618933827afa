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
/// Lookups and assignments go through a key → position index, so building an object of n members costs
/// O(n), not O(n²): a hostile body with tens of thousands of members must not stall the server.
public struct JSONObject: Sendable, Equatable {
    public private(set) var members: [(key: String, value: JSONValue)] = []
    private var positions: [ExactKey: Int] = [:]

    /// A member name compared by its exact UTF-8 bytes. Swift's `String ==` treats canonically
    /// equivalent text as equal (the Kelvin sign U+212A equals "K"); JSON member names, like AWS's
    /// own parsers, must not: `"Tag\u212Aeys"` is not `"TagKeys"`.
    struct ExactKey: Hashable {
        let text: String

        static func == (lhs: ExactKey, rhs: ExactKey) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

        func hash(into hasher: inout Hasher) {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }

    /// An empty object.
    public init() {}

    /// An object from key-value pairs; a repeated key keeps its last value, in its first position.
    public init(_ pairs: [(String, JSONValue)]) {
        members.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// The value of `key`, or nil. Assigning nil removes the member.
    public subscript(key: String) -> JSONValue? {
        get { positions[ExactKey(text: key)].map { members[$0].value } }
        set {
            let key = ExactKey(text: key)
            if let index = positions[key] {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                    positions[key] = nil
                    for later in index..<members.count { positions[ExactKey(text: members[later].key)] = later }
                }
            } else if let newValue {
                positions[key] = members.count
                members.append((key.text, newValue))
            }
        }
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
