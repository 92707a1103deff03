import Foundation
import SitegenImages
import SitegenMarkdown

/// The kept site as bytes (``ByteWriter``): its sections (the model, the link resolver, the posts' hashes and lines,
/// then the posts in chunks), each read and checked on a core of its own, then their table (the base URL, each
/// section's length and hash) and, in its last eight bytes, where the table starts.
extension KeptSite {
    /// The bytes ``init(_:from:file:)`` reads back, made in memory.
    var bytes: [UInt8] {
        var writer = ByteWriter(capacity: site.posts.count * 2048)
        let sections = sectionMakers.parallelMap { Self.section($0) }
        for section in sections { writer.append(section) }
        writer.append(table(sections.map { ($0.count, ContentHash.of($0)) }))
        return writer.bytes
    }

    /// Writes the bytes after `head` to the file at `path`, atomically, a few sections at a time, so that the
    /// whole is never in memory twice.
    /// - Returns: Why it could not be written, if it could not.
    func write(_ head: [UInt8], to path: String) -> String? {
        CacheFolder.replace(path) { put in
            guard put(head) else { return false }
            var entries: [(length: Int, hash: UInt64)] = []
            let makers = sectionMakers
            for start in stride(from: 0, to: makers.count, by: Self.sectionsAtOnce) {
                for section in Array(makers[start..<min(start + Self.sectionsAtOnce, makers.count)]).parallelMap({ Self.section($0) }) {
                    entries.append((section.count, ContentHash.of(section)))
                    guard put(section) else { return false }
                }
            }
            return put(table(entries))
        }
    }

    /// How many sections ``write(_:to:)`` makes at once: one per core.
    private static let sectionsAtOnce = max(2, ProcessInfo.processInfo.activeProcessorCount)

    /// What writes each section: the model, the link resolver, the hashes and lines, then each chunk of posts.
    private var sectionMakers: [@Sendable (inout ByteWriter) -> Void] {
        let chunks = stride(from: 0, to: site.posts.count, by: Self.postsPerChunk).map { start in
            site.posts[start..<min(start + Self.postsPerChunk, site.posts.count)]
        }
        let kept = self
        return [{ kept.addModel(to: &$0) }, { kept.addLinks(to: &$0) }, { kept.addExtras(to: &$0) }]
            + chunks.map { posts in { writer in writer.list(Array(posts)) { writer, post in writer.post(post) } } }
    }

    private static func section(_ make: @Sendable (inout ByteWriter) -> Void) -> [UInt8] {
        var section = ByteWriter(capacity: 1 << 16)
        make(&section)
        return section.bytes
    }

    /// The table of sections of the given lengths and hashes, with the base URL, then where it starts: eight bytes,
    /// least significant first.
    private func table(_ sections: [(length: Int, hash: UInt64)]) -> [UInt8] {
        var writer = ByteWriter()
        writer.string(links.baseURL.origin)
        writer.string(links.baseURL.basePath)
        writer.list(sections) { writer, section in
            writer.number(section.length)
            writer.number(section.hash)
        }
        let start = UInt64(sections.reduce(0) { $0 + $1.length })
        return writer.bytes + (0..<8).map { UInt8(truncatingIfNeeded: start >> (8 * $0)) }
    }

