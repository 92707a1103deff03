import Foundation
import Testing

@testable import SitegenCore

@Suite struct OutputWriterTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func replacesTheOutputAndKeepsUnchangedFilesAsTheyWere() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public")
        let writer = OutputWriter(output: output)
        try writer.write([
            OutputFile(path: "index.html", text: "home v1"), OutputFile(path: "posts/a/index.html", text: "same"),
            OutputFile(path: "old.html", text: "gone next time"),
        ])
        let unchanged = output.appendingPathComponent("posts/a/index.html")
        let before = try FileManager.default.attributesOfItem(atPath: unchanged.path)
        let inode = before[.systemFileNumber] as? UInt64

        try writer.write([OutputFile(path: "index.html", text: "home v2"), OutputFile(path: "posts/a/index.html", text: "same")])
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "home v2")
        #expect(try String(contentsOf: unchanged, encoding: .utf8) == "same")
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("old.html").path))
        let after = try FileManager.default.attributesOfItem(atPath: unchanged.path)
        #expect(after[.systemFileNumber] as? UInt64 == inode, "an unchanged file is linked, not rewritten")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["public"], "no staging folder is left")
    }

    @Test func foldersMadeAheadAreUsedAndThoseNoFileNeedsAreRemoved() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public")
        let writer = OutputWriter(output: output)
        let staging = OutputWriter.Staging(for: writer)
        #expect(staging.path == writer.stagingPath)
        staging.makeFolders(for: ["posts/a/index.html", "posts/dropped/index.html", "gone/deep/index.html", "../escaped/x.html"])
        staging.makeFolders(for: ["tags/t/page/2/index.html"])
        try writer.write(
            [
                OutputFile(path: "index.html", text: "home"), OutputFile(path: "posts/a/index.html", text: "a"),
                OutputFile(path: "tags/t/page/2/index.html", text: "t2"), OutputFile(path: "feeds/new/feed.xml", text: "f"),
            ], staging: staging)
        let manager = FileManager.default
        #expect(try String(contentsOf: output.appendingPathComponent("posts/a/index.html"), encoding: .utf8) == "a")
        #expect(try String(contentsOf: output.appendingPathComponent("tags/t/page/2/index.html"), encoding: .utf8) == "t2")
        #expect(try String(contentsOf: output.appendingPathComponent("feeds/new/feed.xml"), encoding: .utf8) == "f")
        #expect(try manager.contentsOfDirectory(atPath: output.appendingPathComponent("posts").path) == ["a"])
        #expect(!manager.fileExists(atPath: output.appendingPathComponent("gone").path), "an unneeded folder is removed")
        #expect(!manager.fileExists(atPath: root.appendingPathComponent("escaped").path), "no folder outside the output")
        #expect(try manager.contentsOfDirectory(atPath: root.path) == ["public"], "no staging folder is left")
        staging.discard()
        #expect(manager.fileExists(atPath: output.appendingPathComponent("index.html").path), "discarding after the write changes nothing")
    }

    @Test func aStagingFolderTheWriteDidNotTakeIsDiscarded() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = OutputWriter(output: root.appendingPathComponent("public"))
        let staging = OutputWriter.Staging(for: writer)
        staging.makeFolders(for: ["posts/a/index.html"])
        staging.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
        let nowhere = OutputWriter.Staging(for: OutputWriter(output: root.appendingPathComponent("missing/public")))
        #expect(nowhere.path == nil, "the output's parent folder is not made before the build succeeds")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func aBuildThatFailsAfterItsFoldersWereMadeAheadLeavesNoStagingFolder() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/a.md", post("A", date: "2025-01-01"))
        #expect(site.build(cached: false).succeeded)
        let before = tree(site.output)
        try site.write("content/posts/b.md", post("B", date: "2025-01-02", body: "See [the missing post](missing.md)."))
        let failed = site.build(cached: false)
        #expect(!failed.succeeded)
        #expect(tree(site.output) == before, "the previous output is as it was")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).sorted() == ["content", "public"])
    }

    @Test func filesAfterThePagesAreMadeFirstAndTheResultsKeepTheirOrder() {
        for (count, start) in [(0, 0), (5, 5), (5, 0), (1000, 990), (1000, 1)] {
            let made = OutputWriter.mapTakingLastFirst(count: count, from: start) { $0 * 3 }
            #expect(made == (0..<count).map { $0 * 3 }, "\(count) from \(start)")
        }
    }

    @Test func hiddenEntriesAtTheTopOfTheOutputSurviveARebuild() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public")
        let writer = OutputWriter(output: output)
        try writer.write([OutputFile(path: "index.html", text: "v1")])
        try FileManager.default.createDirectory(at: output.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try "ref".write(to: output.appendingPathComponent(".git/HEAD"), atomically: true, encoding: .utf8)
        try "".write(to: output.appendingPathComponent(".gitkeep"), atomically: true, encoding: .utf8)
        try writer.write([OutputFile(path: "index.html", text: "v2"), OutputFile(path: ".gitkeep", text: "from the site")])
        #expect(try String(contentsOf: output.appendingPathComponent(".git/HEAD"), encoding: .utf8) == "ref")
        #expect(try String(contentsOf: output.appendingPathComponent(".gitkeep"), encoding: .utf8) == "from the site")
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "v2")
    }

    @Test func refusesPathsThatLeaveTheOutputFolderAndKeepsThePreviousOutput() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("public")
        let writer = OutputWriter(output: output)
        try writer.write([OutputFile(path: "index.html", text: "kept")])
        #expect(throws: OutputWriter.Failure.self) {
            try writer.write([OutputFile(path: "../escaped.html", text: "x")])
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("escaped.html").path))
        #expect(try String(contentsOf: output.appendingPathComponent("index.html"), encoding: .utf8) == "kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["public"])
    }

    @Test func refusesToReplaceTheSiteOrAFolderAboveIt() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: OutputWriter.Failure.self) { try OutputWriter(output: root).validate(sourceRoot: root) }
        #expect(throws: OutputWriter.Failure.self) {
            try OutputWriter(output: root.deletingLastPathComponent()).validate(sourceRoot: root)
        }
        try OutputWriter(output: root.appendingPathComponent("public")).validate(sourceRoot: root)
    }

    @Test func replacingTheOutputNeverFollowsSymbolicLinksOutOfIt() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "precious".write(to: outside.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
        let output = root.appendingPathComponent("public")
        let writer = OutputWriter(output: output)
        try writer.write([OutputFile(path: "posts/a/index.html", text: "a")])
        try FileManager.default.createSymbolicLink(
            at: output.appendingPathComponent("posts/link"), withDestinationURL: outside)
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent("top-link"), withDestinationURL: outside)
        try writer.write([OutputFile(path: "index.html", text: "new")])
        #expect(try String(contentsOf: outside.appendingPathComponent("keep.txt"), encoding: .utf8) == "precious")
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: output.path)) == [".sitegen-manifest", "index.html"])
    }

    @Test func pagerShowsTheEndsAndANeighbourhoodWithGaps() {
        #expect(pageWindow(current: 1, total: 1) == [1])
        #expect(pageWindow(current: 3, total: 5) == [1, 2, 3, 4, 5])
        #expect(pageWindow(current: 50, total: 100) == [1, nil, 48, 49, 50, 51, 52, nil, 100])
        // The same pages as picking them out of every page, at every place in lists of every length.
        for total in 1...12 {
            for current in 1...total {
                var expected: [Int?] = []
                var previous = 0
                for page in 1...total where page == 1 || page == total || abs(page - current) <= 2 {
                    if page > previous + 1 { expected.append(nil) }
                    expected.append(page)
                    previous = page
                }
                #expect(pageWindow(current: current, total: total) == expected, "page \(current) of \(total)")
            }
        }
        #expect(pageWindow(current: 1, total: 100) == [1, 2, 3, nil, 100])
    }

    @Test func aCopiedFileCannotOverwriteAPage() {
        let source = makeSource(["content/posts/a.md": post("A", date: "2025-01-01")], assets: ["content/tags/index.html"])
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(!result.succeeded)
        #expect(
            result.messages.contains(
                "content/tags/index.html:1:1: error: this file would be written to tags/index.html, as a generated page is; rename or move it"
            ))
    }
}
