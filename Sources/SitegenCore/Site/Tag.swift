/// A tag and the posts that carry it.
public struct Tag: Sendable {
    public var slug: String
    /// The first spelling seen, oldest post first.
    public var name: String
    public var route: Route
    /// Indices into ``Site/posts``, newest first.
    public var posts: [Int]
}
