import Testing

@testable import SitegenMarkdown

/// Template syntax from other generators and raw HTML that is left out render, but not as their writer meant;
/// the renderer notes each at its line and column.
@Suite struct MarkdownNoticeTests {
    let renderer = MarkdownRenderer()

    private func tags(_ rendered: RenderedMarkdown) -> [String] {
        rendered.notices.compactMap { notice in
            if case .templateSyntax(let tag) = notice.kind { return "\(notice.line):\(notice.column) \(tag)" }
            return nil
        }
    }

    @Test func liquidAndHugoSyntaxInProseIsNotedWhereItIsWritten() {
        let source = """
            Intro.

            {% highlight ruby %}
            puts 1
            {% endhighlight %}

            An image at {{ site.base_url }}/x.png, and **bold** {{ page.title | upcase }}.

            {{< figure src="a.png" >}}

            ## About {{ site.title }}
            """
        let rendered = renderer.render(MarkdownSource(text: source, firstLine: 4))
        #expect(
            tags(rendered) == [
                "6:1 {% highlight ruby %}", "8:1 {% endhighlight %}", "10:13 {{ site.base_url }}",
                "10:53 {{ page.title | upcase }}", "12:1 {{< figure src=\"a.png\" >}}", "14:10 {{ site.title }}",
            ])
    }

    @Test func codeAndOtherBracesAreLeftAlone() {
        let source = """
            Inline `{{ site.url }}` and `{% raw %}` are code.

            ```liquid
            {% highlight ruby %}
            ```

            Vue shows {{ message }} and a set is {1, 2}; an empty {{}} is nothing.
            """
        #expect(renderer.render(MarkdownSource(text: source)).notices.isEmpty)
    }

    @Test func rawHTMLLeftOutIsNotedOnceUnlessItIsPublished() {
        let source = "Text <span class=\"x\">inline</span>.\n\n<!-- a comment -->\n\n<div>\nblock\n</div>\n"
        let safe = renderer.render(MarkdownSource(text: source, firstLine: 3))
        #expect(safe.notices == [MarkdownNotice(kind: .rawHTMLOmitted, line: 3, column: 6)])
        let commentOnly = renderer.render(MarkdownSource(text: "Before.\n\n<!-- note to self -->\n"))
        #expect(commentOnly.notices.isEmpty)
        let unsafe = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: true)).render(MarkdownSource(text: source))
        #expect(unsafe.notices.isEmpty)
    }

    @Test func publishedRawHTMLGivesItsLinksAndImagesToCheck() {
        let source = "Intro.\n\n<figure>\n  <img alt=\"x\" src=\"pics/a.png\">\n  <a href='/about/'>About</a>\n</figure>\n"
        let rendered = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: true)).render(MarkdownSource(text: source, firstLine: 5))
        let raw = rendered.links.filter(\.isRawHTML)
        #expect(raw.map(\.destination) == ["pics/a.png", "/about/"])
        #expect(raw.map(\.isImage) == [true, false])
        #expect(raw.map { "\($0.line):\($0.column)" } == ["8:16", "9:6"])
    }

    @Test func publishedHTMLBlocksGiveTheirTextToSummaryAndSearch() {
        let source = "<div class=\"note\"><p>Written in <em>HTML</em> by hand.</p><p>Second part.</p></div>\n"
        let rendered = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: true)).render(MarkdownSource(text: source))
        #expect(rendered.plainText == "Written in HTML by hand.\n\nSecond part.")
        #expect(rendered.wordCount == 7)
        #expect(MarkdownRenderer().render(MarkdownSource(text: source)).plainText.isEmpty, "left out, so no text")
    }

    /// A script's text is code: links it builds are not the page's links (a real blog's `href="' + url + '"`).
    @Test func linksInsideScriptsAndStylesAreNotTheBodysLinks() {
        let html =
            "<p><a href=\"/a\">a</a></p>\n<script>x.innerHTML = '<a href=\"' + u + '\">';</script>\n"
            + "<style>a { background: url(x.png) } .b[href=\"/c\"] {}</style>\n<img src=\"/d.png\">\n"
        let found = HTMLAttributes.links(in: Array(html.utf8))
        #expect(found.map(\.value) == ["/a", "/d.png"])
        #expect(found.last?.line == 3)
    }
}
