/// A fast, stable 64-bit hash of bytes (XXH64): for entity tags, fingerprinted file names and the build record,
/// where it must change when the bytes do, not resist an attacker.
public enum ContentHash {
    /// The hash of `bytes`.
    public static func of(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(bytes)
        return hasher.value
    }

    /// The first `length` hex digits of the hash, zero-padded: `3f9a1c2e`.
    public static func hex(_ bytes: [UInt8], length: Int = 8) -> String {
        let digits = String(of(bytes), radix: 16)
        return String((String(repeating: "0", count: max(0, 16 - digits.count)) + digits).prefix(length))
    }

    /// XXH64 of `bytes` with `seed`, eight bytes at a time (FNV-1a's byte-at-a-time loop was a tenth of a 10k
    /// build).
    static func xxh64(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var hash: UInt64
        func word(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        if count >= 32 {
            var lanes = (seed &+ prime1 &+ prime2, seed &+ prime2, seed, seed &- prime1)
            while offset + 32 <= count {
                lanes.0 = round(lanes.0, word(offset))
                lanes.1 = round(lanes.1, word(offset + 8))
                lanes.2 = round(lanes.2, word(offset + 16))
                lanes.3 = round(lanes.3, word(offset + 24))
                offset += 32
            }
            hash =
                rotate(lanes.0, 1) &+ rotate(lanes.1, 7) &+ rotate(lanes.2, 12) &+ rotate(lanes.3, 18)
            hash = merge(hash, lanes.0)
            hash = merge(hash, lanes.1)
            hash = merge(hash, lanes.2)
            hash = merge(hash, lanes.3)
        } else {
            hash = seed &+ prime5
        }
        hash &+= UInt64(count)
        while offset + 8 <= count {
            hash = rotate(hash ^ round(0, word(offset)), 27) &* prime1 &+ prime4
            offset += 8
        }
        if offset + 4 <= count {
            let half = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            hash = rotate(hash ^ (half &* prime1), 23) &* prime2 &+ prime3
            offset += 4
        }
        while offset < count {
            hash = rotate(hash ^ (UInt64(bytes[offset]) &* prime5), 11) &* prime1
            offset += 1
        }
        hash ^= hash >> 33
        hash &*= prime2
        hash ^= hash >> 29
        hash &*= prime3
        return hash ^ (hash >> 32)
    }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    private static func merge(_ hash: UInt64, _ lane: UInt64) -> UInt64 { (hash ^ round(0, lane)) &* prime1 &+ prime4 }

    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 { (value << bits) | (value >> (64 - bits)) }
}

/// A 64-bit hash fed piece by piece, the same in every process (unlike `Hasher`), for values that a build record
/// compares with the next build's: each piece is hashed with the hash so far as its seed.
struct StableHasher {
    private(set) var value: UInt64 = 0

    /// Adds bytes.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        let seed = value
        if let hash = bytes.withContiguousStorageIfAvailable({ ContentHash.xxh64(UnsafeRawBufferPointer($0), seed: seed) }) {
            value = hash
        } else {
            value = Array(bytes).withUnsafeBytes { ContentHash.xxh64($0, seed: seed) }
        }
    }

    /// Adds a string; its length is part of XXH64, so `ab`+`c` and `a`+`bc` differ.
    mutating func combine(_ text: String) {
        combine(text.utf8)
    }

    /// Adds an integer's eight bytes.
    mutating func combine(_ number: Int64) {
        let seed = value
        value = withUnsafeBytes(of: number.littleEndian) { ContentHash.xxh64($0, seed: seed) }
    }
}
