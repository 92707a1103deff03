import Foundation

/// One post's share of the search files: its entry in `search-index.json` and in its `search/posts/N.json`
/// chunk, and its words with the best place each appears in, in order.
struct PostSearch: Sendable {
    var entry: [UInt8]
    var chunkEntry: [UInt8]
    var words: PlacedWords
}

/// A post's words, each with the best place it appears in, kept as one run of bytes (each word's UTF-8, a NUL,
/// the place's byte): a list of `(String, Place)` took three times the memory, about 360 MB at 100,000 posts.
struct PlacedWords: Sequence, Sendable {
    private(set) var bytes: [UInt8] = []

    /// The words of `bytes`, as ``bytes`` holds them.
    init(bytes: [UInt8]) { self.bytes = bytes }

    /// The words decoded, one after the other (the few posts an edit changed; the build reads the bytes in place
    /// with ``forEachWordBytes(_:)``).
    func makeIterator() -> IndexingIterator<[(String, SearchShards.Place)]> {
        var words: [(String, SearchShards.Place)] = []
        forEachWordBytes { word, place in words.append((String(decoding: word, as: UTF8.self), place)) }
        return words.makeIterator()
    }

    /// Calls `body` with each word's UTF-8, valid only during the call, and its place: no string is made.
    func forEachWordBytes(_ body: (UnsafeBufferPointer<UInt8>, SearchShards.Place) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count, let end = bytes[start...].firstIndex(of: 0), end + 1 < bytes.count,
                let place = SearchShards.Place(rawValue: bytes[end + 1])
            {
                body(UnsafeBufferPointer(rebasing: bytes[start..<end]), place)
                start = end + 2
            }
        }
    }

}

extension PostSearch {
    /// The share as ``add(to:)`` wrote it.
    init(_ reader: inout ByteReader) throws(ByteReader.Malformed) {
        let entry = try reader.byteArray()
        let chunkEntry = try reader.byteArray()
        self.init(entry: entry, chunkEntry: chunkEntry, words: PlacedWords(bytes: try reader.byteArray()))
    }

    func add(to writer: inout ByteWriter) {
        writer.byteArray(entry)
        writer.byteArray(chunkEntry)
        writer.byteArray(words.bytes)
    }
}

extension MachineFiles {
    /// A post's share of the search files: the one ``searchMemo`` remembers from the same inputs, or one made now.
    /// `inputs` is ``searchInputs(_:)`` of the post, when known.
    func rememberedPostSearch(_ post: Post, inputs known: UInt64? = nil) -> PostSearch {
        guard let memo = searchMemo else { return postSearch(post) }
        let inputs = known ?? searchInputs(post)
        if let bytes = memo.find(post.sourcePath, inputs) {
            var reader = ByteReader(bytes)
            if let share = try? PostSearch(&reader), reader.isAtEnd { return share }
        }
        let share = postSearch(post)
        var writer = ByteWriter(capacity: share.entry.count * 2 + 64)
        share.add(to: &writer)
        memo.keep(post.sourcePath, inputs, writer.bytes)
        return share
    }

