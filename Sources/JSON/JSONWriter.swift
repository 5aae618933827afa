/// Serializes ``JSONValue`` compactly (RFC 8259), members in their stored order.
///
/// Numbers that are whole and within ±2^53 are written without a fraction (`42`, not `42.0`);
/// others use Swift's shortest round-trip form, so epoch timestamps read `1764374400.123`.
public enum JSONWriter {
    /// The UTF-8 bytes of `value`.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    /// `value` as a string.
    public static func string(_ value: JSONValue) -> String { String(decoding: bytes(value), as: UTF8.self) }

    /// Appends `value` to `out`, exactly as ``bytes(_:)`` writes it.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) { write(value, into: &out) }

    /// Appends `string` as a JSON string (quoted, escaped as ``bytes(_:)`` escapes it): for encoders that
    /// write bytes directly instead of building a ``JSONValue`` first.
    public static func append(string: String, to out: inout [UInt8]) { writeString(string, into: &out) }

    /// Appends `unquoted` escaped as ``append(string:to:)`` escapes it, without the quotes: a string
    /// written in pieces between quotes the caller writes is the same as the whole string written at once.
    public static func append(unquoted: String, to out: inout [UInt8]) { writeEscaped(unquoted, into: &out) }

    /// Appends `number` as ``format(_:)`` writes it.
    public static func append(number: Double, to out: inout [UInt8]) {
        guard number.isFinite, number == number.rounded(), abs(number) <= 9_007_199_254_740_992 else {
            out.append(contentsOf: format(number).utf8)
            return
        }
        appendInteger(Int64(number), to: &out)
    }

    /// Appends `thousandths / 1000` as ``append(number:to:)`` writes `Double(thousandths) / 1000`, without
    /// formatting a Double: the integer part, then up to three fraction digits, trailing zeros dropped.
    /// Exact for 0 ≤ `thousandths` < 10^15 (at most 15 significant digits, which a Double's shortest
    /// round-trip form keeps as they are); other values take the Double route. Epoch timestamps in
    /// milliseconds are the use.
    public static func append(thousandths: Int64, to out: inout [UInt8]) {
        guard thousandths >= 0, thousandths < 1_000_000_000_000_000 else {
            append(number: Double(thousandths) / 1000, to: &out)
            return
        }
        appendInteger(thousandths / 1000, to: &out)
        var fraction = thousandths % 1000
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        var divisor: Int64 = 100
        while fraction != 0 {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    /// Decimal digits of `value` without a String in between: written from the right into a buffer on
    /// the stack, then appended at once (appending digit by digit and reversing the slice cost about
    /// 1,100 instructions per timestamp).
    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // UInt64.max has 20 digits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): append(number: number, to: &out)
        case .string(let string): writeString(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Formats a finite number; non-finite values cannot occur in parsed input and are written as 0.
    public static func format(_ number: Double) -> String {
        guard number.isFinite else { return "0" }
        if number == number.rounded(), abs(number) <= 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return "\(number)"
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        writeEscaped(string, into: &out)
        out.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied in one step.
            var runStart = 0
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    out.append(UInt8(ascii: "u"))
                    out.append(UInt8(ascii: "0"))
                    out.append(UInt8(ascii: "0"))
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
