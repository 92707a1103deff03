import Foundation

/// The words of the split search index: the posts each is found in, and the shard files of each two-letter
/// prefix, kept so that an edit of a few posts makes again only the shards of their words' prefixes.
struct SearchWordIndex: Sendable {
    /// A post a word is found in (its index among the site's posts), and where.
    typealias Found = (post: Int, place: SearchShards.Place)

    /// The words of one prefix and their shards.
    struct Group: Sendable {
        var words: [String]
        var files: [OutputFile]
        /// The prefixes split into longer ones.
        var split: [String]
    }

    /// Each word's posts, in the order of the site's posts, as the shards write them: a few bytes a post,
    /// where a list of `Found` took sixteen (at 100,000 posts the lists took 800 MB).
    var occurrences: [String: Postings] = [:]
    var groups: [String: Group] = [:]

    /// The length of the prefixes shards start from.
    static let prefixLength = 2

    static func prefix(_ word: String) -> String { String(word.unicodeScalars.prefix(prefixLength)) }

    /// Replaces in `occurrences` the postings of the posts at `edited` (in order), whose words were `old` and are
    /// `new`, one list of words for each: the words whose postings changed.
    static func replacePostings(
        in occurrences: inout [String: Postings], of edited: [Int], old: [PlacedWords], new: [PlacedWords]
    ) -> Set<String> {
        let places = new.map { Dictionary($0, uniquingKeysWith: { first, _ in first }) }
        // Only a word a post gained, lost or found in another place changes its postings.
        var candidates = Set<String>()
        for (words, places) in zip(old, places) {
            let earlier = Dictionary(words, uniquingKeysWith: { first, _ in first })
            for (word, place) in earlier where places[word] != place { candidates.insert(word) }
            for (word, place) in places where earlier[word] != place { candidates.insert(word) }
        }
        let editedPosts = Set(edited)
        var changed = Set<String>()
        for word in candidates {
            var found = (occurrences[word]?.found ?? []).filter { !editedPosts.contains($0.post) }
            for (post, places) in zip(edited, places) { if let place = places[word] { found.append((post, place)) } }
            found.sort { $0.post < $1.post }
            let postings = found.isEmpty ? nil : Postings(found)
            if postings?.bytes != occurrences[word]?.bytes {
                occurrences[word] = postings
                changed.insert(word)
            }
        }
        return changed
    }

    /// A word's posts as one string: for each, the difference from the previous post's index in base 36, then
    /// where the word is (see ``SearchShards``), whose byte is no base-36 digit.
    struct Postings: Sendable {
        private(set) var bytes: [UInt8] = []
        /// The index of the last post added; `nil` for postings read from bytes until one is appended, since
        /// finding it decodes them all, and most kept postings are only written out again.
        private var last: Int? = 0

        init() {}

        init(_ found: [Found]) {
            for (post, place) in found { append(post, place) }
        }

        /// The postings whose string is `bytes`, as ``bytes`` gave it.
        init(bytes: [UInt8]) {
            self.bytes = bytes
            last = nil
        }

        /// Adds a post after every post added so far.
        mutating func append(_ post: Int, _ place: SearchShards.Place) {
            let last = self.last ?? found.last?.post ?? 0
            Digits.append(post - last, radix: 36, to: &bytes)
            bytes.append(place.rawValue)
            self.last = post
        }

        /// The posts, decoded.
        var found: [Found] {
            var found: [Found] = []
            var post = 0
            var delta = 0
            for byte in bytes {
                if let digit = Digits.value(byte) {
                    delta = delta * 36 + digit
                } else {
                    post += delta
                    delta = 0
                    if let place = SearchShards.Place(rawValue: byte) { found.append((post, place)) }
                }
            }
            return found
        }
    }
}
