/// The source file and front-matter line behind each generated page, so that a problem writing the page names
/// what the writer can change: the post's `slug:`, the `tags:` line that named a tag, the `series:` line.
struct PageOrigins {
    let site: Site
    /// The front-matter lines of the keys pages are blamed on, by source path (0 where a key is not written):
    /// only these, so that the documents themselves need not be kept.
    let lines: [String: KeyLines]

    /// The lines of the front-matter keys that name a page's origin: `slug`, `tags` and `series`.
    struct KeyLines {
        var slug = 0
        var tags = 0
        var series = 0

        init(slug: Int = 0, tags: Int = 0, series: Int = 0) {
            (self.slug, self.tags, self.series) = (slug, tags, series)
        }

        /// The lines `document` writes them on; `nil` when it writes none of them.
        init?(_ document: Document) {
            let positions = document.positions
            guard !positions.isEmpty else { return nil }
            self.init(slug: positions["slug"]?.line ?? 0, tags: positions["tags"]?.line ?? 0, series: positions["series"]?.line ?? 0)
            guard slug + tags + series > 0 else { return nil }
        }
    }

    init(site: Site, lines: [String: KeyLines]) {
        self.site = site
        self.lines = lines
    }

    /// The key lines of each of `documents` that writes any of them.
    static func lines(of documents: [Document]) -> [String: KeyLines] {
        var lines = [String: KeyLines](minimumCapacity: documents.count)
        for document in documents where lines[document.sourcePath] == nil {
            if let known = KeyLines(document) { lines[document.sourcePath] = known }
        }
        return lines
    }

    /// Where the page showing `content` comes from; `nil` for pages the site makes of itself, such as the archive.
    func origin(of content: PageContent) -> OutputFile.Origin? {
        switch content {
        case .post(let index): return origin(site.posts[index].sourcePath, key: \.slug)
        case .project(let index): return site.projects[index].sourcePath.flatMap { origin($0, key: \.slug) }
        case .page(let index): return origin(site.pages[index].sourcePath, key: \.slug)
        case .tag(let index, _):
            // The oldest post names the tag with the spelling the page shows.
            return site.tags[index].posts.last.map { origin(site.posts[$0].sourcePath, key: \.tags) }
        case .series(let index):
            return site.series[index].posts.first.map { origin(site.posts[$0].sourcePath, key: \.series) }
        case .home, .tags, .projects, .archive, .skills, .seriesIndex, .search, .notFound:
            return nil
        }
    }

    /// `path` at the line of `key` in its front matter, or the file as a whole when the key is not set there.
    private func origin(_ path: String, key: KeyPath<KeyLines, Int>) -> OutputFile.Origin {
        guard let line = lines[path]?[keyPath: key], line > 0 else { return OutputFile.Origin(path: path) }
        return OutputFile.Origin(path: path, line: line)
    }
}
