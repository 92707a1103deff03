import Foundation

/// Turns titles, tags and file names into URL segments: lowercase letters and digits joined by single hyphens.
/// `CI/CD` and `ci-cd` give the same slug; `C++` gives `c-plus-plus`, `C#` gives `c-sharp`. Text is put in
/// Unicode normalization form C and case-folded first, so that `café` typed as one code point or as `e` plus
/// a combining accent is one slug.
public enum Slug {
    /// The slug of `text`; empty when it has no letters or digits.
    public static func make(_ text: String) -> String {
        let text = text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
        // Built as UTF-8 bytes: a string a letter took most of a build's time spent on slugs.
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        func append(_ word: some Sequence<UInt8>) {
            if pendingHyphen, !slug.isEmpty { slug.append(UInt8(ascii: "-")) }
            pendingHyphen = false
            slug.append(contentsOf: word)
        }
        func appendWord(_ word: StaticString) {
            pendingHyphen = true
            append(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
            pendingHyphen = true
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    append(CollectionOfOne(byte))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    append(CollectionOfOne(byte + 32))
                case UInt8(ascii: "+"): appendWord("plus")
                case UInt8(ascii: "#"): appendWord("sharp")
                case UInt8(ascii: "&"): appendWord("and")
                case UInt8(ascii: "'"): break
                default: pendingHyphen = true
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                append(scalar.properties.lowercaseMapping.utf8)
            } else if scalar.properties.generalCategory == .nonspacingMark, !slug.isEmpty, !pendingHyphen {
                // A combining mark with no precomposed form stays with its letter.
                slug.append(contentsOf: String(scalar).utf8)
            } else if scalar == "\u{2019}" {
                continue
            } else {
                pendingHyphen = true
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// Whether a slug written by hand is one safe URL segment: no `/`, `\`, `..` or control characters.
    public static func isSafeSegment(_ text: String) -> Bool {
        guard !text.isEmpty, text != ".", text != ".." else { return false }
        return !text.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0 == "\u{7F}" }
            && !text.hasPrefix(".")
    }
}
