import Foundation
import SitegenImages
import SitegenMarkdown
import Synchronization

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
/// asked for. A file whose header declares more than ``RasterHeader/pixelLimit`` pixels, whose signature is not
/// the format its extension names, or that is truncated is not published but reported. GIFs and SVGs are copied
/// as they are. What is made is kept by the bytes' hash and the settings, in the cache folder of `sitegen build`
/// or in memory for `sitegen serve`, so that a photo is resized once.
struct PhotoProcessor {
    /// What the processor made of one file.
    struct Made: Sendable {
        /// The original as published, and each copy, by file name suffix: `""` for the original, `.480w.webp`.
        var files: [(suffix: String, contents: AssetFile.Contents)]
        var width: Int
        var height: Int
        var format: ImageCodec.Format
    }

    /// Where made files are kept between builds: a folder per photo in the cache folder, for `sitegen build` (which
    /// copies them from there, holding none in memory) and `sitegen serve`; `sitegen check` only reads it; memory
    /// when there is no cache folder.
    final class Store: Sendable {
        /// The cache folder for photos; `nil` keeps them in memory, if `remembers`.
        let folder: String?
        let remembers: Bool
        /// Whether new photos go into `folder`; `sitegen serve` only reads it and keeps what it makes in memory.
        let writes: Bool
        private let memory = Mutex<[String: Made]>([:])
        /// What the photo at each path was when last made: its file's stamp, its key and whether it carried a
        /// location, so that a photo whose file did not change is found without reading it. Saved in the
        /// folder's `index`.
        private let known: Mutex<[String: Known]>

        struct Known: Sendable, Equatable {
            var stamp: FileStamp
            var key: String
            var hadLocation: Bool
            /// The photo folder's `info` line, so that a known photo costs no read of it.
            var info: String
        }

        init(folder: String?, remembers: Bool = true, writes: Bool = true) {
            self.folder = folder
            self.remembers = remembers
            self.writes = writes
            known = Mutex(folder.flatMap { Self.readIndex($0 + "/index") } ?? [:])
        }

        /// The key of the photo at `path` if its file is still as it was when made (`key` is then also found).
        func known(_ path: String, stamp: FileStamp, settings keySuffix: String) -> Known? {
            guard let found = known.withLock({ $0[path] }), found.stamp == stamp, found.key.hasSuffix(keySuffix) else { return nil }
            return found
        }

        /// Remembers that the photo at `path`, with this stamp, is made under `key`.
        func remember(_ path: String, _ entry: Known) {
            known.withLock { $0[path] = entry }
        }

        /// Writes the index of the photos known, for the next build, when it changed.
        func saveIndex() {
            guard let folder, writes else { return }
            let lines = known.withLock { known in
                known.sorted { $0.key < $1.key }.filter { !$0.key.contains(where: \.isNewline) && !$0.key.contains("\t") }.map {
                    path, entry in
                    let stamp = entry.stamp
                    return [
                        "\(stamp.size)", "\(stamp.modified)", "\(stamp.changed)", "\(stamp.inode)", entry.key,
                        entry.hadLocation ? "1" : "0",
                        path, entry.info,
                    ].joined(separator: "\t")
                }
            }
            let text = (["sitegen-photo-index 2"] + lines).joined(separator: "\n") + "\n"
            let path = folder + "/index"
            if let current = FileDescriptor.readAll(path, noFollow: true), current.bytes == Array(text.utf8) { return }
            let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier)"
            if FileDescriptor.writeAll(Array(text.utf8), to: temporary) { rename(temporary, path) } else { unlink(temporary) }
        }

        private static func readIndex(_ path: String) -> [String: Known]? {
            guard let read = FileDescriptor.readAll(path, noFollow: true) else { return nil }
            let lines = String(decoding: read.bytes, as: UTF8.self).split(separator: "\n")
            guard lines.first == "sitegen-photo-index 2" else { return nil }
            var known: [String: Known] = [:]
            for line in lines.dropFirst() {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 8, let size = Int64(fields[0]), let modified = Int64(fields[1]), let changed = Int64(fields[2]),
                    let inode = UInt64(fields[3])
                else { continue }
                known[fields[6]] = Known(
                    stamp: FileStamp(size: size, modified: modified, changed: changed, inode: inode), key: fields[4],
                    hadLocation: fields[5] == "1", info: fields[7])
            }
            return known
        }

