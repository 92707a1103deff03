import Foundation
import SitegenImages
import SitegenMarkdown

/// A photo as the build publishes it: its size as shown, and its resized copies by format, narrowest first.
public struct PublishedPhoto: Sendable, Equatable {
    /// One resized copy.
    public struct Copy: Sendable, Equatable {
        public var width: Int
        public var route: Route
    }

    public var width: Int
    public var height: Int
    /// The format of the original, which the `<img>` fallback uses.
    public var format: ImageCodec.Format
    public var copies: [ImageCodec.Format: [Copy]]
    /// The 1200×630 crop social sites show for a cover or the site's `image`.
    public var card: Route?

    /// The size of a social card (`og:image`), as Facebook, LinkedIn and X show a large one.
    public static let cardSize = (width: 1200, height: 630)
}

/// Publishes the raster images a site copies (JPEG, PNG, WebP): each original without its metadata and upright,
/// and beside it resized copies at the widths of ``ImageSettings`` in the original's format and the formats
/// asked for. A file whose header declares more than ``RasterHeader/pixelLimit`` pixels, that is no image this
/// reads, or that is truncated is not published but reported; one in another raster format than its extension
/// names (a PNG saved as `.jpg`) is published by its real format, with a warning. GIFs and SVGs are copied
/// as they are. What is made is kept by the bytes' hash and the settings, in the cache folder of `sitegen build`
/// or in memory for `sitegen serve`, so that a photo is resized once.
struct PhotoProcessor {
    /// What the processor made of one file.
    struct Made: Sendable {
        /// The original as published, and each copy.
        var files: [File]
        var width: Int
        var height: Int
        var format: ImageCodec.Format

        /// One made file.
        struct File: Sendable {
            /// What its name adds to the original's stem: `""` for the original, `.480w.webp` for a copy.
            var suffix: String
            var contents: AssetFile.Contents
            /// For a file kept in the store, a hash of its path, which names its bytes (see ``OutputFile/identity``).
            var identity: UInt64? = nil
        }
    }

    let settings: ImageSettings
    let store: Store
    /// Source paths of the photos that are a cover or the site's `image`, which also get a social card.
    var cards: Set<String> = []
    /// The stamps the walk of the site found, by source path, so that a photo's file is not looked at again.
    var stamps: [String: FileStamp] = [:]

    /// What publishing the site's files gives: the files to write (originals replaced, copies added), the photos
    /// by the source path of their original, and the problems by source path.
    struct Outcome {
        var files: [StaticFile]
        var photos: [String: PublishedPhoto]
        var problems: [String: String]
        /// Photos decoded and resized by this build.
        var resized = 0
        /// Photos whose original carried a GPS position, published without it.
        var locationsRemoved = 0
        /// Photos whose name gives another format than their bytes, with a warning, by source path.
        var misnamed: [String: String] = [:]
    }

    /// Publishes the raster images among `files`, each on its own core.
    func process(_ files: [StaticFile]) -> Outcome {
        let photos = files.indices.filter { index in
            let name = files[index].route.path
            return RasterHeader.Format(fileName: name).map { $0 != .gif } ?? false
        }
        // libvips's version is part of the key: asked only when there are photos.
        let settingsKey = photos.isEmpty ? "" : String(self.settingsKey, radix: 16)
        let copyNames = CopyNames(settings: settings)
        let results = concurrentMap(count: photos.count, state: {}) { _, index in
            let file = files[photos[index]]
            return make(file, settingsKey: settingsKey).map { made in published(made, of: file, names: copyNames) }
        }
        store.saveIndex()
        var outcome = Outcome(files: [], photos: [:], problems: [:])
        outcome.photos.reserveCapacity(photos.count)
        // Each photo's files take the place of its original: `replacing[index]` is the position of file `index`
        // among the photos, or -1.
        var replacing = [Int](repeating: -1, count: files.count)
        var publishedCount = files.count
        for (position, index) in photos.enumerated() {
            replacing[index] = position
            switch results[position] {
            case .success(let published):
                publishedCount += published.files.count - 1
                outcome.photos[files[index].source] = published.photo
                if let misnamed = published.misnamed { outcome.misnamed[files[index].source] = misnamed }
                if published.resized { outcome.resized += 1 }
                if published.hadLocation, !settings.keepMetadata { outcome.locationsRemoved += 1 }
            case .failure(let problem): outcome.problems[files[index].source] = problem.message
            }
        }
        outcome.files.reserveCapacity(publishedCount)
        for (index, file) in files.enumerated() {
            let position = replacing[index]
            guard position >= 0 else {
                outcome.files.append(file)
                continue
            }
            // A photo that could not be published is left out.
            if case .success(let published) = results[position] { outcome.files += published.files }
        }
        return outcome
    }

