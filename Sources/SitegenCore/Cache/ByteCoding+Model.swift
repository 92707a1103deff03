import Foundation
import SitegenImages
import SitegenMarkdown

// The values of the site model as bytes, for the kept site (``KeptSite``): posts, projects, pages, routes, tables of
// contents, pictures, each read back by its ``ByteReader`` counterpart.

extension ByteWriter {
    mutating func route(_ route: Route) { string(route.path) }

    mutating func indices(_ indices: [Int]) { list(indices) { $0.number($1) } }

    mutating func date(_ date: Date?) { optionalNumber(date?.timeIntervalSinceReferenceDate.bitPattern) }

    mutating func optionalInt(_ value: Int?) { optionalNumber(value.map { UInt64(bitPattern: Int64($0)) }) }

    mutating func size(_ size: ImageSize) {
        number(size.width)
        number(size.height)
    }

    /// A dictionary by its keys in order, so that the same site gives the same bytes.
    mutating func sortedMap<Value>(_ map: [String: Value], _ add: (inout ByteWriter, Value) -> Void) {
        list(map.sorted { $0.key < $1.key }) { writer, entry in
            writer.string(entry.key)
            add(&writer, entry.value)
        }
    }

    mutating func params(_ params: [String: TemplateValue]) { sortedMap(params) { writer, value in value.add(to: &writer) } }

    mutating func toc(_ entries: [TOCEntry]) {
        list(entries) { writer, entry in
            writer.string(entry.id)
            writer.string(entry.text)
            writer.toc(entry.children)
        }
    }

    mutating func features(_ features: Set<PageFeature>) { list(features.map(\.rawValue).sorted()) { $0.string($1) } }

    mutating func post(_ post: Post) {
        string(post.sourcePath)
        string(post.slug)
        route(post.route)
        string(post.title)
        date(post.date)
        number(post.dateOrigin.rawValue)
        date(post.updated)
        list(post.projects) { $0.string($1) }
        string(post.summary)
        switch post.storedHTML {
        case .inline(let html):
            number(0)
            string(html)
        case .spilled(_, let range, let hash), .kept(_, let range, let hash):
            number(1)
            number(range.lowerBound)
            number(range.count)
            number(hash)
        }
        string(post.plainText)
        toc(post.toc)
        number(post.wordCount)
        number(post.readingMinutes)
        number(post.draft ? 1 : 0)
        optional(post.cover)
        optional(post.layout)
        params(post.params)
        optional(post.series)
        optionalInt(post.day)
        features(post.features)
        list(post.tags) { $0.string($1) }
        indices(post.related)
    }

    mutating func project(_ project: Project) {
        string(project.slug)
        string(project.title)
        route(project.route)
        optional(project.sourcePath)
        string(project.summary)
        optional(project.status?.rawValue)
        optional(project.repo)
        list(project.tech) { $0.string($1) }
        date(project.started)
        date(project.finished)
        string(project.html)
        toc(project.toc)
        optional(project.layout)
        params(project.params)
        indices(project.posts)
        number(project.isGenerated ? 1 : 0)
        features(project.features)
    }

    mutating func page(_ page: Page) {
        string(page.sourcePath)
        string(page.slug)
        route(page.route)
        string(page.title)
        string(page.summary)
        string(page.html)
        toc(page.toc)
        number(page.wordCount)
        number(page.readingMinutes)
        optionalInt(page.weight)
        optional(page.layout)
        params(page.params)
        date(page.modified)
        features(page.features)
    }

    mutating func lines(_ lines: PageOrigins.KeyLines) {
        number(lines.slug)
        number(lines.tags)
        number(lines.series)
    }

    mutating func redirect(_ redirect: RedirectPage) {
        route(redirect.from)
        route(redirect.to)
        string(redirect.origin.path)
        number(redirect.origin.line)
    }

    mutating func picture(_ picture: Picture) {
        list(picture.sources) { writer, source in
            writer.string(source.type)
            writer.string(source.srcset)
        }
        string(picture.src)
        string(picture.srcset)
        size(picture.size)
    }
}

extension ByteReader {
    mutating func route() throws(Malformed) -> Route { Route(try string()) }

    mutating func indices() throws(Malformed) -> [Int] { try list { reader throws(Malformed) in try reader.int() } }

    mutating func date() throws(Malformed) -> Date? {
        try optionalNumber().map { Date(timeIntervalSinceReferenceDate: Double(bitPattern: $0)) }
    }

    mutating func optionalInt() throws(Malformed) -> Int? { try optionalNumber().map { Int(Int64(bitPattern: $0)) } }

