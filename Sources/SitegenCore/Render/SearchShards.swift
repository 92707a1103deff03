import Foundation

/// The search index split so that a visitor downloads a small part of it, as Pagefind does, on any static host:
/// - `search/index.json`: the number of posts, the size of a chunk and which word prefixes are split further;
/// - `search/words/HEX.json`: the words that begin with one prefix (two letters, three or four for common
///   ones), `HEX` being the prefix's UTF-8 bytes in hex, each word with the posts that contain it;
/// - `search/posts/N.json`: title, URL, date, tags, project and summary of ten posts, newest first.
///
/// A query fetches the shard of each of its words, then the chunks of its first results. A word's posts are one
/// string: for each post, the difference from the previous post's number in base 36, then where the word is
/// (`T` title, `G` tag or project, `S` summary, `X` text), so `0T3X` is post 0 by its title and post 3 by its text.
enum SearchShards {
    /// Posts per `search/posts/N.json` chunk.
    static let postsPerChunk = 10
    /// A shard bigger than this is split by one more letter, down to ``longestPrefix`` letters.
    static let shardBytes = 40_000
    /// The longest prefix a shard is split down to.
    static let longestPrefix = 4
    /// Words shorter than this are not indexed: a query waits for two letters.
    static let shortestWord = 2
    /// Longer words are cut to this many bytes (hashes, base64 blobs).
    static let longestWord = 40

    /// Where a word was found, best first; a post counts once per word, where it ranks best.
    enum Place: UInt8, Comparable {
        case title = 84  // T
        case tag = 71  // G
        case summary = 83  // S
        case text = 88  // X

        var rank: Int {
            switch self {
            case .title: return 0
            case .tag: return 1
            case .summary: return 2
            case .text: return 3
            }
        }

        static func < (lhs: Place, rhs: Place) -> Bool { lhs.rank < rhs.rank }
    }

    /// The UTF-8 bytes of `prefix` in lowercase hex: `sw` is `7377`.
    static func hex(_ prefix: String) -> String {
        prefix.utf8.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
