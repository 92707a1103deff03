import Foundation
import SitegenImages
import Testing

@testable import SitegenCore

/// Photos in a build: copies and `<picture>`, refused files reported at the line that shows them, copies made
/// once per store.
@Suite struct PhotoProcessorTests {
    private func site(_ body: String, assets: [String: [UInt8]], config: String = "") -> SiteSource {
        var source = makeSource([
            "site.yml": "title: Photos\nbase_url: https://example.com/\n" + config,
            "content/posts/trip/index.md": "---\ntitle: Trip\ndate: 2025-05-01\n---\n\n" + body,
        ])
        source.assets = assets.sorted { $0.key < $1.key }.map { AssetFile(path: $0.key, contents: .bytes($0.value)) }
        return source
    }

    @Test func aPhotoGetsCopiesAndAPictureAndIsMadeOncePerStore() throws {
        var builder = SiteBuilder(options: testOptions())
        builder.photoStore = PhotoProcessor.Store(folder: nil)
        let source = site("![A dot](dot.png)\n", assets: ["content/posts/trip/dot.png": tinyPNG])
        let first = builder.build(source)
        #expect(first.succeeded, "\(first.messages)")
        #expect(first.work.resizedPhotos == 1)
        let page = try #require(first.text("posts/trip/index.html"))
        #expect(page.contains("<picture><source type=\"image/webp\" srcset=\"/posts/trip/dot.2w.webp 2w\""))
        #expect(page.contains("<img src=\"/posts/trip/dot.png\" srcset=\"/posts/trip/dot.png 2w\""))
        #expect(page.contains("width=\"2\" height=\"1\""))
        #expect(first.files.contains { $0.path == "posts/trip/dot.2w.webp" })
        let second = builder.build(source)
        #expect(second.work.resizedPhotos == 0, "the store had the copies")
        #expect(second.files.map(\.path).sorted() == first.files.map(\.path).sorted())
    }

    @Test func aFeedOffersThePhotosCopiesAtAbsoluteURLs() throws {
        var builder = SiteBuilder(options: testOptions())
        builder.photoStore = PhotoProcessor.Store(folder: nil)
        let result = builder.build(site("![A dot](dot.png)\n", assets: ["content/posts/trip/dot.png": tinyPNG]))
        #expect(result.succeeded, "\(result.messages)")
        for feed in ["feed.xml", "feed.json"] {
            let text = try #require(result.text(feed))
            let escapedQuote = feed == "feed.xml" ? "&quot;" : "\\\""
            #expect(text.contains("srcset=\(escapedQuote)https://example.com/posts/trip/dot.2w.webp 2w"), "\(feed)")
            #expect(text.contains("srcset=\(escapedQuote)https://example.com/posts/trip/dot.png 2w"), "\(feed)")
            #expect(!text.contains("srcset=\(escapedQuote)/"), "\(feed)")
        }
    }

