/// Where the site is published: `https://user.github.io/journey/` has the origin `https://user.github.io` and
/// the path `/journey/`, which every internal link starts with.
public struct SiteURL: Sendable, Equatable {
    /// Scheme and host, without a trailing slash; empty for a site published at an unknown host.
    public let origin: String
    /// Always starts and ends with `/`.
    public let basePath: String

    /// A site at the root of an unknown host.
    public static let root = SiteURL(origin: "", basePath: "/")

    /// A problem with a configured URL.
    public struct Problem: Error, Equatable {
        public let message: String
    }

    /// Reads `https://host/path/`, `http://…`, or a bare path such as `/journey/`.
    public static func parse(_ text: String) -> Result<SiteURL, Problem> {
        let trimmed = text.trimmingWhitespace()
        var rest = Substring(trimmed)
        var origin = ""
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) {
            let afterScheme = rest.dropFirst(scheme.count)
            let host = afterScheme.prefix { $0 != "/" }
            guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else {
                return .failure(Problem(message: "`\(trimmed)` has no valid host; write it like `https://user.github.io/journey/`"))
            }
            origin = scheme + host
            rest = afterScheme.dropFirst(host.count)
        }
        if origin.isEmpty, !rest.isEmpty, !rest.hasPrefix("/") {
            return .failure(Problem(message: "`\(trimmed)` is not a URL; write it like `https://user.github.io/journey/` or `/journey/`"))
        }
        let segments = rest.split(separator: "/")
        for segment in segments
        where segment == ".." || segment == "." || segment.contains(where: { $0 == "?" || $0 == "#" || $0 == "\\" || $0 == " " }) {
            return .failure(Problem(message: "`\(trimmed)` has an invalid path segment `\(segment)`"))
        }
        let path = segments.isEmpty ? "/" : "/" + segments.joined(separator: "/") + "/"
        return .success(SiteURL(origin: origin, basePath: path))
    }

    /// The link for a site-relative path such as `/tags/swift/`: `/journey/tags/swift/`.
    public func path(_ sitePath: String) -> String {
        if basePath == "/" { return sitePath }
        return basePath + sitePath.dropFirst()
    }

    /// The absolute URL for a site-relative path; just the path when the host is unknown.
    public func absolute(_ sitePath: String) -> String { origin + path(sitePath) }
}