    /// The hash of everything of `post` and the site that ``postSearch(_:)`` reads.
    func searchInputs(_ post: Post) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(post.title)
        hasher.combine(url.path(post.route.path))
        hasher.combine(CalendarDate(post.date, in: zone).isoDay)
        hasher.combine(Int64(post.tags.count))
        for tag in post.tags {
            hasher.combine(tag)
            hasher.combine(site.tagIndex[tag].map { site.tags[$0].name } ?? "\u{0}")
        }
        hasher.combine(Int64(post.projects.count))
        for project in post.projects {
            hasher.combine(project)
            hasher.combine(site.projectIndex[project].map { site.projects[$0].title } ?? "\u{0}")
        }
        hasher.combine(post.summary)
        hasher.combine(post.plainText)
        return hasher.value
    }

    /// A post's share of the search files.
    func postSearch(_ post: Post) -> PostSearch {
        let (entry, chunkEntry) = searchEntries(post)
        return PostSearch(entry: entry, chunkEntry: chunkEntry, words: wordPlaces(post))
    }

    /// Title, URL, date, tags, project, summary and the start of the text of every post, newest first:
    /// `search-index.json`, for the scripts of other themes.
    func searchIndex(_ posts: [PostSearch]) -> [UInt8] {
        Self.jsonArray(posts.lazy.map(\.entry))
    }

    /// The JSON array of `elements`, each already JSON.
    static func jsonArray(_ elements: some Collection<[UInt8]>) -> [UInt8] {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(elements.reduce(2) { $0 + $1.count + 1 })
        for (index, element) in elements.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json += element
        }
        json.append(UInt8(ascii: "]"))
        return json
    }

    /// The split search index (see ``SearchShards``), with its words as ``SearchWords`` keeps them. With
    /// `previous`, the words of the same posts before those at `changed` were edited, only the shards of the
    /// prefixes of the words those posts had or have are made again.
    func searchShards(_ posts: [PostSearch], previous: (words: SearchWordIndex, posts: [PostSearch])?, changed: Set<Int>)
        -> (files: [OutputFile], words: SearchWordIndex)
    {
        var index: SearchWordIndex
        if let previous, previous.posts.count == posts.count {
            index = previous.words
            let edited = changed.sorted()
            let affected = SearchWordIndex.replacePostings(
                in: &index.occurrences, of: edited, old: edited.map { previous.posts[$0].words }, new: edited.map { posts[$0].words })
            let earlier = index.groups
            for (prefix, group) in regroup(affected, earlier: { earlier[$0]?.words ?? [] }, occurrences: index.occurrences) {
                index.groups[prefix] = group
            }
        } else {
            index = SearchWordIndex()
            for (post, words) in posts.lazy.map(\.words).enumerated() {
                for (word, place) in words { index.occurrences[word, default: SearchWordIndex.Postings()].append(post, place) }
            }
            groupWords(of: &index)
        }
        var files = wordFiles(of: index)
        for start in stride(from: 0, to: posts.count, by: SearchShards.postsPerChunk) {
            let chunk = posts[start..<min(start + SearchShards.postsPerChunk, posts.count)]
            files.append(chunkFile(start / SearchShards.postsPerChunk, Self.jsonArray(chunk.lazy.map(\.chunkEntry))))
        }
        files.append(metaFile(of: index, postCount: posts.count))
        return (files, index)
    }

    /// The search files of a build that keeps nothing for the next, `search-index.json` last: the posts' shares
    /// made a batch at a time on every core and added to the files as they come, so that they are never all held
    /// at once (at 100,000 posts they take some 300 MB). The files are those of ``searchIndex(_:)`` and
    /// ``searchShards(_:previous:changed:)``, byte for byte; without `wholeIndex`, all but `search-index.json`,
    /// which ``wholeSearchIndex(batch:)`` makes when it is written. With ``searchMemo``, each post's
    /// ``searchInputs(_:)`` comes with them, and the words' index, for ``KeptSearchIndex``.
    func streamedSearchFiles(batch: Int = searchBatch, wholeIndex: Bool = true)
        -> (files: [OutputFile], inputs: [UInt64], words: SearchWordIndex)
    {
        let posts = site.posts
        var index = SearchWordIndex()
        // The words' postings are gathered by the words' bytes, and become the index's dictionary at the end.
        var words = ByteStringTable(expected: 1 << 16)
        var postings: [SearchWordIndex.Postings] = []
        var whole: [UInt8] = [UInt8(ascii: "[")]
        var files: [OutputFile] = []
        var chunk: [UInt8] = [UInt8(ascii: "[")]
        var inChunk = 0
        let machine = self
        let keepsInputs = searchMemo != nil
        var inputs: [UInt64] = []
        @Sendable func shares(from start: Int) -> [(share: PostSearch, inputs: UInt64)] {
            start < posts.count
                ? Array(start..<min(start + batch, posts.count)).parallelMap { index in
                    let inputs = keepsInputs ? machine.searchInputs(posts[index]) : 0
                    return (machine.rememberedPostSearch(posts[index], inputs: inputs), inputs)
                } : []
        }
        func add(_ shares: [(share: PostSearch, inputs: UInt64)], from start: Int) {
            if keepsInputs { inputs += shares.map(\.inputs) }
            for (offset, share) in shares.lazy.map(\.share).enumerated() {
                let post = start + offset
                if wholeIndex {
                    if post > 0 { whole.append(UInt8(ascii: ",")) }
                    whole += share.entry
                }
                if inChunk > 0 { chunk.append(UInt8(ascii: ",")) }
                chunk += share.chunkEntry
                inChunk += 1
                if inChunk == SearchShards.postsPerChunk || post == posts.count - 1 {
                    chunk.append(UInt8(ascii: "]"))
                    files.append(chunkFile(post / SearchShards.postsPerChunk, chunk))
                    (chunk, inChunk) = ([UInt8(ascii: "[")], 0)
                }
                share.words.forEachWordBytes { word, place in
                    let number = words.insert(word)
                    if number == postings.count { postings.append(SearchWordIndex.Postings()) }
                    postings[number].append(post, place)
                }
            }
        }
        // The shares of the next batch are made on every core while those of this one are added.
        var next = shares(from: 0)
        for start in stride(from: 0, to: posts.count, by: batch) {
            let current = next
            next = concurrently({ add(current, from: start) }, { shares(from: start + batch) }).1
        }
        whole.append(UInt8(ascii: "]"))
        index.occurrences.reserveCapacity(words.count)
        for (number, wordPostings) in postings.enumerated() { index.occurrences[words.string(number)] = wordPostings }
        groupWords(of: &index)
        let made =
            wordFiles(of: index) + files + [metaFile(of: index, postCount: posts.count)]
            + (wholeIndex ? [OutputFile(path: Route.searchIndex.outputPath, contents: .bytes(whole))] : [])
        return (made, inputs, index)
    }

    /// `search-index.json` made from the posts, for a build that writes it as soon as it is made: the entries a
    /// batch at a time on every core, into one array sized after the first batch. Made with the other search
    /// files, it was held through the whole write and grew by doubling: some 180 MB at 100,000 posts, and as much
    /// again copied while it grew.
    func wholeSearchIndex(batch: Int = searchBatch) -> [UInt8] {
        let posts = site.posts
        let machine = self
        var json: [UInt8] = [UInt8(ascii: "[")]
        for start in stride(from: 0, to: posts.count, by: batch) {
            let entries = Array(start..<min(start + batch, posts.count)).parallelMap { machine.searchEntries(posts[$0]).entry }
            if start == 0 {
                let size = entries.reduce(0) { $0 + $1.count + 1 }
                json.reserveCapacity(size / entries.count * posts.count * 9 / 8 + 2)
            }
            for entry in entries {
                if json.count > 1 { json.append(UInt8(ascii: ",")) }
                json += entry
            }
        }
        json.append(UInt8(ascii: "]"))
        return json
    }

    /// Posts whose search shares ``streamedSearchFiles()`` makes at once: the last batch's shares are added to
    /// the files on one core with nothing beside it, so a batch is small.
    static let searchBatch = 1024

    /// The groups of the prefixes of `affected` made again from `occurrences`: each with its `earlier` words and
    /// those of `affected` that are still found; `nil` for a prefix none of whose words is found any more.
    func regroup(_ affected: Set<String>, earlier: (String) -> [String], occurrences: [String: SearchWordIndex.Postings])
        -> [(prefix: String, group: SearchWordIndex.Group?)]
    {
        Dictionary(grouping: affected, by: SearchWordIndex.prefix).map { prefix, added in
            let words = Set(earlier(prefix)).union(added).filter { occurrences[$0] != nil }
            return (prefix, words.isEmpty ? nil : shardGroup(prefix, words, occurrences: occurrences))
        }
    }

    /// The words of `index`'s occurrences in groups by prefix, with their shards.
    private func groupWords(of index: inout SearchWordIndex) {
        for (prefix, words) in Dictionary(grouping: index.occurrences.keys, by: SearchWordIndex.prefix) {
            index.groups[prefix] = shardGroup(prefix, words, occurrences: index.occurrences)
        }
    }

    /// The shards of every word, by prefix.
    private func wordFiles(of index: SearchWordIndex) -> [OutputFile] {
        index.groups.sorted { $0.key < $1.key }.flatMap(\.value.files)
    }

    /// `search/posts/N.json`, the posts of chunk `number` without their text.
    func chunkFile(_ number: Int, _ json: [UInt8]) -> OutputFile {
        OutputFile(path: "search/posts/\(number).json", contents: .bytes(json))
    }

    /// `search/index.json`: the format's version, the number of posts, the chunk size and the split prefixes.
    private func metaFile(of index: SearchWordIndex, postCount: Int) -> OutputFile {
        metaFile(split: index.groups.values.flatMap(\.split), postCount: postCount)
    }

    /// `search/index.json` with the prefixes split further.
    func metaFile(split: [String], postCount: Int) -> OutputFile {
        let split = split.sorted()
        let meta = SearchMeta(version: 1, posts: postCount, chunk: SearchShards.postsPerChunk, split: split)
        return OutputFile(path: Route.searchShards.outputPath, contents: .bytes(encode(meta)))
    }

    /// The shards of the words of one two-letter prefix.
    func shardGroup(_ prefix: String, _ words: some Collection<String>, occurrences: [String: SearchWordIndex.Postings])
        -> SearchWordIndex.Group
    {
        var postings: [String: [UInt8]] = [:]
        for word in words { postings[word] = occurrences[word]?.bytes ?? [] }
        var group = SearchWordIndex.Group(words: Array(words), files: [], split: [])
        shard(prefix, group.words, length: SearchWordIndex.prefixLength, postings: postings, into: &group.files, split: &group.split)
        return group
    }

    /// Writes the shard of each prefix of `length` letters of `words`, splitting those that are too big.
    private func shard(
        _ words: [String], length: Int, postings: [String: [UInt8]], into files: inout [OutputFile], split: inout [String]
    ) {
        let groups = Dictionary(grouping: words) { String($0.unicodeScalars.prefix(length)) }
        for (prefix, group) in groups.sorted(by: { $0.key < $1.key }) {
            shard(prefix, group, length: length, postings: postings, into: &files, split: &split)
        }
    }

    /// Writes the shard of `prefix`, `length` letters long, whose words are `group`, or splits it when it is too big.
    private func shard(
        _ prefix: String, _ group: [String], length: Int, postings: [String: [UInt8]], into files: inout [OutputFile],
        split: inout [String]
    ) {
        let size = group.reduce(0) { $0 + $1.utf8.count + (postings[$1]?.count ?? 0) + 6 }
        if size > SearchShards.shardBytes, length < SearchShards.longestPrefix,
            group.contains(where: { $0.unicodeScalars.count > length })
        {
            split.append(prefix)
            let (exact, longer) = (group.filter { $0 == prefix }, group.filter { $0 != prefix })
            if !exact.isEmpty { files.append(shardFile(prefix, exact, postings)) }
            shard(longer, length: length + 1, postings: postings, into: &files, split: &split)
        } else {
            files.append(shardFile(prefix, group, postings))
        }
    }

    private func shardFile(_ prefix: String, _ words: [String], _ postings: [String: [UInt8]]) -> OutputFile {
        var json: [UInt8] = [UInt8(ascii: "{")]
        for (index, word) in words.sorted().enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONValue.appendString(word, to: &json)
            json.append(UInt8(ascii: ":"))
            json.append(UInt8(ascii: "\""))
            json += postings[word] ?? []
            json.append(UInt8(ascii: "\""))
        }
        json.append(UInt8(ascii: "}"))
        return OutputFile(path: "search/words/\(SearchShards.hex(prefix)).json", contents: .bytes(json))
    }

    /// Each word of a post with the best place it appears in, in the order the words first appear.
    private func wordPlaces(_ post: Post) -> PlacedWords {
        // Room for a distinct word every 40 bytes of text up front, rather than growing as words come.
        var table = WordPlaceTable(expected: post.plainText.utf8.count / 40 + 16)
        table.addWords(of: post.title, .title)
        for tag in post.tags { table.addWords(of: site.tagIndex[tag].map { site.tags[$0].name } ?? tag, .tag) }
        for project in post.projects {
            table.addWords(of: site.projectIndex[project].map { site.projects[$0].title } ?? project, .tag)
        }
        table.addWords(of: post.summary, .summary)
        table.addWords(of: post.plainText, .text)
        return table.placedWords
    }

    /// A post as the search shows it: its entry in `search-index.json`, with the start of its text, and the same
    /// without the text for its chunk. JSON objects with their keys in alphabetical order, made without
    /// `JSONEncoder` (a tenth of the search files' time); the members before and after `text` are written once.
    private func searchEntries(_ post: Post) -> (entry: [UInt8], chunkEntry: [UInt8]) {
        var before: [JSONMember] = [JSONMember("date", .string(CalendarDate(post.date, in: zone).isoDay))]
        if let project = post.projects.first.flatMap({ site.projectIndex[$0].map { site.projects[$0].title } }) {
            before.append(JSONMember("project", .string(project)))
        }
        before.append(JSONMember("summary", .string(post.summary)))
        before.append(JSONMember("tags", .array(post.tags.compactMap { site.tagIndex[$0].map { .string(site.tags[$0].name) } })))
        let after = [JSONMember("title", .string(post.title)), JSONMember("url", .string(url.path(post.route.path)))]
        var head: [UInt8] = [UInt8(ascii: "{")]
        JSONValue.appendMembers(before, to: &head)
        var tail: [UInt8] = [UInt8(ascii: ",")]
        JSONValue.appendMembers(after, to: &tail)
        tail.append(UInt8(ascii: "}"))
        var entry = head
        entry.append(UInt8(ascii: ","))
        JSONValue.appendMembers([JSONMember("text", .string(Self.cut(post.plainText, to: Self.searchTextLength)))], to: &entry)
        return (entry + tail, head + tail)
    }
}

/// `search/index.json`.
private struct SearchMeta: Encodable {
    var version: Int
    var posts: Int
    var chunk: Int
    var split: [String]
}