    /// The kept site in `bytes` from `start`, each section checked against its hash, with the settings of
    /// ``SiteConfig()`` but the base URL it was made with; its posts' HTML is read from `file`.
    init(_ bytes: [UInt8], from start: Int = 0, file: SpillFile) throws(ByteReader.Malformed) {
        guard bytes.count - start >= 8 else { throw ByteReader.Malformed() }
        let tableStart = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[bytes.count - 8 + $1]) << (8 * $1) }
        guard tableStart <= UInt64(bytes.count - start - 8) else { throw ByteReader.Malformed() }
        var reader = ByteReader(Array(bytes[(start + Int(tableStart))...].dropLast(8)))
        let baseURL = SiteURL(origin: try reader.string(), basePath: try reader.string())
        // Each length is at most what precedes the table, which their sum must be.
        let sections = try reader.list { reader throws(ByteReader.Malformed) in
            let length = try reader.number()
            guard length <= tableStart else { throw ByteReader.Malformed() }
            return (length: Int(length), hash: try reader.number())
        }
        guard reader.isAtEnd, sections.count >= 3, sections.reduce(0, { $0 + $1.length }) == Int(tableStart) else {
            throw ByteReader.Malformed()
        }
        var end = start
        let ranges = sections.map { section in
            defer { end += section.length }
            return end..<end + section.length
        }
        let read = Array(ranges.indices).parallelMap { index -> Section? in
            guard ContentHash.of(bytes[ranges[index]]) == sections[index].hash else { return nil }
            var section = ByteReader(bytes, from: ranges[index].lowerBound)
            let read: Section? =
                switch index {
                case 0: try? Self.model(&section)
                case 1: (try? Self.links(&section, baseURL: baseURL)).map(Section.links)
                case 2: try? Self.extras(&section)
                default: (try? section.list { reader throws(ByteReader.Malformed) in try reader.post(file: file) }).map(Section.posts)
                }
            return section.position == ranges[index].upperBound ? read : nil
        }
        var (posts, model, links, extras): ([Post], Site?, SiteLinks?, Section?) = ([], nil, nil, nil)
        for section in read {
            switch section as Section? {
            case .posts(let chunk): posts += chunk
            case .model(let site): model = site
            case .links(let read): links = read
            case .extras: extras = section
            case nil: throw ByteReader.Malformed()
            }
        }
        guard var site = model, let links, case .extras(let structure, let lines, let redirects, let positions, let warnings) = extras,
            structure.count == posts.count, positions.count == posts.count
        else { throw ByteReader.Malformed() }
        site.posts = posts
        guard Self.indicesAreInRange(of: site) else { throw ByteReader.Malformed() }
        self.init(
            site: site, links: links, structure: structure, lines: lines, redirects: redirects, positions: positions,
            assemblyWarnings: warnings)
    }

    /// One section of the bytes, as read.
    private enum Section: Sendable {
        case posts([Post])
        /// The site without its posts.
        case model(Site)
        case links(SiteLinks)
        case extras(
            structure: [UInt64], lines: [String: PageOrigins.KeyLines], redirects: [RedirectPage], positions: [UInt64],
            warnings: [Diagnostic])
    }

    /// The site but its posts and settings.
    private func addModel(to writer: inout ByteWriter) {
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
    }

    /// What ``addModel(to:)`` wrote, as a site without posts.
    private static func model(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Section {
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
            config: SiteConfig(), posts: [], tags: tags, projects: projects, pages: pages, archive: archive, staticFiles: staticFiles,
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
        return .model(site)
    }

    /// The link resolver but its base URL.
    private func addLinks(to writer: inout ByteWriter) {
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
    }

    /// What ``addLinks(to:)`` wrote, with `baseURL`.
    private static func links(_ reader: inout ByteReader, baseURL: SiteURL) throws(ByteReader.Malformed) -> SiteLinks {
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
        return links
    }

    /// Each post's hashes, the key lines, the redirects and the assembly's warnings.
    private func addExtras(to writer: inout ByteWriter) {
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
    }

    /// What ``addExtras(to:)`` wrote.
    private static func extras(_ reader: inout ByteReader) throws(ByteReader.Malformed) -> Section {
        .extras(
            structure: try reader.list { reader throws(ByteReader.Malformed) in try reader.number() },
            lines: try reader.map { reader throws(ByteReader.Malformed) in try reader.lines() },
            redirects: try reader.list { reader throws(ByteReader.Malformed) in try reader.redirect() },
            positions: try reader.list { reader throws(ByteReader.Malformed) in try reader.number() },
            warnings: try reader.list { reader throws(ByteReader.Malformed) in
                Diagnostic.warning(try reader.string(), try reader.int(), try reader.int(), try reader.string())
            })
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
