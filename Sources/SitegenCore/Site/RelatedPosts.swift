/// For each post, up to ``limit`` others that share the most tags or its project, ties going to the posts
/// closest in time. Candidates come from an inverted index (the posts of each tag and project, newest first), and
/// only the ``window`` posts nearest in time on each side in each list are considered, so the work grows
/// linearly with the number of posts even when one tag is on thousands of them.
enum RelatedPosts {
    static let limit = 3
    static let window = 40

    /// ``compute(posts:)``, or the lists `memo` kept from posts with the same times, tags and projects in the same
    /// order (a rebuild after an edit of posts' presentation); with whether they were computed.
    static func remembered(posts: [Post], memo: PartMemo?) -> (related: [[Int]], computed: Bool) {
        guard let memo else { return (compute(posts: posts), true) }
        let inputs = inputs(of: posts)
        if let bytes = memo.find("", inputs) {
            var reader = ByteReader(bytes)
            if let related = try? reader.list({ reader throws(ByteReader.Malformed) in
                try reader.list { reader throws(ByteReader.Malformed) in try reader.int() }
            }), reader.isAtEnd, related.count == posts.count,
                related.allSatisfy({ $0.allSatisfy(posts.indices.contains) })
            {
                return (related, false)
            }
        }
        let related = compute(posts: posts)
        var writer = ByteWriter(capacity: posts.count * 8)
        writer.list(related) { writer, list in writer.list(list) { $0.number($1) } }
        memo.keep("", inputs, writer.bytes)
        return (related, true)
    }

    /// The hash of what ``compute(posts:)`` reads: each post's time, tags and projects, in order.
    private static func inputs(of posts: [Post]) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine(Int64(posts.count))
        for post in posts {
            hasher.combine(Int64(bitPattern: post.date.timeIntervalSince1970.bitPattern))
            for names in [post.tags, post.projects] {
                hasher.combine(Int64(names.count))
                for name in names { hasher.combine(name) }
            }
        }
        return hasher.value
    }

    /// Indices into `posts` (newest first) for each post.
    static func compute(posts: [Post]) -> [[Int]] {
        // One list per tag and per project; each post remembers its place in each of its lists.
        var tagLists: [String: Int] = [:]
        var projectLists: [String: Int] = [:]
        var lists: [[Int]] = []
        var memberships = [[(list: Int, position: Int)]](repeating: [], count: posts.count)
        func join(_ index: Int, _ name: String, _ ids: inout [String: Int]) {
            let id = ids.number(of: name, next: lists.count) { lists.append([]) }
            memberships[index].append((id, lists[id].count))
            lists[id].append(index)
        }
        for index in posts.indices {
            for tag in posts[index].tags { join(index, tag, &tagLists) }
            for project in posts[index].projects { join(index, project, &projectLists) }
        }
        let times = posts.map(\.date.timeIntervalSince1970)
        // Chunks of posts, each scored with one table of counts by post, cleared after each post.
        let chunkCount = min(posts.count, 64)
        let chunks = (0..<chunkCount).map { chunk in (posts.count * chunk / chunkCount)..<(posts.count * (chunk + 1) / chunkCount) }
        return chunks.parallelMap { [lists, memberships] range -> [[Int]] in
            var scores = [Int32](repeating: 0, count: posts.count)
            var candidates: [Int] = []
            var related: [[Int]] = []
            related.reserveCapacity(range.count)
            for post in range {
                candidates.removeAll(keepingCapacity: true)
                for (list, position) in memberships[post] {
                    let members = lists[list]
                    for candidate in members[max(0, position - window)..<min(members.count, position + window + 1)]
                    where candidate != post {
                        if scores[candidate] == 0 { candidates.append(candidate) }
                        scores[candidate] += 1
                    }
                }
                // Keep the best few in order: more shared, then nearer in time, then newer.
                var best: [(post: Int, score: Int, distance: Double)] = []
                for candidate in candidates {
                    let entry = (post: candidate, score: Int(scores[candidate]), distance: abs(times[candidate] - times[post]))
                    scores[candidate] = 0
                    let position =
                        best.firstIndex { other in
                            (entry.score, -entry.distance, -entry.post) > (other.score, -other.distance, -other.post)
                        } ?? best.count
                    if position < limit {
                        best.insert(entry, at: position)
                        if best.count > limit { best.removeLast() }
                    }
                }
                related.append(best.map(\.post))
            }
            return related
        }.flatMap { $0 }
    }
}
