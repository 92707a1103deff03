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

    /// The copied files placed beside the pages (a bundle's beside its page, none of an unpublished bundle's), the
    /// photos made, and the link resolver that knows every route, copied file, image size and photo.
    func placeFiles(
        of source: borrowing SiteSource, config: SiteConfig, documents: [Document], published: [Document], unpublished: Set<String>,
        routes: [String: Route], cache: BuildCache, work: inout BuildWork, diagnostics: inout [Diagnostic]
    ) -> (links: SiteLinks, staticFiles: [StaticFile]) {
        let unpublishedBundles = Set(documents.filter { unpublished.contains($0.sourcePath) }.compactMap(\.bundleDirectory))
        let (assetRoutes, placedFiles) = placeAssets(source.assets, published: published, routes: routes, skipping: unpublishedBundles)
        var links = SiteLinks(baseURL: config.baseURL, documents: routes, unpublished: unpublished, assets: assetRoutes)
        let store = photoStore ?? (cache.keeps ? cache.photos : PhotoProcessor.Store(folder: nil, remembers: false))
        var processor = PhotoProcessor(settings: config.images, store: store)
        processor.stamps = source.stamps
        processor.cards = Set(
            published.compactMap { document in document.cover.flatMap { links.localFile($0, from: document.sourcePath) } })
        if let image = config.image, let path = links.localFile("/" + image.drop { $0 == "/" }, from: "site.yml") {
            processor.cards.insert(path)
        }
        let photos = processor.process(placedFiles)
        let staticFiles = photos.files
        // A photo's size is known from making it; only the other images' headers are read.
        links.imageSizes = imageSizes(of: source.assets.filter { photos.photos[$0.path] == nil }, placed: assetRoutes)
        for (path, photo) in photos.photos { links.imageSizes[path] = ImageSize(width: photo.width, height: photo.height) }
        links.photos = photos.photos
        links.brokenImages = photos.problems
        // Each page that shows a refused image fails at its line (a broken link); the file itself is named here.
        for (path, problem) in photos.problems.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(.warning(path, 0, 0, problem + "; it is not published"))
        }
        for (path, message) in photos.misnamed.sorted(by: { $0.key < $1.key }) { diagnostics.append(.warning(path, 0, 0, message)) }
        work.resizedPhotos = photos.resized
        work.locationsRemoved = photos.locationsRemoved
        return (links, staticFiles)
    }

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

    /// Where each copied file goes: files of a bundle beside its page, other content files at their own path,
    /// files of an unpublished bundle nowhere.
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
