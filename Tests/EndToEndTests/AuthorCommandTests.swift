import Foundation
import Testing

/// `sitegen init`, `sitegen new` and `sitegen check`, run as a user runs them.
@Suite struct AuthorCommandTests {
    @Test func initMakesASiteThatBuildsAndRefusesToOverwrite() throws {
        let folder = try TemporaryFolder()
        let site = folder.url.appendingPathComponent("journal")
        let created = try sitegen("init", site.path)
        #expect(created.status == 0, "\(created.stderr)")
        for path in [
            "site.yml", "content/posts/hello-world.md", "content/projects/my-first-project.md", "content/pages/about.md", ".gitignore",
            ".github/workflows/deploy.yml",
        ] {
            #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(path).path), "\(path)")
        }
        let built = try sitegen("build", "--source", site.path)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.isEmpty, "a new site builds without warnings: \(built.stderr)")
        #expect(try read(site.appendingPathComponent("public"), "posts/hello-world/index.html").contains("Hello, world"))
        let checked = try sitegen("check", "--source", site.path, "--strict")
        #expect(checked.status == 0, "\(checked.stderr)")

        try "title: Mine\n".write(to: site.appendingPathComponent("site.yml"), atomically: true, encoding: .utf8)
        let again = try sitegen("init", site.path)
        #expect(again.status == 1)
        #expect(again.stderr.contains("site.yml, content/posts/hello-world.md"))
        #expect(again.stderr.contains("nothing was written"))
        #expect(try read(site, "site.yml") == "title: Mine\n")
    }

    @Test func initWritesNothingWhenOneFileExists() throws {
        let folder = try TemporaryFolder()
        try folder.write(".gitignore", "mine\n")
        let result = try sitegen("init", folder.url.path)
        #expect(result.status == 1)
        #expect(result.stderr == "error: .gitignore already exists; nothing was written\n")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("site.yml").path))
        #expect(try read(folder.url, ".gitignore") == "mine\n")
    }

    @Test func newPostFillsItsFrontMatterAndRefusesToOverwrite() throws {
        let site = try TemporaryFolder()
        try site.write("site.yml", "title: T\ntimezone: Pacific/Kiritimati\n")
        let result = try sitegen(
            "new", "post", "Learning: \"Rust\" & <more>", "--tags", "rust, cli", "--project", "weather", "--draft", "--source",
            site.url.path)
        #expect(result.status == 0, "\(result.stderr)")
        let path = site.url.appendingPathComponent("content/posts/learning-rust-and-more.md").path
        #expect(result.stdout == path + "\n")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Pacific/Kiritimati"))
        let today = calendar.dateComponents([.year, .month, .day], from: Date())
        let day = String(format: "%04d-%02d-%02d", today.year ?? 0, today.month ?? 0, today.day ?? 0)
        let text = try read(site.url, "content/posts/learning-rust-and-more.md")
        #expect(
            text.hasPrefix(
                "---\ntitle: \"Learning: \\\"Rust\\\" & <more>\"\ndate: \(day)\ntags: [\"rust\", \"cli\"]\nproject: \"weather\"\ndraft: true\n"
            ))

        let built = try sitegen("build", "--source", site.url.path, "--drafts")
        #expect(built.status == 0, "\(built.stderr)")
        let page = try read(site.url.appendingPathComponent("public"), "posts/learning-rust-and-more/index.html")
        #expect(page.contains("<h1>Learning: &quot;Rust&quot; &amp; &lt;more&gt;</h1>"))

        try site.write("content/posts/learning-rust-and-more.md", "mine")
        let again = try sitegen("new", "post", "Learning: \"Rust\" & <more>", "--source", site.url.path)
        #expect(again.status == 1)
        #expect(again.stderr == "error: content/posts/learning-rust-and-more.md already exists; nothing was written\n")
        #expect(try read(site.url, "content/posts/learning-rust-and-more.md") == "mine")
    }

    @Test func newProjectFillsItsFrontMatterAndRefusesToOverwrite() throws {
        let site = try TemporaryFolder()
        let result = try sitegen("new", "project", "Weather CLI", "--source", site.url.path)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try read(site.url, "content/projects/weather-cli.md")
        #expect(text.hasPrefix("---\ntitle: \"Weather CLI\"\nstatus: planned\nstarted: "))
        #expect(try sitegen("new", "project", "Weather CLI", "--source", site.url.path).status == 1)
        #expect(try sitegen("new", "project", "!!!", "--source", site.url.path).status != 0, "a name without letters makes no file name")
    }

    @Test func checkFindsEveryPlantedFault() throws {
        let site = try TemporaryFolder()
        try site.write("site.yml", "title: Faulty\ntimezone: UTC\n")
        try site.write(
            "content/posts/good.md",
            """
            ---
            title: Good
            date: 2025-01-01
            tgas: [swift]
            project: ghost
            ---
            Intro paragraph.

            ## Real heading

            See [here](#not-here), [other](other.md#setup-steps), [gone](/posts/nope/), ![pic](missing.png), [fine](#real-heading).

            """)
        try site.write("content/posts/other.md", "---\ntitle: Other\ndate: 2025-01-02\n---\nText.\n\n## Setup step\n\nMore.\n")
        try site.write("content/posts/empty.md", "---\ntitle: Empty\ndate: 2025-01-03\n---\n")
        try site.write("content/posts/broken.md", "---\ntitle: Broken\ndate: 2025-01-04\n---\nA [dead link](nowhere.md).\n")
        let result = try sitegen("check", "--source", site.url.path)
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let expected = [
            "content/posts/broken.md:5:3: error: `nowhere.md` links to content/posts/nowhere.md, which does not exist",
            "content/posts/good.md:11:5: error: `#not-here` matches no heading of /posts/good/",
            "content/posts/good.md:11:24: error: `#setup-steps` matches no heading of /posts/other/; did you mean `#setup-step`?",
            "content/posts/good.md:11:55: error: link `/posts/nope/` points to /posts/nope/, which the site does not have",
            "content/posts/good.md:11:77: error: image `missing.png` does not exist",
            "content/posts/good.md:4:1: warning: unknown front-matter key `tgas`; did you mean `tags`?",
            "content/posts/empty.md:1:1: warning: no summary for lists and feeds; add `summary:` or open the post with a paragraph",
            "site.yml:1:1: warning: no `base_url` with a host: feed ids, the sitemap and canonical links are relative, which feed "
                + "readers and search engines reject; set `base_url: https://…` in site.yml or pass --base-url",
        ]
        for line in expected {
            #expect(lines.contains(line), "missing: \(line)\nin: \(result.stderr)")
        }
        #expect(
            lines.contains { $0.hasPrefix("content/posts/good.md:5:") && $0.contains("ghost") }, "a project with no page: \(result.stderr)")
        #expect(!lines.contains { $0.contains("real-heading") }, "a good anchor is not reported")
        #expect(lines.last == "Checked \(site.url.standardizedFileURL.path): 5 errors, 4 warnings.")
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let site = try TemporaryFolder()
        try site.write("site.yml", "title: Warned\ntimezone: UTC\n")
        try site.write("content/posts/a.md", "---\ntitle: A\ndate: 2025-01-01\nsumary: happy\nmood: calm\n---\nText.\n")
        let relaxed = try sitegen("check", "--source", site.url.path)
        #expect(relaxed.status == 0)
        #expect(
            relaxed.stderr.contains("content/posts/a.md:4:1: warning: unknown front-matter key `sumary`; did you mean `summary`?"))
        #expect(!relaxed.stderr.contains("`mood`"), "a key that is no typo is template data, page.params.mood")
        let strict = try sitegen("check", "--source", site.url.path, "--strict")
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("content/posts/a.md:4:1: error: unknown front-matter key `sumary`"))
    }

    @Test func checkFindsNothingInTheExampleSite() throws {
        let result = try sitegen("check", "--source", repositoryRoot.path, "--strict")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout == "Checked \(repositoryRoot.standardizedFileURL.path): 0 errors, 0 warnings.\n")
    }
}
