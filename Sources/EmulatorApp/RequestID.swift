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
        let hex: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { out in
            hex.withUTF8Buffer { digits in
                var position = 0
                func put(_ value: UInt64, nibbles: Int) {
                    for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                        if position == 8 || position == 13 || position == 18 || position == 23 {
                            out[position] = UInt8(ascii: "-")
                            position += 1
                        }
                        out[position] = digits[Int((value >> UInt64(shift)) & 0xF)]
                        position += 1
                    }
                }
                // 8-4 from high (48 bits), then the version nibble, 3 nibbles of high, the variant nibble,
                // 3 nibbles of low, then 12 nibbles of low: 64 bits of high in all.
                put(high >> 16, nibbles: 12)
                put(0x4, nibbles: 1)
                put((high & 0xFFFF) >> 4, nibbles: 3)
                put(0x8 | (low >> 62), nibbles: 1)
                put(((high & 0xF) << 8) | ((low >> 52) & 0xFF), nibbles: 3)
                put(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
            }
            return 36
        }
    }
}
