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
/// a word's occurrences. The words are kept in the order they first appear.
struct WordPlaceTable {
    private var words: ByteStringTable
    /// The best place of each word, by its number in ``words``.
    private var places: [SearchShards.Place] = []

    /// A table with room for about `expected` words before it grows.
    init(expected: Int) { words = ByteStringTable(expected: expected) }

    /// The words added, each with the best place it was added with.
    var placedWords: PlacedWords {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.byteCount + 2 * places.count)
        for (number, place) in places.enumerated() {
            words.withString(number) { bytes.append(contentsOf: $0) }
            bytes.append(0)
            bytes.append(place.rawValue)
        }
        return PlacedWords(bytes: bytes)
    }

    /// Adds the words of `text` (``SearchWords/forEachWordBytes(in:_:)``) found at `place`.
    mutating func addWords(of text: String, _ place: SearchShards.Place) {
        SearchWords.forEachWordBytes(in: text) { add($0, place) }
    }

    /// Adds `word` found at `place`: a new word is appended, a known one keeps the better place.
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, _ place: SearchShards.Place) {
        let number = words.insert(word)
        if number == places.count {
            places.append(place)
        } else if place < places[number] {
            places[number] = place
        }
    }
}
