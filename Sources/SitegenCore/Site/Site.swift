import Foundation
import SitegenMarkdown

/// An entry of a page's table of contents: an `h2` with its `h3`s.
public struct TOCEntry: Sendable, Equatable {
    public var id: String
    public var text: String
    public var children: [TOCEntry]
}

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
    public var toc: [TOCEntry]
    public var wordCount: Int
    public var readingMinutes: Int
    public var draft: Bool
    public var cover: String?
    public var layout: String?
    public var params: [String: TemplateValue]
}

/// A tag and the posts that carry it.
public struct Tag: Sendable {
    public var slug: String
    /// The first spelling seen, oldest post first.
    public var name: String
    public var route: Route
    /// Indices into ``Site/posts``, newest first.
    public var posts: [Int]
}

/// A project: its own page, or one generated for a slug that posts name.
public struct Project: Sendable {
    public var slug: String
    public var title: String
    public var route: Route
    public var sourcePath: String?
    public var summary: String
    public var status: ProjectStatus?
    public var repo: String?
    public var tech: [String]
    public var started: Date?
    public var finished: Date?
    public var html: String
    public var toc: [TOCEntry]
    public var layout: String?
    public var params: [String: TemplateValue]
    /// Indices into ``Site/posts``, oldest first: the project's timeline.
    public var posts: [Int]
    /// Whether no file describes it.
    public var isGenerated: Bool
}

/// A standalone page such as About.
public struct Page: Sendable {
    public var sourcePath: String
    public var slug: String
    public var route: Route
    public var title: String
    public var summary: String
    public var html: String
    public var toc: [TOCEntry]
    public var wordCount: Int
    public var readingMinutes: Int
    public var weight: Int?
    public var layout: String?
    public var params: [String: TemplateValue]
}

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

/// A file copied as it is into the output.
public struct StaticFile: Sendable {
    public var route: Route
    public var contents: AssetFile.Contents
}

/// The whole site as a model: what the templates show, with no I/O.
public struct Site: Sendable {
    public var config: SiteConfig
    /// Newest first.
    public var posts: [Post]
    /// By name.
    public var tags: [Tag]
    public var projects: [Project]
    public var pages: [Page]
    public var archive: [ArchiveYear]
    public var staticFiles: [StaticFile]
    /// Index of each tag in ``tags`` by slug.
    public var tagIndex: [String: Int]
    /// Index of each project in ``projects`` by slug.
    public var projectIndex: [String: Int]
}

/// Reading time at about 220 words a minute, at least one minute.
func readingMinutes(words: Int) -> Int { max(1, Int((Double(words) / 220).rounded())) }

/// The headings of levels 2 and 3 as a two-level table of contents.
func tableOfContents(_ headings: [Heading]) -> [TOCEntry] {
    var entries: [TOCEntry] = []
    for heading in headings where heading.level == 2 || heading.level == 3 {
        let entry = TOCEntry(id: heading.id, text: heading.text, children: [])
        if heading.level == 3, !entries.isEmpty {
            entries[entries.count - 1].children.append(entry)
        } else {
            entries.append(entry)
        }
    }
    return entries
}

/// Plain text with runs of whitespace collapsed, cut at a word boundary near `limit` characters, with an
/// ellipsis when cut. Stops reading once past the limit, so a whole document can be passed.
func summaryText(_ text: String, limit: Int = 200) -> String {
    func ellipsized(_ bytes: ArraySlice<UInt8>) -> String {
        var cut = String(decoding: bytes, as: UTF8.self)
        while let last = cut.last, ",;:.-–—".contains(last) { cut.removeLast() }
        return cut + "…"
    }
    var result: [UInt8] = []
    var length = 0
    var lastBoundary = 0
    var pendingSpace = false
    for byte in text.utf8 {
        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
            pendingSpace = !result.isEmpty
            continue
        }
        if pendingSpace {
            if length >= limit { return ellipsized(result[...]) }
            lastBoundary = result.count
            result.append(0x20)
            length += 1
            pendingSpace = false
        }
        result.append(byte)
        if byte & 0xC0 != 0x80 { length += 1 }
        if length > limit, lastBoundary > 0 { return ellipsized(result[..<lastBoundary]) }
    }
    return String(decoding: result, as: UTF8.self)
}

/// The summary of a body without one in front matter: the text before `<!--more-->`, else the first
/// paragraph when it says enough (eight words or more), else the opening of the text.
func derivedSummary(_ body: RenderedMarkdown) -> String {
    if let more = body.textBeforeMore { return summaryText(more) }
    if let paragraph = body.firstParagraph, countWords(paragraph) >= 8 { return summaryText(paragraph) }
    return summaryText(body.plainText)
}

/// A file name made readable: `my-first_post.md` → "My first post".
func readableTitle(fromFileName name: String) -> String {
    var base = name
    if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
    let words = base.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
    let sentence = words.joined(separator: " ")
    return sentence.prefix(1).uppercased() + sentence.dropFirst()
}
