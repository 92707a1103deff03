import Foundation

extension MachineFiles {
    /// Title, URL, date, tags, project, summary and the start of the text of every post, newest first:
    /// `search-index.json`, for the scripts of other themes.
    func searchIndex() -> [UInt8] {
        encodeArray(site.posts) { searchEntry($0, withText: true) }
    }

    /// The split search index (see ``SearchShards``).
    func searchShards() -> [OutputFile] {
        let places = site.posts.parallelMap(wordPlaces)
        var postings: [String: [UInt8]] = [:]
        var previous: [String: Int] = [:]
        for (post, words) in places.enumerated() {
            for (word, place) in words {
                let delta = post - (previous[word] ?? 0)
                previous[word] = post
                postings[word, default: []].append(contentsOf: String(delta, radix: 36).utf8)
                postings[word, default: []].append(place.rawValue)
            }
        }
        var files: [OutputFile] = []
        var split: [String] = []
        shard(Array(postings.keys), length: 2, postings: postings, into: &files, split: &split)
        for start in stride(from: 0, to: site.posts.count, by: SearchShards.postsPerChunk) {
            let chunk = site.posts[start..<min(start + SearchShards.postsPerChunk, site.posts.count)]
            files.append(
                OutputFile(
                    path: "search/posts/\(start / SearchShards.postsPerChunk).json",
                    contents: .bytes(encodeArray(chunk) { searchEntry($0, withText: false) })))
        }
        let meta = SearchMeta(version: 1, posts: site.posts.count, chunk: SearchShards.postsPerChunk, split: split.sorted())
        files.append(OutputFile(path: Route.searchShards.outputPath, contents: .bytes(encode(meta))))
        return files
    }

    /// Writes the shard of each prefix of `length` letters of `words`, splitting those that are too big.
    private func shard(
        _ words: [String], length: Int, postings: [String: [UInt8]], into files: inout [OutputFile], split: inout [String]
    ) {
        let groups = Dictionary(grouping: words) { String($0.unicodeScalars.prefix(length)) }
        for (prefix, group) in groups.sorted(by: { $0.key < $1.key }) {
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

    /// Each word of a post with the best place it appears in.
    private func wordPlaces(_ post: Post) -> [(String, SearchShards.Place)] {
        var best: [String: SearchShards.Place] = [:]
        func add(_ text: String, _ place: SearchShards.Place) {
            for word in SearchWords.words(in: text) where best[word].map({ place < $0 }) ?? true { best[word] = place }
        }
        add(post.title, .title)
        for tag in post.tags { add(site.tagIndex[tag].map { site.tags[$0].name } ?? tag, .tag) }
        for project in post.projects { add(site.projectIndex[project].map { site.projects[$0].title } ?? project, .tag) }
        add(post.summary, .summary)
        add(post.plainText, .text)
        return best.sorted { $0.key < $1.key }
    }

    /// A post as the search shows it, with the start of its text for the whole index.
    private func searchEntry(_ post: Post, withText: Bool) -> SearchEntry {
        SearchEntry(
            title: post.title, url: url.path(post.route.path), date: CalendarDate(post.date, in: zone).isoDay,
            tags: post.tags.compactMap { site.tagIndex[$0].map { site.tags[$0].name } },
            project: post.projects.first.flatMap { site.projectIndex[$0].map { site.projects[$0].title } },
            summary: post.summary, text: withText ? Self.cut(post.plainText, to: Self.searchTextLength) : nil)
    }
}

/// `search/index.json`.
private struct SearchMeta: Encodable {
    var version: Int
    var posts: Int
    var chunk: Int
    var split: [String]
}

/// One post in `search-index.json` (with its text) or in a `search/posts/N.json` chunk (without).
private struct SearchEntry: Encodable {
    var title: String
    var url: String
    var date: String
    var tags: [String]
    var project: String?
    var summary: String
    var text: String?
}
