import Foundation
import SitegenImages
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
    /// Photos published with resized copies, by source path.
    var photos: [String: PublishedPhoto] = [:] {
        didSet {
            let paths = Array(photos.keys)
            let links = self
            picturesByFile = Dictionary(
                zip(paths, paths.parallelMap { links.picture(ofFile: $0) }).compactMap { path, picture in picture.map { (path, $0) } },
                uniquingKeysWith: { first, _ in first })
        }
    }
    /// The `<picture>` of every photo, by source path, made once for all the pages that show it.
    private(set) var picturesByFile: [String: Picture] = [:]
    /// Images that are not published, by source path, with the reason: a link or image to one is broken.
    var brokenImages: [String: String] = [:]

    func image(_ destination: String, from sourcePath: String) -> (size: ImageSize?, picture: Picture?) {
        guard !imageSizes.isEmpty || !picturesByFile.isEmpty, let path = localFile(destination, from: sourcePath) else { return (nil, nil) }
        return (imageSizes[path], picturesByFile[path])
    }

    /// Every social card, by the URL path of the photo it is cut from.
    var socialCards: [String: Route] {
        var cards: [String: Route] = [:]
        for (path, photo) in photos { if let route = assets[path], let card = photo.card { cards[baseURL.path(route.path)] = card } }
        return cards
    }

    /// Every photo's picture, by the URL path of its original.
    var pictures: [String: Picture] {
        var pictures: [String: Picture] = [:]
        for (path, picture) in picturesByFile {
            if let route = assets[path] { pictures[baseURL.path(route.path)] = picture }
        }
        return pictures
    }

    /// The picture of the photo at `path` (a source path).
    private func picture(ofFile path: String) -> Picture? {
        guard let photo = photos[path], let original = assets[path] else { return nil }
        func srcset(_ copies: [PublishedPhoto.Copy]) -> String {
            var text = ""
            text.reserveCapacity(copies.count * 64)
            for copy in copies {
                if !text.isEmpty { text += ", " }
                text += baseURL.path(copy.route.path)
                text += " "
                text += String(copy.width)
                text += "w"
            }
            return text
        }
        let own = photo.copies[photo.format] ?? []
        let sources = photo.copies.keys.filter { $0 != photo.format }.sorted { $0.rawValue > $1.rawValue }.compactMap { format in
            photo.copies[format].map { Picture.Source(type: format.mediaType, srcset: srcset($0)) }
        }
        // The fallback `src`, for browsers without `srcset`: the copy a laptop's column would pick.
        let fallback = own.last { $0.width <= 960 } ?? own.first
        return Picture(
            sources: sources, src: baseURL.path((fallback?.route ?? original).path), srcset: srcset(own),
            size: ImageSize(width: photo.width, height: photo.height))
    }

    /// The source path of the site file a local link or image names, whether relative to the document or to the
    /// site (`/posts/x/photo.jpg` is `content/posts/x/photo.jpg`); `nil` for URLs and fragments.
    func localFile(_ destination: String, from sourcePath: String) -> String? {
        let trimmed = destination.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("//"), !Self.hasScheme(trimmed)
        else { return nil }
        let decoded = Self.percentDecoded(Self.splitSuffix(trimmed).0)
        guard decoded.hasPrefix("/") else { return Self.join(Self.folder(of: sourcePath), decoded, keepsTrailingSlash: false) }
        let inSite =
            baseURL.basePath != "/" && decoded.hasPrefix(baseURL.basePath) ? String(decoded.dropFirst(baseURL.basePath.count - 1)) : decoded
        return Self.join("content".utf8[...], inSite, keepsTrailingSlash: false)
    }

    func resolve(_ destination: String, from sourcePath: String) -> LinkResolution {
        let trimmed = destination.trimmingWhitespace()
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !Self.hasScheme(trimmed) else { return .keep }
        if trimmed.hasPrefix("//") { return .keep }
        let (pathPart, suffix) = Self.splitSuffix(trimmed)
        if !brokenImages.isEmpty, let file = localFile(trimmed, from: sourcePath), let problem = brokenImages[file] {
            return .broken(problem)
        }
        if pathPart.hasPrefix("/") {
            if baseURL.basePath == "/" || pathPart.hasPrefix(baseURL.basePath) { return .keep }
            return .rewrite(baseURL.path(pathPart) + suffix)
        }
        let decoded = Self.percentDecoded(pathPart)
        guard let target = Self.join(Self.folder(of: sourcePath), decoded, keepsTrailingSlash: true) else {
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
        let bytes = link.utf8
        guard let index = bytes.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) else { return (link, "") }
        return (String(link[..<index]), String(link[index...]))
    }

    /// Joins path segments, resolving `.` and `..`; `nil` when `..` climbs above the site's folder.
    /// `path` with its percent escapes decoded (Foundation's decoding, for the rare path that has one).
    static func percentDecoded(_ path: String) -> String {
        path.utf8.contains(UInt8(ascii: "%")) ? (path.removingPercentEncoding ?? path) : path
    }

    /// The folder part of a site path: `content/posts/a.md` is `content/posts`.
    static func folder(of sourcePath: String) -> Substring.UTF8View {
        let bytes = sourcePath.utf8
        return bytes[..<(bytes.lastIndex(of: UInt8(ascii: "/")) ?? bytes.startIndex)]
    }

    /// The site path of `path` (`/`-separated, decoded) taken from `folder`, with `.` and `..` resolved and empty
    /// segments dropped; `nil` when `..` climbs above the site's folder. With `keepsTrailingSlash`, a path ending
    /// in `/` keeps it (`notes/` from `content` is `content/notes/`). Made on bytes, into one string: every link of
    /// every post comes through here.
    static func join(_ folder: Substring.UTF8View, _ path: String, keepsTrailingSlash: Bool) -> String? {
        var joined: [UInt8] = []
        joined.reserveCapacity(folder.count + path.utf8.count + 1)
        // Where each segment of `joined` starts; every segment but the first follows a `/`.
        var starts: [Int] = []
        func add(_ segment: some Collection<UInt8>, isLast: Bool) -> Bool {
            switch segment.count {
            case 0:
                if isLast, keepsTrailingSlash {
                    if !starts.isEmpty { joined.append(UInt8(ascii: "/")) }
                    starts.append(joined.count)
                }
            case 1 where segment.first == UInt8(ascii: "."): break
            case 2 where segment.allSatisfy({ $0 == UInt8(ascii: ".") }):
                guard let start = starts.popLast() else { return false }
                joined.removeSubrange(max(0, start - 1)...)
            default:
                if !starts.isEmpty { joined.append(UInt8(ascii: "/")) }
                starts.append(joined.count)
                joined += segment
            }
            return true
        }
        for segment in folder.split(separator: UInt8(ascii: "/")) where !add(segment, isLast: false) { return nil }
        let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (offset, segment) in segments.enumerated() where !add(segment, isLast: offset == segments.count - 1) { return nil }
        return String(decoding: joined, as: UTF8.self)
    }
}
