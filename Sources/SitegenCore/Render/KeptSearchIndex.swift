import Foundation

/// The split search index as a written build left it, kept in the cache (``BodyStore/PartKind/searchIndex``) so
/// that the next build makes again only the search files that show a post whose search share changed: each post's
/// ``MachineFiles/searchInputs(_:)`` in the site's order, each word's postings, each prefix's words and split
/// prefixes, and the hash of the bytes of every file but `search/index.json`.
///
/// It stands on its own: a file is taken from the output only when the build record's fingerprint for it is the
/// hash kept here (the writer has checked that the file is as recorded), and made again from this index otherwise.
struct KeptSearchIndex: Sendable {
    /// The format, which is also the part's inputs in the store: an index of another format is not found.
    static let format: UInt64 = 1
    /// A hash of the posts' source paths in the site's order: postings number the posts by their place in it.
    var order: UInt64
    var inputs: [UInt64]
    var occurrences: [String: SearchWordIndex.Postings]
    var groups: [String: Group]
    /// The hash of each `search/posts/N.json`.
    var chunks: [UInt64]
    /// The hash of `search-index.json`.
    var whole: UInt64

    /// The words of one prefix and the files of their shards.
    struct Group: Sendable {
        var words: [String]
        /// The prefixes split into longer ones.
        var split: [String]
        var files: [(path: String, hash: UInt64)]
    }

    init(
        order: UInt64, inputs: [UInt64], occurrences: [String: SearchWordIndex.Postings], groups: [String: Group], chunks: [UInt64],
        whole: UInt64
    ) {
        self.order = order
        self.inputs = inputs
        self.occurrences = occurrences
        self.groups = groups
        self.chunks = chunks
        self.whole = whole
    }

    /// The hash of the order of `posts`.
    static func order(of posts: [Post]) -> UInt64 {
        var hasher = StableHasher()
        for post in posts { hasher.combine(post.sourcePath) }
        return hasher.value
    }

    /// The group of `made`, whose files hash as `hashes` says.
    static func group(_ made: SearchWordIndex.Group, hashes: [String: UInt64]) -> Group {
        Group(words: made.words, split: made.split, files: made.files.map { ($0.path, hashes[$0.path] ?? 0) })
    }

    /// The index as ``bytes`` wrote it.
    init(bytes: [UInt8]) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes)
        order = try reader.number()
        inputs = try reader.list { reader throws(ByteReader.Malformed) in try reader.number() }
        let words = try reader.count()
        occurrences = Dictionary(minimumCapacity: words)
        for _ in 0..<words {
            occurrences[try reader.string()] = SearchWordIndex.Postings(bytes: try reader.byteArray())
        }
        let groupCount = try reader.count()
        groups = Dictionary(minimumCapacity: groupCount)
        for _ in 0..<groupCount {
            let prefix = try reader.string()
            let words = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
            let split = try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }
            let files = try reader.list { reader throws(ByteReader.Malformed) in (try reader.string(), try reader.number()) }
            // A shard's path is made from its prefix; one from anywhere else (a planted cache) is not written.
            guard files.allSatisfy({ Self.isShardPath($0.0) }) else { throw ByteReader.Malformed() }
            groups[prefix] = Group(words: words, split: split, files: files.map { (path: $0.0, hash: $0.1) })
        }
        chunks = try reader.list { reader throws(ByteReader.Malformed) in try reader.number() }
        whole = try reader.number()
        guard reader.isAtEnd else { throw ByteReader.Malformed() }
    }

    /// Whether `path` is one a shard is written to: `search/words/HEX.json`.
    static func isShardPath(_ path: String) -> Bool {
        guard path.hasPrefix("search/words/"), path.hasSuffix(".json") else { return false }
        let name = path.utf8.dropFirst("search/words/".utf8.count).dropLast(".json".utf8.count)
        return !name.isEmpty && name.allSatisfy { Digits.value($0).map { $0 < 16 } ?? false }
    }

    /// The index as bytes, for ``init(bytes:)``.
    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: 64 + inputs.count * 10 + occurrences.count * 32)
        writer.number(order)
        writer.list(inputs) { $0.number($1) }
        writer.number(occurrences.count)
        for (word, postings) in occurrences {
            writer.string(word)
            writer.byteArray(postings.bytes)
        }
        writer.number(groups.count)
        for (prefix, group) in groups {
            writer.string(prefix)
            writer.list(group.words) { $0.string($1) }
            writer.list(group.split) { $0.string($1) }
            writer.list(group.files) { writer, file in
                writer.string(file.path)
                writer.number(file.hash)
            }
        }
        writer.list(chunks) { $0.number($1) }
        writer.number(whole)
        return writer.bytes
    }
}

