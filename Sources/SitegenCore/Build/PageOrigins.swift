/// The source file and front-matter line behind each generated page, so that a problem writing the page names
/// what the writer can change: the post's `slug:`, the `tags:` line that named a tag, the `series:` line.
struct PageOrigins {
    let site: Site
    let documents: [String: Document]

    init(site: Site, documents: [Document]) {
        self.site = site
        self.documents = Dictionary(documents.map { ($0.sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Where the page showing `content` comes from; `nil` for pages the site makes of itself, such as the archive.
    func origin(of content: PageContent) -> OutputFile.Origin? {
        switch content {
        case .post(let index): return origin(site.posts[index].sourcePath, key: "slug")
        case .project(let index): return site.projects[index].sourcePath.flatMap { origin($0, key: "slug") }
        case .page(let index): return origin(site.pages[index].sourcePath, key: "slug")
        case .tag(let index, _):
            // The oldest post names the tag with the spelling the page shows.
            return site.tags[index].posts.last.map { origin(site.posts[$0].sourcePath, key: "tags") }
        case .series(let index):
            return site.series[index].posts.first.map { origin(site.posts[$0].sourcePath, key: "series") }
        case .home, .tags, .projects, .archive, .skills, .seriesIndex, .search, .notFound:
            return nil
        }
    }

    /// `path` at the line of `key` in its front matter, or the file as a whole when the key is not set there.
    private func origin(_ path: String, key: String) -> OutputFile.Origin {
        guard let document = documents[path], document.positions[key] != nil else { return OutputFile.Origin(path: path) }
        return OutputFile.Origin(path: path, line: document.position(of: key).line)
    }
}