    /// One photo as published: the original and its copies as files, the photo as pages show it, and a warning
    /// when its name gives another format than its bytes.
    private struct Published {
        var files: [StaticFile]
        var photo: PublishedPhoto
        var misnamed: String?
        var resized: Bool
        var hadLocation: Bool
    }

    /// The files and the photo that `made` publishes for `file`.
    private func published(_ made: (made: Made, resized: Bool, hadLocation: Bool), of file: StaticFile, names: CopyNames) -> Published {
        let (photo, resized, hadLocation) = made
        // A screenshot saved as `.jpg` but in PNG, as real blogs have them: browsers show it by its bytes, so it is
        // published, made in its real format, and named to be renamed.
        var misnamed: String?
        if let named = RasterHeader.Format(fileName: file.source), named.rawValue != photo.format.rawValue,
            let real = RasterHeader.Format(rawValue: photo.format.rawValue)
        {
            let name = (file.source as NSString).lastPathComponent
            misnamed =
                "\(name) is named as a \(named.name) file but is a \(real.name) file; it is published as it is, its copies as \(real.name); rename it"
        }
        var published: [StaticFile] = []
        published.reserveCapacity(photo.files.count)
        // Sized for every format at once: growing a dictionary keyed by another module's type goes through the
        // runtime's generic paths.
        var copies = [ImageCodec.Format: [PublishedPhoto.Copy]](minimumCapacity: ImageCodec.Format.allCases.count)
        var card: Route?
        let stem = Self.stem(of: file.route)
        for made in photo.files {
            let suffix = made.suffix
            let route = suffix.isEmpty ? file.route : Route(stem + suffix)
            published.append(StaticFile(route: route, contents: made.contents, source: file.source, identity: made.identity))
            if let (format, width) = names.copy(suffix) { copies[format, default: []].append(.init(width: width, route: route)) }
            if suffix == Self.cardSuffix { card = route }
        }
        if photo.width <= (settings.widths.last ?? 0) {
            // The original fits the widest copy: it is one of its own format's sizes.
            copies[photo.format, default: []].append(.init(width: photo.width, route: file.route))
        }
        let shown = PublishedPhoto(
            width: photo.width, height: photo.height, format: photo.format, copies: copies.mapValues { $0.sorted { $0.width < $1.width } },
            card: card)
        return Published(files: published, photo: shown, misnamed: misnamed, resized: resized, hadLocation: hadLocation)
    }

    /// A problem with one image, for the build to report where it is shown.
    struct Problem: Error {
        let message: String
    }

    /// The original published and its copies, from the store or made now (`resized`), and whether the original
    /// carried a GPS position.
    private func make(_ file: StaticFile, settingsKey: String) -> Result<(made: Made, resized: Bool, hadLocation: Bool), Problem> {
        let wantsCard = cards.contains(file.source)
        let keySuffix = "-\(settingsKey)\(wantsCard ? "-card" : "")"
        let bytes: [UInt8]
        var stamp: FileStamp?
        switch file.contents {
        case .bytes(let stored): bytes = stored
        case .file(let path):
            stamp = stamps[file.source] ?? FileStamp.of(path)
            // A file as it was when its photo was made is not read again.
            if let stamp, let known = store.known(file.source, stamp: stamp, settings: keySuffix), let made = store.made(known) {
                return .success((made, false, known.hadLocation))
            }
            guard let read = FileDescriptor.readAll(path, noFollow: true) else {
                return .failure(Problem(message: "\(file.source) could not be read"))
            }
            bytes = read.bytes
        }
        let name = (file.source as NSString).lastPathComponent
        guard let header = RasterHeader(bytes.prefix(262_144)) else {
            return .failure(Problem(message: "\(name) is not a JPEG, PNG or WebP image, or its header is broken"))
        }
        guard header.width.multipliedReportingOverflow(by: header.height).partialValue <= RasterHeader.pixelLimit,
            header.width <= RasterHeader.pixelLimit, header.height <= RasterHeader.pixelLimit
        else {
            let limit = "the \(RasterHeader.pixelLimit / 1_000_000)-megapixel limit"
            let size = "\(header.width)×\(header.height)"
            return .failure(Problem(message: "\(name) declares \(size) pixels, more than \(limit); resize it before publishing"))
        }
        guard let format = ImageCodec.Format(rawValue: header.format.rawValue) else {
            return .failure(Problem(message: "\(name) is a \(header.format.name) file, which is not resized"))
        }
        let key = String(ContentHash.of(bytes), radix: 16) + keySuffix
        func remembered(_ made: Made) -> Made {
            if let stamp {
                store.remember(file.source, .init(stamp: stamp, key: key, hadLocation: header.hasLocation, info: Store.info(of: made)))
            }
            return made
        }
        if let made = store.made(key) { return .success((remembered(made), false, header.hasLocation)) }
        do {
            var made = try render(bytes, header: header, format: format)
            if wantsCard {
                let card = try ImageCodec.render(
                    bytes,
                    .init(
                        width: PublishedPhoto.cardSize.width, height: PublishedPhoto.cardSize.height, fill: true, formats: [.jpeg],
                        quality: settings.quality, keepMetadata: settings.keepMetadata))
                if let jpeg = card.files[.jpeg] { made.files.append(.init(suffix: Self.cardSuffix, contents: .bytes(jpeg))) }
            }
            return .success((remembered(store.keep(made, as: key)), true, header.hasLocation))
        } catch {
            return .failure(Problem(message: "\(name) could not be read whole (\(error.description)); is it truncated?"))
        }
    }

