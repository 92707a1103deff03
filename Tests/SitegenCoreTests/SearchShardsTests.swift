import Foundation
import Testing

@testable import SitegenCore

/// The split search index, read the way the search script reads it: the shard of each query word, then the
/// chunks of the results.
@Suite struct SearchShardsTests {
    /// What the search script finds for `query`: post titles, best first.
    private func search(_ query: String, in result: BuildResult) throws -> [String] {
        let meta = try #require(try json(result, "search/index.json") as? [String: Any])
        let split = Set(try #require(meta["split"] as? [String]))
        let chunk = try #require(meta["chunk"] as? Int)
        let weights: [UInt8: Int] = [84: 10, 71: 6, 83: 3, 88: 1]
        var scores: [Int: Int]?
        for word in SearchWords.words(in: query) {
            let letters = Array(word.unicodeScalars)
            var length = 2
            while split.contains(String(String.UnicodeScalarView(letters.prefix(length)))) && letters.count > length { length += 1 }
            let key = String(String.UnicodeScalarView(letters.prefix(length)))
            // A prefix no word has has no shard: the script's fetch gets a 404.
            let path = "search/words/\(SearchShards.hex(key)).json"
            let shard = result.text(path) == nil ? [:] : try #require(try json(result, path) as? [String: String])
            var found: [Int: Int] = [:]
            for (term, postings) in shard where term.hasPrefix(word) {
                var post = 0
                var digits: [UInt8] = []
                for byte in postings.utf8 {
                    if let weight = weights[byte] {
                        post += try #require(Int(String(decoding: digits, as: UTF8.self), radix: 36))
                        found[post] = max(found[post] ?? 0, weight)
                        digits = []
                    } else {
                        digits.append(byte)
                    }
                }
            }
            scores =
                scores.map { $0.filter { found[$0.key] != nil }.reduce(into: [:]) { $0[$1.key] = $1.value + (found[$1.key] ?? 0) } }
                ?? found
        }
        let ranked = (scores ?? [:]).sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        return try ranked.map { post, _ in
            let entries = try #require(try json(result, "search/posts/\(post / chunk).json") as? [[String: Any]])
            return try #require(entries[post % chunk]["title"] as? String)
        }
    }

    private func json(_ result: BuildResult, _ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try #require(result.text(path)).utf8))
    }

    @Test func aWordsPostingsAreKeptEncodedAndDecodeToThePostsAdded() {
        let found: [SearchWordIndex.Found] = [(0, .title), (1, .text), (36, .tag), (36 * 36 + 5, .summary), (100_000, .text)]
        let postings = SearchWordIndex.Postings(found)
        #expect(String(decoding: postings.bytes, as: UTF8.self) == "0T1XzGz5S245nX")
        #expect(postings.found.map(\.post) == found.map(\.post))
        #expect(postings.found.map(\.place) == found.map(\.place))
        #expect(SearchWordIndex.Postings().found.isEmpty)
    }

    @Test func wordsAreFoldedLikeTheScriptFoldsAQuery() {
        #expect(
            SearchWords.words(in: "Swift's Café-au-lait, NAÏVE x 2024 Ωmega") == ["swift", "cafe", "au", "lait", "naive", "2024", "ωmega"])
        let long = String(repeating: "Ab", count: 30)
        #expect(
            SearchWords.words(in: "\(long)\nZig+GO<b>x9</b>Rust") == [String(repeating: "ab", count: 20), "zig", "go", "x9", "rust"])
        #expect(SearchWords.words(in: "").isEmpty && SearchWords.words(in: " a , b ").isEmpty)
    }

    @Test func byteStringsAreNumberedInTheOrderFirstInsertedAndFoundAgainByTheirBytes() {
        var table = ByteStringTable(expected: 1)
        func insert(_ text: String) -> Int {
            var text = text
            return text.withUTF8 { table.insert($0) }
        }
        let texts = ["ab", "abc", "a", "", "ba"] + (0..<300).map { "word\($0)" }
        #expect(texts.map(insert) == Array(texts.indices))
        #expect(texts.reversed().map(insert) == Array(texts.indices.reversed()), "each is found again, past several growths")
        #expect(table.count == texts.count && table.byteCount == texts.reduce(0) { $0 + $1.utf8.count })
        #expect((0..<table.count).map(table.string) == texts)
    }

    @Test func aPostsWordsAreKeptOnceInTheOrderTheyFirstAppearWithTheirBestPlace() {
        // Enough distinct words to make the table grow several times past its first 64 slots.
        let many = (0..<500).map { "w\($0)" }.joined(separator: " ")
        var table = WordPlaceTable(expected: 1)
        table.addWords(of: "Rust notes", .title)
        table.addWords(of: "Café RUST", .tag)
        table.addWords(of: "notes on café and \(many) rust", .text)
        table.addWords(of: "Summary: Notes", .summary)
        let words = Array(table.placedWords)
        #expect(words.map(\.0) == ["rust", "notes", "cafe", "on", "and"] + (0..<500).map { "w\($0)" } + ["summary"])
        #expect(words.prefix(5).map(\.1) == [.title, .title, .tag, .text, .text])
        #expect(words.dropFirst(5).dropLast().allSatisfy { $0.1 == .text } && words.last?.1 == .summary)
    }

    @Test func aQueryFindsPostsByTheBeginningsOfTheirWordsTitlesFirst() throws {
        let result = SiteBuilder(options: testOptions()).build(
            makeSource([
                "content/posts/a.md": post("Borrow checker notes", date: "2025-01-01", body: "Lifetimes and references."),
                "content/posts/b.md": post(
                    "Browser rendering", date: "2025-01-02", extra: "tags: [web]\n", body: "The borrow word appears here."),
                "content/posts/c.md": post("Unrelated", date: "2025-01-03", body: "Nothing to see."),
            ]))
        #expect(try search("lifetime", in: result) == ["Borrow checker notes"])
        #expect(try search("borrow", in: result) == ["Borrow checker notes", "Browser rendering"], "the title match ranks first")
        #expect(try search("bro", in: result) == ["Browser rendering"])
        #expect(try search("borrow word", in: result) == ["Browser rendering"], "every word must match")
        #expect(try search("web", in: result) == ["Browser rendering"])
        #expect(try search("zebra", in: result) == [])
    }

    @Test func searchFilesMadeAsThePostsComeAreThoseMadeFromKeptShares() throws {
        var files: [String: String] = [:]
        for number in 0..<37 {
            files["content/posts/p\(number).md"] = post(
                "Post \(number)", date: "2025-01-\(number % 28 + 1)", extra: "tags: [t\(number % 4), shared]\n",
                body: "Words of post \(number): lumen\(number % 5) and a longer text that all posts share.")
        }
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        let machine = MachineFiles(site: try #require(result.site))
        func searchFiles(_ files: [OutputFile]) -> [String: AssetFile.Contents] {
            Dictionary(uniqueKeysWithValues: files.filter { $0.path.hasPrefix("search") }.map { ($0.path, $0.contents) })
        }
        let kept = searchFiles(machine.make(pages: [], previous: nil, changed: [], keepsSearch: true).files)
        #expect(kept.count > 5)
        // Batches that end inside a chunk of the index and at its end.
        for batch in [1, 7, 10, 37, 64] {
            #expect(searchFiles(machine.streamedSearchFiles(batch: batch).files) == kept, "batch \(batch)")
            #expect(machine.wholeSearchIndex(batch: batch) == machine.searchIndex(machine.site.posts.map(machine.postSearch)))
        }
        // A written build's files, `search-index.json` made only when it is written.
        let written = try machine.writtenSearchFiles().map { file in (file.path, AssetFile.Contents.bytes(try file.make())) }
        #expect(Dictionary(uniqueKeysWithValues: written) == kept)
    }

    /// The kept search index comes back as it was written, and one naming a shard file anywhere but
    /// `search/words/HEX.json` (a planted cache) is refused whole.
    @Test func aKeptSearchIndexNamesOnlyShardFiles() throws {
        func index(shardPath: String) -> KeptSearchIndex {
            KeptSearchIndex(
                order: 7, inputs: [1, 2], occurrences: ["abacus": SearchWordIndex.Postings([(0, .title), (1, .text)])],
                groups: ["ab": .init(words: ["abacus"], split: [], files: [(shardPath, UInt64(42))])], chunks: [3], whole: 4)
        }
        let read = try KeptSearchIndex(bytes: index(shardPath: "search/words/6162.json").bytes)
        #expect(read.inputs == [1, 2] && read.chunks == [3] && read.whole == 4 && read.order == 7)
        #expect(read.occurrences["abacus"]?.found.map(\.post) == [0, 1])
        #expect(read.groups["ab"]?.files.map(\.path) == ["search/words/6162.json"])
        for planted in ["../index.html", "search/words/../../x.json", "search/words/6162.html", "index.html", "search/words/.json"] {
            #expect(throws: ByteReader.Malformed.self, "\(planted)") { try KeptSearchIndex(bytes: index(shardPath: planted).bytes) }
        }
    }

    @Test func aBigShardIsSplitAndEveryPostStaysFindable() throws {
        var files: [String: String] = [:]
        for number in 0..<300 {
            let words = (0..<60).map { "ab\(number)x\($0)" }.joined(separator: " ")
            files["content/posts/p\(number).md"] = post("Post \(number)", date: "2025-01-01", body: "Common abacus \(words).")
        }
        let result = SiteBuilder(options: testOptions()).build(makeSource(files))
        let meta = try #require(try json(result, "search/index.json") as? [String: Any])
        #expect((meta["split"] as? [String])?.contains("ab") == true)
        let shards = result.files.filter { $0.path.hasPrefix("search/words/") }
        #expect(shards.allSatisfy { if case .bytes(let bytes) = $0.contents { bytes.count < 3 * SearchShards.shardBytes } else { false } })
        #expect(try search("abacus", in: result).count == 300)
        #expect(try search("ab17x5", in: result) == ["Post 17"])
        #expect(try search("common ab299x59", in: result) == ["Post 299"])
    }
}
