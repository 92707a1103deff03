import Testing

@testable import SitegenMarkdown

@Suite struct MarkdownRendererTests {
    let renderer = MarkdownRenderer()

    /// A session's arena is given back and reused after each document, and grows past its blocks for a big one:
    /// what one session renders after a big document is what a fresh session renders.
    @Test func aSessionRendersEachDocumentAsAFreshOneDoesAfterABigOne() {
        let paragraph = "A *paragraph* with `code`, ~~gone~~, www.example.com and [a link](https://example.com).\n\n"
        let big = MarkdownSource(
            text: String(repeating: paragraph, count: 2_000) + "```\n" + String(repeating: "let x = 1\n", count: 600_000) + "```\n")
        let small = [
            MarkdownSource(text: "# Title\n\nSome **bold** text and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
            MarkdownSource(text: "- [x] done\n- [ ] to do\n\n> [!NOTE]\n> A note.\n\n## Heading\n"),
        ]
        let session = MarkdownRenderer.ParserSession(options: renderer.cmarkOptions, math: true)
        let first = session.render(big, path: "", links: nil)
        #expect(first.html.utf8.count > 6_000_000)
        #expect(
            first.html == MarkdownRenderer.ParserSession(options: renderer.cmarkOptions, math: true).render(big, path: "", links: nil).html)
        for source in small + small {
            let again = session.render(source, path: "", links: nil)
            let fresh = MarkdownRenderer.ParserSession(options: renderer.cmarkOptions, math: true).render(source, path: "", links: nil)
            #expect(again.html == fresh.html && again.headings == fresh.headings && again.plainText == fresh.plainText)
        }
    }

    @Test func rendersEveryGFMExtension() {
        let source = """
            | a | b |
            |---|---|
            | 1 | 2 |

            ~~gone~~ and https://example.com and <xmp>

            - [x] done
            - [ ] open

            A note.[^1]

            [^1]: The footnote.
            """
        let html = renderer.render(MarkdownSource(text: source)).html
        #expect(html.contains("<table>"))
        #expect(html.contains("<td>1</td>") || html.contains("<td style=\"text-align: left\">1</td>"))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(html.contains("<li class=\"task\"><input type=\"checkbox\" checked disabled aria-label=\"Done\"> done</li>"))
        #expect(html.contains("<li class=\"task\"><input type=\"checkbox\" disabled aria-label=\"Not done\"> open</li>"))
        #expect(html.contains("<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes-title\"><h2 id=\"footnotes-title\""))
        #expect(!html.contains("<xmp>"))
    }

