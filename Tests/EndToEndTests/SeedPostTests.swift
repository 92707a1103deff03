import Foundation
import Testing

/// The real sample posts in ../shared/seeds: every one must build and look right.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: seedsFolder.path), "needs ../shared/seeds"))
struct SeedPostTests {
    /// A site made of the seeds, committed to git on a known date so that undated posts take that date.
    func seedSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        let posts = site.url.appendingPathComponent("content/posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: seedsFolder.path) where name.hasSuffix(".md") {
            try FileManager.default.copyItem(at: seedsFolder.appendingPathComponent(name), to: posts.appendingPathComponent(name))
        }
        try site.write("site.yml", "title: Seeds\ntimezone: UTC\n")
        let git = URL(fileURLWithPath: "/usr/bin/git")
        let environment = [
            "GIT_AUTHOR_DATE": "2025-05-01T12:00:00Z", "GIT_COMMITTER_DATE": "2025-05-01T12:00:00Z",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        ]
        _ = try run(git, ["init", "-q"], in: site.url)
        _ = try run(git, ["add", "."], in: site.url)
        let commit = try run(git, ["commit", "-q", "-m", "seeds"], in: site.url, environment: environment)
        #expect(commit.status == 0, "\(commit.stderr)")
        return site
    }

    @Test func everySeedBuildsWithItsTitleDateAndSummary() throws {
        let site = try seedSite()
        let output = site.url.appendingPathComponent("public")
        let result = try sitegen("build", "--source", site.url.path)
        #expect(result.status == 0, "\(result.stderr)")

        let first = try read(output, "posts/000-71b2aa239e3ba013/index.html")
        #expect(first.contains("<h1>My Journey in Backend Development and Beyond</h1>"))
        let main = first.components(separatedBy: "<main").last ?? ""
        #expect(main.components(separatedBy: "My Journey in Backend Development and Beyond").count == 2, "the h1, no repeated heading")
        #expect(first.contains("<time datetime=\"2025-03-13T00:00:00Z\">March 13, 2025</time>"))
        #expect(first.contains("<meta name=\"description\" content=\"From mastering Python fundamentals"))

        assertFile(output, "posts/001-05afbe86fdabfcf0/index.html", contains: "<h1>Backend Projects</h1>", "May 1, 2025")
        let jekyll = try read(output, "posts/002-5e146e58f9039b55/index.html")
        #expect(jekyll.contains("<h1>A Backend Developer Journey</h1>"))
        // Its opening heading says more than its title, so it is kept whole, subtitle and all.
        #expect(
            jekyll.contains(
                "<h1 id=\"a-backend-developer-journey-nodejs-and-expressjs\">\nA Backend Developer Journey: Node.js and Express.js\n"))
        #expect(jekyll.contains("content=\"my backend development skills\""))
        assertFile(
            output, "posts/003-3dab984bb724d5ff/index.html",
            contains: "<h1>🚀 45 Days Backend Developer Challenge (2025)</h1>", "<h2 id=\"-timeline--goals\">")
        assertFile(output, "posts/004-90e6455e22a60a31/index.html", contains: "<h1>Key Technologies Covered</h1>")

        let home = try read(output, "index.html")
        #expect(listedTitles(home).count == 5)
        #expect(listedTitles(home).last == "My Journey in Backend Development and Beyond")
        #expect(!home.contains("<p class=\"summary\">Python</p>"), "a one-word list item is no summary")
        for name in ["001_05afbe86fdabfcf0", "002_5e146e58f9039b55", "003_3dab984bb724d5ff", "004_90e6455e22a60a31"] {
            #expect(
                result.stderr.contains(
                    "content/posts/\(name).md:1:1: warning: no date in front matter or file name; using its last commit, 2025-05-01"))
        }
    }
}
