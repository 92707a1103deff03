import Foundation

/// Byte strings, each kept once and numbered in the order first inserted: open addressing on an FNV-1a hash of
/// the bytes, for the search index's words, which would otherwise each become a `String` hashed into a
/// dictionary at every one of their millions of occurrences.
struct ByteStringTable {
    /// Every string's bytes, one after the other.
    private var bytes: [UInt8] = []
    /// Where each string starts in ``bytes``, and where the last one ends.
    private var bounds: [Int] = [0]
    /// Each slot's string number plus one; 0 for an empty slot.
    private var slots: [Int]
    /// Each slot's hash.
    private var hashes: [UInt32]

    /// How many strings there are.
    var count: Int { bounds.count - 1 }
    /// How many bytes the strings take together.
    var byteCount: Int { bytes.count }

    /// A table with room for about `expected` strings before it grows.
    init(expected: Int) {
        var capacity = 64
        while capacity < expected * 2 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        hashes = Array(repeating: 0, count: capacity)
        bytes.reserveCapacity(expected * 8)
        bounds.reserveCapacity(expected + 1)
    }

    /// The number of `string`: its own if it was inserted before, else the next one, `count` before the insert.
    mutating func insert(_ string: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = Self.hash(string)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 {
            let number = slots[slot] - 1
            if hashes[slot] == hash, holds(string, at: number) { return number }
            slot = (slot + 1) & mask
        }
        let number = count
        slots[slot] = number + 1
        hashes[slot] = hash
        bytes.append(contentsOf: string)
        bounds.append(bytes.count)
        if count * 2 > slots.count { grow() }
        return number
    }

    /// Calls `body` with the bytes of string `number`.
    func withString<Result>(_ number: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[bounds[number]..<bounds[number + 1]])) }
    }

    /// String `number`, decoded.
    func string(_ number: Int) -> String { withString(number) { String(decoding: $0, as: UTF8.self) } }

    /// Whether string `number` is `string`.
    private func holds(_ string: UnsafeBufferPointer<UInt8>, at number: Int) -> Bool {
        let start = bounds[number]
        guard bounds[number + 1] - start == string.count else { return false }
        return bytes.withUnsafeBufferPointer { kept in
            guard let base = kept.baseAddress, let stringBase = string.baseAddress else { return string.isEmpty }
            return memcmp(base + start, stringBase, string.count) == 0
        }
    }

    /// Doubles the slots, placing each string again by its kept hash.
    private mutating func grow() {
        let (oldSlots, oldHashes) = (slots, hashes)
        slots = Array(repeating: 0, count: oldSlots.count * 2)
        hashes = Array(repeating: 0, count: oldSlots.count * 2)
        let mask = slots.count - 1
        for (number, hash) in zip(oldSlots, oldHashes) where number != 0 {
            var slot = Int(hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = number
            hashes[slot] = hash
        }
    }

    /// FNV-1a over the bytes, then mixed so that the low bits that pick a slot depend on every byte.
    private static func hash(_ string: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in string { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        hash ^= hash >> 15
        hash = hash &* 0x2C1B_3C6D
        return hash ^ (hash >> 12)
    }
}
