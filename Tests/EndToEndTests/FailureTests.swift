import Foundation
import Testing

/// Bad input: every error reported as `path:line:column: error: message`, and the previous output kept.
@Suite struct FailureTests {
    func goodSite() throws -> TemporaryFolder {
        let site = try TemporaryFolder()
        try site.write("site.yml", "title: T\n")
        try site.write("content/posts/a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nHello.\n")
        try site.write("content/posts/b.md", "---\ntitle: B\ndate: 2025-01-02\n---\nSee [a](a.md).\n")
        return site
    }

    @Test func aFailedBuildReportsEveryErrorAndLeavesThePreviousOutputUntouched() throws {
        let site = try goodSite()
        let output = site.url.appendingPathComponent("public")
        #expect(try sitegen("build", "--source", site.url.path).status == 0)
        try "kept".write(to: output.appendingPathComponent("marker.txt"), atomically: true, encoding: .utf8)
        let before = snapshot(output)
        #expect(before.count > 5)

        try site.write("content/posts/a.md", "---\ntitle: A\ndate: [oops\n---\nHello.\n")
        try site.write("content/posts/b.md", "---\ntitle: B\ndate: 2025-01-02\n---\nSee [a](gone.md).\n")
        try site.write("content/posts/c.md", "---\ntitle: C\nslug: ../../etc\n---\n")
        let result = try sitegen("build", "--source", site.url.path)
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("content/posts/a.md:3:") && $0.contains(": error: invalid YAML") })
        #expect(lines.contains("content/posts/b.md:5:5: error: `gone.md` links to content/posts/gone.md, which does not exist"))
        #expect(lines.contains { $0.hasPrefix("content/posts/c.md:3:1: error: `slug: ../../etc`") })
        #expect(lines.last?.hasPrefix("Build failed with 3 errors") == true)
        #expect(snapshot(output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.url.path).filter { $0.hasPrefix(".public") }
        #expect(leftovers.isEmpty)
    }

    @Test func aMissingTemplateIsAnErrorWithItsName() throws {
        let site = try goodSite()
        try site.write("templates/post.mustache", "{{<base}}{{$content}}{{> partials/missing}}{{/content}}{{/base}}")
        let result = try sitegen("build", "--source", site.url.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("templates/post.mustache:1:22: error: template `partials/missing` does not exist"))
        #expect(!FileManager.default.fileExists(atPath: site.url.appendingPathComponent("public").path))
    }

    @Test func theOutputFolderCannotBeTheSiteItself() throws {
        let site = try goodSite()
        let result = try sitegen("build", "--source", site.url.path, "--output", site.url.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("must not be the site's folder"))
        #expect(!result.stderr.contains("error: error:"), "one severity prefix")
        #expect(FileManager.default.fileExists(atPath: site.url.appendingPathComponent("content/posts/a.md").path))
    }

    @Test func quietPrintsNothingForAGoodBuildWithEitherSpelling() throws {
        let site = try goodSite()
        for flag in ["-q", "--quiet"] {
            let result = try sitegen("build", "--no-cache", flag, "--source", site.url.path)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.isEmpty, "\(flag): \(result.stdout)")
        }
    }

    @Test func aFolderThatIsNoSiteIsAnError() throws {
        let empty = try TemporaryFolder()
        let result = try sitegen("build", "--source", empty.url.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("no site.yml and no content/ folder here"))
        #expect(!FileManager.default.fileExists(atPath: empty.url.appendingPathComponent("public").path))
    }

    @Test func aBinaryCopiedAloneBuildsASiteWithoutTemplates() throws {
        let site = try goodSite()
        let elsewhere = try TemporaryFolder()
        let copy = elsewhere.url.appendingPathComponent("sitegen")
        try FileManager.default.copyItem(at: sitegenBinary, to: copy)
        let result = try run(copy, ["build", "--quiet"], in: site.url)
        #expect(result.status == 0, "\(result.stderr)")
        assertFile(site.url.appendingPathComponent("public"), "posts/b/index.html", contains: "href=\"/posts/a/\"", "/assets/hashed/style.")
        assertFile(site.url.appendingPathComponent("public"), "assets/style.css", contains: "prefers-color-scheme")
    }
}

@Suite struct InterruptedBuildTests {
    /// SIGTERM or SIGINT while the site is being written removes the build's staging folder and leaves the
    /// previous output as it was.
    @Test(arguments: [SIGTERM, SIGINT]) func anInterruptedBuildLeavesNoStagingFolder(signalNumber: Int32) throws {
        let site = try TemporaryFolder()
        let body = String(repeating: "A line of text that makes the page a little larger. ", count: 200)
        for index in 0..<3000 {
            try site.write("content/posts/p\(index).md", "---\ntitle: Post \(index)\ndate: 2024-01-01\n---\n\(body)\n")
        }
        #expect(try sitegen("build", "--source", site.url.path, "--quiet").status == 0)
        let before = try read(site.url.appendingPathComponent("public"), "posts/p1/index.html")
        var caughtWhileWriting = false
        for _ in 0..<5 where !caughtWhileWriting {
            let process = Process()
            process.executableURL = sitegenBinary
            process.arguments = ["build", "--source", site.url.path, "--quiet", "--no-cache"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Long enough for a build under ThreadSanitizer, which takes half a minute to reach the writing.
            _ = waitUntil(timeout: 120) { stagingFolders(in: site.url).count > 0 || !process.isRunning }
            caughtWhileWriting = process.isRunning && !stagingFolders(in: site.url).isEmpty
            kill(process.processIdentifier, signalNumber)
            process.waitUntilExit()
            #expect(stagingFolders(in: site.url).isEmpty)
        }
        #expect(caughtWhileWriting, "the signal arrived while the staging folder existed")
        #expect(try read(site.url.appendingPathComponent("public"), "posts/p1/index.html") == before)
    }

    private func stagingFolders(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix(".public.") }
    }
}
