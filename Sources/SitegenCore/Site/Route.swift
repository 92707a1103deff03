import Foundation

/// A page's place in the site, relative to the site's root: `/posts/hello/`, `/404.html`. Every URL the site
/// links to is made from a route and the ``SiteURL``, never by joining strings elsewhere.
public struct Route: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Starts with `/`; folders end with `/`.
    public let path: String

    /// A route for a site-relative path.
    public init(_ path: String) {
        self.path = path.hasPrefix("/") ? path : "/" + path
    }

    public static let home = Route("/")
    public static let tags = Route("/tags/")
    public static let projects = Route("/projects/")
    public static let archive = Route("/archive/")
    public static let notFound = Route("/404.html")
    /// The site's Atom feed.
    public static let feed = Route("/feed.xml")
    /// The site's JSON Feed.
    public static let jsonFeed = Route("/feed.json")
    public static let sitemap = Route("/sitemap.xml")
    /// Tags and technologies in the order they were picked up.
    public static let skills = Route("/skills/")
    /// The list of series.
    public static let seriesIndex = Route("/series/")
    public static let robots = Route("/robots.txt")
    /// The whole search index in one file, for scripts of other themes.
    public static let searchIndex = Route("/search-index.json")
    /// The split search index's table of contents, which the search page reads (see ``SearchShards``).
    public static let searchShards = Route("/search/index.json")
    public static let search = Route("/search/")
    /// The theme's stylesheet.
    public static let stylesheet = Route("/assets/style.css")
    /// The search page's script.
    public static let searchScript = Route("/assets/search.js")
    /// The theme's icon.
    public static let favicon = Route("/assets/favicon.svg")

    public static func post(_ slug: String) -> Route { Route("/posts/\(slug)/") }
    public static func tag(_ slug: String) -> Route { Route("/tags/\(slug)/") }
    public static func project(_ slug: String) -> Route { Route("/projects/\(slug)/") }
    public static func series(_ slug: String) -> Route { Route("/series/\(slug)/") }
    public static func page(_ slug: String) -> Route { Route("/\(slug)/") }
    /// A file copied as it is, at its path relative to the output folder.
    public static func file(_ relativePath: String) -> Route { Route("/" + relativePath) }

    /// Page `number` of a paginated list at this route: the route itself for 1, `…/page/N/` after.
    public func page(_ number: Int) -> Route {
        number <= 1 ? self : Route(path + "page/\(number)/")
    }

    /// A file inside this folder route.
    public func appending(_ relativePath: String) -> Route { Route(path + relativePath) }

    /// The file written for this route, relative to the output folder: `posts/hello/index.html`.
    public var outputPath: String {
        let relative = String(path.dropFirst())
        return relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
    }

    public var description: String { path }

    public static func < (lhs: Route, rhs: Route) -> Bool { lhs.path < rhs.path }
}

/// Why a path a writer gave cannot be a route.
struct PathProblem: Error {
    let message: String
}

extension Route {
    /// The route a writer gave as a site path (`/blog/hello/`, `/2019/04/25/hello.html`, `old-name/`), or why it
    /// cannot be one: every segment must be a safe URL segment (no `..`, no hidden `.name`, no `\`, spaces, `?`
    /// or `#`) of at most ``Limits/slugBytes`` bytes, so that the file it makes stays inside the output folder.
    static func written(_ text: String) -> Result<Route, PathProblem> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != "/" else { return .failure(PathProblem(message: "`\(text)` is the home page")) }
        guard !trimmed.contains("://"), !trimmed.hasPrefix("//") else {
            return .failure(PathProblem(message: "`\(text)` is a full URL; write the path on this site, such as /blog/old-name/"))
        }
        let segments = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropFirst(trimmed.hasPrefix("/") ? 1 : 0)
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty, index == segments.count - 1 { continue }
            guard Slug.isSafeSegment(String(segment)),
                !segment.unicodeScalars.contains(where: { " ?#\"<>%".unicodeScalars.contains($0) })
            else {
                return .failure(
                    PathProblem(message: "`\(text)` has the segment `\(segment)`; use letters, digits, `-`, `_` and `.` between slashes"))
            }
            guard segment.utf8.count <= Limits.slugBytes else {
                return .failure(
                    PathProblem(message: "`\(text)` has a segment of \(segment.utf8.count) bytes; keep each under \(Limits.slugBytes)"))
            }
        }
        return .success(Route(trimmed.hasPrefix("/") ? trimmed : "/" + trimmed))
    }

    /// A permalink pattern filled for one document: `:year`, `:month` and `:day` of its date in the site's zone,
    /// and `:slug` (or `:title`) its slug.
    static func permalink(_ pattern: String, slug: String, date: Date?, zone: TimeZone) -> String {
        let day = date.map { CalendarDate($0, in: zone) }
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return pattern.replacingOccurrences(of: ":year", with: day.map { String($0.year) } ?? "0000")
            .replacingOccurrences(of: ":month", with: day.map { twoDigits($0.month) } ?? "00")
            .replacingOccurrences(of: ":day", with: day.map { twoDigits($0.day) } ?? "00")
            .replacingOccurrences(of: ":slug", with: slug).replacingOccurrences(of: ":title", with: slug)
    }

    /// The placeholders a permalink pattern may hold.
    static let permalinkPlaceholders: Set<String> = [":year", ":month", ":day", ":slug", ":title"]
}
