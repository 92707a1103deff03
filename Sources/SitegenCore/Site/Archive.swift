/// Posts of one month.
public struct ArchiveMonth: Sendable {
    public var year: Int
    public var month: Int
    /// Indices into ``Site/posts``, newest first.
    public var posts: [Int]
}

/// Posts of one year, by month, newest first.
public struct ArchiveYear: Sendable {
    public var year: Int
    public var months: [ArchiveMonth]
}
