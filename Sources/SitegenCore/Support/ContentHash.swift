/// A fast, stable hash of bytes (64-bit FNV-1a): for entity tags and fingerprinted file names, where it must
/// change when the bytes do, not resist an attacker.
public enum ContentHash {
    public static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(bytes)
        return hasher.value
    }

    /// The first `length` hex digits of the hash, zero-padded: `3f9a1c2e`.
    public static func hex(_ bytes: [UInt8], length: Int = 8) -> String {
        let digits = String(fnv1a(bytes), radix: 16)
        return String((String(repeating: "0", count: max(0, 16 - digits.count)) + digits).prefix(length))
    }
}

/// A 64-bit FNV-1a hash fed piece by piece, the same in every process (unlike `Hasher`), for values that a
/// build record compares with the next build's.
struct StableHasher {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Adds bytes.
    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    /// Adds a string and its length, so that `ab`+`c` and `a`+`bc` differ.
    mutating func combine(_ text: String) {
        combine(Int64(text.utf8.count))
        combine(text.utf8)
    }

    /// Adds an integer's eight bytes.
    mutating func combine(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { combine($0) }
    }
}
