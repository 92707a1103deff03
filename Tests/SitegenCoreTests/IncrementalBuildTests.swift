import Foundation
import Testing

@testable import SitegenCore

/// Rebuilds through a ``BuildCache`` must give exactly what a fresh build gives, while redoing only the work whose
/// inputs changed.
@Suite struct IncrementalBuildTests {
    /// Twelve posts over three tags and two projects, five per page, so that edits move posts between pages.
    let files: [String: String] = {
        var files = projectSiteFiles(title: "Incremental", paginate: 5)
        for number in 1...12 {
            let tag = ["swift", "rust", "go"][number % 3]
            let project = number % 2 == 0 ? "alpha" : "beta"
            files["content/posts/post-\(number).md"] = post(
                "Post \(number)", date: String(format: "2025-%02d-01", number), extra: "tags: [\(tag)]\nproject: \(project)\n",
                body: "Body of post \(number)." + (number == 3 ? " See [post 2](post-2.md)." : ""))
        }
        return files
    }()

    /// Builds `files` through `cache` and checks the result against a fresh build of the same files.
    private func rebuild(_ files: [String: String], cache: inout BuildCache, sourceLocation: SourceLocation = #_sourceLocation)
        -> BuildResult
    {
        let builder = SiteBuilder(options: testOptions())
        let incremental = builder.build(makeSource(files), cache: &cache)
        let fresh = builder.build(makeSource(files))
        #expect(incremental.succeeded == fresh.succeeded, sourceLocation: sourceLocation)
        #expect(incremental.files == fresh.files, "an incremental build differs from a fresh one", sourceLocation: sourceLocation)
        #expect(incremental.messages == fresh.messages, sourceLocation: sourceLocation)
        return incremental
    }

    /// URL paths of the posts that list the post `slug` among their related posts.
    private func relatedPagesShowing(_ slug: String, in result: BuildResult) throws -> Set<String> {
        let site = try #require(result.site)
        let target = try #require(site.posts.firstIndex { $0.slug == slug })
        return Set(site.posts.filter { $0.related.contains(target) }.map(\.route.path))
    }

    @Test func aFirstBuildDoesEverythingAndAnUnchangedRebuildNothing() {
        var cache = BuildCache()
        let first = rebuild(files, cache: &cache)
        #expect(first.work.parsedFiles == 15)
        #expect(first.work.renderedBodies == 15)
        #expect(first.work.renderedCards == 12)
        #expect(
            first.work.renderedPages.count
                == first.pageCounts.filter { $0.kind != "files" && $0.kind != "feeds" }.reduce(0) { $0 + $1.count })
        let second = rebuild(files, cache: &cache)
        #expect(second.work.parsedFiles == 0 && second.work.renderedBodies == 0 && second.work.renderedCards == 0)
    }

    @Test func editingOnePostsBodyRendersOnlyThatBodyAndCard() throws {
        var cache = BuildCache()
        _ = rebuild(files, cache: &cache)
        var edited = files
        edited["content/posts/post-7.md"] = post(
            "Post 7", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: "A rewritten body, with *more* words in it.")
        let result = rebuild(edited, cache: &cache)
        #expect(result.work.parsedFiles == 1)
        #expect(result.work.renderedBodies == 1)
        #expect(result.work.renderedCards == 1)
        #expect(result.text("posts/post-7/index.html")?.contains("A rewritten body") == true)
    }