    /// A site whose post shows `dot.png`, a file in a new temporary folder.
    private func dotSite() throws -> (folder: URL, photo: URL, source: SiteSource) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-photos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let photo = folder.appendingPathComponent("dot.png")
        try Data(tinyPNG).write(to: photo)
        var source = site("![A dot](dot.png)\n", assets: [:])
        source.assets = [AssetFile(path: "content/posts/trip/dot.png", contents: .file(photo.path))]
        return (folder, photo, source)
    }

    @Test func aPhotoFileIsMadeAgainOnlyWhenItChanges() throws {
        let (folder, photo, source) = try dotSite()
        defer { try? FileManager.default.removeItem(at: folder) }
        func build() -> BuildResult {
            var builder = SiteBuilder(options: testOptions())
            builder.photoStore = PhotoProcessor.Store(folder: folder.appendingPathComponent("cache").path)
            return builder.build(source)
        }
        #expect(build().work.resizedPhotos == 1)
        #expect(build().work.resizedPhotos == 0, "a new store finds the photo by its file's stamp in the folder's index")
        try Data(tinyPNG).write(to: photo, options: .atomic)
        #expect(build().work.resizedPhotos == 0, "a file written again with the same bytes is found by its hash")
        try Data(otherTinyPNG).write(to: photo, options: .atomic)
        let changed = build()
        #expect(changed.work.resizedPhotos == 1, "a changed photo is made again")
        #expect(try #require(changed.text("posts/trip/index.html")).contains("width=\"1\" height=\"2\""))
    }

    /// The store's index names the libvips library file that made its photos, with that file's stamp and the
    /// version: while the file is as it was, the version comes from the index (libvips is not loaded to ask it);
    /// once the file changed, it is asked of libvips again. Photos made by another version are made again.
    @Test func libvipsVersionIsKeptWithTheFileItWasLoadedFrom() throws {
        let (folder, _, source) = try dotSite()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = folder.appendingPathComponent("cache").path
        func build() -> BuildResult {
            var builder = SiteBuilder(options: testOptions())
            builder.photoStore = PhotoProcessor.Store(folder: cache)
            return builder.build(source)
        }
        #expect(build().work.resizedPhotos == 1)
        let index = try String(contentsOfFile: cache + "/index", encoding: .utf8)
        let library = try #require(ImageCodec.libraryPath)
        #expect(index.contains("libvips\t\(ImageCodec.version)\t\(library)\n"))
        // An index that names another library file, as it is now, with another version: that version is believed,
        // so the photo's key changes and it is made again.
        let other = folder.appendingPathComponent("libvips.so.42.0.0")
        try Data("not a library".utf8).write(to: other)
        let stamp = try #require(FileStamp.of(other.path))
        let line = "\(stamp.size)\t\(stamp.modified)\t\(stamp.changed)\t\(stamp.inode)\tlibvips\t8.0-planted\t\(other.path)\n"
        let rest = index.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\tlibvips\t") }
        let planted = rest[0] + "\n" + line + rest.dropFirst().joined(separator: "\n")
        try planted.write(toFile: cache + "/index", atomically: true, encoding: .utf8)
        #expect(PhotoProcessor.Store(folder: cache).codecVersion() == "8.0-planted")
        #expect(build().work.resizedPhotos == 1, "made by another version")
        // The library file changed since: libvips is asked.
        try Data("changed".utf8).write(to: other)
        #expect(PhotoProcessor.Store(folder: cache).codecVersion() == ImageCodec.version)
    }

    @Test func aCoverGetsASocialCardThatThePageNames() throws {
        var source = site("Text.\n", assets: ["content/posts/trip/dot.png": tinyPNG])
        source.markdown[0].text = source.markdown[0].text.replacingOccurrences(of: "---\n\n", with: "cover: dot.png\n---\n\n")
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.succeeded, "\(result.messages)")
        #expect(result.files.contains { $0.path == "posts/trip/dot.card.jpg" })
        let page = try #require(result.text("posts/trip/index.html"))
        #expect(page.contains("<meta property=\"og:image\" content=\"https://example.com/posts/trip/dot.card.jpg\">"))
        #expect(page.contains("<meta property=\"og:image:width\" content=\"1200\">"))
        #expect(page.contains("<meta property=\"og:image:alt\" content=\"Trip\">"))
        #expect(page.contains("<picture class=\"cover\">"))
    }

    @Test func aRefusedImageFailsThePostAtTheLineThatShowsIt() throws {
        var huge: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        huge += [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0]
        let cases: [(String, [UInt8], String)] = [
            ("huge.png", huge, "declares 100000×100000 pixels, more than the 100-megapixel limit"),
            ("cut.png", Array(tinyPNG.prefix(40)), "could not be read whole"),
            ("text.webp", Array("not a picture".utf8), "is not a JPEG, PNG or WebP image"),
        ]
        for (name, bytes, message) in cases {
            let result = SiteBuilder(options: testOptions()).build(
                site("Before.\n\n![It](\(name))\n", assets: ["content/posts/trip/\(name)": bytes]))
            #expect(!result.succeeded, "\(name)")
            let error = result.diagnostics.first { $0.severity == .error }
            #expect(error?.path == "content/posts/trip/index.md" && error?.line == 8, "\(name): \(result.messages)")
            #expect(error?.message.contains(message) == true, "\(name): \(error?.message ?? "")")
            #expect(!result.files.contains { $0.path == "posts/trip/\(name)" })
        }
    }

    @Test func aPNGSavedAsJPGIsPublishedByItsRealFormatWithAWarning() throws {
        let result = SiteBuilder(options: testOptions()).build(
            site("![Shot](shot.jpg)\n", assets: ["content/posts/trip/shot.jpg": tinyPNG]))
        #expect(result.succeeded, "\(result.messages)")
        let warning = result.diagnostics.first { $0.path == "content/posts/trip/shot.jpg" }
        #expect(warning?.severity == .warning && warning?.message.contains("is named as a JPEG file but is a PNG file") == true)
        #expect(result.files.contains { $0.path == "posts/trip/shot.jpg" })
        #expect(result.files.contains { $0.path == "posts/trip/shot.2w.webp" })
    }

    @Test func imageSettingsAreReadAndBadOnesReported() {
        let (config, problems) = SiteConfig.parse(
            "images:\n  widths: [800, 400]\n  formats: [webp, jpg]\n  quality: 60\n  keep_metadata: true\n", path: "site.yml")
        #expect(problems.isEmpty)
        #expect(config.images.widths == [400, 800] && config.images.formats == [.webp, .jpeg])
        #expect(config.images.quality == 60 && config.images.keepMetadata)
        let (_, bad) = SiteConfig.parse("images:\n  widths: [0]\n  quality: 200\n  size: big\n", path: "site.yml")
        #expect(bad.count == 3 && bad.allSatisfy { $0.severity == .error && $0.line == 1 })
    }
}

