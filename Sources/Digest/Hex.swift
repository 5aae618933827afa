/// Hex encoding of byte arrays, for printing digests and MACs.
public extension Array where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two digits per byte (the form SHA-256 digests and
    /// [AWS Signature Version 4](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html)
    /// signatures are written in).
    var hexString: String {
        String(unsafeUninitializedCapacity: count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digit in
                for (index, byte) in enumerated() {
                    out[2 * index] = digit[Int(byte >> 4)]
                    out[2 * index + 1] = digit[Int(byte & 0x0f)]
                }
            }
            return count * 2
        }
    }
}
