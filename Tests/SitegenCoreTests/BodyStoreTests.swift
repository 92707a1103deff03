import Foundation
import SitegenMarkdown
import Testing

@testable import SitegenCore

/// The bodies `sitegen build` keeps in its cache folder: a rebuild renders only the markdown whose text, or whose
/// links' answers, changed, and a damaged store means rendering everything, never a wrong page.
@Suite struct BodyStoreTests {
    /// A site of `count` posts, each linking to the first, built once with the cache.
    private func site(posts count: Int) throws -> SiteOnDisk {
        let site = try SiteOnDisk()
        try site.write("site.yml", "title: Journal\nbase_url: https://example.com/\n")
        for number in 0..<count {
            try site.write(
                "content/posts/post-\(number).md",
                post("Post \(number)", date: "2025-01-1\(number)", body: "Body \(number), after [the first](post-0.md).\n\n## Notes\n"))
        }
        #expect(site.build().succeeded)
        return site
    }

    @Test func aRebuildRendersOnlyTheBodyThatWasEdited() throws {
        let site = try site(posts: 4)
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/post-2.md", site.read("content/posts/post-2.md") + "\nOne more paragraph.\n")
        let rebuilt = site.build()
        #expect(rebuilt.succeeded)
        #expect(rebuilt.work.renderedBodies == 1)
        // Its card shows its word count; the other cards are those an earlier build filled.
        #expect(rebuilt.work.renderedCards == 1)
        #expect(try site.read("public/posts/post-2/index.html").contains("One more paragraph."))
        expectSameAsCold(site)
        // A date changed on its line: the post's page and the lists are made again, but no body is rendered.
        try site.write(
            "content/posts/post-3.md", site.read("content/posts/post-3.md").replacingOccurrences(of: "date: 2025", with: "date: 2024"))
        let redated = site.build()
        #expect(redated.work.renderedBodies == 0)
        #expect(redated.work.renderedCards == 1)
        expectSameAsCold(site)
        // A new card template: every card is filled again.
        try site.write("templates/partials/post-card.mustache", "<li><a href=\"{{url}}\">{{title}}</a> ({{word_count}})</li>\n")
        let restyled = site.build()
        #expect(restyled.work.renderedBodies == 0)
        #expect(restyled.work.renderedCards == 4)
        expectSameAsCold(site)
    }

    @Test func aBodyIsRenderedAgainWhenThePostItLinksToMoves() throws {
        let site = try site(posts: 3)
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("content/posts/post-0.md", post("Post 0", date: "2025-01-10", extra: "slug: moved\n", body: "The first."))
        let rebuilt = site.build()
        #expect(rebuilt.succeeded)
        // The first post itself, and the two that link to it.
        #expect(rebuilt.work.renderedBodies == 3)
        #expect(try site.read("public/posts/post-1/index.html").contains("href=\"/posts/moved/\""))
        expectSameAsCold(site)
    }

    @Test(arguments: ["bodies", "bodies.html"])
    func aDamagedStoreMeansRenderingEveryBody(file: String) throws {
        let site = try site(posts: 3)
        defer { try? FileManager.default.removeItem(at: site.root) }
        let path = site.cache.path + "/" + file
        var bytes = try #require(FileDescriptor.readAll(path)?.bytes)
        bytes[bytes.count / 2] ^= 0xFF
        bytes.removeLast(3)
        #expect(FileDescriptor.writeAll(bytes, to: path))
        try site.write("content/posts/post-1.md", site.read("content/posts/post-1.md") + "\nMore.\n")
        let rebuilt = site.build()
        #expect(rebuilt.succeeded)
        #expect(rebuilt.work.renderedBodies == 3)
        expectSameAsCold(site)
        // The store is whole again.
        try site.write("content/posts/post-1.md", site.read("content/posts/post-1.md") + "\nStill more.\n")
        #expect(site.build().work.renderedBodies == 1)
    }

    @Test func aFrontMatterKeptFromAnEarlierBuildGivesTheSameDocumentAndWarnings() throws {
        let site = try site(posts: 2)
        defer { try? FileManager.default.removeItem(at: site.root) }
        let extra = "series: [Guide, Other]\ntags: [go, web]\nweight: 3\nreading: {level: 2, notes: [a, b]}\n"
        try site.write("content/posts/post-1.md", post("Post 1", date: "2025-01-11", extra: extra, body: "One."))
        let first = site.build()
        let warning = try #require(first.messages.first { $0.contains("`series` names 2 series") })
        // Only the other post changed: this one's front matter comes from the store, with its warning.
        try site.write("content/posts/post-0.md", site.read("content/posts/post-0.md") + "\nMore.\n")
        let rebuilt = site.build()
        #expect(rebuilt.messages.contains(warning))
        expectSameAsCold(site)
        // An edited front matter is parsed again.
        try site.write("content/posts/post-1.md", post("Post 1", date: "2025-01-11", extra: "series: Guide\n", body: "One."))
        let edited = site.build()
        #expect(!edited.messages.contains { $0.contains("`series` names") })
        expectSameAsCold(site)
    }

    @Test func aBodyWithMathIsNotKept() throws {
        let site = try site(posts: 2)
        defer { try? FileManager.default.removeItem(at: site.root) }
        try site.write("site.yml", "title: Journal\nbase_url: https://example.com/\nmarkdown:\n  math: true\n")
        try site.write("content/posts/post-1.md", post("Post 1", date: "2025-01-11", body: "Euler: $e^{i\\pi} = -1$."))
        #expect(site.build().succeeded)
        // A post edited in a way that changes the site's shape (its tags): the whole site is built, the edited post
        // and the one with math rendered, whose HTML depends on whether KaTeX is installed.
        try site.write(
            "content/posts/post-0.md",
            site.read("content/posts/post-0.md").replacingOccurrences(of: "title: Post 0\n", with: "title: Post 0\ntags: [extra]\n"))
        #expect(site.build().work.renderedBodies == 2)
        expectSameAsCold(site)
        // A body edit patches the kept site, which holds the math post's HTML from a build with the same KaTeX (the
        // record's key names it).
        try site.write("content/posts/post-0.md", site.read("content/posts/post-0.md") + "\nMore.\n")
        #expect(site.build().work.renderedBodies == 1)
        expectSameAsCold(site)
    }

    @Test func theIndexRefusesTruncatedOrOversizedInput() {
        var writer = ByteWriter()
        writer.string(BodyStore.header)
        writer.string("key")
        // The spill file's stamp and the index's generation, then a count of sections the bytes cannot hold.
        for number in [10, 1, 2, 3, 7] { writer.number(number) }
        writer.number(1_000_000)
        let bytes = writer.bytes
        #expect(BodyStore.index(bytes) == nil)
        for length in 0..<bytes.count { #expect(BodyStore.index(Array(bytes[..<length])) == nil) }
        var reader = ByteReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: ByteReader.Malformed.self) { try reader.string() }
    }
}
