import Locking

/// `x-amzn-RequestId` values: version-4-shaped UUIDs in lowercase, as AWS sends them.
///
/// Each is a keyed permutation of a process-wide counter: a 128-bit key drawn once from
/// `SystemRandomNumberGenerator` (getrandom(2)), mixed with the counter by SplitMix64's finalizer, which
/// is a bijection on 64 bits. So ids never repeat within a process, differ between runs, and cost no
/// system call (getrandom per request was two syscalls on every request; Foundation's `UUID()` opened
/// /dev/urandom each time). They are identifiers, not secrets.
enum RequestID {
    private static let key: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let counter = LockedValue<UInt64>(0)

    static func make() -> String {
        let sequence = counter.withLock { value in
            value &+= 1
            return value
        }
        return format(high: mix(sequence ^ key.0), low: mix(sequence &+ key.1))
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
        // 8-4 from high (48 bits), then the version nibble, 3 nibbles of high, the variant nibble,
        // 3 nibbles of low, then 12 nibbles of low: 64 bits of high in all. `second` holds the last
        // four groups' nibbles after the version: the variant, high's last nibble, and low's.
        let second = (0x8 | (low >> 62)) << 60 | ((high & 0xF) << 8 | (low >> 52) & 0xFF) << 48 | (low & 0xFFFF_FFFF_FFFF)
        return String(unsafeUninitializedCapacity: 36) { buffer in
            guard let out = buffer.baseAddress else { return 0 }
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
            return 36
        }
    }
}
