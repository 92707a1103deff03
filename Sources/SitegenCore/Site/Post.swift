import Foundation

/// A published journal entry.
public struct Post: Sendable {
    public var sourcePath: String
    public var slug: String
    public var route: Route
    public var title: String
    public var date: Date
    public var dateOrigin: DateOrigin
    public var updated: Date?
    /// Slugs of its tags, in the order written.
    public var tags: [String]
    /// Slugs of its projects.
    public var projects: [String]
    public var summary: String
    public var html: String
    /// The start of the body as plain text, cut at a word near ``MachineFiles/searchTextLength`` bytes: what
    /// the search index holds.
    public var plainText: String
    public var toc: [TOCEntry]
    public var wordCount: Int
    public var readingMinutes: Int
    public var draft: Bool
    public var cover: String?
    public var layout: String?
    public var params: [String: TemplateValue]
    /// The slug of its series, and its day in it.
    public var series: String?
    public var day: Int?
    /// Up to three related posts, by index into ``Site/posts``, best first.
    public var related: [Int] = []
}

/// Reading time at about 220 words a minute, at least one minute.
func readingMinutes(words: Int) -> Int { max(1, Int((Double(words) / 220).rounded())) }