    mutating func size() throws(Malformed) -> ImageSize { ImageSize(width: try int(), height: try int()) }

    mutating func format() throws(Malformed) -> ImageCodec.Format {
        guard let format = ImageCodec.Format(rawValue: try string()) else { throw Malformed() }
        return format
    }

    mutating func map<Value>(_ read: (inout ByteReader) throws(Malformed) -> Value) throws(Malformed) -> [String: Value] {
        let count = try count()
        var map = [String: Value](minimumCapacity: count)
        for _ in 0..<count { map[try string()] = try read(&self) }
        return map
    }

    mutating func params() throws(Malformed) -> [String: TemplateValue] {
        try map { reader throws(Malformed) in try TemplateValue(&reader) }
    }

    mutating func toc(depth: Int = 0) throws(Malformed) -> [TOCEntry] {
        guard depth < 8 else { throw Malformed() }
        return try list { reader throws(Malformed) in
            TOCEntry(id: try reader.string(), text: try reader.string(), children: try reader.toc(depth: depth + 1))
        }
    }

    mutating func features() throws(Malformed) -> Set<PageFeature> {
        Set(
            try list { reader throws(Malformed) in
                guard let feature = PageFeature(rawValue: try reader.string()) else { throw Malformed() }
                return feature
            })
    }

    mutating func flag() throws(Malformed) -> Bool {
        switch try number() {
        case 0: return false
        case 1: return true
        default: throw Malformed()
        }
    }

    mutating func post(file: SpillFile) throws(Malformed) -> Post {
        let (sourcePath, slug, route, title) = (try string(), try string(), try route(), try string())
        let published = try date() ?? Date(timeIntervalSinceReferenceDate: 0)
        guard let dateOrigin = DateOrigin(rawValue: try int()) else { throw Malformed() }
        let (updated, projects, summary) = (try date(), try list { reader throws(Malformed) in try reader.string() }, try string())
        let html: StoredText
        switch try number() {
        case 0: html = .inline(try string())
        case 1:
            html = .kept(file, try BodyStore.range(&self), hash: try number())
        default: throw Malformed()
        }
        var post = Post(
            sourcePath: sourcePath, slug: slug, route: route, title: title, date: published, dateOrigin: dateOrigin, updated: updated,
            tags: [], projects: projects, summary: summary, html: "", plainText: try string(), toc: try toc(), wordCount: try int(),
            readingMinutes: try int(), draft: try flag(), cover: try optional(), layout: try optional(), params: try params(),
            series: try optional(), day: try optionalInt())
        post.storedHTML = html
        post.features = try features()
        post.tags = try list { reader throws(Malformed) in try reader.string() }
        post.related = try indices()
        return post
    }

    mutating func project() throws(Malformed) -> Project {
        let (slug, title, route, sourcePath, summary) = (try string(), try string(), try route(), try optional(), try string())
        let status = try optional().map { raw throws(Malformed) -> ProjectStatus in
            guard let status = ProjectStatus(rawValue: raw) else { throw Malformed() }
            return status
        }
        return Project(
            slug: slug, title: title, route: route, sourcePath: sourcePath, summary: summary, status: status, repo: try optional(),
            tech: try list { reader throws(Malformed) in try reader.string() }, started: try date(), finished: try date(),
            html: try string(), toc: try toc(), layout: try optional(), params: try params(), posts: try indices(),
            isGenerated: try flag(), features: try features())
    }

    mutating func page() throws(Malformed) -> Page {
        Page(
            sourcePath: try string(), slug: try string(), route: try route(), title: try string(), summary: try string(),
            html: try string(), toc: try toc(), wordCount: try int(), readingMinutes: try int(), weight: try optionalInt(),
            layout: try optional(), params: try params(), modified: try date() ?? Date(timeIntervalSinceReferenceDate: 0),
            features: try features())
    }

    mutating func lines() throws(Malformed) -> PageOrigins.KeyLines {
        PageOrigins.KeyLines(slug: try int(), tags: try int(), series: try int())
    }

    mutating func redirect() throws(Malformed) -> RedirectPage {
        RedirectPage(from: try route(), to: try route(), origin: OutputFile.Origin(path: try string(), line: try int()))
    }

    mutating func picture() throws(Malformed) -> Picture {
        Picture(
            sources: try list { reader throws(Malformed) in Picture.Source(type: try reader.string(), srcset: try reader.string()) },
            src: try string(), srcset: try string(), size: try size())
    }
}
