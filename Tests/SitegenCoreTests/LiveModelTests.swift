import Foundation
import Testing

@testable import SitegenCore

/// A post edit patched into the preview server's model must give the pages and feeds a full build gives, and
/// every page the patch does not name must be the same as before it.
@Suite struct LiveModelTests {
    /// Twenty-six posts (more than a feed holds) over three tags, two projects and a numbered series, three per page; every fifth post has no
    /// front-matter title or summary, so that both come from its body.
    let files: [String: String] = {
        var files = projectSiteFiles(title: "Live", paginate: 3)
        for number in 1...26 {
            var extra = "tags: [\(["swift", "rust", "go"][number % 3]), common]\nproject: \(number % 2 == 0 ? "alpha" : "beta")\n"
            if number % 4 == 0 { extra += "series: learning-go\nday: \(number / 4)\n" }
            let date = String(format: "2025-%02d-%02d", number % 12 + 1, number)
            files["content/posts/post-\(number).md"] =
                number % 5 == 0
                ? "---\ndate: \(date)\n\(extra)---\n\n# Heading of post \(number)\n\nFirst words of post \(number).\n"
                : post("Post \(number)", date: date, extra: extra, body: "Body of post \(number), see [post 1](post-1.md).")
        }
        return files
    }()

    /// Every page of `stream`, rendered.
    private func render(_ stream: PageStream) throws -> [[UInt8]] {
        try (0..<stream.count).map { index in try #require(try stream.page(index, previous: nil).get().bytes) }
    }

    /// A full build of `files` for the preview server.
    private func fullBuild(_ files: [String: String]) throws -> LiveModel {
        var cache = BuildCache()
        return try #require(SiteBuilder(options: testOptions()).buildInMemory(makeSource(files), cache: &cache).live)
    }

    /// `text` with an edit that keeps the site's shape: its body, title, summary, `updated` or params.
    private func edit(_ text: String, kind: Int, step: Int) -> String {
        switch kind {
        case 0: return text + "\nA paragraph added at step \(step), with a few more words in it.\n"
        case 1 where text.contains("title: "):
            return text.replacingOccurrences(of: "title: ", with: "title: Retitled \(step) ")
        case 1: return text.replacingOccurrences(of: "# ", with: "# Step \(step) ")
        case 2: return setting("summary", to: "Summary at step \(step)", in: text)
        case 3: return setting("updated", to: "2025-12-\(10 + step % 18)", in: text)
        default: return setting("mood", to: "step \(step)", in: text)
        }
    }

    /// `text` with the front-matter key set to `value`, replacing the line that set it before.
    private func setting(_ key: String, to value: String, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(key + ": ") }
        return lines.joined(separator: "\n").replacingOccurrences(of: "---\n\n", with: "\(key): \(value)\n---\n\n")
    }

    /// Serve's `shows(post:on:)` picks the pages a patch renders again; `sitegen build` records what each page
    /// read. Every post a page's context reads must be one the predicate says the page shows, or serve would
    /// leave that page stale.
    @Test func servesPredicateCoversEveryPostAPageReads() throws {
        let model = try fullBuild(files)
        var pairs = 0
        for job in model.allJobs {
            let reads = PostReads()
            _ = model.renderer.context(for: job, reads: reads)
            for post in reads.posts {
                pairs += 1
                #expect(model.renderer.shows(post: post, on: job.content), "\(job.route.path) reads post \(post)")
            }
        }
        #expect(pairs > model.site.posts.count * 3, "the pages read posts")
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func patchedPagesAreAFullBuildsAndNoOtherPageChanged(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var files = files
        var model = try fullBuild(files)
        var before = try render(model.pages)
        for step in 0..<12 {
            let count = Int.random(in: 1...2, using: &random)
            let paths = (0..<count).map { _ in "content/posts/post-\(Int.random(in: 1...26, using: &random)).md" }
            for path in Set(paths) {
                files[path] = edit(files[path] ?? "", kind: Int.random(in: 0...4, using: &random), step: step)
            }
            let changed = Set(paths).map {
                SourceFile(path: $0, text: files[$0] ?? "", modified: Date(timeIntervalSince1970: 1_700_000_000))
            }
            guard let (patched, changedPages) = model.patching(changed) else {
                Issue.record("step \(step): \(paths) could not be patched")
                return
            }
            let full = try fullBuild(files)
            let expected = try render(full.pages)
            #expect((0..<patched.pages.count).map(patched.pages.path(of:)) == (0..<full.pages.count).map(full.pages.path(of:)))
            #expect(try render(patched.pages) == expected, "step \(step): a patched page differs from a full build's")
            let untouched = Set(0..<expected.count).subtracting(changedPages)
            let stale = untouched.filter { before[$0] != expected[$0] }.map(patched.pages.path(of:))
            #expect(stale.isEmpty, "step \(step): pages changed that the patch did not name: \(stale.sorted())")
            #expect(patched.machineFiles() == full.machineFiles(), "step \(step): feeds or search differ")
            if Set(paths).count == 1 {
                #expect(changedPages.count < expected.count / 2, "one post's edit re-renders some pages, not the site")
            }
            (model, before) = (patched, expected)
        }
    }

    @Test func editsThatReshapeTheSiteOrHaveProblemsAreLeftToAFullBuild() throws {
        let model = try fullBuild(files)
        let path = "content/posts/post-3.md"
        let original = try #require(files[path])
        func patches(_ text: String, at path: String = "content/posts/post-3.md") -> Bool {
            model.patching([SourceFile(path: path, text: text, modified: Date(timeIntervalSince1970: 1_700_000_000))]) != nil
        }
        #expect(patches(original + "\nMore.\n"))
        #expect(!patches(original.replacingOccurrences(of: "tags: [", with: "tags: [new, ")), "tags regroup posts")
        #expect(!patches(original.replacingOccurrences(of: "date: 2025-04-03", with: "date: 2024-01-01")), "dates reorder posts")
        #expect(!patches(original.replacingOccurrences(of: "---\n\n", with: "slug: moved\n---\n\n")), "a slug moves the page")
        #expect(!patches(original.replacingOccurrences(of: "---\n\n", with: "draft: true\n---\n\n")), "a draft leaves the site")
        #expect(!patches(original + "\nSee [nothing](missing.md).\n"), "a broken link is an error")
        #expect(!patches(original + "\nEuler: $e^{i\\pi} + 1 = 0$.\n"), "math is typeset by the full build")
        #expect(!patches(original.replacingOccurrences(of: "title: Post 3", with: "title: [unclosed")), "bad YAML is an error")
        #expect(!patches("---\ntitle: New\ndate: 2025-01-01\n---\nNew.\n", at: "content/posts/new.md"), "a new post")
        #expect(!patches("---\ntitle: Alpha again\n---\nText.\n", at: "content/projects/alpha.md"), "a project")
    }
}