extension MachineFiles {
    /// The search files of a written build, to follow its pages. With a cache (``searchMemo`` and
    /// ``searchIndexMemo``), each comes with the hash of its bytes, and when the index the last build kept
    /// (``KeptSearchIndex``) has the same posts in the same order, only the files that show a post whose search
    /// share changed are made: the shards of the prefixes of its words, its chunk and `search-index.json`; the
    /// others are made only if the output lacks them. Otherwise all are made as the posts' shares come
    /// (``streamedSearchFiles(batch:wholeIndex:)``), but `search-index.json`, which is made only when it is written
    /// (``wholeSearchIndex(batch:)``). The index for the next build is kept.
    func writtenSearchFiles() -> [PageStream.File] {
        guard let shareMemo = searchMemo, let indexMemo = searchIndexMemo else {
            let machine = self
            return streamedSearchFiles(wholeIndex: false).files.map { file in PageStream.File(path: file.path) { Self.bytes(of: file) } }
                + [PageStream.File(path: Route.searchIndex.outputPath) { machine.wholeSearchIndex() }]
        }
        let kept = indexMemo.find("", KeptSearchIndex.format).flatMap { try? KeptSearchIndex(bytes: $0) }
        let (files, index) = kept.flatMap { updatedSearchFiles(from: $0, memo: shareMemo) } ?? allSearchFiles()
        // An index no post's share changed is the one kept already.
        if let index { indexMemo.keep("", KeptSearchIndex.format, index.bytes) }
        return files
    }

    /// Every search file, each with the hash of its bytes, and the index they make.
    private func allSearchFiles() -> (files: [PageStream.File], index: KeptSearchIndex?) {
        let (made, inputs, words) = streamedSearchFiles()
        let hashes = made.map { ContentHash.of(Self.bytes(of: $0)) }
        let hashByPath = Dictionary(zip(made.map(\.path), hashes), uniquingKeysWith: { first, _ in first })
        let chunkCount = (site.posts.count + SearchShards.postsPerChunk - 1) / SearchShards.postsPerChunk
        let index = KeptSearchIndex(
            order: KeptSearchIndex.order(of: site.posts), inputs: inputs, occurrences: words.occurrences,
            groups: words.groups.mapValues { KeptSearchIndex.group($0, hashes: hashByPath) },
            chunks: (0..<chunkCount).map { hashByPath[chunkFile($0, []).path] ?? 0 },
            whole: hashByPath[Route.searchIndex.outputPath] ?? 0)
        let files = zip(made, hashes).map { file, hash in PageStream.File(path: file.path, fingerprint: hash) { Self.bytes(of: file) } }
        return (files, index)
    }

