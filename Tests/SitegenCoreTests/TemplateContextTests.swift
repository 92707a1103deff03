import Foundation
import SitegenMarkdown
import Testing

@testable import SitegenCore

@Suite struct TemplateContextTests {
    @Test func unknownFrontMatterKeysReachTemplatesAsParams() throws {
        var source = makeSource([
            "site.yml": "params:\n  github: https://github.com/me\n",
            "content/posts/a.md": post("A", date: "2025-01-01", extra: "mood: curious\nrating: 4\n"),
        ])
        source.templates = [
            SourceFile(
                path: "templates/post.mustache",
                text: "{{#post}}{{params.mood}}/{{params.rating}}{{/post}}|{{site.params.github}}")
        ]
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.text("posts/a/index.html") == "curious/4|https://github.com/me")
    }

    @Test func titlesAndTextAreEscapedOnce() throws {
        let title = "<script>alert(\"x\")</script> & co's"
        let source = makeSource(["content/posts/a.md": post("'\(title.replacingOccurrences(of: "'", with: "''"))'", date: "2025-01-01")])
        let result = SiteBuilder(options: testOptions()).build(source)
        let page = try #require(result.text("posts/a/index.html"))
        #expect(page.contains("<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co&#39;s</h1>"))
        #expect(!page.contains("<script>"))
        var rendering = MustacheRendering(templates: [:], context: ["x": "a<b>&\"'é"])
        rendering.render(try CompiledTemplate("{{x}}|{{{x}}}").nodes)
        #expect(String(decoding: rendering.output, as: UTF8.self) == "a&lt;b&gt;&amp;&quot;&#39;é|a<b>&\"'é")
    }

    @Test func postsWithoutHeadingOrTitleUseTheirFileName() throws {
        let source = makeSource(["content/posts/2025-01-01-my_first-post.md": "Just a paragraph of text.\n"])
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.site?.posts.first?.title == "My first post")
    }

    @Test func summaryComesFromTheMoreMarkerThenTheFirstParagraph() throws {
        let source = makeSource([
            "content/posts/more.md": post("M", date: "2025-01-01", body: "Intro one.\n\nIntro two.\n\n<!--more-->\n\nRest."),
            "content/posts/para.md": post(
                "P", date: "2025-01-02", body: "# Heading\n\nThe first real paragraph has more than eight words in it.\n\nNext."),
        ])
        let site = try #require(SiteBuilder(options: testOptions()).build(source).site)
        #expect(site.posts.first { $0.slug == "more" }?.summary == "Intro one. Intro two.")
        #expect(site.posts.first { $0.slug == "para" }?.summary == "The first real paragraph has more than eight words in it.")
    }

    @Test func markdownSettingsComeFromSiteYML() throws {
        let source = makeSource([
            "site.yml": "markdown:\n  smart: false\n  unsafe: true\n",
            "content/posts/a.md": post("A", date: "2025-01-01", body: "\"quoted\" <span class=\"x\">raw</span>"),
        ])
        let page = try #require(SiteBuilder(options: testOptions()).build(source).text("posts/a/index.html"))
        #expect(page.contains("&quot;quoted&quot; <span class=\"x\">raw</span>"))
    }

    @Test func tableOfContentsNestsLevelThreeUnderLevelTwo() {
        let headings = [
            Heading(level: 1, id: "t", text: "T"), Heading(level: 2, id: "a", text: "A"),
            Heading(level: 3, id: "a1", text: "A1"), Heading(level: 4, id: "deep", text: "Deep"),
            Heading(level: 2, id: "b", text: "B"),
        ]
        let toc = tableOfContents(headings)
        #expect(toc.map(\.id) == ["a", "b"])
        #expect(toc[0].children.map(\.id) == ["a1"])
    }

    @Test func tableOfContentsUsesTheFirstTwoLevelsThePageHas() {
        let deep = tableOfContents([
            Heading(level: 3, id: "a", text: "A"), Heading(level: 4, id: "a1", text: "A1"),
            Heading(level: 5, id: "deeper", text: "Deeper"), Heading(level: 3, id: "b", text: "B"),
        ])
        #expect(deep.map(\.id) == ["a", "b"])
        #expect(deep[0].children.map(\.id) == ["a1"])
        // A README with several `#` sections: they are the top level.
        let readme = tableOfContents([
            Heading(level: 1, id: "install", text: "Install"), Heading(level: 2, id: "linux", text: "Linux"),
            Heading(level: 1, id: "use", text: "Use"),
        ])
        #expect(readme.map(\.id) == ["install", "use"])
        #expect(readme[0].children.map(\.id) == ["linux"])
        // Only level 4 headings: one flat list.
        #expect(tableOfContents([Heading(level: 4, id: "x", text: "X"), Heading(level: 4, id: "y", text: "Y")]).map(\.id) == ["x", "y"])
        #expect(tableOfContents([Heading(level: 1, id: "title", text: "Title")]).isEmpty)
    }

    @Test func themeAssetsCanBeOverriddenAndAddedTo() throws {
        var source = makeSource(["content/posts/a.md": post("A", date: "2025-01-01")])
        source.themeAssets = [
            AssetFile(path: "templates/assets/style.css", contents: .bytes(Array("body{}".utf8))),
            AssetFile(path: "templates/assets/extra.js", contents: .bytes(Array("1".utf8))),
        ]
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.text("assets/style.css") == "body{}")
        #expect(result.text("assets/extra.js") == "1")
        #expect(result.text("assets/favicon.svg")?.contains("<svg") == true)
    }

    @Test func theDefaultThemeLoadsNothingFromOtherHosts() throws {
        let source = makeSource(["content/posts/a.md": post("A", date: "2025-01-01", body: "[out](https://example.org)")])
        let result = SiteBuilder(options: testOptions()).build(source)
        #expect(result.succeeded)
        for file in result.files where file.path.hasSuffix(".html") || file.path.hasSuffix(".css") {
            let text = try #require(result.text(file.path))
            let scripts = text.components(separatedBy: "<script").dropFirst()
            #expect(
                scripts.allSatisfy { $0.hasPrefix(" src=\"/") || $0.hasPrefix(" type=\"application/ld+json\">") },
                "only the site's own script files, and JSON-LD data: \(file.path)")
            #expect(!text.contains("src=\"http"), "\(file.path)")
            #expect(!text.contains("@import"), "\(file.path)")
            #expect(!text.contains("url(http"), "\(file.path)")
            let stylesheets = text.components(separatedBy: "<link rel=\"stylesheet\" href=\"").dropFirst()
            #expect(stylesheets.allSatisfy { $0.hasPrefix("/") }, "\(file.path)")
        }
    }
}
