/// For each post, up to ``limit`` others that share the most tags or its project, ties going to the posts
/// closest in time. Candidates come from an inverted index (the posts of each tag and project, newest first), and
/// only the ``window`` posts nearest in time on each side in each list are considered, so the work grows
/// linearly with the number of posts even when one tag is on thousands of them.
enum RelatedPosts {
    static let limit = 3
    static let window = 40

    /// Indices into `posts` (newest first) for each post.
    static func compute(posts: [Post]) -> [[Int]] {
        var lists: [String: [Int]] = [:]
        for (index, post) in posts.enumerated() {
            for tag in post.tags { lists["t:" + tag, default: []].append(index) }
            for project in post.projects { lists["p:" + project, default: []].append(index) }
        }
        var positions: [String: [Int: Int]] = [:]
        for (key, list) in lists where list.count > 1 {
            positions[key] = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) })
        }
        let inverted = (lists: lists, positions: positions)
        return Array(posts.indices).parallelMap { index -> [Int] in
            let (lists, positions) = inverted
            let post = posts[index]
            var scores: [Int: Int] = [:]
            let keys = post.tags.map { "t:" + $0 } + post.projects.map { "p:" + $0 }
            for key in keys {
                guard let list = lists[key], let position = positions[key]?[index] else { continue }
                for candidate in list[max(0, position - window)..<min(list.count, position + window + 1)] where candidate != index {
                    scores[candidate, default: 0] += 1
                }
            }
            let date = post.date.timeIntervalSince1970
            return scores.sorted { lhs, rhs in
                if lhs.value != rhs.value { return lhs.value > rhs.value }
                let left = abs(posts[lhs.key].date.timeIntervalSince1970 - date)
                let right = abs(posts[rhs.key].date.timeIntervalSince1970 - date)
                return left != right ? left < right : lhs.key < rhs.key
            }.prefix(limit).map(\.key)
        }
    }
}
