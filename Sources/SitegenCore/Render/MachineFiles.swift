import Foundation
import SitegenMarkdown

/// The files written for feed readers, crawlers and the search page rather than for people: the Atom feed of the
/// site, of each tag and of each project, the site's JSON Feed 1.1, `sitemap.xml`, `robots.txt` and
/// `search-index.json`. Text is escaped for XML by ``escapeHTML(_:)`` and for JSON by `JSONEncoder`; links inside
/// feed content are made absolute, since feed readers show it away from the site.
struct MachineFiles: Sendable {
    let site: Site
    let url: SiteURL
    let zone: TimeZone
    /// Posts per feed.
    static let feedLength = 20
    /// Bytes of each post's text in the search index.
    static let searchTextLength = 1_500
    /// What an earlier build made of posts' search shares (a written build that keeps a cache).
    var searchMemo: PartMemo?
    /// Where the split search index a written build made is kept for the next (``KeptSearchIndex``).
    var searchIndexMemo: PartMemo?
    /// The posts, by index, whose presentation changed since the build that kept the search index, when the site's
    /// shape did not (``PageDependencies/changedPosts(since:)``): only their search inputs can differ from the
    /// kept ones. `nil` when that is not known.
    var changedPosts: Set<Int>?

    init(site: Site) {
        self.site = site
        url = site.config.baseURL
        zone = site.config.timeZone
    }

    /// Every machine file of the site; `pages` are the HTML pages for the sitemap. A feed whose post's HTML cannot
    /// be read back throws.
    func files(pages: [PageJob]) throws(SpillFile.ReadFailure) -> [OutputFile] {
        let made = make(pages: pages, previous: nil, changed: [], keepsSearch: false)
        if let failure = made.failure { throw failure }
        return made.files
    }

    /// A group of files made together, each independent of the others; all but the search files are one file.
    enum Part: Hashable, Sendable {
        case atomFeed, jsonFeed, robots, sitemap, searchIndex, searchShards, tagFeed(Int), projectFeed(Int)
    }

    /// The parts of one file each, whose paths are known before they are made, in the order they are listed.
    var singleFileParts: [Part] {
        [.atomFeed, .jsonFeed, .robots, .sitemap] + site.tags.indices.map(Part.tagFeed) + site.projects.indices.map(Part.projectFeed)
    }

    /// The path of a part of one file.
    func path(of part: Part) -> String {
        switch part {
        case .atomFeed: return Route.feed.outputPath
        case .jsonFeed: return Route.jsonFeed.outputPath
        case .robots: return Route.robots.outputPath
        case .sitemap: return Route.sitemap.outputPath
        case .searchIndex: return Route.searchIndex.outputPath
        case .searchShards: return Route.searchShards.outputPath
        case .tagFeed(let index): return Self.feedRoute(of: site.tags[index].route).outputPath
        case .projectFeed(let index): return Self.feedRoute(of: site.projects[index].route).outputPath
        }
    }

    /// The posts whose presentation (``PostReads``) the files of `part` show, each read whole.
    func reads(of part: Part) -> ReadPosts {
        switch part {
        case .atomFeed, .jsonFeed: return ReadPosts(whole: Array(site.posts.indices.prefix(Self.feedLength)))
        case .robots: return ReadPosts()
        case .sitemap, .searchIndex, .searchShards: return ReadPosts(whole: Array(site.posts.indices))
        case .tagFeed(let index): return ReadPosts(whole: site.tags[index].posts.prefix(Self.feedLength).sorted())
        case .projectFeed(let index): return ReadPosts(whole: Array(site.projects[index].posts.sorted().prefix(Self.feedLength)))
        }
    }

    /// The machine files of a site by part, with each post's share of the search files, which the files of the
    /// site after an edit of a few posts start from.
    struct Made: Sendable {
        var parts: [Part: [OutputFile]]
        var search: [PostSearch]
        var words: SearchWordIndex
        /// The parts in the order their files are listed.
        var order: [Part]
        /// Why a feed could not read a post's HTML back, if one could not; that part has no files.
        var failure: SpillFile.ReadFailure?

        var files: [OutputFile] { order.flatMap { parts[$0] ?? [] } }
    }

