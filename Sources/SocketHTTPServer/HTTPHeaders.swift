/// An ordered list of HTTP header fields (RFC 9110 §5).
///
/// Order and duplicates are kept exactly as received or added; name lookups compare
/// case-insensitively (RFC 9110 §5.1: field names are case-insensitive). Equality compares
/// names and values exactly, in order.
///
/// Stored as bytes: every name and value back to back in one buffer, and a list of where each field's
/// name and value are. A parsed request's field line is one copy of bytes into that buffer, and a `String`
/// is made only of a value someone asks for (most fields of a request are never asked for: making a
/// validated `String` of each name and value was a sixth of a request's instructions). A field replaced or
/// removed leaves its bytes behind until the headers are dropped.
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// Where one field's name and value are in ``bytes``.
    struct Field: Sendable {
        var nameStart: UInt32
        var nameCount: UInt32
        var valueStart: UInt32
        var valueCount: UInt32

        /// The name's bytes in `storage` (the headers' ``HTTPHeaders/bytes``).
        @inline(__always)
        func name(in storage: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: storage[Int(nameStart)..<Int(nameStart + nameCount)])
        }

        /// The value's bytes in `storage`.
        @inline(__always)
        func value(in storage: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: storage[Int(valueStart)..<Int(valueStart + valueCount)])
        }
    }

    private var bytes: [UInt8] = []
    private var fields: [Field] = []
    /// A bit for each ``KnownName`` some field may have; set as fields are added, never cleared.
    private var knownNames: UInt8 = 0
    /// A bit for each ``KnownName`` more than one added field had.
    private var repeatedNames: UInt8 = 0
    /// Where the first `Content-Length` and `Authorization` fields are (-1: none added), while
    /// ``indexesAreExact``.
    private var firstContentLength: Int32 = -1
    private var firstAuthorization: Int32 = -1
    /// False once a field was removed or replaced (indexes moved): lookups scan again.
    private var indexesAreExact = true

    /// False when no field is named `name`; true when one may be (one was added, perhaps since removed),
    /// and a lookup then tells.
    @inline(__always)
    func mayContain(_ name: KnownName) -> Bool {
        knownNames & name.rawValue != 0
    }

    /// Where the fields named a ``KnownName`` are, as far as the headers know without a scan.
    private enum KnownLookup {
        /// No field has the name.
        case none
        /// Exactly one field has it, at this index.
        case only(Int)
        /// A scan must tell: several fields have it, fields were removed or replaced since (indexes
        /// moved), or the name's index is not recorded.
        case scan
    }

    @inline(__always)
    private func lookup(_ name: KnownName) -> KnownLookup {
        guard mayContain(name) else { return .none }
        guard indexesAreExact, repeatedNames & name.rawValue == 0 else { return .scan }
        let index = name == .contentLength ? firstContentLength : name == .authorization ? firstAuthorization : -1
        return index >= 0 ? .only(Int(index)) : .scan
    }

    /// Calls `body` with the value bytes of each field named `name`, in order, until it returns false:
    /// the recorded field alone when it is the only one, else a scan.
    func forEachValue(of name: KnownName, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        switch lookup(name) {
        case .none: return
        case .only(let index):
            let field = fields[index]
            _ = bytes.withUnsafeBufferPointer { body(field.value(in: $0)) }
        case .scan: forEachValue(named: name.text, body)
        }
    }

    /// Creates headers from (name, value) pairs, kept in the given order.
    public init(_ pairs: [(String, String)] = []) {
        guard !pairs.isEmpty else { return }
        // Sized once, every API answer's headers are made this way. `reserveCapacity` and appends, not
        // `init(unsafeUninitializedCapacity:)`: that one allocates through an unspecialized generic path
        // which looks up the storage class's metadata at run time (about 600 instructions a call).
        var total = 0
        for (name, value) in pairs { total += name.utf8.count + value.utf8.count }
        bytes.reserveCapacity(total)
        fields.reserveCapacity(pairs.count)
        for (name, value) in pairs { add(name: name, value: value) }
    }

    /// Appends `text`'s UTF-8 to ``bytes``; a native string is read in place (no copy of the `String`,
    /// so no retain and release around it).
    private mutating func append(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: text.utf8) }
    }

    /// Creates headers from a literal such as `["Content-Type": "text/plain"]`, in literal order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The value of the first field named `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        guard let index = firstIndex(named: name) else { return nil }
        return value(at: index)
    }

    /// The values of every field named `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        var values: [String] = []
        forEachIndex(named: name) { index in
            values.append(value(at: index))
            return true
        }
        return values
    }

    /// Calls `body` with the bytes of the first field named `name` (case-insensitive), or with nil: for
    /// a reader that needs no `String` of the value (the SigV4 scope, say).
    public func withValueBytes<Result>(named name: String, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows -> Result {
        guard let index = firstIndex(named: name) else { return try body(nil) }
        let field = fields[index]
        return try bytes.withUnsafeBufferPointer { storage in
            try body(field.value(in: storage))
        }
    }

    /// ``withValueBytes(named:_:)`` for a ``KnownName`` (`Authorization` on every API call): the field
    /// is found where it was added, without a scan, when it is the only one of its name.
    package func withValueBytes(of name: KnownName, _ body: (UnsafeBufferPointer<UInt8>?) -> Void) {
        switch lookup(name) {
        case .none: body(nil)
        case .only(let index):
            let field = fields[index]
            bytes.withUnsafeBufferPointer { body(field.value(in: $0)) }
        case .scan: withValueBytes(named: name.text, body)
        }
    }

    /// Calls `body` with the bytes of each field named `name` (case-insensitive), in order, until it returns false.
    func forEachValue(named name: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        bytes.withUnsafeBufferPointer { storage in
            forEachIndex(named: name) { index in
                let field = fields[index]
                return body(field.value(in: storage))
            }
        }
    }

    /// Reserves room for `count` fields (the parser does, so a typical request's fields need one allocation).
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
        bytes.reserveCapacity(count * 32)
    }

    /// Appends a field, keeping any existing ones with the same name.
    public mutating func add(name: String, value: String) {
        let nameStart = bytes.count
        append(name)
        let valueStart = bytes.count
        append(value)
        appendField(nameStart: nameStart, valueStart: valueStart)
    }

    /// Appends a field from a field line the parser has checked: the line's bytes from the name's start
    /// to the value's end are copied at once, and the name and value are found where they are in it.
    mutating func add(fieldLine line: UnsafeBufferPointer<UInt8>, name: Range<Int>, value: Range<Int>) {
        let start = bytes.count - name.lowerBound
        if let known = KnownName(UnsafeBufferPointer(rebasing: line[name])) { note(known, at: fields.count) }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[name.lowerBound..<value.upperBound]))
        fields.append(
            Field(
                nameStart: UInt32(start + name.lowerBound), nameCount: UInt32(name.count),
                valueStart: UInt32(start + value.lowerBound), valueCount: UInt32(value.count)))
    }

    private mutating func appendField(nameStart: Int, valueStart: Int) {
        let known = bytes.withUnsafeBufferPointer { KnownName(UnsafeBufferPointer(rebasing: $0[nameStart..<valueStart])) }
        if let known { note(known, at: fields.count) }
        fields.append(
            Field(
                nameStart: UInt32(nameStart), nameCount: UInt32(valueStart - nameStart),
                valueStart: UInt32(valueStart), valueCount: UInt32(bytes.count - valueStart)))
    }

    /// Notes that the field about to be appended at `index` is named `known`.
    @inline(__always)
    private mutating func note(_ known: KnownName, at index: Int) {
        if knownNames & known.rawValue != 0 {
            repeatedNames |= known.rawValue
        } else if known == .contentLength {
            firstContentLength = Int32(truncatingIfNeeded: index)
        } else if known == .authorization {
            firstAuthorization = Int32(truncatingIfNeeded: index)
        }
        knownNames |= known.rawValue
    }

    /// Replaces the first field named `name` (case-insensitive) and removes the others; appends if absent.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = firstIndex(named: name) else {
            add(name: name, value: value)
            return
        }
        add(name: name, value: value)
        indexesAreExact = false
        fields[first] = fields.removeLast()
        var index = fields.count - 1
        while index > first {
            if nameMatches(index, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every field named `name` (case-insensitive).
    public mutating func remove(name: String) {
        indexesAreExact = false
        var index = fields.count - 1
        while index >= 0 {
            if nameMatches(index, name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Whether at least one field is named `name` (case-insensitive).
    public func contains(_ name: String) -> Bool {
        firstIndex(named: name) != nil
    }

    /// Whether a comma-separated list header (such as `Connection`) holds `token`, compared case-insensitively
    /// (RFC 9110 §5.6.1 lists, §7.6.1 connection options).
    public func containsToken(_ token: String, in name: String) -> Bool {
        var found = false
        var token = token
        token.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { storage in
                forEachIndex(named: name) { index in
                    let field = fields[index]
                    let value = field.value(in: storage)
                    found = Self.list(value, containsToken: wanted)
                    return !found
                }
            }
        }
        return found
    }

    /// The number of field lines.
    public var count: Int { fields.count }

    /// Whether there are no field lines.
    public var isEmpty: Bool { fields.isEmpty }

    /// Iterates the fields in order as `(name, value)`.
    public struct Iterator: IteratorProtocol {
        let headers: HTTPHeaders
        var index = 0

        /// The next field, or nil after the last one.
        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.fields.count else { return nil }
            defer { index += 1 }
            return (name: headers.name(at: index), value: headers.value(at: index))
        }
    }

    /// Iterates the fields in order as `(name, value)`.
    public func makeIterator() -> Iterator {
        Iterator(headers: self)
    }

    /// Calls `body` with each field's name and value bytes, in order (the serializer: no `String`s).
    func forEachField(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { storage in
            for field in fields {
                body(
                    field.name(in: storage),
                    field.value(in: storage))
            }
        }
    }

    /// Headers made again and again that differ only in their last field's value (every API answer's
    /// `x-amzn-RequestId`): the other fields are laid out once, and ``filled(lastValue:)`` makes a copy
    /// with one allocation, the field list shared when the value is as long as the template's. Built
    /// from pairs, the same headers cost three allocations (the pairs, the bytes and the fields).
    public struct Template: Sendable {
        private let prototype: HTTPHeaders

        /// Headers `pairs` would make; the last pair's value stands for the ones to come (its length is
        /// the one that needs no new field list). `pairs` must not be empty.
        public init(_ pairs: [(String, String)]) {
            precondition(!pairs.isEmpty, "a template needs a field whose value varies")
            prototype = HTTPHeaders(pairs)
        }

        /// The template's headers with `value` as the last field's value: equal to building them from the
        /// pairs with `value` in place.
        public func filled(lastValue value: String) -> HTTPHeaders {
            var value = value
            return value.withUTF8 { filled(lastValue: $0) }
        }

        /// ``filled(lastValue:)`` with the value's UTF-8 bytes (an id written into temporary memory, say).
        public func filled(lastValue value: UnsafeBufferPointer<UInt8>) -> HTTPHeaders {
            var headers = prototype
            let last = prototype.fields[prototype.fields.count - 1]
            let valueStart = Int(last.valueStart)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(valueStart + value.count)
            prototype.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<valueStart])) }
            bytes.append(contentsOf: value)
            headers.bytes = bytes
            if value.count != Int(last.valueCount) { headers.fields[headers.fields.count - 1].valueCount = UInt32(value.count) }
            return headers
        }
    }

    /// The fields as `name: value` lines, for debugging.
    public var description: String {
        map { "\($0.name): \($0.value)" }.joined(separator: "\n")
    }

    /// Names and values equal as text, in order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive comparison; field names are tokens, so ASCII folding is exact.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        // Most names differ in length: decide that before touching the bytes.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in rhs.withUTF8 { right in namesMatch(left, right) } }
    }

    /// ``namesMatch(_:_:)`` on bytes.
    @inline(__always)
    static func namesMatch(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        for index in left.indices where asciiLower(left[index]) != asciiLower(right[index]) {
            return false
        }
        return true
    }

    // MARK: - Fields by index

    private func name(at index: Int) -> String {
        let field = fields[index]
        return text(Int(field.nameStart), Int(field.nameCount))
    }

    private func value(at index: Int) -> String {
        let field = fields[index]
        return text(Int(field.valueStart), Int(field.valueCount))
    }

    /// The bytes as text, as the parser always read them (ill-formed UTF-8 repaired to U+FFFD).
    private func text(_ start: Int, _ count: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + count)]), as: UTF8.self) }
    }

    private func nameMatches(_ index: Int, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { wanted in nameMatches(index, wanted) }
    }

    @inline(__always)
    private func nameMatches(_ index: Int, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { storage in Self.nameMatches(fields[index], wanted, in: storage) }
    }

    @inline(__always)
    private static func nameMatches(_ field: Field, _ wanted: UnsafeBufferPointer<UInt8>, in storage: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(field.nameCount) == wanted.count else { return false }
        return namesMatch(field.name(in: storage), wanted)
    }

    private func firstIndex(named name: String) -> Int? {
        var found: Int?
        forEachIndex(named: name) { index in
            found = index
            return false
        }
        return found
    }

    /// Calls `body` with the index of each field named `name`, in order, until it returns false.
    private func forEachIndex(named name: String, _ body: (Int) -> Bool) {
        var name = name
        name.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { storage in
                fields.withUnsafeBufferPointer { fields in
                    for index in fields.indices where Self.nameMatches(fields[index], wanted, in: storage) {
                        guard body(index) else { return }
                    }
                }
            }
        }
    }
}