/// `sitegen check` names the images a reader downloads whole because they cannot be resized.
@Suite struct HeavyImageCheckTests {
    @Test func aGIFOverAMegabyteIsAWarningAndASmallOneIsNot() {
        var source = makeSource([
            "site.yml": "title: Check\n",
            "content/posts/a.md": "---\ntitle: A\ndate: 2025-01-01\nsummary: S\n---\n\n![Big](big.gif) ![Small](small.gif)\n",
        ])
        let gif = Array("GIF89a".utf8) + [2, 0, 1, 0, 0, 0, 0]
        source.assets = [
            AssetFile(path: "content/posts/big.gif", contents: .bytes(gif + [UInt8](repeating: 0, count: 1_200_000))),
            AssetFile(path: "content/posts/small.gif", contents: .bytes(gif)),
        ]
        let problems = SiteChecker(options: testOptions()).check(source)
        let heavy = problems.filter { $0.message.contains("cannot be resized") }
        #expect(heavy.map(\.path) == ["content/posts/big.gif"], "\(problems.map(\.description))")
        #expect(heavy.first?.message.contains("1.2 MB") == true)
    }

    @Test func aPhotoFolderThatCannotBeFinishedIsNotLeftBehind() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = PhotoProcessor.Store(folder: folder.path)
        let made = PhotoProcessor.Made(files: [.init(suffix: "", contents: .bytes(tinyPNG))], width: 2, height: 1, format: .png)
        // Another build finished the same photo first: the rename onto its folder fails.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("key/inside"), withIntermediateDirectories: true)
        let kept = store.keep(made, as: "key")
        #expect(kept.files.count == 1)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == ["key"], "the unfinished folder key.PID is removed")
        #expect(store.keep(made, as: "other").files.allSatisfy { if case .file = $0.contents { true } else { false } })
    }

    /// A cache planted in a cloned site cannot make a build publish a file from outside the photo's own folder.
    @Test(arguments: ["../secret", "../../secret", "sub/../../secret", ".hidden", "/etc/hostname"])
    func aPhotoFolderNamingFilesOutsideItselfIsNotUsed(name: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let planted = folder.appendingPathComponent("photos/planted")
        try FileManager.default.createDirectory(at: planted.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for path in ["photos/planted/original", "photos/secret", "secret", "photos/planted/.hidden"] {
            try Data("not a photo".utf8).write(to: folder.appendingPathComponent(path))
        }
        try Data("sitegen-photo 2 1 png original \(name)\n".utf8).write(to: planted.appendingPathComponent("info"))
        let store = PhotoProcessor.Store(folder: folder.appendingPathComponent("photos").path)
        #expect(store.made("planted") == nil)
        // The same line naming a file of the folder is used: the refusal above is the name's.
        try Data("sitegen-photo 2 1 png original original\n".utf8).write(to: planted.appendingPathComponent("info"))
        #expect(store.made("planted") != nil)
    }
}
