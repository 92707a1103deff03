import Foundation
import SitegenMarkdown

/// Resolves the links written in markdown against the site: `../projects/tracker.md#goals` becomes the
/// project's URL with its fragment, a relative image becomes the URL it is copied to, a root-relative link gets
/// the base path, and a link to a markdown file that does not exist is broken.
struct SiteLinks: LinkResolving, Equatable {
    let baseURL: SiteURL
    /// Route of every published content file, by source path.
    let documents: [String: Route]
    /// Source paths of content files that exist but are not published (drafts, future posts).
    let unpublished: Set<String>
    /// Route of every copied file, by source path.
    let assets: [String: Route]
    /// Pixel size of every copied image whose header could be read, by source path.
    var imageSizes: [String: ImageSize] = [:]

    func imageSize(_ destination: String, from sourcePath: String) -> ImageSize? {
        let trimmed = destination.trimmingWhitespace()
        guard !imageSizes.isEmpty, !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("//"), !Self.hasScheme(trimmed)
        else { return nil }
        let pathPart = Self.splitSuffix(trimmed).0
        let decoded = pathPart.removingPercentEncoding ?? pathPart
        let segments: [String]
        if decoded.hasPrefix("/") {
            let inSite =
                baseURL.basePath != "/" && decoded.hasPrefix(baseURL.basePath)
                ? String(decoded.dropFirst(baseURL.basePath.count - 1)) : decoded
            segments = ["content"] + inSite.split(separator: "/").map(String.init)
        } else {
            segments = sourcePath.split(separator: "/").dropLast().map(String.init) + decoded.split(separator: "/").map(String.init)
        }
        return Self.normalize(segments).flatMap { imageSizes[$0] }
    }

    func resolve(_ destination: String, from sourcePath: String) -> LinkResolution {
        let trimmed = destination.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !Self.hasScheme(trimmed) else { return .keep }
        if trimmed.hasPrefix("//") { return .keep }
        let (pathPart, suffix) = Self.splitSuffix(trimmed)
        if pathPart.hasPrefix("/") {
            if baseURL.basePath == "/" || pathPart.hasPrefix(baseURL.basePath) { return .keep }
            return .rewrite(baseURL.path(pathPart) + suffix)
        }
        let decoded = pathPart.removingPercentEncoding ?? pathPart
        let directory = sourcePath.split(separator: "/").dropLast().map(String.init)
        guard let target = Self.normalize(directory + decoded.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
        else {
            return Self.isMarkdown(decoded) ? .broken("`\(destination)` points outside the site") : .keep
        }
        if Self.isMarkdown(target) {
            if let route = documents[target] { return .rewrite(baseURL.path(route.path) + suffix) }
            if unpublished.contains(target) {
                return .broken(
                    "`\(destination)` links to \(target), which is a draft or dated in the future; publish it or remove the link")
            }
            return .broken("`\(destination)` links to \(target), which does not exist")
        }
        if let route = assets[target] { return .rewrite(baseURL.path(route.path) + suffix) }
        for index in ["index.md", "index.markdown"] {
            let bundleIndex = target.isEmpty || target.hasSuffix("/") ? target + index : target + "/" + index
            if let route = documents[bundleIndex] { return .rewrite(baseURL.path(route.path) + suffix) }
        }
        return .keep
    }

    static func isMarkdown(_ path: String) -> Bool { path.hasSuffix(".md") || path.hasSuffix(".markdown") }

    /// Whether the link starts with a URL scheme such as `https:` or `mailto:`.
    static func hasScheme(_ link: String) -> Bool {
        for byte in link.utf8 {
            switch byte {
            case UInt8(ascii: ":"): return true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "-"):
                continue
            default: return false
            }
        }
        return false
    }

    /// Splits `path?query#fragment` into the path and the rest.
    static func splitSuffix(_ link: String) -> (String, String) {
        guard let index = link.firstIndex(where: { $0 == "#" || $0 == "?" }) else { return (link, "") }
        return (String(link[..<index]), String(link[index...]))
    }

    /// Joins path segments, resolving `.` and `..`; `nil` when `..` climbs above the site's folder.
    static func normalize(_ segments: [String]) -> String? {
        var stack: [String] = []
        for (offset, segment) in segments.enumerated() {
            switch segment {
            case ".": continue
            case "":
                if offset == segments.count - 1 { stack.append("") }
            case "..":
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
            default: stack.append(segment)
            }
        }
        return stack.joined(separator: "/")
    }
}