        /// The files made for `key` before, if they are all still there.
        func made(_ key: String) -> Made? {
            if let found = memory.withLock({ $0[key] }) { return found }
            guard let folder, let read = FileDescriptor.readAll("\(folder)/\(key)/info", noFollow: true) else { return nil }
            let info = String(decoding: read.bytes, as: UTF8.self)
            guard let made = Self.made(fromInfo: info, in: "\(folder)/\(key)"),
                made.files.allSatisfy({ if case .file(let path) = $0.contents { access(path, R_OK) == 0 } else { false } })
            else { return nil }
            return made
        }

        /// The photo the index knows, if its folder is still there: its files are not looked at one by one (the
        /// writer reads them, and reports one that has gone).
        func made(_ known: Known) -> Made? {
            if let found = memory.withLock({ $0[known.key] }) { return found }
            guard let folder, access("\(folder)/\(known.key)/info", R_OK) == 0 else { return nil }
            return Self.made(fromInfo: known.info, in: "\(folder)/\(known.key)")
        }

        /// The files an `info` line (`sitegen-photo WIDTH HEIGHT FORMAT original NAME…`) lists, in `folder`.
        private static func made(fromInfo info: String, in folder: String) -> Made? {
            let fields = info.split(whereSeparator: \.isWhitespace).map(String.init)
            guard fields.count >= 5, fields[0] == "sitegen-photo", let width = Int(fields[1]), let height = Int(fields[2]),
                let format = ImageCodec.Format(rawValue: fields[3]), fields[4] == "original"
            else { return nil }
            let files = fields[4...].map { name in (name == "original" ? "" : "." + name, AssetFile.Contents.file("\(folder)/\(name)")) }
            return Made(files: files, width: width, height: height, format: format)
        }

        /// The `info` line of `made`.
        static func info(of made: Made) -> String {
            let names = made.files.map { $0.suffix.isEmpty ? "original" : String($0.suffix.dropFirst()) }
            return "sitegen-photo \(made.width) \(made.height) \(made.format.rawValue) \(names.joined(separator: " "))"
        }

        /// Makes the folder at `path` unless it exists; `false` unless it is then a folder of its own (not a
        /// symbolic link that could lead out of the site).
        private static func makeFolder(_ path: String) -> Bool {
            if mkdir(path, 0o755) != 0, errno != EEXIST { return false }
            var status = stat()
            return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        }

