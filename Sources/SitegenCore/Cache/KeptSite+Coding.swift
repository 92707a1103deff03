import Foundation
import SitegenImages
import SitegenMarkdown

/// The kept site as bytes (``ByteWriter``): the posts in chunks read on every core, then the rest of the model.
extension KeptSite {
    /// The bytes ``init(_:file:)`` reads back.
    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: site.posts.count * 2048)
        writer.string(links.baseURL.origin)
        writer.string(links.baseURL.basePath)
        // The posts in chunks, each read on a core of its own.
        let chunks = stride(from: 0, to: site.posts.count, by: Self.postsPerChunk).map { start in
            site.posts[start..<min(start + Self.postsPerChunk, site.posts.count)]
        }
        writer.list(
            chunks.parallelMap { posts in
                var chunk = ByteWriter(capacity: posts.count * 2048)
                chunk.list(Array(posts)) { writer, post in writer.post(post) }
                return chunk.bytes
            }
        ) { writer, chunk in writer.byteArray(chunk) }
        writer.list(site.tags) { writer, tag in
            writer.string(tag.slug)
            writer.string(tag.name)
            writer.route(tag.route)
            writer.indices(tag.posts)
        }
        writer.list(site.projects) { writer, project in writer.project(project) }
        writer.list(site.pages) { writer, page in writer.page(page) }
        writer.list(site.archive) { writer, year in
            writer.number(year.year)
            writer.list(year.months) { writer, month in
                writer.number(month.year)
                writer.number(month.month)
                writer.indices(month.posts)
            }
        }
        writer.list(site.staticFiles) { writer, file in
            writer.route(file.route)
            switch file.contents {
            case .file(let path):
                writer.number(0)
                writer.string(path)
            case .bytes(let bytes):
                writer.number(1)
                writer.byteArray(bytes)
            }
            writer.string(file.source)
            writer.optionalNumber(file.identity)
        }
        writer.sortedMap(site.pictures) { writer, picture in writer.picture(picture) }
        writer.sortedMap(site.socialCards) { writer, route in writer.route(route) }
        writer.list(site.series) { writer, series in
            writer.string(series.slug)
            writer.string(series.title)
            writer.string(series.description)
            writer.optionalInt(series.days)
            writer.route(series.route)
            writer.indices(series.posts)
        }
        writer.list(site.skills) { writer, skill in
            writer.string(skill.name)
            writer.string(skill.slug)
            writer.date(skill.firstSeen)
            writer.indices(skill.posts)
            writer.optionalInt(skill.tag)
            writer.indices(skill.projects)
        }
        writer.sortedMap(links.documents) { writer, route in writer.route(route) }
        writer.list(links.unpublished.sorted()) { $0.string($1) }
        writer.sortedMap(links.assets) { writer, route in writer.route(route) }
        writer.sortedMap(links.imageSizes) { writer, size in writer.size(size) }
        writer.sortedMap(links.photos) { writer, photo in
            writer.number(photo.width)
            writer.number(photo.height)
            writer.string(photo.format.rawValue)
            writer.list(photo.copies.sorted { $0.key.rawValue < $1.key.rawValue }) { writer, entry in
                writer.string(entry.key.rawValue)
                writer.list(entry.value) { writer, copy in
                    writer.number(copy.width)
                    writer.route(copy.route)
                }
            }
            writer.optional(photo.card?.path)
        }
        writer.sortedMap(links.brokenImages) { $0.string($1) }
        writer.list(structure) { $0.number($1) }
        writer.sortedMap(lines) { writer, lines in writer.lines(lines) }
        writer.list(redirects) { writer, redirect in writer.redirect(redirect) }
        writer.list(positions) { $0.number($1) }
        writer.list(assemblyWarnings) { writer, warning in
            writer.string(warning.path)
            writer.number(warning.line)
            writer.number(warning.column)
            writer.string(warning.message)
        }
        return writer.bytes
    }

    /// The kept site in `bytes` from `start`, with the settings of ``SiteConfig()`` but the base URL it was made with; its posts'
    /// HTML is read from `file`.
    init(_ bytes: [UInt8], from start: Int = 0, file: SpillFile) throws(ByteReader.Malformed) {
        var reader = ByteReader(bytes, from: start)
        let baseURL = SiteURL(origin: try reader.string(), basePath: try reader.string())
        let chunks = try reader.list { reader throws(ByteReader.Malformed) in reader.skip(try reader.count()) }
        let read = chunks.parallelMap { range -> [Post]? in
            var chunk = ByteReader(bytes, from: range.lowerBound)
            guard let posts = try? chunk.list({ reader throws(ByteReader.Malformed) in try reader.post(file: file) }),
                chunk.position == range.upperBound
            else { return nil }
            return posts
        }
        var posts: [Post] = []
        for chunk in read {
            guard let chunk else { throw ByteReader.Malformed() }
            posts += chunk
        }
        let tags = try reader.list { reader throws(ByteReader.Malformed) in
            Tag(slug: try reader.string(), name: try reader.string(), route: try reader.route(), posts: try reader.indices())
        }
        let projects = try reader.list { reader throws(ByteReader.Malformed) in try reader.project() }
        let pages = try reader.list { reader throws(ByteReader.Malformed) in try reader.page() }
        let archive = try reader.list { reader throws(ByteReader.Malformed) in
            ArchiveYear(
                year: try reader.int(),
                months: try reader.list { reader throws(ByteReader.Malformed) in
                    ArchiveMonth(year: try reader.int(), month: try reader.int(), posts: try reader.indices())
                })
        }
        let staticFiles = try reader.list { reader throws(ByteReader.Malformed) in
            let route = try reader.route()
            let contents: AssetFile.Contents
            switch try reader.number() {
            case 0: contents = .file(try reader.string())
            case 1: contents = .bytes(try reader.byteArray())
            default: throw ByteReader.Malformed()
            }
            return StaticFile(route: route, contents: contents, source: try reader.string(), identity: try reader.optionalNumber())
        }
        var site = Site(
            config: SiteConfig(), posts: posts, tags: tags, projects: projects, pages: pages, archive: archive, staticFiles: staticFiles,
            tagIndex: Dictionary(tags.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first }),
            projectIndex: Dictionary(projects.enumerated().map { ($1.slug, $0) }, uniquingKeysWith: { first, _ in first }))
        site.pictures = try reader.map { reader throws(ByteReader.Malformed) in try reader.picture() }
        site.socialCards = try reader.map { reader throws(ByteReader.Malformed) in try reader.route() }
        site.series = try reader.list { reader throws(ByteReader.Malformed) in
            Series(
                slug: try reader.string(), title: try reader.string(), description: try reader.string(), days: try reader.optionalInt(),
                route: try reader.route(), posts: try reader.indices())
        }
        site.skills = try reader.list { reader throws(ByteReader.Malformed) in
            Skill(
                name: try reader.string(), slug: try reader.string(), firstSeen: try reader.date(), posts: try reader.indices(),
                tag: try reader.optionalInt(), projects: try reader.indices())
        }
        var links = SiteLinks(
            baseURL: baseURL, documents: try reader.map { reader throws(ByteReader.Malformed) in try reader.route() },
            unpublished: Set(try reader.list { reader throws(ByteReader.Malformed) in try reader.string() }),
            assets: try reader.map { reader throws(ByteReader.Malformed) in try reader.route() })
        links.imageSizes = try reader.map { reader throws(ByteReader.Malformed) in try reader.size() }
        links.photos = try reader.map { reader throws(ByteReader.Malformed) in
            let (width, height) = (try reader.int(), try reader.int())
            let format = try reader.format()
            var copies: [ImageCodec.Format: [PublishedPhoto.Copy]] = [:]
            for _ in 0..<(try reader.count()) {
                copies[try reader.format()] = try reader.list { reader throws(ByteReader.Malformed) in
                    PublishedPhoto.Copy(width: try reader.int(), route: try reader.route())
                }
            }
            return PublishedPhoto(width: width, height: height, format: format, copies: copies, card: try reader.optional().map(Route.init))
        }
        links.brokenImages = try reader.map { reader throws(ByteReader.Malformed) in try reader.string() }
        let structure = try reader.list { reader throws(ByteReader.Malformed) in try reader.number() }
        let lines = try reader.map { reader throws(ByteReader.Malformed) in try reader.lines() }
        let redirects = try reader.list { reader throws(ByteReader.Malformed) in try reader.redirect() }
        let positions = try reader.list { reader throws(ByteReader.Malformed) in try reader.number() }
        let assemblyWarnings = try reader.list { reader throws(ByteReader.Malformed) in
            Diagnostic.warning(try reader.string(), try reader.int(), try reader.int(), try reader.string())
        }
        guard reader.isAtEnd, structure.count == posts.count, positions.count == posts.count, Self.indicesAreInRange(of: site) else {
            throw ByteReader.Malformed()
        }
        self.init(
            site: site, links: links, structure: structure, lines: lines, redirects: redirects, positions: positions,
            assemblyWarnings: assemblyWarnings)
    }

    /// How many posts the bytes hold in each chunk.
    private static let postsPerChunk = 1024

    /// Whether every index the site holds names a post, tag or project it has, so that a damaged file that still
    /// decodes cannot make a page look past the end of a list.
    private static func indicesAreInRange(of site: Site) -> Bool {
        let (posts, tags, projects) = (site.posts.indices, site.tags.indices, site.projects.indices)
        return site.posts.allSatisfy { $0.related.allSatisfy(posts.contains) }
            && site.tags.allSatisfy { $0.posts.allSatisfy(posts.contains) }
            && site.projects.allSatisfy { $0.posts.allSatisfy(posts.contains) }
            && site.archive.allSatisfy { $0.months.allSatisfy { $0.posts.allSatisfy(posts.contains) } }
            && site.series.allSatisfy { $0.posts.allSatisfy(posts.contains) }
            && site.skills.allSatisfy { skill in
                skill.posts.allSatisfy(posts.contains) && skill.tag.map(tags.contains) ?? true
                    && skill.projects.allSatisfy(projects.contains)
            }
    }
}

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
            let start = try int()
            let count = try int()
            guard start >= 0, count >= 0 else { throw Malformed() }
            html = .kept(file, start..<start + count, hash: try number())
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
