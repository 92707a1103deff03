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
        try renderReading(stream).map(\.bytes)
    }

    /// Every page of `stream`, rendered, with the posts its values read.
    private func renderReading(_ stream: PageStream) throws -> [(bytes: [UInt8], reads: ReadPosts)] {
        try (0..<stream.count).map { index in
            let page = try stream.page(index, previous: nil).get()
            return (try #require(page.bytes), try #require(page.reads))
        }
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

    @Test(arguments: [1, 2, 3] as [UInt64]) func patchedPagesAreAFullBuildsAndNoOtherPageChanged(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var files = files
        var model = try fullBuild(files)
        var before = try renderReading(model.pages)
        for step in 0..<12 {
            let count = Int.random(in: 1...2, using: &random)
            let paths = (0..<count).map { _ in "content/posts/post-\(Int.random(in: 1...26, using: &random)).md" }
            for path in Set(paths) {
                files[path] = edit(files[path] ?? "", kind: Int.random(in: 0...4, using: &random), step: step)
            }
            let changed = Set(paths).map {
                SourceFile(path: $0, text: files[$0] ?? "", modified: Date(timeIntervalSince1970: 1_700_000_000))
            }
            guard let (patched, changedPosts) = model.patching(changed) else {
                Issue.record("step \(step): \(paths) could not be patched")
                return
            }
            let full = try fullBuild(files)
            let expected = try renderReading(full.pages)
            #expect((0..<patched.pages.count).map(patched.pages.path(of:)) == (0..<full.pages.count).map(full.pages.path(of:)))
            #expect(try render(patched.pages) == expected.map(\.bytes), "step \(step): a patched page differs from a full build's")
            // A page whose recorded reads miss every edited post is kept as it was by serve and by the build.
            let untouched = before.indices.filter { !changedPosts.areShown(by: before[$0].reads) }
            let stale = untouched.filter { before[$0].bytes != expected[$0].bytes }.map(patched.pages.path(of:))
            #expect(stale.isEmpty, "step \(step): pages changed whose reads miss the edited posts: \(stale.sorted())")
            #expect(patched.machineFiles() == full.machineFiles(), "step \(step): feeds or search differ")
            if Set(paths).count == 1 {
                #expect(untouched.count > expected.count / 2, "one post's edit re-renders some pages, not the site")
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