    /// The search files made from `kept` after the posts whose inputs changed, and the index they make (`nil` when
    /// that is `kept`, no post's inputs having changed): `nil` when the posts are not the same ones in the same
    /// order, or an edited post's earlier share is not in `memo`.
    private func updatedSearchFiles(from kept: KeptSearchIndex, memo: PartMemo) -> (files: [PageStream.File], index: KeptSearchIndex?)? {
        let posts = site.posts
        guard kept.inputs.count == posts.count,
            kept.chunks.count == (posts.count + SearchShards.postsPerChunk - 1) / SearchShards.postsPerChunk,
            KeptSearchIndex.order(of: posts) == kept.order
        else { return nil }
        let machine = self
        // Only the posts whose presentation changed are looked at when that is known; the others' inputs are
        // the kept ones.
        let inputs: [UInt64]
        if let changed = changedPosts?.filter({ $0 < posts.count }).sorted() {
            var known = kept.inputs
            for (index, value) in zip(changed, changed.parallelMap { machine.searchInputs(posts[$0]) }) { known[index] = value }
            inputs = known
        } else {
            inputs = Array(posts.indices).parallelMap { machine.searchInputs(posts[$0]) }
        }
        let edited = posts.indices.filter { inputs[$0] != kept.inputs[$0] }
        // The earlier shares are looked up before the new ones are kept under the same paths.
        var earlier: [PlacedWords] = []
        for index in edited {
            guard let bytes = memo.find(posts[index].sourcePath, kept.inputs[index]) else { return nil }
            var reader = ByteReader(bytes)
            guard let share = try? PostSearch(&reader), reader.isAtEnd else { return nil }
            earlier.append(share.words)
        }
        let fresh = Dictionary(
            uniqueKeysWithValues: zip(edited, edited.parallelMap { machine.rememberedPostSearch(posts[$0], inputs: inputs[$0]) }))
        memo.carry(posts.indices.filter { fresh[$0] == nil }.map { (posts[$0].sourcePath, inputs[$0]) })
        @Sendable func share(_ index: Int) -> PostSearch {
            fresh[index] ?? machine.rememberedPostSearch(posts[index], inputs: inputs[index])
        }

        var index = kept
        index.inputs = inputs
        let affected = SearchWordIndex.replacePostings(
            in: &index.occurrences, of: edited, old: earlier, new: edited.compactMap { fresh[$0]?.words })
        var remade: [String: SearchWordIndex.Group] = [:]
        for (prefix, group) in regroup(affected, earlier: { kept.groups[$0]?.words ?? [] }, occurrences: index.occurrences) {
            remade[prefix] = group
            index.groups[prefix] = group.map { made in
                KeptSearchIndex.group(
                    made, hashes: Dictionary(made.files.map { ($0.path, ContentHash.of(Self.bytes(of: $0))) }) { a, _ in a })
            }
        }
        var files: [PageStream.File] = []
        let occurrences = index.occurrences
        for (prefix, group) in index.groups.sorted(by: { $0.key < $1.key }) {
            let made = remade[prefix]
            for (path, hash) in group.files {
                files.append(
                    PageStream.File(path: path, fingerprint: hash) {
                        let files = made?.files ?? machine.shardGroup(prefix, group.words, occurrences: occurrences).files
                        return files.first { $0.path == path }.map(Self.bytes(of:)) ?? []
                    })
            }
        }
        let editedChunks = Set(edited.map { $0 / SearchShards.postsPerChunk })
        for chunk in kept.chunks.indices {
            let start = chunk * SearchShards.postsPerChunk
            let members = start..<min(start + SearchShards.postsPerChunk, posts.count)
            let path = chunkFile(chunk, []).path
            @Sendable func bytes() -> [UInt8] { Self.jsonArray(members.map { share($0).chunkEntry }) }
            if editedChunks.contains(chunk) {
                let made = bytes()
                index.chunks[chunk] = ContentHash.of(made)
                files.append(PageStream.File(path: path, fingerprint: index.chunks[chunk]) { made })
            } else {
                files.append(PageStream.File(path: path, fingerprint: kept.chunks[chunk], make: bytes))
            }
        }
        let meta = Self.bytes(of: metaFile(split: index.groups.values.flatMap(\.split), postCount: posts.count))
        files.append(PageStream.File(path: Route.searchShards.outputPath) { meta })
        @Sendable func whole() -> [UInt8] { Self.jsonArray(Array(posts.indices).parallelMap { share($0).entry }) }
        if edited.isEmpty {
            files.append(PageStream.File(path: Route.searchIndex.outputPath, fingerprint: kept.whole, make: whole))
        } else {
            let made = whole()
            index.whole = ContentHash.of(made)
            files.append(PageStream.File(path: Route.searchIndex.outputPath, fingerprint: index.whole) { made })
        }
        return (files, edited.isEmpty ? nil : index)
    }

    /// The bytes of a search file, which are always in memory.
    private static func bytes(of file: OutputFile) -> [UInt8] {
        if case .bytes(let bytes) = file.contents { bytes } else { [] }
    }
}
