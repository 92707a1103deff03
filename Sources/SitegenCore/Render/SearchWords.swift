import Foundation

/// Splits text into the words the search index holds, folded as the search script folds a query: lowercase,
/// accents removed (`JavaScript`'s `toLowerCase().normalize("NFD")` without U+0300–U+036F), split at anything
/// that is not a letter or digit. ASCII, most of any text, is folded byte by byte.
enum SearchWords {
    /// The words of `text`, in order, repeats included; shorter than ``SearchShards/shortestWord`` left out.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var isASCII = true
        func finish() {
            defer {
                current.removeAll(keepingCapacity: true)
                isASCII = true
            }
            guard !current.isEmpty else { return }
            if isASCII {
                if current.count >= SearchShards.shortestWord {
                    words.append(String(decoding: current.prefix(SearchShards.longestWord), as: UTF8.self))
                }
            } else {
                words += foldedWords(String(decoding: current, as: UTF8.self))
            }
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte | 0x20)
            case 0x80...:
                current.append(byte)
                isASCII = false
            default: finish()
            }
        }
        finish()
        return words
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
