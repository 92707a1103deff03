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

    /// Calls `body` with each of ``words(in:)``, scanning the text's bytes in place.
    static func forEachWord(in text: String, _ body: (String) -> Void) {
        text.withUTF8Bytes { bytes in
            var start = 0
            var isASCII = true
            func finish(_ end: Int) {
                defer {
                    start = end + 1
                    isASCII = true
                }
                guard end > start else { return }
                let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if isASCII {
                    if run.count >= SearchShards.shortestWord {
                        let kept = UnsafeBufferPointer(rebasing: run.prefix(SearchShards.longestWord))
                        body(
                            String(
                                unsafeUninitializedCapacity: kept.count,
                                initializingUTF8With: { word in
                                    for (index, byte) in kept.enumerated() { word[index] = byte | (byte &- 0x41 < 26 ? 0x20 : 0) }
                                    return kept.count
                                }))
                    }
                } else {
                    foldedWords(String(decoding: run, as: UTF8.self)).forEach(body)
                }
            }
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    continue
                case 0x80...: isASCII = false
                default: finish(index)
                }
            }
            finish(bytes.count)
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
