import Foundation
import SitegenMarkdown

/// The sitemap and `robots.txt`.
extension MachineFiles {
    /// Every HTML page but the 404 page and those whose front matter says `sitemap: false` (as Jekyll's
    /// jekyll-sitemap reads it), once, with the date its content last changed.
    func sitemap(_ pages: [PageJob]) -> [UInt8] {
        var xml = Array(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """.utf8)
        xml.reserveCapacity(pages.count * 96 + 128)
        var seen = Set<Route>(minimumCapacity: pages.count)
        let lastModified = LastModified(site: site)
        for job in pages where job.content != .notFound && isListed(job.content) && seen.insert(job.route).inserted {
            xml += "  <url><loc>".utf8
            var location = url.absolute(job.route.path)
            location.withUTF8 { appendEscapingHTML($0, to: &xml) }
            xml += "</loc>".utf8
            if let date = lastModified.date(of: job.content) {
                xml += "<lastmod>".utf8
                xml += CalendarDate(date, in: zone).isoDay.utf8
                xml += "</lastmod>".utf8
            }
            xml += "</url>\n".utf8
        }
        xml += "</urlset>\n".utf8
        return xml
    }

    /// A hash of what the sitemap shows beyond the site's shape (``PageDependencies/shape``, which holds the pages,
    /// the posts' routes and dates, the pages' files and the settings): each post's `updated` date and whether its
    /// front matter leaves it out. With the same shape, the same hash means the same sitemap, so an edit of a
    /// post's body or title does not make it again.
    func sitemapFingerprint(shape: UInt64) -> UInt64 {
        var hasher = StableHasher()
        hasher.combine("sitemap.xml")
        hasher.combine(Int64(bitPattern: shape))
        for post in site.posts {
            hasher.combine(Int64((post.updated?.timeIntervalSince1970 ?? -1) * 1000))
            hasher.combine(Int64(Self.isListed(post.params) ? 1 : 0))
        }
        return hasher.value
    }

    /// Whether a page goes in the sitemap: all but a post or page with `sitemap: false`.
    private func isListed(_ content: PageContent) -> Bool {
        switch content {
        case .post(let index): return Self.isListed(site.posts[index].params)
        case .page(let index): return Self.isListed(site.pages[index].params)
        default: return true
        }
    }

    /// Whether front matter with `params` leaves its page in the sitemap: all but `sitemap: false`.
    private static func isListed(_ params: [String: TemplateValue]) -> Bool { params["sitemap"] != .bool(false) }

    /// When what a page shows last changed: a post's update or date, the newest post of a list, a page's file.
    /// The newest post of the site and of each tag is found once, not once per page of a paginated list, so
    /// that the sitemap stays linear in the number of posts.
    private struct LastModified {
        let site: Site
        let newestOfSite: Date?
        let newestOfTag: [Date?]

        init(site: Site) {
            self.site = site
            newestOfSite = Self.newest(site.posts.indices, in: site)
            newestOfTag = site.tags.map { Self.newest($0.posts, in: site) }
        }

        static func newest(_ posts: some Collection<Int>, in site: Site) -> Date? {
            posts.lazy.map { site.posts[$0].updated ?? site.posts[$0].date }.max()
        }

        func date(of content: PageContent) -> Date? {
            switch content {
            case .home, .tags, .archive, .search, .seriesIndex, .skills: return newestOfSite
            case .series(let index): return Self.newest(site.series[index].posts, in: site)
            case .post(let index): return site.posts[index].updated ?? site.posts[index].date
            case .tag(let index, _): return newestOfTag[index]
            case .projects: return Self.newest(site.projects.lazy.flatMap(\.posts), in: site)
            case .project(let index):
                return Self.newest(site.projects[index].posts, in: site) ?? site.projects[index].finished ?? site.projects[index].started
            case .page(let index): return site.pages[index].modified
            case .notFound: return nil
            }
        }
    }

    func robots() -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(url.absolute(Route.sitemap.path))\n"
    }
}
