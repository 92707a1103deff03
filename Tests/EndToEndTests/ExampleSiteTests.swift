import Foundation
import SitegenCore
import SitegenMarkdown
import Testing

/// Builds the repository's example site with the real binary and checks the pages.
@Suite struct ExampleSiteTests {
    @Test func buildsTheExampleSite() throws {
        let temporary = try TemporaryFolder()
        let output = temporary.url.appendingPathComponent("public")
        let result = try sitegen("build", "--source", repositoryRoot.path, "--output", output.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Built "))
        #expect(result.stdout.contains("posts 10"))
        #expect(result.stderr.isEmpty, "the example site builds without warnings")

        let rust = try read(output, "tags/rust/index.html")
        #expect(listedTitles(rust) == ["Shipping the weather CLI", "Why I picked Rust for my first CLI"])
        let ciCD = try read(output, "tags/ci-cd/index.html")
        #expect(listedTitles(ciCD) == ["Docker Compose for local development", "Shipping the weather CLI"])
        #expect(ciCD.contains("<h1 class=\"page-title\">#CI/CD</h1>"))

        assertFile(
            output, "posts/table-driven-tests-in-go/index.html",
            contains: "<h1>Table-driven tests in Go</h1>", "<time datetime=\"2025-04-02T00:00:00+02:00\">April 2, 2025</time>")
        assertFile(
            output, "posts/postgres-indexes/index.html",
            contains:
                "<picture><source type=\"image/webp\" srcset=\"/posts/postgres-indexes/query-plan.320w.webp 320w\" sizes=\"\(Picture.sizes)\">"
                + "<img src=\"/posts/postgres-indexes/query-plan.png\" srcset=\"/posts/postgres-indexes/query-plan.png 320w\" "
                + "sizes=\"\(Picture.sizes)\" alt=\"Query time before and after the index\" width=\"320\" height=\"160\" decoding=\"async\"></picture>",
            "<picture class=\"cover\">", "<img class=\"cover\"", "<h2 id=\"the-fix\">")
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/postgres-indexes/query-plan.png").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("posts/kubernetes-first-look").path))
        assertFile(
            output, "posts/shipping-the-weather-cli/index.html",
            contains: "href=\"/posts/why-rust-for-a-cli/#the-borrow-checker\"", "href=\"/projects/weather-cli/\"",
            "<del>I almost shipped the debug build.</del>", "class=\"footnotes\"", "type=\"checkbox\" checked disabled aria-label=\"Done\"",
            "<table>", "updated <time")
        assertFile(
            output, "posts/month-four-review/index.html",
            contains: "<h1>Month four review</h1>")
        #expect(try read(output, "posts/month-four-review/index.html").components(separatedBy: "Month four review</h1>").count == 2)
        assertFile(output, "projects/index.html", contains: "Habit Tracker API", "Weather CLI", "Notes Search", "status-active")
        assertFile(output, "projects/weather-cli/index.html", contains: "December 15, 2024", "2 posts")
        assertFile(output, "archive/index.html", contains: "<h2>2025 <span class=\"count\">8</span></h2>", "<h3>December</h3>")
        assertFile(output, "about/index.html", contains: "<h1>About</h1>", "aria-current=\"page\">About</a>")
        assertFile(output, "page/2/index.html", contains: "rel=\"prev\" href=\"/\"")
        assertFile(output, "404.html", contains: "Page not found")
        assertFile(
            output, "series/100-days-of-go/index.html",
            contains: "<h1 class=\"page-title\">100 Days of Go</h1>", "Day 4 of 100 · 3 posts · 1 missed",
            "<li class=\"series-gap\"><span class=\"series-day\">Day 3</span>")
        assertFile(output, "assets/style.css", contains: "prefers-color-scheme: dark")
    }

    @Test func baseURLFlagMovesEveryLinkUnderItsPath() throws {
        let temporary = try TemporaryFolder()
        let output = temporary.url.appendingPathComponent("site")
        let result = try sitegen(
            "build", "--source", repositoryRoot.path, "--output", output.path,
            "--base-url", "https://user.github.io/journey/", "--quiet")
        #expect(result.status == 0, "\(result.stderr)")
        for (path, html) in snapshot(output) where path.hasSuffix(".html") {
            let text = String(decoding: html, as: UTF8.self)
            for href in text.components(separatedBy: " href=\"").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) {
                let isInternal = !href.hasPrefix("http") && !href.hasPrefix("#") && !href.hasPrefix("mailto:")
                if isInternal { #expect(href.hasPrefix("/journey/"), "\(path): \(href)") }
            }
        }
    }

    @Test func versionAndHelp() throws {
        let version = try sitegen("--version")
        #expect(version.status == 0)
        let line = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("sitegen \(SitegenVersion.current) (cmark-gfm 0.29"), "the version and the cmark-gfm it links")
        #expect(line.hasSuffix(")"))
        let help = try sitegen("build", "--help")
        #expect(help.stdout.contains("--base-url"))
        #expect(help.stdout.contains("--drafts"))
    }
}
