import Locking

/// `x-amzn-RequestId` values: version-4-shaped UUIDs in lowercase, as AWS sends them.
///
/// Each is a keyed permutation of a process-wide counter: a 128-bit key drawn once from
/// `SystemRandomNumberGenerator` (getrandom(2)), mixed with the counter by SplitMix64's finalizer, which
/// is a bijection on 64 bits. So ids never repeat within a process, differ between runs, and cost no
/// system call (getrandom per request was two syscalls on every request; Foundation's `UUID()` opened
/// /dev/urandom each time). They are identifiers, not secrets.
struct RequestID: Sendable, CustomStringConvertible {
    /// The id's 128 bits, before the version and variant are written in (``format(high:low:)``).
    let high: UInt64
    let low: UInt64

    private static let key: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let counter = LockedValue<UInt64>(0)

    /// The next id. A value, not text: an API call writes it straight into its answer's header
    /// (``withText(_:)``), and only an error, a log line or the journal's JSON makes a `String` of it
    /// (36 bytes, a heap allocation each, about 800 instructions a call with the formatting).
    static func next() -> RequestID {
        let sequence = counter.withLock { value in
            value &+= 1
            return value
        }
        return RequestID(high: mix(sequence ^ key.0), low: mix(sequence &+ key.1))
    }

    /// A fresh id's text (``next()``).
    static func make() -> String { next().text }

    /// An id's text is always this long.
    static let length = 36

    /// An id of the same length as every other, never given out (version 4 needs a `4` where it has `0`).
    static let placeholder = "00000000-0000-0000-0000-000000000000"

    /// The id as AWS writes it, `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
    var text: String {
        String(unsafeUninitializedCapacity: Self.length) { buffer in
            guard let out = buffer.baseAddress else { return 0 }
            Self.write(high: high, low: low, into: out)
            return Self.length
        }
    }

    var description: String { text }

    /// Calls `body` with the id's text as UTF-8, written into temporary memory (no `String`).
    func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.length) { buffer in
            guard let out = buffer.baseAddress else { return body(UnsafeBufferPointer(buffer)) }
            Self.write(high: high, low: low, into: out)
            return body(UnsafeBufferPointer(buffer))
        }
    }

    /// SplitMix64's output function (Steele, Lea, Flood 2014): invertible, so distinct inputs give distinct outputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx` from 128 bits. Only the version and variant bits are
    /// overwritten, and they are all taken from `low`: `high` alone keeps ids unique.
    static func format(high: UInt64, low: UInt64) -> String {
        RequestID(high: high, low: low).text
    }

    /// ``format(high:low:)``'s 36 bytes at `out`.
    private static func write(high: UInt64, low: UInt64, into out: UnsafeMutablePointer<UInt8>) {
        // 8-4 from high (48 bits), then the version nibble, 3 nibbles of high, the variant nibble,
        // 3 nibbles of low, then 12 nibbles of low: 64 bits of high in all. `second` holds the last
        // four groups' nibbles after the version: the variant, high's last nibble, and low's.
        let second = (0x8 | (low >> 62)) << 60 | ((high & 0xF) << 8 | (low >> 52) & 0xFF) << 48 | (low & 0xFFFF_FFFF_FFFF)
        // Nibble by nibble from the top of each word into the fixed layout 8-4-4-4-12.
        @inline(__always) func hex(_ word: UInt64, _ nibbles: Int, at offset: Int) {
            for index in 0..<nibbles {
                let digit = UInt8(truncatingIfNeeded: (word >> UInt64(60 - 4 * index)) & 0xF)
                out[offset + index] = digit < 10 ? 0x30 + digit : 0x57 + digit  // 0-9, a-f
            }
        }
        hex(high, 8, at: 0)                     // 8 nibbles of high
        out[8] = 0x2D
        hex(high << 32, 4, at: 9)               // 4 more
        out[13] = 0x2D
        out[14] = 0x34                          // the version, 4
        hex(high << 48, 3, at: 15)              // 3 more (the last nibble of high goes to `second`)
        out[18] = 0x2D
        hex(second, 4, at: 19)                  // the variant and 3 nibbles
        out[23] = 0x2D
        hex(second << 16, 12, at: 24)           // 12 nibbles of low
    }
}
