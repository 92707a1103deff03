import Foundation
import Testing

@testable import SitegenCore

/// The persistent build record: a build whose sources and output are unchanged does nothing, and a build after
/// any edit gives exactly the output of a build without the cache.
@Suite struct BuildRecordTests {
    /// Random edits of every kind (a post added, renamed or deleted; its body, title, tags, date, series or
    /// project; the URL of the post the others link to; a template, `site.yml`, a photo; the clock) through `sitegen build`'s own path, each followed by
    /// a cached build compared byte for byte with a build without the cache.
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func aCachedBuildEqualsAColdBuildAfterAnySequenceOfEdits(seed: UInt64) throws {
        var site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        var random = SplitMix(state: seed)
        // With even seeds every file is saved as if an hour ago, so that the record vouches for the posts not
        // edited since and the build does not read them from the first rebuild on.
        let saveEarlier = seed % 2 == 0
        func write(_ path: String, _ text: String) throws {
            try site.write(path, text)
            guard saveEarlier else { return }
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: site.root.appendingPathComponent(path).path)
        }
        let tags = ["swift", "rust", "web", "notes"]
        var posts: [String] = []
        func newPost(_ number: Int) -> String {
            let tag = tags[Int(random.next() % UInt64(tags.count))]
            return post(
                "Post \(number)", date: "2025-0\(1 + number % 9)-1\(number % 10)", extra: "tags: [\(tag)]\n",
                body: "Body of post \(number), after [the first](post-0.md).")
        }
        try write("site.yml", "title: Journal\nbase_url: https://example.com/\n")
        for number in 0..<6 {
            posts.append("content/posts/post-\(number).md")
            try write(posts[number], newPost(number))
        }
        for project in ["alpha", "beta"] {
            try write("content/projects/\(project).md", "---\ntitle: \(project.capitalized)\n---\nThe \(project) project.\n")
        }
        // A bundle with a photo, shown in the body and as the cover.
        try write(
            "content/posts/trip/index.md",
            post("Trip", date: "2025-04-04", extra: "cover: dot.png\ntags: [travel]\n", body: "![A dot](dot.png \"The dot\")"))
        try site.write("content/posts/trip/dot.png", bytes: tinyPNG)
        var photoChanged = false
        /// `text` without its front-matter line for `key`, and with `line` added before the tags.
        func replacing(_ key: String, in text: String, with line: String) -> String {
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(key + ": ") }
            return kept.joined(separator: "\n").replacingOccurrences(of: "tags: [", with: line + "\ntags: [")
        }
        #expect(site.build().succeeded)
        let cold = site.root.appendingPathComponent("cold")
        var edits: [String] = []
        var postsNotRead = 0
        // The edits after which the rebuild patched the kept site.
        var patched: [Int] = []
        for step in 0..<24 {
            let target = posts[Int(random.next() % UInt64(posts.count))]
            var unchanged = false
            switch random.next() % 16 {
            case 0:
                let path = "content/posts/added-\(step).md"
                posts.append(path)
                try write(path, newPost(100 + step))
                edits.append("add \(path)")
            case 1:
                let text = try site.read(target)
                try write(target, text.replacingOccurrences(of: "Body", with: "Text"))
                edits.append("edit the body of \(target), same size")
            case 2:
                try write(target, site.read(target) + "\nAnother paragraph at step \(step), [a link](https://example.org/\(step)).\n")
                edits.append("add to the body of \(target)")
            case 3:
                try write(target, site.read(target).replacingOccurrences(of: "title: ", with: "title: Renamed "))
                edits.append("retitle \(target)")
            case 4:
                let tag = tags[Int(random.next() % UInt64(tags.count))]
                try write(target, site.read(target).replacingOccurrences(of: "tags: [", with: "tags: [\(tag)-\(step), "))
                edits.append("retag \(target)")
            case 5:
                try write(target, site.read(target).replacingOccurrences(of: "date: 2025", with: "date: 2024"))
                edits.append("redate \(target)")
            case 6:
                guard posts.count > 2, target != posts[0] else { continue }
                let renamed = "content/posts/renamed-\(step).md"
                try FileManager.default.moveItem(
                    at: site.root.appendingPathComponent(target), to: site.root.appendingPathComponent(renamed))
                posts[posts.firstIndex(of: target) ?? 0] = renamed
                edits.append("rename \(target) to \(renamed)")
            case 7:
                guard posts.count > 2, target != posts[0] else { continue }
                try FileManager.default.removeItem(at: site.root.appendingPathComponent(target))
                posts.removeAll { $0 == target }
                edits.append("delete \(target)")
            case 8:
                try write(
                    "templates/partials/post-card.mustache", "<li class=\"post-card\"><a href=\"{{url}}\">{{title}}</a> step \(step)</li>\n"
                )
                edits.append("edit a template")
            case 9:
                try write("site.yml", "title: Journal \(step)\nbase_url: https://example.com/\n")
                edits.append("edit site.yml")
            case 10:
                try write(target, site.read(target))
                unchanged = true
                edits.append("save \(target) unchanged")
            case 11:
                let series = "Guide \(random.next() % 2)"
                try write(target, replacing("series", in: site.read(target), with: "series: [\(series)]"))
                edits.append("put \(target) in the series \(series)")
            case 12:
                let project = random.next() % 2 == 0 ? "alpha" : "beta"
                try write(target, replacing("project", in: site.read(target), with: "project: \(project)"))
                edits.append("move \(target) to the project \(project)")
            case 13:
                photoChanged.toggle()
                try site.write("content/posts/trip/dot.png", bytes: photoChanged ? otherTinyPNG : tinyPNG)
                edits.append("replace the trip's photo")
            case 14:
                // Every other post links to the first: their bodies show its new URL.
                try write(posts[0], replacing("slug", in: site.read(posts[0]), with: "slug: first-\(step)"))
                edits.append("move the first post to first-\(step)")
            default:
                site.now = site.now.addingTimeInterval(Double(random.next() % 3) * 43_200)
                try write(
                    "content/posts/future-\(step).md", post("Future \(step)", date: "2026-01-0\(2 + step % 5)"))
                edits.append("add a future post, move the clock to \(site.now)")
            }
            let cached = site.build()
            let reference = site.build(cached: false, into: cold)
            #expect(cached.succeeded && reference.succeeded)
            #expect(differences(site.output, cold) == [], "after: \(edits.joined(separator: "; "))")
            if unchanged { #expect(cached.upToDate, "after: \(edits.joined(separator: "; "))") }
            postsNotRead += cached.work.unreadPosts
            if cached.work.patchedKeptSite { patched.append(edits.count) }
        }
        // (With odd seeds, files saved more than a second before a build are vouched for too.)
        if saveEarlier { #expect(postsNotRead > 0, "posts saved before the record are not read") }
        #expect(!patched.isEmpty, "body and title edits patch the kept site")
    }

    @Test func anUnchangedSiteIsNeitherBuiltNorWritten() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/a.md", post("A", date: "2025-01-01", body: "Alpha"))
        try site.write("content/posts/b.md", "# No front matter\n\nSo this warns about its date.\n")
        let first = site.build()
        #expect(first.succeeded && !first.upToDate)
        let written = stamps(site.output)
        #expect(!written.isEmpty)

        let second = site.build()
        #expect(second.upToDate)
        #expect(second.pageCounts.map(\.kind) == first.pageCounts.map(\.kind))
        #expect(second.pageCounts.map(\.count) == first.pageCounts.map(\.count))
        #expect(second.diagnostics == first.diagnostics, "the warnings are printed again")
        #expect(stamps(site.output) == written, "no output file was touched")

        // A deleted output file is noticed and written again.
        try FileManager.default.removeItem(at: site.output.appendingPathComponent("posts/a/index.html"))
        let repaired = site.build()
        #expect(repaired.succeeded && !repaired.upToDate)
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("posts/a/index.html").path))

        // An output file changed by hand, to as many bytes, is noticed and written again.
        let page = site.output.appendingPathComponent("posts/a/index.html")
        let original = try Data(contentsOf: page)
        try Data(repeating: 0x20, count: original.count).write(to: page)
        #expect(site.build().succeeded)
        #expect(try Data(contentsOf: page) == original)

        // Without the cache everything is built; a damaged record means a full build, never a wrong one.
        #expect(!site.build(cached: false).upToDate)
        var damaged = ByteWriter()
        damaged.string(BuildRecord.header)
        damaged.string("key")
        try Data(damaged.bytes).write(to: URL(fileURLWithPath: site.cache.path + "/record"))
        #expect(!site.build().upToDate)
        #expect(site.build().upToDate)
        try FileManager.default.removeItem(atPath: site.cache.path)
        #expect(!site.build().upToDate, "the cache folder may be deleted at any time")
    }

    /// A post without a date is dated by its file's modification time, and a page's shows in the sitemap: saving
    /// either with the same bytes changes the output, which the record must not take for "nothing changed".
    @Test func savingTheSameBytesAgainIsAChangeWhereTheFilesTimeShows() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("site.yml", "title: Journal\nbase_url: https://example.com/\n")
        try site.write("content/posts/dated.md", post("Dated", date: "2025-01-01", body: "Dated."))
        try site.write("content/posts/undated.md", "# Undated\n\nDated by its file.\n")
        try site.write("content/pages/about.md", "---\ntitle: About\n---\nAbout.\n")
        let cold = site.root.appendingPathComponent("cold")
        for (path, day) in [("content/posts/undated.md", 3), ("content/pages/about.md", 4), ("content/posts/dated.md", 5)] {
            #expect(site.build().succeeded)
            let url = site.root.appendingPathComponent(path)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_700_000_000 + Double(day) * 86_400)], ofItemAtPath: url.path)
            let cached = site.build()
            #expect(cached.upToDate == (path == "content/posts/dated.md"), "after touching \(path)")
            #expect(site.build(cached: false, into: cold).succeeded)
            #expect(differences(site.output, cold) == [], "after touching \(path)")
        }
        #expect(try site.read("public/sitemap.xml").contains("2023-11-18"), "the page's new time")
    }

    @Test func aRebuildWritesOnlyTheFilesThatChangedAndRemovesThoseThatWent() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/a.md", post("A", date: "2025-01-01", body: "Alpha"))
        try site.write("content/posts/b.md", post("B", date: "2025-01-02", body: "Beta"))
        try site.write("content/posts/c.md", post("C", date: "2025-01-03", body: "Gamma"))
        try site.write("content/posts/d.md", post("D", date: "2025-01-04", body: "Delta"))
        #expect(site.build().succeeded)
        let before = stamps(site.output)

        try site.write("content/posts/a.md", post("A", date: "2025-01-01", body: "Alpha, edited"))
        #expect(site.build().succeeded)
        let after = stamps(site.output)
        #expect(after["posts/a/index.html"] != before["posts/a/index.html"], "the edited post's page is new")
        #expect(after["posts/d/index.html"] == before["posts/d/index.html"], "an unchanged page keeps its inode and time")
        #expect(after["assets/style.css"] == before["assets/style.css"])

        // Every page counts the posts in its footer; the deleted post's folder goes.
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/posts/b.md"))
        #expect(site.build().succeeded)
        #expect(stamps(site.output)["assets/style.css"] == before["assets/style.css"])
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("posts/b").path), "a deleted post's folder goes")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".public.") }
        #expect(leftovers.isEmpty)
        #expect(
            differences(
                site.output,
                { () -> URL in
                    let cold = site.root.appendingPathComponent("cold")
                    _ = site.build(cached: false, into: cold)
                    return cold
                }()) == [])
    }

    @Test func theDayChangingOrAFuturePostFallingDueMeansABuild() throws {
        var site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/now.md", post("Now", date: "2025-12-31"))
        try site.write("content/posts/later.md", post("Later", date: "2026-01-01T12:00:00Z"))
        #expect(site.build().succeeded)
        #expect(!FileManager.default.fileExists(atPath: site.output.appendingPathComponent("posts/later/index.html").path))
        site.now = site.now.addingTimeInterval(3600)
        #expect(site.build().upToDate)
        site.now = site.now.addingTimeInterval(12 * 3600)
        #expect(!site.build().upToDate)
        #expect(FileManager.default.fileExists(atPath: site.output.appendingPathComponent("posts/later/index.html").path))
    }

    @Test func aCacheFolderThatIsALinkIsNeitherReadNorWrittenThrough() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        let elsewhere = site.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try "keep me".write(to: elsewhere.appendingPathComponent("record"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: site.cache.path, withDestinationPath: elsewhere.path)
        try site.write("content/posts/a.md", post("A", date: "2025-01-01"))
        let first = site.build()
        #expect(first.succeeded)
        #expect(first.diagnostics.contains { $0.message.contains("cannot keep the build's record") })
        #expect(!site.build().upToDate)
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("record"), encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == ["record"])
    }

    @Test func aLinkPlantedWhereTheCacheWritesIsNotFollowed() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/a.md", post("A", date: "2025-01-01", body: "Alpha"))
        #expect(site.build().succeeded)
        // Links at the names the record and the bodies' index are written under before they are renamed into place.
        let outside = site.root.appendingPathComponent("outside.txt")
        try "kept".write(to: outside, atomically: false, encoding: .utf8)
        let pid = ProcessInfo.processInfo.processIdentifier
        for name in ["record", "bodies"] {
            try FileManager.default.createSymbolicLink(atPath: site.cache.path + "/\(name).\(pid)", withDestinationPath: outside.path)
        }
        try site.write("content/posts/a.md", post("A", date: "2025-01-01", body: "Alpha, again"))
        let rebuilt = site.build()
        #expect(rebuilt.succeeded)
        #expect(!rebuilt.messages.contains { $0.contains("cannot keep the build's record") })
        #expect(try String(contentsOf: outside, encoding: .utf8) == "kept")
        #expect(site.build().upToDate)
    }

    @Test func aRecordNamingFilesOutsideTheOutputIsIgnoredAndNothingThereIsDeleted() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/a.md", post("A", date: "2025-01-01"))
        try site.write("notes.txt", "mine")
        #expect(site.build().succeeded)
        let recordURL = URL(fileURLWithPath: site.cache.path + "/record")
        var record = try #require(BuildRecord(bytes: Array(try Data(contentsOf: recordURL))))
        // A planted entry for ../notes.txt, stamped like a real output file so that only its path can stop it.
        var planted = try #require(record.outputs.first { $0.path == "index.html" })
        planted.path = "../notes.txt"
        record.outputs.append(planted)
        try Data(record.bytes).write(to: recordURL)
        #expect(BuildRecord(bytes: Array(try Data(contentsOf: recordURL))) == nil)
        try site.write("content/posts/b.md", post("B", date: "2025-01-02"))
        #expect(site.build().succeeded)
        #expect(try site.read("notes.txt") == "mine")
    }

    @Test func theRecordKeepsAnyPathAndMessage() throws {
        let record = BuildRecord(
            key: "k\tey\\", started: 12, validUntil: 34.5, gitHead: nil,
            inputs: ["content/posts/tab\there\nand\\.md": .init(stamp: FileStamp(size: 1, modified: 2, changed: 3, inode: 4), hash: 0xABC)],
            outputFolder: "/site/pub\tlic",
            outputs: [
                .init(
                    path: "posts/x/index.html",
                    file: .init(
                        stamp: FileStamp(size: 5, modified: 6, changed: 7, inode: 8), hash: 0xFEED, fingerprint: 0xBEEF,
                        reads: ReadPosts(whole: [9], cards: [0, 1, 2, 5, 9, 10]))),
                .init(
                    path: "404.html",
                    file: .init(stamp: FileStamp(size: 1, modified: 1, changed: 1, inode: 1), hash: 1, fingerprint: 2, reads: ReadPosts())),
                .init(path: "feed.xml", file: .init(stamp: FileStamp(size: 9, modified: 10, changed: 11, inode: 12), hash: 0xF00D)),
            ],
            pageCounts: [.init(kind: "posts", count: 3)],
            warnings: [.warning("content/posts/a.md", 1, 2, "line one\r\nline two")],
            dependencies: PageDependencies(
                shape: 0xABCDEF, posts: [1, UInt64.max, 0] + (3...10).map { UInt64($0) }, cards: (0...10).map { UInt64($0) << 60 }))
        #expect(BuildRecord(bytes: record.bytes) == record)
        #expect(BuildRecord(bytes: Array("sitegen build record 8\nkey\tx\n".utf8)) == nil, "a record of the text format")
        // Cut anywhere, or with any byte changed, the record is refused or read as some record: never a crash.
        let bytes = record.bytes
        for end in 0..<bytes.count { #expect(BuildRecord(bytes: Array(bytes[..<end])) == nil) }
        for index in bytes.indices {
            var changed = bytes
            changed[index] ^= 0xFF
            _ = BuildRecord(bytes: changed)
        }
        // Reads of a post the record does not have (eleven posts: 0 to 10) make the record worthless, not a crash.
        var damaged = record
        damaged.outputs[1].file.reads = ReadPosts(cards: [11])
        #expect(BuildRecord(bytes: damaged.bytes) == nil)
        damaged.dependencies = nil
        #expect(BuildRecord(bytes: damaged.bytes) == nil, "reads without the posts they name")
    }

    @Test func aPagesReadsAreKeptAsRunsAndAnythingElseIsRefused() throws {
        for posts in [[0, 1, 2, 5, 9, 10], [], [7], Array(0..<10_000)] {
            var writer = ByteWriter()
            writer.runs(posts)
            var reader = ByteReader(writer.bytes)
            #expect(try reader.runs(below: 10_000) == posts)
            #expect(reader.isAtEnd)
        }
        var runs = ByteWriter()
        runs.runs(Array(0..<10_000))
        #expect(runs.bytes.count < 8, "an archive's reads are one run")
        // Past the posts the record has, or runs whose length would overflow: refused.
        for numbers in [[1, 0, 10], [1, 10, 0], [1, 0, UInt64.max], [2, 0, 4, UInt64.max - 3, 0], [1, UInt64.max, UInt64.max]] {
            var writer = ByteWriter()
            for number in numbers { writer.number(number) }
            var reader = ByteReader(writer.bytes)
            #expect(throws: ByteReader.Malformed.self) { try reader.runs(below: 10) }
        }
        let reads = PostReads()
        reads.note(4)
        for index in [2, 4, 3, 2] { reads.noteCard(index) }
        #expect(reads.recorded == ReadPosts(whole: [4], cards: [2, 3, 4]))
    }

    @Test func numbersInThePhotoIndexAreReadExactly() {
        func number<Number: FixedWidthInteger>(_ text: String, radix: Number = 10, as type: Number.Type) -> Number? {
            Array(text.utf8).withUnsafeBufferPointer { TabSeparatedText.number($0[...], radix: radix, as: type) }
        }
        #expect(number("-9223372036854775808", as: Int64.self) == Int64.min)
        #expect(number("9223372036854775808", as: Int64.self) == nil)
        #expect(number("ffffffffffffffff", radix: 16, as: UInt64.self) == UInt64.max)
        #expect(number("1ffffffffffffffff", radix: 16, as: UInt64.self) == nil)
        #expect(number("-1", as: UInt64.self) == nil)
        #expect(number("1f", as: Int.self) == nil)
        #expect(number("", as: Int.self) == nil)
        #expect(number("-", as: Int.self) == nil)
        #expect(number("0042", as: Int.self) == 42)
    }

    @Test func aBuildAfterTheOutputFolderWasDeletedWritesItAnew() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("site.yml", "title: Gone\ntimezone: UTC\n")
        try site.write("content/posts/a.md", post("A", date: "2025-01-01"))
        #expect(site.build().succeeded)
        try FileManager.default.removeItem(at: site.output)
        try site.write("content/posts/a.md", post("A again", date: "2025-01-01"))
        let rebuilt = site.build()
        #expect(rebuilt.succeeded, "\(rebuilt.messages)")
        #expect(try site.read("public/posts/a/index.html").contains("A again"))
        #expect(try site.read("public/index.html").contains("A again"))
    }
}