    /// Decodes the photo once per copy (libvips shrinks JPEGs while decoding) and strips the original.
    private func render(_ bytes: [UInt8], header: RasterHeader, format: ImageCodec.Format) throws(ImageCodec.Failure) -> Made {
        let upright = header.uprightSize
        var files: [Made.File] = []
        // Every copy's decode also checks that the file is whole; a photo smaller than every width gets one at
        // its own width, in the other formats, which checks it too.
        let widths = settings.widths.filter { $0 < upright.width } + (upright.width <= (settings.widths.last ?? 0) ? [upright.width] : [])
        for width in widths {
            let formats = ([format] + settings.formats).reduce(into: [ImageCodec.Format]()) { if !$0.contains($1) { $0.append($1) } }
                .filter { width < upright.width || $0 != format }
            guard !formats.isEmpty else { continue }
            let rendition = try ImageCodec.render(
                bytes, .init(width: width, formats: formats, quality: settings.quality, keepMetadata: settings.keepMetadata))
            for made in formats {
                if let file = rendition.files[made] {
                    files.append(.init(suffix: ".\(width)w.\(made.fileExtension)", contents: .bytes(file)))
                }
            }
        }
        let original: [UInt8]
        if settings.keepMetadata {
            original = bytes
        } else if header.orientation != 1 {
            // Without its EXIF the original would show on its side: its pixels are turned instead.
            let rendition = try ImageCodec.render(bytes, .init(width: upright.width, formats: [format], quality: 92))
            original = rendition.files[format] ?? bytes
        } else if let stripped = MetadataStripper.stripped(bytes) {
            original = stripped
        } else {
            throw ImageCodec.Failure(description: "its structure is broken")
        }
        return Made(
            files: [.init(suffix: "", contents: .bytes(original))] + files, width: upright.width, height: upright.height, format: format)
    }

    /// A hash of what the made files depend on besides the photo: the settings and this version of the codec.
    private var settingsKey: UInt64 {
        let widths = settings.widths.map(String.init).joined(separator: ", ")
        let formats = settings.formats.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let text = "1 [\(widths)] [\(formats)] \(settings.quality) \(settings.keepMetadata) \(store.codecVersion())"
        return ContentHash.of(Array(text.utf8))
    }

    /// The suffix of a photo's social card: `photo.card.jpg`.
    static let cardSuffix = ".card.jpg"

    /// `/posts/trip/photo.jpg` without its extension, to which a copy's suffix (`.480w.webp`) is added.
    static func stem(of original: Route) -> String {
        let path = original.path.utf8
        let name = path.lastIndex(of: UInt8(ascii: "/")).map(path.index(after:)) ?? path.startIndex
        let stem = path[name...].lastIndex(of: UInt8(ascii: ".")) ?? path.endIndex
        return String(decoding: path[..<stem], as: UTF8.self)
    }

    /// What each copy suffix names, read once per build for the widths of the settings, which nearly every copy
    /// has (a photo narrower than every width also gets one at its own).
    private struct CopyNames: Sendable {
        private let names: [String: (format: ImageCodec.Format, width: Int)]

        init(settings: ImageSettings) {
            var names: [String: (format: ImageCodec.Format, width: Int)] = [:]
            for width in settings.widths {
                for format in ImageCodec.Format.allCases { names[".\(width)w.\(format.fileExtension)"] = (format, width) }
            }
            self.names = names
        }

        /// The format and width `suffix` names; `nil` for the original's and the card's.
        func copy(_ suffix: String) -> (format: ImageCodec.Format, width: Int)? {
            names[suffix] ?? PhotoProcessor.copy(suffix)
        }
    }

    /// The format and width a copy's suffix (`.480w.webp`) names.
    private static func copy(_ suffix: String) -> (format: ImageCodec.Format, width: Int)? {
        let parts = suffix.utf8.split(separator: UInt8(ascii: "."))
        guard parts.count == 2, parts[0].last == UInt8(ascii: "w"),
            let width = Int(String(decoding: parts[0].dropLast(), as: UTF8.self))
        else { return nil }
        let name = String(decoding: parts[1], as: UTF8.self)
        let format: ImageCodec.Format? = name == "jpg" ? .jpeg : ImageCodec.Format(rawValue: name)
        return format.map { ($0, width) }
    }
}
