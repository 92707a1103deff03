import Foundation
import SitegenMarkdown

/// The files a site copies: where each goes, and the pixel size of each image.
extension SiteBuilder {
    /// Each document's route by source path; a route claimed twice, or one sitegen makes itself, is an error.
    func claimRoutes(_ published: [Document], diagnostics: inout [Diagnostic]) -> [String: Route] {
        // Sized once: at 100,000 posts, growing them hashed every route again a dozen times.
        var routes = [String: Route](minimumCapacity: published.count)
        var owners = [Route: String](minimumCapacity: published.count)
        for document in published {
            let route = Self.route(of: document)
            let conflict: String? =
                if document.kind == .page, Self.reservedPageSlugs.contains(document.slug) {
                    "the URL \(route.path) belongs to a page sitegen makes; give this page another `slug:`"
                } else if let owner = owners[route] {
                    "\(owner) already has the URL \(route.path); give one of them a different `slug:`"
                } else {
                    nil
                }
            if let conflict {
                let position = document.position(of: "slug")
                diagnostics.append(.error(document.sourcePath, position.line, position.column, conflict))
                continue
            }
            owners[route] = document.sourcePath
            routes[document.sourcePath] = route
        }
        return routes
    }

    /// Where each copied file goes: files of a bundle beside its page, other content files at their own path,
    /// files of an unpublished bundle nowhere.
    /// The pixel size of each placed image, read from the file's header on every core.
    func imageSizes(of assets: [AssetFile], placed: [String: Route]) -> [String: ImageSize] {
        let images = assets.filter { asset in
            placed[asset.path] != nil && ImageHeader.extensions.contains((asset.path as NSString).pathExtension.lowercased())
        }
        let sizes = concurrentMap(count: images.count, state: {}) { _, index -> ImageSize? in
            switch images[index].contents {
            case .file(let path): ImageHeader.size(ofFileAt: path)
            case .bytes(let bytes): ImageHeader.size(of: bytes)
            }
        }
        var result: [String: ImageSize] = [:]
        for (image, size) in zip(images, sizes) { result[image.path] = size }
        return result
    }

    func placeAssets(
        _ assets: [AssetFile], published: [Document], routes: [String: Route], skipping unpublishedBundles: Set<String>
    ) -> (routes: [String: Route], files: [StaticFile]) {
        var assetRoutes: [String: Route] = [:]
        var staticFiles: [StaticFile] = []
        let bundles = Dictionary(
            published.compactMap { document in
                document.bundleDirectory.flatMap { folder in routes[document.sourcePath].map { (folder, $0) } }
            },
            uniquingKeysWith: { first, _ in first })
        assetRoutes.reserveCapacity(assets.count)
        staticFiles.reserveCapacity(assets.count)
        for asset in assets {
            // The folders above the file, nearest first, on its bytes: `content/posts/trip/`, `content/posts/`.
            let path = asset.path.utf8
            var route: Route?
            var folder = ""
            var end = path.endIndex
            while end > path.startIndex, let slash = path[..<path.index(before: end)].lastIndex(of: UInt8(ascii: "/")) {
                end = path.index(after: slash)
                folder = String(decoding: path[..<end], as: UTF8.self)
                if let bundleRoute = bundles[folder] {
                    route = bundleRoute.appending(String(decoding: path[end...], as: UTF8.self))
                    break
                }
                if unpublishedBundles.contains(folder) { break }
            }
            if route == nil, !unpublishedBundles.contains(folder) {
                route = .file(String(decoding: path.dropFirst("content/".utf8.count), as: UTF8.self))
            }
            guard let route else { continue }
            assetRoutes[asset.path] = route
            staticFiles.append(StaticFile(route: route, contents: asset.contents, source: asset.path))
        }
        return (assetRoutes, staticFiles)
    }
}