    /// Every machine file of the site. With `previous`, the files of this site before the posts at `changed`
    /// had their body, title, summary, `updated` or params edited (and nothing else changed), a part that
    /// shows none of those posts is kept, and only their share of the search files is made again. The parts
    /// are independent, so they are made on every core: the search index and shards, the site's feeds, the
    /// sitemap, and each tag's and project's feed.
    /// Without `keepsSearch` (a build that makes the files once), the posts' search shares are not kept in
    /// ``Made/search``, and the search files are made as the shares come (``streamedSearchFiles()``).
    func make(pages: [PageJob], previous: Made?, changed: Set<Int>, keepsSearch: Bool = true) -> Made {
        let order: [Part] =
            [.searchShards, .searchIndex] + singleFileParts
        var search: [PostSearch]
        if let previous, previous.search.count == site.posts.count {
            search = previous.search
            let edited = changed.sorted()
            for (index, remade) in zip(edited, edited.parallelMap { postSearch(site.posts[$0]) }) { search[index] = remade }
        } else {
            search = keepsSearch ? site.posts.parallelMap(postSearch) : []
        }
        let stale = order.filter { part in previous?.parts[part] == nil || shows(part, anyOf: changed) }
        let searchParts = search
        // Made first, on every core, as the posts' shares come: the other parts then share the cores.
        let streamed = keepsSearch ? [] : streamedSearchFiles().files
        let made = stale.parallelMap { part -> (files: [OutputFile], words: SearchWordIndex?, failure: SpillFile.ReadFailure?) in
            if !keepsSearch {
                switch part {
                case .searchShards: return (streamed, nil, nil)
                case .searchIndex: return ([], nil, nil)
                default: break
                }
            }
            if case .searchShards = part {
                let shards = searchShards(
                    searchParts, previous: previous.map { ($0.words, $0.search) }, changed: previous == nil ? [] : changed)
                return (shards.files, shards.words, nil)
            }
            do throws(SpillFile.ReadFailure) {
                return (try files(of: part, search: searchParts, pages: pages), nil, nil)
            } catch {
                return ([], nil, error)
            }
        }
        var parts = previous?.parts ?? [:]
        for (part, files) in zip(stale, made.map(\.files)) { parts[part] = files }
        let words = made.lazy.compactMap(\.words).first ?? previous?.words ?? SearchWordIndex()
        return Made(parts: parts, search: search, words: words, order: order, failure: made.lazy.compactMap(\.failure).first)
    }

    /// The files of `part`, but for the search shards, which ``searchShards(_:previous:changed:)`` makes.
    private func files(of part: Part, search searchParts: [PostSearch], pages: [PageJob]) throws(SpillFile.ReadFailure) -> [OutputFile] {
        switch part {
        case .searchIndex: return [OutputFile(path: Route.searchIndex.outputPath, contents: .bytes(searchIndex(searchParts)))]
        case .searchShards: return []
        default: return [OutputFile(path: path(of: part), contents: .bytes(try bytes(of: part, pages: pages)))]
        }
    }

    /// The bytes of a part of one file; `pages` are the HTML pages, for the sitemap.
    func bytes(of part: Part, pages: [PageJob]) throws(SpillFile.ReadFailure) -> [UInt8] {
        switch part {
        case .atomFeed:
            return Array(try atomFeed(title: site.config.title, page: .home, feed: .feed, posts: Array(site.posts.indices)).utf8)
        case .jsonFeed: return try jsonFeed()
        case .robots: return Array(robots().utf8)
        case .sitemap: return sitemap(pages)
        case .searchIndex, .searchShards: return []
        case .tagFeed(let index):
            let tag = site.tags[index]
            return try listFeed(named: "#\(tag.name)", of: tag.route, posts: tag.posts)
        case .projectFeed(let index):
            let project = site.projects[index]
            return try listFeed(named: project.title, of: project.route, posts: project.posts.sorted())
        }
    }

    /// Whether the files of `part` show any of `posts` (indices into the site's posts).
    private func shows(_ part: Part, anyOf posts: Set<Int>) -> Bool {
        !posts.isEmpty && reads(of: part).whole.contains(where: posts.contains)
    }

    /// The Atom feed beside the list page at `route` (a tag's or a project's), titled after the site and `name`.
    private func listFeed(named name: String, of route: Route, posts: [Int]) throws(SpillFile.ReadFailure) -> [UInt8] {
        let feed = Self.feedRoute(of: route)
        return Array(try atomFeed(title: "\(site.config.title) · \(name)", page: route, feed: feed, posts: posts).utf8)
    }