        /// Keeps `made` (whose files are bytes) under `key`; returns it as kept, its files on disk when they
        /// could be written there.
        func keep(_ made: Made, as key: String) -> Made {
            guard let folder, writes else {
                if remembers { memory.withLock { $0[key] = made } }
                return made
            }
            let temporary = "\(folder)/\(key).\(ProcessInfo.processInfo.processIdentifier)"
            let final = "\(folder)/\(key)"
            guard Self.makeFolder((folder as NSString).deletingLastPathComponent), Self.makeFolder(folder),
                mkdir(temporary, 0o755) == 0
            else { return made }
            var names: [String] = []
            for (suffix, contents) in made.files {
                guard case .bytes(let bytes) = contents else { return made }
                let name = suffix.isEmpty ? "original" : String(suffix.dropFirst())
                guard FileDescriptor.writeAll(bytes, to: "\(temporary)/\(name)") else { return made }
                names.append(name)
            }
            let info = Self.info(of: made) + "\n"
            guard FileDescriptor.writeAll(Array(info.utf8), to: "\(temporary)/info"), rename(temporary, final) == 0 else {
                return made
            }
            return self.made(key) ?? made
        }
    }

    let settings: ImageSettings
    let store: Store
    /// Source paths of the photos that are a cover or the site's `image`, which also get a social card.
    var cards: Set<String> = []

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
    }

    /// Publishes the raster images among `files`, each on its own core.
    func process(_ files: [StaticFile]) -> Outcome {
        let photos = files.indices.filter { index in
            let name = files[index].route.path
            return RasterHeader.Format(fileExtension: (name as NSString).pathExtension).map { $0 != .gif } ?? false
        }
        let results = concurrentMap(count: photos.count, state: {}) { _, index in make(files[photos[index]]) }
        store.saveIndex()
        var outcome = Outcome(files: [], photos: [:], problems: [:])
        var replaced: [Int: Made] = [:]
        for (index, result) in zip(photos, results) {
            switch result {
            case .success(let (made, resized, hadLocation)):
                replaced[index] = made
                if resized { outcome.resized += 1 }
                if hadLocation, !settings.keepMetadata { outcome.locationsRemoved += 1 }
            case .failure(let problem): outcome.problems[files[index].source] = problem.message
            }
        }
        for (index, file) in files.enumerated() {
            guard let made = replaced[index] else {
                if outcome.problems[file.source] == nil { outcome.files.append(file) }
                continue
            }
            var copies: [ImageCodec.Format: [PublishedPhoto.Copy]] = [:]
            var card: Route?
            for (suffix, contents) in made.files {
                let route = suffix.isEmpty ? file.route : Self.route(of: file.route, suffix: suffix)
                outcome.files.append(StaticFile(route: route, contents: contents, source: file.source))
                if let copy = Self.copy(suffix, route: route) { copies[copy.format, default: []].append(copy.copy) }
                if suffix == Self.cardSuffix { card = route }
            }
            if made.width <= (settings.widths.last ?? 0) {
                // The original fits the widest copy: it is one of its own format's sizes.
                copies[made.format, default: []].append(.init(width: made.width, route: file.route))
            }
            outcome.photos[file.source] = PublishedPhoto(
                width: made.width, height: made.height, format: made.format,
                copies: copies.mapValues { $0.sorted { $0.width < $1.width } }, card: card)
        }
        return outcome
    }

    /// A problem with one image, for the build to report where it is shown.
    struct Problem: Error {
        let message: String
    }

    /// The original published and its copies, from the store or made now (`resized`), and whether the original
    /// carried a GPS position.
    private func make(_ file: StaticFile) -> Result<(made: Made, resized: Bool, hadLocation: Bool), Problem> {
        let wantsCard = cards.contains(file.source)
        let keySuffix = "-\(String(settingsKey, radix: 16))\(wantsCard ? "-card" : "")"
        let bytes: [UInt8]
        var stamp: FileStamp?
        switch file.contents {
        case .bytes(let stored): bytes = stored
        case .file(let path):
            var status = stat()
            if lstat(path, &status) == 0 {
                stamp = FileStamp(status)
                // A file as it was when its photo was made is not read again.
                if let stamp, let known = store.known(file.source, stamp: stamp, settings: keySuffix), let made = store.made(known) {
                    return .success((made, false, known.hadLocation))
                }
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
        if let named = RasterHeader.Format(fileExtension: (name as NSString).pathExtension), named != header.format {
            return .failure(Problem(message: "\(name) is named as a \(named.name) file but is a \(header.format.name) file; rename it"))
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
                if let jpeg = card.files[.jpeg] { made.files.append((Self.cardSuffix, .bytes(jpeg))) }
            }
            return .success((remembered(store.keep(made, as: key)), true, header.hasLocation))
        } catch {
            return .failure(Problem(message: "\(name) could not be read whole (\(error.description)); is it truncated?"))
        }
    }

    /// Decodes the photo once per copy (libvips shrinks JPEGs while decoding) and strips the original.
    private func render(_ bytes: [UInt8], header: RasterHeader, format: ImageCodec.Format) throws(ImageCodec.Failure) -> Made {
        let upright = header.uprightSize
        var files: [(String, AssetFile.Contents)] = []
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
                if let file = rendition.files[made] { files.append((".\(width)w.\(made.fileExtension)", .bytes(file))) }
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
        return Made(files: [("", .bytes(original))] + files, width: upright.width, height: upright.height, format: format)
    }

    /// A hash of what the made files depend on besides the photo: the settings and this version of the codec.
    private var settingsKey: UInt64 {
        let text =
            "1 \(settings.widths) \(settings.formats.map(\.rawValue)) \(settings.quality) \(settings.keepMetadata) \(ImageCodec.version)"
        return ContentHash.of(Array(text.utf8))
    }

    /// The suffix of a photo's social card: `photo.card.jpg`.
    static let cardSuffix = ".card.jpg"

    /// `/posts/trip/photo.jpg` with `.480w.webp` is `/posts/trip/photo.480w.webp`.
    static func route(of original: Route, suffix: String) -> Route {
        let path = original.path
        let stem = path.lastIndex(of: ".").flatMap { dot in path[dot...].contains("/") ? nil : dot } ?? path.endIndex
        return Route(String(path[..<stem]) + suffix)
    }

    /// The width and format a copy's suffix names.
    private static func copy(_ suffix: String, route: Route) -> (format: ImageCodec.Format, copy: PublishedPhoto.Copy)? {
        let parts = suffix.split(separator: ".")
        guard parts.count == 2, parts[0].hasSuffix("w"), let width = Int(parts[0].dropLast()) else { return nil }
        let format: ImageCodec.Format? = parts[1] == "jpg" ? .jpeg : ImageCodec.Format(rawValue: String(parts[1]))
        return format.map { ($0, PublishedPhoto.Copy(width: width, route: route)) }
    }
}
