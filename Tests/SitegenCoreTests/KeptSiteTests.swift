import Foundation
import Testing

@testable import SitegenCore

/// The site model kept with the bodies (``KeptSite``), and the rebuild that patches the edited posts into it: it
/// must give exactly what a whole build gives, and step aside whenever an edit may change more than those posts.
@Suite struct KeptSiteTests {
    /// A site with something of every kind the model holds: tags, a series with days, a project page and one
    /// only named, a page, a redirect, params, headings, a bundle with a photo as cover.
    private func richSite() throws -> SiteOnDisk {
        let site = try SiteOnDisk()
        try site.write("site.yml", "title: Journal\nbase_url: https://example.com/\nseries:\n  guide:\n    days: 5\n")
        for number in 0..<4 {
            try site.write(
                "content/posts/post-\(number).md",
                post(
                    "Post \(number)", date: "2025-02-1\(number)",
                    extra:
                        "tags: [swift, notes-\(number % 2)]\nseries: guide\nday: \(number + 1)\nproject: \(number % 2 == 0 ? "alpha" : "beta")\n"
                        + "aliases: [/old/post-\(number)/]\nmood: calm\nreading: {level: \(number), notes: [a, b]}\n",
                    body: "Body \(number), after [the first](post-0.md).\n\n## Notes\n\nSome words.\n\n### Detail\n\nMore words.\n"))
        }
        try site.write("content/projects/alpha.md", "---\ntitle: Alpha\nstatus: active\ntech: [swift, sqlite]\n---\nThe alpha project.\n")
        try site.write("content/pages/about.md", "---\ntitle: About\n---\nAbout [the first post](../posts/post-0.md).\n")
        try site.write(
            "content/posts/trip/index.md",
            post("Trip", date: "2025-04-04", extra: "cover: dot.png\ntags: [travel]\n", body: "![A dot](dot.png \"The dot\")"))
        try site.write("content/posts/trip/dot.png", bytes: tinyPNG)
        return site
    }

    @Test func theKeptBytesReadBackToTheSameSite() throws {
        let site = try richSite()
        defer { try? FileManager.default.removeItem(at: site.root) }
        let built = site.build()
        let kept = try #require(built.kept)
        let bytes = kept.bytes
        let spill = try #require(SpillFile(in: site.root.path, memoryBudget: 0))
        let read = try KeptSite(bytes, file: spill)
        #expect(read.bytes == bytes, "what is read back is written the same")
        // The values themselves, not only their bytes.
        #expect(read.site.posts.map(\.title) == kept.site.posts.map(\.title))
        #expect(read.site.posts.map(\.summary) == kept.site.posts.map(\.summary))
        #expect(read.site.posts.map(\.plainText) == kept.site.posts.map(\.plainText))
        #expect(read.site.posts.map(\.tags) == kept.site.posts.map(\.tags))
        #expect(read.site.posts.map(\.related) == kept.site.posts.map(\.related))
        #expect(read.site.posts.map(\.storedHTML.hash) == kept.site.posts.map(\.storedHTML.hash))
        #expect(read.site.posts.map(\.toc) == kept.site.posts.map(\.toc))
        #expect(read.site.posts.map(\.params.count) == kept.site.posts.map(\.params.count))
        #expect(read.site.posts.map(\.features) == kept.site.posts.map(\.features))
        #expect(read.site.tags.map(\.slug) == kept.site.tags.map(\.slug) && !read.site.tags.isEmpty)
        #expect(read.site.projects.map(\.title) == kept.site.projects.map(\.title) && read.site.projects.count == 2)
        #expect(read.site.series.map(\.posts) == kept.site.series.map(\.posts) && !read.site.series.isEmpty)
        #expect(read.site.skills.map(\.slug) == kept.site.skills.map(\.slug) && !read.site.skills.isEmpty)
        #expect(read.site.pictures == kept.site.pictures && !read.site.pictures.isEmpty)
        #expect(read.links == kept.links)
        #expect(read.structure == kept.structure)
        #expect(read.redirects.map(\.from) == kept.redirects.map(\.from) && read.redirects.count == 4)
        #expect(read.site.tagIndex == kept.site.tagIndex && read.site.projectIndex == kept.site.projectIndex)
        // As the cache folder keeps it: read back whole, and refused when a byte of a section changed.
        let path = site.root.path + "/kept-site"
        #expect(kept.write(to: path, inputs: 7, generation: 9) == nil)
        let stored = try #require(KeptSite.Stored(at: path))
        #expect((stored.inputs, stored.generation) == (7, 9))
        #expect(try KeptSite(stored.bytes, from: stored.start, file: spill).bytes == bytes)
        var damaged = stored.bytes
        damaged[damaged.count / 2] ^= 1
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        let reread = try #require(KeptSite.Stored(at: path))
        #expect(throws: ByteReader.Malformed.self) { try KeptSite(reread.bytes, from: reread.start, file: spill) }
        // Truncated bytes are refused, never trusted.
        for cut in [1, bytes.count / 3, bytes.count - 1] {
            #expect(throws: ByteReader.Malformed.self) { try KeptSite(Array(bytes[..<cut]), file: spill) }
        }
    }

