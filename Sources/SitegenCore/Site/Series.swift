/// A series or challenge: posts with the same `series:`, in the order of their `day:` (or date).
public struct Series: Sendable {
    public var slug: String
    public var title: String
    public var description: String
    /// How many days (or parts) the series is planned to have, from site.yml.
    public var days: Int?
    public var route: Route
    /// Indices into ``Site/posts``, by day, then date, oldest first.
    public var posts: [Int]

    /// The highest day reached: the largest `day:` of its posts, or how many posts it has when they have none.
    func reached(in site: [Post]) -> Int { posts.compactMap { site[$0].day }.max() ?? posts.count }
}

/// A series as described in site.yml under `series:`.
public struct SeriesSettings: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var days: Int?
}