    /// Whether `path` may be one of the files ``files(pages:)`` makes (other than `robots.txt`, which a copied
    /// file may replace), without making them.
    static func mayWrite(_ path: String) -> Bool {
        [Route.feed, .jsonFeed, .sitemap, .searchIndex].contains { $0.outputPath == path } || path.hasSuffix("/feed.xml")
            || path.hasPrefix("search/")
    }

    /// The Atom feed of the list page at `route`.
    static func feedRoute(of route: Route) -> Route { route.appending("feed.xml") }

    // MARK: Atom

    /// An Atom feed of the newest ``feedLength`` of `posts` (indices into the site's posts, newest first).
    func atomFeed(title: String, page: Route, feed: Route, posts: [Int]) throws(SpillFile.ReadFailure) -> String {
        let entries = posts.prefix(Self.feedLength).map { site.posts[$0] }
        let updated = entries.map { $0.updated ?? $0.date }.max() ?? site.posts.first?.date ?? Date(timeIntervalSince1970: 0)
        let author = site.config.author.isEmpty ? site.config.title : site.config.author
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(escapeHTML(site.config.language))">
              <title>\(escapeHTML(title))</title>

            """
        if !site.config.description.isEmpty { xml += "  <subtitle>\(escapeHTML(site.config.description))</subtitle>\n" }
        xml += """
              <link href="\(escapeHTML(url.absolute(feed.path)))" rel="self" type="application/atom+xml"/>
              <link href="\(escapeHTML(url.absolute(page.path)))" rel="alternate" type="text/html"/>
              <id>\(escapeHTML(url.absolute(page.path)))</id>
              <updated>\(iso(updated))</updated>
              <author><name>\(escapeHTML(author))</name></author>
              <generator version="\(SitegenVersion.current)">sitegen</generator>

            """
        for post in entries {
            let link = escapeHTML(url.absolute(post.route.path))
            xml += """
                  <entry>
                    <title>\(escapeHTML(post.title))</title>
                    <link href="\(link)" rel="alternate" type="text/html"/>
                    <id>\(link)</id>
                    <published>\(iso(post.date))</published>
                    <updated>\(iso(post.updated ?? post.date))</updated>

                """
            for slug in post.tags {
                guard let tag = site.tagIndex[slug].map({ site.tags[$0] }) else { continue }
                xml += "    <category term=\"\(escapeHTML(tag.slug))\" label=\"\(escapeHTML(tag.name))\"/>\n"
            }
            if !post.summary.isEmpty { xml += "    <summary>\(escapeHTML(post.summary))</summary>\n" }
            if !site.config.feedsCarrySummaries {
                let content = absoluteLinks(in: try post.readHTML(), page: url.absolute(post.route.path))
                xml += "    <content type=\"html\">\(escapeHTML(content))</content>\n"
            }
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }

    /// `html` with every root-relative or fragment-only `href` and `src`, and every root-relative URL of a `srcset`, made
    /// absolute: a feed reader shows the post away from the site.
    func absoluteLinks(in html: String, page: String) -> String {
        let origin = url.origin
        guard !origin.isEmpty else { return html }
        var output: [UInt8] = []
        output.reserveCapacity(html.utf8.count + 256)
        let bytes = Array(html.utf8)
        let attributes = [Array(" href=\"".utf8), Array(" src=\"".utf8), Array(" srcset=\"".utf8)]
        /// Whether a URL starts at `index` that is relative to the site's root (`/posts/…`, not `//host/…`).
        func isRootRelative(_ index: Int) -> Bool {
            index + 1 < bytes.count && bytes[index] == UInt8(ascii: "/") && bytes[index + 1] != UInt8(ascii: "/")
        }
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: " "),
                let kind = attributes.firstIndex(where: {
                    index + $0.count < bytes.count && bytes[index..<index + $0.count].elementsEqual($0)
                })
            else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output.append(contentsOf: attributes[kind])
            index += attributes[kind].count
            if kind == 2 {
                // A `srcset`: every candidate's URL, each after a comma.
                var candidateStarts = true
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if candidateStarts, bytes[index] != UInt8(ascii: " ") {
                        if isRootRelative(index) { output.append(contentsOf: origin.utf8) }
                        candidateStarts = false
                    }
                    if bytes[index] == UInt8(ascii: ",") { candidateStarts = true }
                    output.append(bytes[index])
                    index += 1
                }
            } else if isRootRelative(index) {
                output.append(contentsOf: origin.utf8)
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
                output.append(contentsOf: page.utf8)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    // MARK: JSON

    /// JSON Feed 1.1: <https://www.jsonfeed.org/version/1.1/>.
    func jsonFeed() throws(SpillFile.ReadFailure) -> [UInt8] {
        let author = site.config.author.isEmpty ? nil : [JSONFeed.Author(name: site.config.author)]
        var items: [JSONFeed.Item] = []
        for post in site.posts.prefix(Self.feedLength) {
            let link = url.absolute(post.route.path)
            let content = site.config.feedsCarrySummaries ? nil : absoluteLinks(in: try post.readHTML(), page: link)
            items.append(
                JSONFeed.Item(
                    id: link, url: link, title: post.title,
                    contentHTML: content,
                    contentText: site.config.feedsCarrySummaries ? (post.summary.isEmpty ? post.title : post.summary) : nil,
                    summary: post.summary.isEmpty ? nil : post.summary, image: post.cover.map { Self.absoluteURL($0, origin: url.origin) },
                    datePublished: iso(post.date), dateModified: post.updated.map(iso),
                    tags: post.tags.compactMap { site.tagIndex[$0].map { site.tags[$0].name } }))
        }
        let feed = JSONFeed(
            title: site.config.title, homePageURL: url.absolute(Route.home.path), feedURL: url.absolute(Route.jsonFeed.path),
            description: site.config.description.isEmpty ? nil : site.config.description, language: site.config.language,
            authors: author, items: items)
        return encode(feed)
    }

    /// `text` cut at the last space before `limit` bytes.
    static func cut(_ text: String, to limit: Int) -> String {
        let bytes = text.utf8
        guard bytes.count > limit else { return text }
        // Cut at a character boundary at most `limit` bytes in, then back to the last space.
        var end = bytes.index(bytes.startIndex, offsetBy: limit)
        while end > bytes.startIndex, bytes[end] & 0xC0 == 0x80 { end = bytes.index(before: end) }
        let prefix = bytes[..<end]
        let space = prefix.lastIndex(of: UInt8(ascii: " ")) ?? prefix.endIndex
        return String(decoding: bytes[..<space], as: UTF8.self)
    }

    func encode(_ value: some Encodable) -> [UInt8] {
        (try? Array(Self.jsonEncoder().encode(value))) ?? Array("{}".utf8)
    }

    static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `link` (a path of the site or a full URL) as a full URL.
    static func absoluteURL(_ link: String, origin: String) -> String {
        link.hasPrefix("/") && !link.hasPrefix("//") ? origin + link : link
    }

    private func iso(_ date: Date) -> String { CalendarDate(date, in: zone).iso8601 }
}

/// The fields of JSON Feed 1.1 that sitegen fills; names as the specification spells them.
private struct JSONFeed: Encodable {
    struct Author: Encodable { var name: String }
    struct Item: Encodable {
        var id: String
        var url: String
        var title: String
        var contentHTML: String?
        /// The summary, in place of the body, when `feed_content: summary`.
        var contentText: String?
        var summary: String?
        var image: String?
        var datePublished: String
        var dateModified: String?
        var tags: [String]

        enum CodingKeys: String, CodingKey {
            case id, url, title, summary, image, tags
            case contentHTML = "content_html"
            case contentText = "content_text"
            case datePublished = "date_published"
            case dateModified = "date_modified"
        }
    }

    let version = "https://jsonfeed.org/version/1.1"
    var title: String
    var homePageURL: String
    var feedURL: String
    var description: String?
    var language: String
    var authors: [Author]?
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case version, title, description, language, authors, items
        case homePageURL = "home_page_url"
        case feedURL = "feed_url"
    }
}

extension OutputFile {
    /// Whether `path` may be a feed, the sitemap or a search file, which a build makes after its pages; any other
    /// path is a page, a copied file or nothing.
    public static func mayBeMachineFile(_ path: String) -> Bool { MachineFiles.mayWrite(path) }
}