    /// Random edits of every kind through one cache: each rebuild must equal a fresh build (checked by `rebuild`).
    @Test(arguments: [1, 2, 3] as [UInt64]) func randomEditsThroughOneCacheMatchFreshBuilds(seed: UInt64) {
        var random = SplitMix(state: seed)
        var cache = BuildCache()
        var files = files
        _ = rebuild(files, cache: &cache)
        for step in 0..<15 {
            let number = Int.random(in: 1...14, using: &random)
            let path = "content/posts/post-\(number).md"
            let tag = ["swift", "rust", "go", "zig"][Int.random(in: 0...3, using: &random)]
            let date = String(format: "2025-%02d-%02d", Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
            switch Int.random(in: 0...6, using: &random) {
            case 0: files[path] = post("Post \(number)", date: date, extra: "tags: [\(tag)]\n", body: "Body \(step) of post \(number).")
            case 1: files[path] = post("Retitled \(step)", date: "2025-03-03", extra: "tags: [\(tag), go]\nproject: alpha\n")
            case 2: files[path] = post("Post \(number)", date: "2025-05-05", extra: "summary: Step \(step)\n", body: "Same body.")
            case 3: files[path] = nil
            case 4: files[path] = post("Post \(number)", date: date, extra: "slug: moved-\(number)\n", body: "Moved.")
            case 5: files[path] = post("Post \(number)", date: date, extra: "draft: true\n")
            default: files[path] = post("Post \(number)", date: date, extra: "project: beta\n", body: "# Heading \(step)\n\nText.")
            }
            _ = rebuild(files, cache: &cache)
        }
    }

    /// `sitegen build`'s own path: after a body or title edit, only the pages whose recorded reads include the
    /// post have their values made (the others are taken from the output as they are, unread); after an edit
    /// that moves posts, every page is looked at again. Each build equals a build without the cache.
    @Test func aWrittenRebuildMakesOnlyThePagesThatReadTheEditedPost() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        for (path, text) in files { try site.write(path, text) }
        let first = site.build()
        #expect(first.succeeded)
        let allPages = Set(first.work.renderedPages)
        #expect(allPages.contains("posts/post-7/index.html") && allPages.contains("404.html"))

        let cold = site.root.appendingPathComponent("cold")
        func check(_ edit: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String> {
            let result = site.build()
            #expect(result.succeeded, sourceLocation: sourceLocation)
            #expect(site.build(cached: false, into: cold).succeeded, sourceLocation: sourceLocation)
            #expect(differences(site.output, cold) == [], "after \(edit)", sourceLocation: sourceLocation)
            let related = try relatedPagesShowing("post-7", in: result).map { String($0.dropFirst()) + "index.html" }
            #expect(!related.isEmpty, sourceLocation: sourceLocation)
            return Set(result.work.renderedPages).subtracting(related)
        }
        // Post 7 is on home page 2, tagged rust, in project beta, between posts 6 and 8; its card is in the archive.
        let readers: Set = [
            "posts/post-6/index.html", "posts/post-7/index.html", "posts/post-8/index.html", "page/2/index.html",
            "tags/rust/index.html", "projects/beta/index.html", "archive/index.html",
        ]
        try site.write(
            "content/posts/post-7.md",
            post("Post 7", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: "A rewritten body, with *more* words."))
        #expect(try check("a body edit") == readers)
        // Of the feeds and files that follow the pages, those that show post 7 are made again; the swift tag's feed,
        // robots.txt and the sitemap, which shows no body, are not (the search files have a test of their own).
        #expect(
            Set(site.build().work.madeFeeds).isEmpty, "nothing changed since")
        try site.write(
            "content/posts/post-7.md",
            post("Post 7", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: "A body edited again."))
        let feedsMade = Set(site.build().work.madeFeeds.filter { !$0.hasPrefix("search") })
        #expect(feedsMade == ["feed.xml", "feed.json", "tags/rust/feed.xml", "projects/beta/feed.xml"])
        // An `updated:` date and `sitemap: false` are what the sitemap shows of a post: it is made again for them.
        for (extra, edit) in [("updated: 2025-08-02\n", "an updated date"), ("sitemap: false\n", "sitemap: false")] {
            try site.write(
                "content/posts/post-7.md",
                post("Post 7", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n" + extra, body: "A body edited again."))
            let made = site.build()
            #expect(made.succeeded && made.work.madeFeeds.contains("sitemap.xml"), "after \(edit)")
            #expect(site.build(cached: false, into: cold).succeeded)
            #expect(differences(site.output, cold) == [], "after \(edit)")
        }
        #expect(try site.read("public/sitemap.xml").contains("post-6/") && !site.read("public/sitemap.xml").contains("post-7/"))
        try site.write(
            "content/posts/post-7.md",
            post("Post 7", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: "A body edited again."))
        #expect(site.build().succeeded)
        try site.write(
            "content/posts/post-7.md",
            post("Renamed seven", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: "A rewritten body."))
        #expect(try check("a title edit") == readers)
        #expect(try site.read("public/posts/post-8/index.html").contains("Renamed seven"))

        // A new tag moves nothing but makes a page and changes every page's shape: all are looked at.
        try site.write(
            "content/posts/post-7.md",
            post("Renamed seven", date: "2025-07-01", extra: "tags: [rust, zig]\nproject: beta\n", body: "A rewritten body."))
        let retagged = site.build()
        #expect(Set(retagged.work.renderedPages) == allPages.union(["tags/zig/index.html"]))
    }

    /// Writes post 7 with `body`, rebuilds `site` with its cache, and checks the output against a build without it.
    private func rebuild(_ site: SiteOnDisk, withPost7Body body: String, sourceLocation: SourceLocation) throws -> BuildResult {
        try site.write("content/posts/post-7.md", post("Post 7", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: body))
        let result = site.build()
        let cold = site.root.appendingPathComponent("cold")
        #expect(result.succeeded, sourceLocation: sourceLocation)
        #expect(site.build(cached: false, into: cold).succeeded, sourceLocation: sourceLocation)
        #expect(differences(site.output, cold) == [], sourceLocation: sourceLocation)
        return result
    }

    @Test func anEditThatNoCardShowsRendersOnlyThePostsOwnPage() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        for (path, text) in files { try site.write(path, text) }
        let opening = "The first paragraph of post seven, long enough to be its summary on every list."
        func edit(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String> {
            Set(try rebuild(site, withPost7Body: body, sourceLocation: sourceLocation).work.renderedPages)
        }
        _ = try edit(opening)
        // A paragraph more changes the word count, which no template shows, and not the reading time or the summary:
        // the lists, the archive and the neighbours' links are the same.
        #expect(try edit(opening + "\n\nA second paragraph.") == ["posts/post-7/index.html"])
        // A theme whose archive shows the word count makes every page that shows the card again, the archive too.
        let archive = try #require(DefaultTheme.templates["archive"])
        try site.write(
            "templates/archive.mustache", archive.replacingOccurrences(of: "{{title}}</a>", with: "{{title}}</a> {{word_count}}"))
        _ = try edit(opening)
        let shorter = try site.read("public/archive/index.html")
        let pages = try edit(opening + "\n\nA third paragraph.")
        #expect(pages.isSuperset(of: ["posts/post-7/index.html", "archive/index.html", "tags/rust/index.html", "page/2/index.html"]))
        #expect(try site.read("public/archive/index.html") != shorter)
    }

    /// A written rebuild makes only the search files that show what an edit changed: the shards of the words whose
    /// posts changed, the edited post's chunk, `search-index.json` and the list of split prefixes. A search file
    /// missing from the output is made again from the index the cache keeps.
    @Test func aWrittenRebuildMakesOnlyTheSearchFilesThatShowTheEdit() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        for (path, text) in files { try site.write(path, text) }
        func searchFilesMade(by body: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String> {
            Set(try rebuild(site, withPost7Body: body, sourceLocation: sourceLocation).work.madeFeeds.filter { $0.hasPrefix("search") })
        }
        func shard(_ prefix: String) -> String { "search/words/\(SearchShards.hex(prefix)).json" }
        _ = try searchFilesMade(by: "Quartz lantern orbit.")
        #expect(tree(site.output)[shard("qu")] != nil)
        // Post 7 (the sixth newest, in chunk 0) loses `quartz` and `lantern`, gains `zephyr` and keeps `orbit`: no
        // other post has a word of `qu` or `la`, so those shards go, and only that of `ze` is made.
        let core: Set = ["search/posts/0.json", "search-index.json", "search/index.json"]
        #expect(try searchFilesMade(by: "Zephyr orbit.") == core.union([shard("ze")]))
        #expect(tree(site.output)[shard("qu")] == nil)
        // Files that show no edit, missing from the output, are made again as a build without the cache makes them.
        for path in ["search/posts/1.json", shard("bo")] {
            try FileManager.default.removeItem(at: site.output.appendingPathComponent(path))
        }
        #expect(try searchFilesMade(by: "Zephyr orbit, twice.") == core.union(["search/posts/1.json", shard("bo"), shard("tw")]))
    }

    /// Related posts follow the posts' times, tags and projects: a written rebuild after a body edit takes them
    /// from the cache, and one after a tag edit computes them again.
    @Test func relatedPostsAreComputedAgainOnlyWhenTimesTagsOrProjectsChanged() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        for (path, text) in files { try site.write(path, text) }
        #expect(site.build().work.computedRelatedPosts)
        #expect(!(try rebuild(site, withPost7Body: "A new body.", sourceLocation: #_sourceLocation).work.computedRelatedPosts))
        try site.write("content/posts/post-8.md", post("Post 8", date: "2025-08-01", extra: "tags: [rust]\nproject: beta\n"))
        let retagged = try rebuild(site, withPost7Body: "A new body.", sourceLocation: #_sourceLocation)
        #expect(retagged.work.computedRelatedPosts)
        #expect(try relatedPagesShowing("post-7", in: retagged).contains("/posts/post-8/"))
    }

    @Test func unchangedPostsAreNotReadAndTheirBodiesComeFromTheCache() throws {
        let site = try SiteOnDisk()
        defer { try? FileManager.default.removeItem(at: site.root) }
        for (path, text) in files { try site.write(path, text) }
        let cold = site.root.appendingPathComponent("cold")
        let posts = files.keys.filter { $0.hasPrefix("content/posts/") }
        // Files saved an hour ago, before the build that records them: their stamps vouch for them.
        func backdate() throws {
            for path in files.keys {
                try FileManager.default.setAttributes(
                    [.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: site.root.appendingPathComponent(path).path)
            }
        }
        func rebuild(after edit: String, sourceLocation: SourceLocation = #_sourceLocation) -> BuildResult {
            let result = site.build()
            #expect(result.succeeded, sourceLocation: sourceLocation)
            #expect(site.build(cached: false, into: cold).succeeded, sourceLocation: sourceLocation)
            #expect(differences(site.output, cold) == [], "after \(edit)", sourceLocation: sourceLocation)
            return result
        }
        try backdate()
        #expect(rebuild(after: "nothing").work.unreadPosts == 0, "the first build reads everything")
        try site.write(
            "content/posts/post-3.md",
            post("Post 3", date: "2025-03-01", extra: "tags: [swift]\nproject: beta\n", body: "A new body. See [post 2](post-2.md)."))
        #expect(rebuild(after: "a body edit").work.unreadPosts == posts.count - 1)
        // Without the kept bodies, the posts not read are read after all.
        try backdate()
        #expect(site.build().succeeded)
        unlink(site.cache.path + "/bodies")
        try site.write("content/posts/post-5.md", post("Post 5", date: "2025-05-01", extra: "tags: [go]\n", body: "Edited."))
        #expect(rebuild(after: "an edit without the kept bodies").work.unreadPosts == 0)
        // Post 3 links to post 2, which moves: post 3 is not read for its front matter, but its body is rendered
        // again, from its file read after all.
        try backdate()
        #expect(site.build().succeeded)
        try site.write(
            "content/posts/post-2.md", post("Post 2", date: "2025-02-01", extra: "tags: [go]\nslug: moved-two\n", body: "Moved."))
        let moved = rebuild(after: "a linked post moving")
        #expect(moved.work.unreadPosts == posts.count - 1)
        #expect(try site.read("public/posts/post-3/index.html").contains("/posts/moved-two/"))
    }

    @Test func editingAPageRendersNoPostAgain() {
        var cache = BuildCache()
        _ = rebuild(files, cache: &cache)
        var edited = files
        edited["content/pages/about.md"] = "---\ntitle: About\n---\nAbout me, rewritten.\n"
        let result = rebuild(edited, cache: &cache)
        #expect(result.work.parsedFiles == 1 && result.work.renderedBodies == 1)
        #expect(result.work.renderedCards == 0)
        #expect(result.text("about/index.html")?.contains("About me, rewritten.") == true)
    }

    @Test func editingATitleShowsOnThePagesThatListOrLinkThePost() throws {
        var cache = BuildCache()
        _ = rebuild(files, cache: &cache)
        var edited = files
        edited["content/posts/post-7.md"] = post(
            "Renamed seven", date: "2025-07-01", extra: "tags: [rust]\nproject: beta\n", body: "Body of post 7.")
        let result = rebuild(edited, cache: &cache)
        #expect(result.work.renderedBodies == 1)
        #expect(result.work.renderedCards == 1)
        #expect(result.text("page/2/index.html")?.contains("Renamed seven") == true)
        #expect(result.text("posts/post-6/index.html")?.contains("Renamed seven") == true)
        #expect(result.text("posts/post-8/index.html")?.contains("Renamed seven") == true)
    }

    @Test func addingRenamingAndDeletingPostsMatchesAFreshBuild() {
        var cache = BuildCache()
        _ = rebuild(files, cache: &cache)
        var changed = files
        changed["content/posts/post-13.md"] = post("Thirteen", date: "2025-12-15", extra: "tags: [zig]\n")
        let added = rebuild(changed, cache: &cache)
        #expect(added.work.parsedFiles == 1)
        #expect(added.text("tags/zig/index.html")?.contains("Thirteen") == true)

        changed["content/posts/renamed-5.md"] = changed.removeValue(forKey: "content/posts/post-5.md")
        let renamed = rebuild(changed, cache: &cache)
        #expect(renamed.text("posts/post-5/index.html") == nil)
        #expect(renamed.text("posts/renamed-5/index.html") != nil)

        changed["content/posts/post-13.md"] = nil
        let deleted = rebuild(changed, cache: &cache)
        #expect(deleted.text("tags/zig/index.html") == nil)
    }

    @Test func aBodyLinkingToAPostIsRerenderedWhenThatPostMoves() {
        var cache = BuildCache()
        _ = rebuild(files, cache: &cache)
        var changed = files
        changed["content/posts/post-2.md"] = post("Post 2", date: "2025-02-01", extra: "slug: second\ntags: [go]\nproject: alpha\n")
        let result = rebuild(changed, cache: &cache)
        #expect(result.work.renderedBodies == 2, "post 2 changed, and post 3 links to it")
        #expect(result.text("posts/post-3/index.html")?.contains("href=\"/posts/second/\"") == true)
    }

    @Test func aBrokenLinkFailsTheRebuildAndTheFixClearsIt() {
        var cache = BuildCache()
        _ = rebuild(files, cache: &cache)
        var changed = files
        changed["content/posts/post-2.md"] = nil
        let broken = rebuild(changed, cache: &cache)
        #expect(!broken.succeeded)
        #expect(broken.messages.contains { $0.hasPrefix("content/posts/post-3.md:") && $0.contains("post-2.md") })
        let fixed = rebuild(files, cache: &cache)
        #expect(fixed.succeeded)
        #expect(fixed.work.renderedBodies == 2, "post 2 is back, and post 3's link resolves again")
    }

    @Test func aTemplateOrConfigurationChangeRebuildsEverything() {
        var cache = BuildCache()
        let first = rebuild(files, cache: &cache)
        var changed = files
        changed["site.yml"] = "title: Renamed journal\npaginate: 5\ntimezone: UTC\n"
        let configured = rebuild(changed, cache: &cache)
        #expect(configured.work.renderedBodies == first.work.renderedBodies)
        #expect(configured.work.renderedPages.count == first.work.renderedPages.count)
        changed["templates/partials/post-card.mustache"] = "<article class=\"card\">{{title}}</article>"
        let themed = rebuild(changed, cache: &cache)
        #expect(themed.work.renderedCards == 12)
        #expect(themed.text("index.html")?.contains("<article class=\"card\">Post 12</article>") == true)
    }
}
