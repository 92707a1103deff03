/// Gives headings GitHub-style ids: lowercased, punctuation dropped, spaces turned into hyphens, and a
/// `-1`, `-2`, … suffix for repeats within one document.
public struct HeadingIDs: Sendable {
    private var used: [String: Int] = [:]

    /// Creates an empty set of ids.
    public init() {}

    /// Returns a new id for a heading with the given text, unique among the ids returned so far.
    public mutating func makeID(for text: String) -> String {
        let base = Self.slug(text)
        var candidate = base.isEmpty ? "section" : base
        if let count = used[candidate] {
            var next = count
            var suffixed: String
            repeat {
                next += 1
                suffixed = "\(candidate)-\(next)"
            } while used[suffixed] != nil
            used[candidate] = next
            candidate = suffixed
        }
        used[candidate] = 0
        return candidate
    }

    /// GitHub's anchor rule: keep letters, digits, `-` and `_` (lowercased), turn spaces into `-`, drop
    /// everything else.
    public static func slug(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    scalars.append(Unicode.Scalar(byte + 32))
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                    UInt8(ascii: "-"), UInt8(ascii: "_"):
                    scalars.append(scalar)
                case UInt8(ascii: " "):
                    scalars.append("-")
                default:
                    break
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(scalars)
    }
}
