import Foundation
import SitegenMarkdown

/// Splits text into the words the search index holds, folded as the search script folds a query: lowercase,
/// accents removed (`JavaScript`'s `toLowerCase().normalize("NFD")` without U+0300–U+036F), split at anything
/// that is not a letter or digit. ASCII, most of any text, is folded byte by byte.
enum SearchWords {
    /// The words of `text`, in order, repeats included; shorter than ``SearchShards/shortestWord`` left out.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        forEachWord(in: text) { words.append($0) }
        return words
    }

    /// Calls `body` with each of ``words(in:)``.
    static func forEachWord(in text: String, _ body: (String) -> Void) {
        forEachWordBytes(in: text) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// Calls `body` with the UTF-8 of each of ``words(in:)``, valid only during the call: ASCII words are folded
    /// into a scratch buffer from the text's bytes in place, with no string made.
    static func forEachWordBytes(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: SearchShards.longestWord) { scratch in
            text.withUTF8Bytes { bytes in
                var start = 0
                var isASCII = true
                var index = 0
                while index <= bytes.count {
                    let byte = index < bytes.count ? bytes[index] : 0x20
                    index += 1
                    if byte >= 0x80 {
                        isASCII = false
                        continue
                    }
                    // A to Z and a to z differ by the 0x20 bit; digits are 0x30 to 0x39.
                    if (byte | 0x20) &- 0x61 < 26 || byte &- 0x30 < 10 { continue }
                    let end = index - 1
                    defer {
                        start = index
                        isASCII = true
                    }
                    guard end > start else { continue }
                    if isASCII {
                        guard end - start >= SearchShards.shortestWord else { continue }
                        let kept = min(end - start, SearchShards.longestWord)
                        for offset in 0..<kept {
                            let letter = bytes[start + offset]
                            scratch[offset] = letter | (letter &- 0x41 < 26 ? 0x20 : 0)
                        }
                        body(UnsafeBufferPointer(rebasing: scratch[0..<kept]))
                    } else {
                        for var word in foldedWords(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)) {
                            word.withUTF8 { body($0) }
                        }
                    }
                }
            }
        }
    }

    /// The words of a run of text with letters outside ASCII.
    private static func foldedWords(_ run: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func finish() {
            if word.count >= SearchShards.shortestWord {
                words.append(String(String(word).utf8.prefix(SearchShards.longestWord)) ?? String(word))
            }
            word = String.UnicodeScalarView()
        }
        for scalar in run.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) { continue }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.append(scalar)
            } else {
                finish()
            }
        }
        finish()
        return words
    }
}

/// A post's distinct words, each with the best place it appears in, found by their bytes: no string is made for
/// a word's occurrences. The words are kept in the order they first appear, in the bytes ``PlacedWords`` holds.
struct WordPlaceTable {
    /// Each word's UTF-8, a NUL and its place's byte, as ``PlacedWords`` holds them.
    private var bytes: [UInt8] = []
    /// Open addressing: the offset in ``bytes`` of the word in each slot plus one, 0 for an empty slot.
    private var starts: [Int]
    private var hashes: [UInt32]
    private var count = 0

    /// A table with room for about `expected` words before it grows.
    init(expected: Int) {
        var capacity = 64
        while capacity < expected * 2 { capacity *= 2 }
        starts = Array(repeating: 0, count: capacity)
        hashes = Array(repeating: 0, count: capacity)
        bytes.reserveCapacity(expected * 8)
    }

    /// The words added, each with the best place it was added with.
    var placedWords: PlacedWords { PlacedWords(bytes: bytes) }

    /// Adds the words of `text` (``SearchWords/forEachWordBytes(in:_:)``) found at `place`.
    mutating func addWords(of text: String, _ place: SearchShards.Place) {
        SearchWords.forEachWordBytes(in: text) { add($0, place) }
    }

    /// Adds `word` found at `place`: a new word is appended, a known one keeps the better place.
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, _ place: SearchShards.Place) {
        let hash = Self.hash(word)
        let mask = starts.count - 1
        var slot = Int(hash) & mask
        while starts[slot] != 0 {
            let start = starts[slot] - 1
            if hashes[slot] == hash, holds(word, at: start) {
                let placeOffset = start + word.count + 1
                if let kept = SearchShards.Place(rawValue: bytes[placeOffset]), place < kept { bytes[placeOffset] = place.rawValue }
                return
            }
            slot = (slot + 1) & mask
        }
        starts[slot] = bytes.count + 1
        hashes[slot] = hash
        bytes.append(contentsOf: word)
        bytes.append(0)
        bytes.append(place.rawValue)
        count += 1
        if count * 2 > starts.count { grow() }
    }

    /// Whether the word at `start` in ``bytes`` is `word`.
    private func holds(_ word: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + word.count < bytes.count, bytes[start + word.count] == 0 else { return false }
        return bytes.withUnsafeBufferPointer { kept in
            guard let base = kept.baseAddress, let wordBase = word.baseAddress else { return word.isEmpty }
            return memcmp(base + start, wordBase, word.count) == 0
        }
    }

    /// Doubles the slots, placing each word again by its kept hash.
    private mutating func grow() {
        let (oldStarts, oldHashes) = (starts, hashes)
        starts = Array(repeating: 0, count: oldStarts.count * 2)
        hashes = Array(repeating: 0, count: oldStarts.count * 2)
        let mask = starts.count - 1
        for (start, hash) in zip(oldStarts, oldHashes) where start != 0 {
            var slot = Int(hash) & mask
            while starts[slot] != 0 { slot = (slot + 1) & mask }
            starts[slot] = start
            hashes[slot] = hash
        }
    }

    /// FNV-1a over the bytes, then mixed so that the low bits that pick a slot depend on every byte.
    private static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in word { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        hash ^= hash >> 15
        hash = hash &* 0x2C1B_3C6D
        return hash ^ (hash >> 12)
    }
}