    /// A damaged file that names a post's HTML at a range past the end of any number is refused, not trusted or
    /// trapped on.
    @Test func aPostsHTMLAtAnImpossibleRangeIsRefused() throws {
        let spill = try #require(SpillFile(in: NSTemporaryDirectory(), memoryBudget: 0))
        for (start, count) in [(Int.max, Int.max), (Int.max - 1, 2), (-1, 10)] {
            var writer = ByteWriter()
            for text in ["content/posts/a.md", "a", "/posts/a/", "A"] { writer.string(text) }
            writer.optionalNumber(nil)
            writer.number(DateOrigin.frontMatter.rawValue)
            writer.optionalNumber(nil)
            writer.list([String]()) { $0.string($1) }
            writer.string("Summary")
            writer.number(1)
            writer.number(start)
            writer.number(count)
            writer.number(UInt64(0))
            var reader = ByteReader(writer.bytes)
            #expect(throws: ByteReader.Malformed.self) { try reader.post(file: spill) }
        }
    }

    /// Every stored value of the model, by type: a value added to one of them must be kept too (``KeptSite/bytes``),
    /// and added here.
    @Test func theKeptBytesHoldEveryValueOfTheModel() {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }
        let site = Site(
            config: SiteConfig(), posts: [], tags: [], projects: [], pages: [], archive: [], staticFiles: [], tagIndex: [:],
            projectIndex: [:])
        #expect(
            labels(site) == [
                "config", "posts", "tags", "projects", "pages", "archive", "staticFiles", "pictures", "socialCards", "tagIndex",
                "projectIndex", "series", "skills",
            ])
        let post = Post(
            sourcePath: "", slug: "", route: .home, title: "", date: Date(), dateOrigin: .frontMatter, updated: nil, tags: [], projects: [],
            summary: "", html: "", plainText: "", toc: [], wordCount: 0, readingMinutes: 0, draft: false, cover: nil, layout: nil,
            params: [:])
        #expect(labels(post) == ["box", "tags", "related"])
        func child(_ value: Any?, _ label: String) -> Any? {
            value.flatMap { Mirror(reflecting: $0).children.first { $0.label == label }?.value }
        }
        let fields = child(child(child(post, "box"), "box"), "value") ?? 0
        #expect(
            labels(fields as Any) == [
                "sourcePath", "slug", "route", "title", "date", "dateOrigin", "updated", "projects", "summary", "storedHTML", "plainText",
                "toc", "wordCount", "readingMinutes", "draft", "cover", "layout", "params", "series", "day", "features",
            ])
        #expect(
            labels(
                Project(
                    slug: "", title: "", route: .home, sourcePath: nil, summary: "", status: nil, repo: nil, tech: [], started: nil,
                    finished: nil, html: "", toc: [], layout: nil, params: [:], posts: [], isGenerated: false)) == [
                    "slug", "title", "route", "sourcePath", "summary", "status", "repo", "tech", "started", "finished", "html", "toc",
                    "layout", "params", "posts", "isGenerated", "features",
                ])
        #expect(
            labels(
                Page(
                    sourcePath: "", slug: "", route: .home, title: "", summary: "", html: "", toc: [], wordCount: 0, readingMinutes: 0,
                    weight: nil, layout: nil, params: [:], modified: Date())) == [
                    "sourcePath", "slug", "route", "title", "summary", "html", "toc", "wordCount", "readingMinutes", "weight", "layout",
                    "params", "modified", "features",
                ])
        #expect(labels(Tag(slug: "", name: "", route: .home, posts: [])) == ["slug", "name", "route", "posts"])
        #expect(
            labels(Series(slug: "", title: "", description: "", days: nil, route: .home, posts: [])) == [
                "slug", "title", "description", "days", "route", "posts",
            ])
        #expect(
            labels(Skill(name: "", slug: "", firstSeen: nil, posts: [], tag: nil, projects: [])) == [
                "name", "slug", "firstSeen", "posts", "tag", "projects",
            ])
        #expect(
            labels(SiteLinks(baseURL: SiteConfig().baseURL, documents: [:], unpublished: [], assets: [:])) == [
                "baseURL", "documents", "unpublished", "assets", "imageSizes", "photos", "picturesByFile", "brokenImages",
            ])
    }

    @Test func aBodyOrTitleEditPatchesTheKeptSiteAndAnythingElseBuildsTheWholeSite() throws {
        let site = try richSite()
        defer { try? FileManager.default.removeItem(at: site.root) }
        #expect(site.build().succeeded)
        func rebuild(after edit: String, _ change: (String) -> String, file: String = "content/posts/post-1.md") throws -> BuildResult {
            try site.write(file, change(try site.read(file)))
            let result = site.build()
            #expect(result.succeeded, "after \(edit)")
            expectSameAsCold(site)
            return result
        }
        let body = try rebuild(after: "a body edit") { $0 + "\nOne more paragraph.\n" }
        #expect(body.work.patchedKeptSite && body.work.parsedFiles == 1 && body.work.renderedBodies == 1)
        let title = try rebuild(after: "a title edit") { $0.replacingOccurrences(of: "title: Post 1", with: "title: Renamed") }
        #expect(title.work.patchedKeptSite)
        let heading = try rebuild(after: "a new heading, which moves no key") { $0 + "\n## Later\n\nText.\n" }
        #expect(heading.work.patchedKeptSite)
        let params = try rebuild(after: "a param edit") { $0.replacingOccurrences(of: "mood: calm", with: "mood: bright") }
        #expect(params.work.patchedKeptSite)
        // Each of these may change other pages than those that show the post: the whole site is built.
        for (edit, change) in [
            ("a tag", { (text: String) in text.replacingOccurrences(of: "tags: [", with: "tags: [new, ") }),
            ("a date", { $0.replacingOccurrences(of: "date: 2025-02-11", with: "date: 2025-03-01") }),
            ("a series day", { $0.replacingOccurrences(of: "day: 2", with: "day: 5") }),
            ("an alias", { $0.replacingOccurrences(of: "/old/post-1/", with: "/older/post-1/") }),
            ("a draft", { $0.replacingOccurrences(of: "mood:", with: "draft: true\nmood:") }),
            ("a key typo, which warns", { $0.replacingOccurrences(of: "draft: true\n", with: "tagz: [x]\n") }),
        ] as [(String, (String) -> String)] {
            let result = try rebuild(after: edit, change)
            #expect(!result.work.patchedKeptSite, "after \(edit)")
        }
        // The post with the typo warns: its edits build the whole site until the warning is gone.
        let warned = try rebuild(after: "a body edit of a post that warns") { $0 + "\nMore.\n" }
        #expect(!warned.work.patchedKeptSite)
        _ = try rebuild(after: "the typo fixed") { $0.replacingOccurrences(of: "tagz: [x]\n", with: "") }
        let again = try rebuild(after: "a body edit again") { $0 + "\nMore.\n" }
        #expect(again.work.patchedKeptSite)
        // Other files than posts.
        let page = try rebuild(after: "a page edit", { $0 + "\nMore about.\n" }, file: "content/pages/about.md")
        #expect(!page.work.patchedKeptSite)
        try site.write("content/posts/post-9.md", post("Post 9", date: "2025-02-19", body: "New."))
        #expect(!site.build().work.patchedKeptSite, "a post added")
        expectSameAsCold(site)
    }

    @Test func keptChangesThatDoNotMatchTheIndexAreNotTrusted() throws {
        let site = try richSite()
        defer { try? FileManager.default.removeItem(at: site.root) }
        #expect(site.build().succeeded)
        let changes = site.cache.path + "/bodies.changes"
        try site.write("content/posts/post-2.md", try site.read("content/posts/post-2.md") + "\nEdited.\n")
        #expect(site.build().work.patchedKeptSite)
        let stale = try Data(contentsOf: URL(fileURLWithPath: changes))
        // A whole build writes the whole index, and no changes beside it.
        try site.write(
            "content/posts/post-2.md", try site.read("content/posts/post-2.md").replacingOccurrences(of: "tags: [", with: "tags: [x, "))
        #expect(!site.build().work.patchedKeptSite)
        #expect(!FileManager.default.fileExists(atPath: changes))
        // The changes of the earlier index, put back, name another index: they are ignored, and the build is right.
        try stale.write(to: URL(fileURLWithPath: changes))
        try site.write("content/posts/post-3.md", try site.read("content/posts/post-3.md") + "\nEdited too.\n")
        #expect(site.build().succeeded)
        expectSameAsCold(site)
        // Damaged changes are ignored too.
        var damaged = ByteWriter()
        damaged.string(BodyStore.changesHeader)
        damaged.string("and then nothing")
        try Data(damaged.bytes).write(to: URL(fileURLWithPath: changes))
        try site.write("content/posts/post-3.md", try site.read("content/posts/post-3.md") + "\nAnd again.\n")
        #expect(site.build().succeeded)
        expectSameAsCold(site)
    }

    @Test func manyPatchedRebuildsStayTheSameAsAWholeBuild() throws {
        let site = try richSite()
        defer { try? FileManager.default.removeItem(at: site.root) }
        #expect(site.build().succeeded)
        var patched = 0
        for step in 0..<12 {
            let path = "content/posts/post-\(step % 4).md"
            try site.write(path, try site.read(path) + "\nStep \(step).\n")
            let result = site.build()
            #expect(result.succeeded)
            if result.work.patchedKeptSite { patched += 1 }
        }
        #expect(patched == 12)
        expectSameAsCold(site)
    }
}
