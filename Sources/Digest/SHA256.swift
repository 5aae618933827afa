/// SHA-256 as specified by [FIPS 180-4](https://csrc.nist.gov/pubs/fips/180-4/upd1/final), section 6.2.
///
/// Incremental: `update(_:)` any number of times, then ``finalize()``.
/// The state and the partial-block buffer are inline (no heap allocation until the 32-byte result),
/// and whole 64-byte blocks are compressed straight from the caller's memory.
public struct SHA256: Sendable {
    /// H0…H7, the running hash value (FIPS 180-4 §5.3.3 gives the initial one).
    private var state = State()
    /// Bytes of the current, incomplete block: 8 × 8 = 64 bytes kept inline in the struct.
    private var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    /// How many bytes of `buffer` are filled (0..<64).
    private var bufferCount = 0
    /// Total message length in bytes, for the length field of the padding (FIPS 180-4 §5.1.1).
    private var messageLength: UInt64 = 0

    /// Bytes per block of the compression function.
    static let blockSize = 64

    /// Starts a new hash computation.
    public init() {}

    /// Appends the bytes of a contiguous buffer to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        messageLength &+= UInt64(bytes.count)
        absorb(bytes)
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Appends `bytes` to the message; contiguous collections are read in place, others byte by byte.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let wasContiguous: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        guard wasContiguous == nil else { return }
        for byte in bytes {
            messageLength &+= 1
            withUnsafeMutableBytes(of: &buffer) { $0[bufferCount] = byte }
            bufferCount += 1
            if bufferCount == Self.blockSize {
                compressBuffer()
            }
        }
    }

    /// Appends the UTF-8 encoding of `string` to the message.
    public mutating func update(_ string: String) {
        var string = string
        // withUTF8 makes the storage contiguous UTF-8 if it is not already (e.g. a bridged string).
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        let bitLength = messageLength &* 8
        // 0x80, zeros up to 56 mod 64, then the 64-bit big-endian bit length: at most 64 + 8 bytes.
        let padCount = bufferCount < 56 ? 56 - bufferCount : 120 - bufferCount
        withUnsafeTemporaryAllocation(byteCount: padCount + 8, alignment: 1) { padding in
            padding.initializeMemory(as: UInt8.self, repeating: 0)
            padding[0] = 0x80
            padding.storeBytes(of: bitLength.bigEndian, toByteOffset: padCount, as: UInt64.self)
            absorb(UnsafeRawBufferPointer(padding))
        }
        var digest = [UInt8](repeating: 0, count: 32)
        let state = self.state
        digest.withUnsafeMutableBytes { out in
            out.storeBytes(of: state.a.bigEndian, toByteOffset: 0, as: UInt32.self)
            out.storeBytes(of: state.b.bigEndian, toByteOffset: 4, as: UInt32.self)
            out.storeBytes(of: state.c.bigEndian, toByteOffset: 8, as: UInt32.self)
            out.storeBytes(of: state.d.bigEndian, toByteOffset: 12, as: UInt32.self)
            out.storeBytes(of: state.e.bigEndian, toByteOffset: 16, as: UInt32.self)
            out.storeBytes(of: state.f.bigEndian, toByteOffset: 20, as: UInt32.self)
            out.storeBytes(of: state.g.bigEndian, toByteOffset: 24, as: UInt32.self)
            out.storeBytes(of: state.h.bigEndian, toByteOffset: 28, as: UInt32.self)
        }
        return digest
    }

    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of the UTF-8 encoding of `string` (32 bytes).
    public static func hash(_ string: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.finalize()
    }

    /// Feeds bytes through the block buffer without counting them in the message length
    /// (the padding must not count itself).
    private mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        if bufferCount > 0 {
            let take = min(Self.blockSize - bufferCount, bytes.count)
            let start = bufferCount
            withUnsafeMutableBytes(of: &buffer) { block in
                UnsafeMutableRawBufferPointer(rebasing: block[start..<start + take])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            }
            bufferCount += take
            offset = take
            guard bufferCount == Self.blockSize else { return }
            compressBuffer()
        }
        // Whole blocks straight from the input: the common case for long messages, no copy.
        while bytes.count - offset >= Self.blockSize {
            Self.compress(&state, UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Self.blockSize]))
            offset += Self.blockSize
        }
        let rest = bytes.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                UnsafeMutableRawBufferPointer(rebasing: block[0..<rest])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            }
            bufferCount = rest
        }
    }

    private mutating func compressBuffer() {
        let block = buffer
        withUnsafeBytes(of: block) { Self.compress(&state, $0) }
        bufferCount = 0
    }

    /// The working variables a…h, which are also the hash value H0…H7 between blocks.
    private struct State {
        var a: UInt32 = 0x6a09_e667
        var b: UInt32 = 0xbb67_ae85
        var c: UInt32 = 0x3c6e_f372
        var d: UInt32 = 0xa54f_f53a
        var e: UInt32 = 0x510e_527f
        var f: UInt32 = 0x9b05_688c
        var g: UInt32 = 0x1f83_d9ab
        var h: UInt32 = 0x5be0_cd19
    }

    /// The compression function on one 64-byte block (FIPS 180-4 §6.2.2). All additions are
    /// modulo 2³², hence `&+`.
    private static func compress(_ state: inout State, _ block: UnsafeRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            // Message schedule W0…W63; the block is big-endian and need not be aligned.
            for t in 0..<16 {
                schedule[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
            }
            for t in 16..<64 {
                let w15 = schedule[t - 15]
                let w2 = schedule[t - 2]
                let sigma0 = w15.rotatedRight(7) ^ w15.rotatedRight(18) ^ (w15 >> 3)
                let sigma1 = w2.rotatedRight(17) ^ w2.rotatedRight(19) ^ (w2 >> 10)
                schedule[t] = sigma1 &+ schedule[t - 7] &+ sigma0 &+ schedule[t - 16]
            }
            var a = state.a, b = state.b, c = state.c, d = state.d
            var e = state.e, f = state.f, g = state.g, h = state.h
            roundConstants.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let bigSigma1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ schedule[t]
                    let bigSigma0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = bigSigma0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
            }
            state.a &+= a; state.b &+= b; state.c &+= c; state.d &+= d
            state.e &+= e; state.f &+= f; state.g &+= g; state.h &+= h
        }
    }
}

extension UInt32 {
    /// ROTR (FIPS 180-4 §3.2); `count` is always in 1..<32 here.
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 &- count))
    }
}

/// K0…K63 (FIPS 180-4 §4.2.2): the first 32 bits of the fractional parts of the cube roots of the
/// first 64 primes.
private let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