    @Test func everyTaskItemAndTheNotesArePolishedAndNothingElse() {
        let items = (0..<300).map { $0 % 3 == 0 ? "- [x] done \($0)" : "- [ ] open \($0)" }.joined(separator: "\n")
        let source = """
            <ul><li><input type="checkbox" checked> written by hand</li></ul>

            \(items)

            A note.[^1] `<li><input type="checkbox" disabled="" /> ` in code.

            [^1]: The footnote.
            """
        let html = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: true)).render(MarkdownSource(text: source)).html
        func count(_ text: String) -> Int { html.components(separatedBy: text).count - 1 }
        #expect(count("<li class=\"task\"><input type=\"checkbox\" checked disabled aria-label=\"Done\"> done ") == 100)
        #expect(count("<li class=\"task\"><input type=\"checkbox\" disabled aria-label=\"Not done\"> open ") == 200)
        #expect(count("<li><input type=\"checkbox\" checked> written by hand</li>") == 1, "raw HTML is the author's")
        #expect(count("<code>&lt;li&gt;&lt;input type=&quot;checkbox&quot; disabled=&quot;&quot; /&gt; </code>") == 1)
        #expect(count("aria-labelledby=\"footnotes-title\"><h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>") == 1)
        #expect(!html.contains("disabled=\"\" />"))
    }

    @Test func fencedCodeInAKnownLanguageIsHighlightedAtBuildTime() {
        let source = "```python\nname = \"a \\\"b\\\"\"  # why\n```\n\n```brainfuck\n+[<>]\n```\n\n```\nplain <b>\n```\n"
        let html = renderer.render(MarkdownSource(text: source)).html
        #expect(
            html.contains(
                "<pre tabindex=\"0\"><code class=\"language-python\">name = <span class=\"hl-string\">&quot;a \\&quot;b\\&quot;&quot;</span>  <span class=\"hl-comment\"># why</span>\n</code></pre>"
            ), "\(html)")
        #expect(
            html.contains("<pre tabindex=\"0\"><code class=\"language-brainfuck\">+[&lt;&gt;]\n</code></pre>"),
            "an unknown language stays plain")
        #expect(html.contains("<pre tabindex=\"0\"><code>plain &lt;b&gt;\n</code></pre>"))
        #expect(renderer.render(MarkdownSource(text: source)).plainText.contains("# why"), "the search text keeps the code")
    }

    @Test func rawHTMLIsOmittedUnlessAllowed() {
        let source = "<div class=\"x\">hi</div>\n"
        #expect(!renderer.render(MarkdownSource(text: source)).html.contains("<div class=\"x\">"))
        let unsafe = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: true))
        #expect(unsafe.render(MarkdownSource(text: source)).html.contains("<div class=\"x\">hi</div>"))
    }

    @Test func smartPunctuationIsConfigurable() {
        let source = "\"quoted\" -- it's..."
        #expect(renderer.render(MarkdownSource(text: source)).html.contains("“quoted” – it’s…"))
        let plain = MarkdownRenderer(options: MarkdownOptions(smartPunctuation: false))
        #expect(plain.render(MarkdownSource(text: source)).html.contains("&quot;quoted&quot; -- it's..."))
    }

    @Test func headingsGetUniqueGitHubStyleIDsAndSelfLinks() {
        let source = "## APIs & Integrations\n\ntext\n\n## APIs & Integrations\n\n### `code` Title!\n"
        let rendered = renderer.render(MarkdownSource(text: source))
        #expect(rendered.headings.map(\.id) == ["apis--integrations", "apis--integrations-1", "code-title"])
        #expect(rendered.headings.map(\.level) == [2, 2, 3])
        #expect(rendered.html.contains("<h2 id=\"apis--integrations\">\nAPIs &amp; Integrations"))
        #expect(rendered.html.contains("href=\"#apis--integrations-1\""))
        #expect(rendered.html.contains("<h3 id=\"code-title\">\n<code>code</code> Title!"))
    }

    @Test func extractsTheFirstHeadingAsTitleAndDoesNotRenderItTwice() {
        let source = "## 🚀 Key Technologies\n\nBody text here.\n\n## Next\n"
        let rendered = renderer.render(MarkdownSource(text: source, titleHeading: .extract))
        #expect(rendered.extractedTitle == "🚀 Key Technologies")
        #expect(!rendered.html.contains("Key Technologies"))
        #expect(rendered.headings.map(\.text) == ["Next"])
    }

    @Test func dropsALeadingH1ThatRepeatsTheTitle() {
        let source = "# My Journey  \n\nBody.\n"
        let dropped = renderer.render(MarkdownSource(text: source, titleHeading: .dropIfRepeats("My Journey ")))
        #expect(!dropped.html.contains("<h1"))
        let kept = renderer.render(MarkdownSource(text: source, titleHeading: .dropIfRepeats("Something else")))
        #expect(kept.html.contains("<h1 id=\"my-journey\">"))
        // A heading that says more than the title is kept whole: its subtitle is not lost.
        let subtitled = renderer.render(
            MarkdownSource(text: "# My Journey: Node.js\n\nBody.\n", titleHeading: .dropIfRepeats("My Journey")))
        #expect(subtitled.html.contains("<h1 id=\"my-journey-nodejs\">\nMy Journey: Node.js\n"))
        let sameWords = renderer.render(
            MarkdownSource(text: "# my   JOURNEY\n\nBody.\n", titleHeading: .dropIfRepeats("My Journey")))
        #expect(!sameWords.html.contains("<h1"))
        let longer = renderer.render(
            MarkdownSource(text: "# My Journey to Rust\n\nBody.\n", titleHeading: .dropIfRepeats("My Journey")))
        #expect(longer.html.contains("<h1 id=\"my-journey-to-rust\">"))
    }

    @Test func summarySourcesAndWordCount() {
        let source = "# Title\n\n- list item\n\nFirst *real* paragraph.\n\nSecond one.\n\n<!--more-->\n\nAfter.\n"
        let rendered = renderer.render(MarkdownSource(text: source))
        #expect(rendered.firstParagraph == "First real paragraph.")
        #expect(rendered.textBeforeMore?.hasSuffix("Second one.") == true)
        #expect(rendered.textBeforeMore?.contains("After") == false)
        #expect(!rendered.html.contains("more"))
        #expect(rendered.wordCount == 9)
    }

    @Test func linksAreResolvedAndBrokenOnesReportedWithTheirSourceLine() {
        struct Resolver: LinkResolving {
            func resolve(_ destination: String, from sourcePath: String) -> LinkResolution {
                if destination == "other.md" { return .rewrite("/posts/other/") }
                if destination.hasSuffix(".md") { return .broken("no such file: \(destination)") }
                return .keep
            }
        }
        let source = "Intro.\n\nSee [other](other.md) and\n[gone](gone.md) and [web](https://x.org).\n"
        let rendered = renderer.render(
            MarkdownSource(text: source, firstLine: 5), path: "posts/a.md", links: Resolver())
        #expect(rendered.html.contains("<a href=\"/posts/other/\">other</a>"))
        #expect(rendered.html.contains("<a href=\"https://x.org\">web</a>"))
        #expect(rendered.brokenLinks.count == 1)
        #expect(rendered.brokenLinks.first?.link.destination == "gone.md")
        #expect(rendered.brokenLinks.first?.link.line == 8)
        #expect(rendered.brokenLinks.first?.link.column == 1)
    }

    @Test func headingIDsFollowGitHub() {
        #expect(HeadingIDs.slug("Hello, World!") == "hello-world")
        #expect(HeadingIDs.slug("🚀 45 Days") == "-45-days")
        #expect(HeadingIDs.slug("Über Straße_1") == "über-straße_1")
    }

    @Test func githubAlertsRenderAsGitHubRendersThem() {
        let source =
            "> [!NOTE]\n> Useful **information**.\n\n> [!warning]\n> Careful.\n\n> Plain quote.\n\n> [!NOTE] not alone\n\n> [!UNKNOWN]\n> Kept.\n"
        let rendered = renderer.render(MarkdownSource(text: source))
        #expect(
            rendered.html.contains(
                "<div class=\"markdown-alert markdown-alert-note\" role=\"note\">\n<p class=\"markdown-alert-title\">Note</p>\n<p>Useful <strong>information</strong>.</p>\n</div>"
            ))
        #expect(
            rendered.html.contains(
                "<div class=\"markdown-alert markdown-alert-warning\" role=\"note\">\n<p class=\"markdown-alert-title\">Warning</p>"))
        #expect(rendered.html.contains("<blockquote>\n<p>Plain quote.</p>"))
        #expect(rendered.html.contains("<p>[!NOTE] not alone</p>"), "the marker must be alone on its line")
        #expect(rendered.html.contains("[!UNKNOWN]"), "only GitHub's five kinds")
        #expect(rendered.plainText.hasPrefix("Useful information."), "the marker is not text for summaries and search")
    }
}
