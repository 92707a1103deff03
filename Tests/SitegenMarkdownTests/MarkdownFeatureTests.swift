import Foundation
import Testing

@testable import SitegenMarkdown

/// The markdown features writers ask for: code blocks with titles, highlighted lines, numbers and a copy button;
/// math that survives markdown; Mermaid diagrams; images with their size; tables aligned without `align`.
@Suite struct MarkdownFeatureTests {
    let renderer = MarkdownRenderer()

    @Test func wordsAreRunsBetweenSpacesTabsAndLineBreaks() {
        #expect(countWords("") == 0)
        #expect(countWords("  one\ttwo\r\nthree  ") == 3)
        #expect(countWords("é-è ✓,x") == 2)
        #expect(countWords(String(repeating: "word ", count: 1000)) == 1000)
        #expect(countWords("a\u{0B}b!\u{0C}c ?? d") == 3, "only space, tab, line feed and carriage return part words")
        #expect("a$b".containsUTF8(UInt8(ascii: "$")) && !"ab".containsUTF8(UInt8(ascii: "$")) && !"".containsUTF8(0))
    }

    @Test func aFenceInfoStringGivesTitleLinesAndNumbers() {
        let info = CodeBlockInfo("swift title=\"Package.swift\" {3-5,8} linenos")
        #expect(info.language == "swift")
        #expect(info.title == "Package.swift")
        #expect(info.highlightedLines == [3, 4, 5, 8])
        #expect(info.lineNumbers)
        let hugo = CodeBlockInfo("go {hl_lines=[2,\"4-5\"], linenos=true}")
        #expect(hugo.language == "go" && hugo.highlightedLines == [2, 4, 5] && hugo.lineNumbers)
        let plain = CodeBlockInfo("python{1}")
        #expect(plain.language == "python" && plain.highlightedLines == [1] && !plain.lineNumbers && plain.title == nil)
        #expect(CodeBlockInfo("js file=app.js linenos=false").title == "app.js")
        #expect(!CodeBlockInfo("js linenos=false").lineNumbers)
        #expect(CodeBlockInfo("x {9-3}").highlightedLines.isEmpty, "a backwards range is no range")
        let hostile = CodeBlockInfo("x {" + Array(repeating: "1-999999999", count: 5_000).joined(separator: ",") + "}")
        #expect(hostile.highlightedLines.count == CodeBlockInfo.lastMarkableLine, "overlapping ranges are counted once, up to a bound")
        #expect(CodeBlockInfo("x {2-4,3-6} hl_lines=5-7").highlightedLines == [2, 3, 4, 5, 6, 7])
    }

    @Test func aCodeBlockHasItsTitleLanguageCopyButtonAndMarkedLines() {
        let html = renderer.render(
            MarkdownSource(text: "```swift title=\"main.swift\" {2}\nlet a = 1\nlet b = 2\n```\n")
        ).html
        #expect(html.hasPrefix("<figure class=\"code-block\"><figcaption class=\"code-title\">main.swift</figcaption>"))
        #expect(html.contains("<span class=\"code-language\">Swift</span>"))
        #expect(html.contains("<button type=\"button\" class=\"code-copy\" hidden>Copy</button>"))
        #expect(html.contains("<pre tabindex=\"0\"><code class=\"language-swift\">"))
        #expect(html.contains("<span class=\"line\"><span class=\"hl-keyword\">let</span> a = <span class=\"hl-number\">1</span></span>\n"))
        #expect(html.contains("<span class=\"line hl-line\"><span class=\"hl-keyword\">let</span> b"))
        #expect(renderer.render(MarkdownSource(text: "```swift\nx\n```\n")).features == [.code])
        let numbered = renderer.render(MarkdownSource(text: "```text linenos\na\nb\n```\n")).html
        #expect(
            numbered.contains(
                "<pre tabindex=\"0\" class=\"numbered\"><code class=\"language-text\"><span class=\"line\">a</span>\n<span class=\"line\">b</span>\n</code>"
            ))
    }

    @Test func splittingHighlightedCodeIntoLinesKeepsEachLineWellFormed() {
        let lines = CodeBlockHTML.splitLines("a <span class=\"hl-comment\">/* one\ntwo */</span> b\nc\n")
        #expect(lines == ["a <span class=\"hl-comment\">/* one</span>", "<span class=\"hl-comment\">two */</span> b", "c"])
        for line in lines {
            #expect(line.components(separatedBy: "<span").count == line.components(separatedBy: "</span>").count)
        }
    }

    @Test func mathSurvivesMarkdownAndDollarsStayText() {
        let body = """
            Inline $a_1 * b_2 = \\{x\\}$ here, and prices $5 and $10 stay text, and `$code$` stays code.

            $$
            \\sum_{i=1}^{n} i_*
            $$

            ```
            $not math$
            ```
            """
        let rendered = renderer.render(MarkdownSource(text: body))
        #expect(rendered.formulas.map(\.tex) == ["a_1 * b_2 = \\{x\\}", "\\sum_{i=1}^{n} i_*"])
        #expect(rendered.formulas.map(\.display) == [false, true])
        #expect(rendered.formulas.map(\.line) == [1, 3])
        #expect(rendered.html.contains("<span class=\"math math-inline\">$a_1 * b_2 = \\{x\\}$</span>"), "\(rendered.html)")
        #expect(rendered.html.contains("<p class=\"math-block\"><span class=\"math math-display\">$$\\sum_{i=1}^{n} i_*$$</span></p>"))
        #expect(rendered.html.contains("prices $5 and $10 stay text"))
        #expect(rendered.html.contains("<code>$code$</code>"))
        #expect(rendered.html.contains("$not math$"))
        #expect(rendered.features.contains(.math))
        #expect(rendered.plainText.contains("a_1 * b_2"), "search finds the TeX")
        let off = MarkdownRenderer(options: MarkdownOptions(math: false)).render(MarkdownSource(text: "$a_1 * b_2$"))
        #expect(off.formulas.isEmpty)
    }

    @Test func mathThatOpensWithACombiningMarkIsStillMath() {
        let rendered = renderer.render(MarkdownSource(text: "Odd: $\u{301}x$ here."))
        #expect(rendered.formulas.map(\.tex) == ["\u{301}x"])
        #expect(!rendered.html.contains("\u{E000}"), "the marker never reaches the page")
    }

    @Test func mathInQuotesAndOneLineDisplayMath() {
        let rendered = renderer.render(MarkdownSource(text: "> $$\n> x^2\n> $$\n\nSee $$y$$ too.\n"))
        #expect(rendered.formulas.map(\.tex) == ["y", "x^2"] || rendered.formulas.map(\.tex) == ["x^2", "y"])
        #expect(rendered.html.contains("<blockquote>\n<p class=\"math-block\">"))
    }

    @Test func mermaidBlocksBecomeDiagramsThePageLoadsTheScriptFor() {
        let rendered = renderer.render(MarkdownSource(text: "```mermaid\ngraph TD\n  A --> B\n```\n"))
        #expect(rendered.html == "<pre class=\"mermaid\">graph TD\n  A --&gt; B\n</pre>\n")
        #expect(rendered.features == [.mermaid])
        #expect(renderer.render(MarkdownSource(text: "Just text.")).features.isEmpty)
    }

    /// Answers image sizes as a site would, from a table.
    struct Sizes: LinkResolving {
        let sizes: [String: ImageSize]
        func resolve(_ destination: String, from sourcePath: String) -> LinkResolution { .keep }
        func image(_ destination: String, from sourcePath: String) -> (size: ImageSize?, picture: Picture?) {
            (sizes[destination], nil)
        }
    }

    @Test func imagesHaveTheirSizeLoadLazilyAfterTheFirstAndCaptionTheirTitle() {
        let body = "![First](a.png)\n\n![Chart](b.png \"Latency by week\")\n\nText ![icon](c.svg \"Icon\") inline.\n"
        let links = Sizes(sizes: ["a.png": ImageSize(width: 640, height: 360), "b.png": ImageSize(width: 20, height: 10)])
        let rendered = renderer.render(MarkdownSource(text: body), links: links)
        #expect(rendered.html.contains("<p><img src=\"a.png\" alt=\"First\" width=\"640\" height=\"360\" decoding=\"async\"></p>"))
        #expect(
            rendered.html.contains(
                "<figure><img src=\"b.png\" alt=\"Chart\" width=\"20\" height=\"10\" loading=\"lazy\" decoding=\"async\"><figcaption>Latency by week</figcaption></figure>"
            ))
        #expect(rendered.html.contains("Text <img src=\"c.svg\" alt=\"icon\" loading=\"lazy\" decoding=\"async\" title=\"Icon\"> inline."))
        #expect(
            rendered.imageSizes == [
                "a.png": ImageSize(width: 640, height: 360), "b.png": ImageSize(width: 20, height: 10), "c.svg": .unknown,
            ])
    }

    @Test func imagesKeepCmarksURLSafety() {
        let body =
            "![a](javascript:alert(1)) ![b](data:text/html;base64,PHNjcmlwdD4=) ![c](data:image/png;base64,iVBO) ![d](FILE:///etc/passwd)"
        let html = renderer.render(MarkdownSource(text: body)).html
        #expect(html.contains("<img src=\"\" alt=\"a\""))
        #expect(html.contains("<img src=\"\" alt=\"b\""))
        #expect(html.contains("<img src=\"data:image/png;base64,iVBO\" alt=\"c\""))
        #expect(html.contains("<img src=\"\" alt=\"d\""))
        let unsafe = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: true)).render(MarkdownSource(text: body)).html
        #expect(unsafe.contains("<img src=\"javascript:alert(1)\""), "markdown.unsafe publishes what was written, as cmark does")
    }

    @Test func tablesAlignWithStyleNotTheObsoleteAttribute() {
        let html = renderer.render(MarkdownSource(text: "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")).html
        #expect(html.contains("<th style=\"text-align: left\">a</th>"))
        #expect(html.contains("<td style=\"text-align: center\">2</td>"))
        #expect(html.contains("<td style=\"text-align: right\">3</td>"))
        #expect(!html.contains("align=\""))
    }

    // MARK: embeds

    /// A video or post link alone in its paragraph is a card that loads nothing from the other site; a video's
    /// card names the privacy-enhanced player that `embed.js` swaps in when the reader clicks.
    @Test func aLoneVideoOrPostLinkIsACardThatLoadsNothingUntilClicked() {
        let source = """
            https://www.youtube.com/watch?v=w7Ft2ymGmfc&t=10

            [My talk](https://youtu.be/w7Ft2ymGmfc)

            <https://vimeo.com/146022717>

            https://twitter.com/golang/status/1453110110599868418

            https://gist.github.com/spf13/7896402

            A [video](https://youtu.be/w7Ft2ymGmfc) in prose, and https://youtu.be/w7Ft2ymGmfc, stay links.

            - https://youtu.be/w7Ft2ymGmfc

            https://www.youtube.com/watch?v=short
            """
        let rendered = renderer.render(MarkdownSource(text: source))
        let html = rendered.html
        #expect(
            html.contains(
                "<figure class=\"embed embed-video\" data-player=\"https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1\">"
                    + "<a class=\"embed-link\" href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc&amp;t=10\"><span class=\"embed-play\" "
                    + "aria-hidden=\"true\"></span><span class=\"embed-title\">Video on YouTube</span><span class=\"embed-site\">Play on "
                    + "YouTube</span></a></figure>"), "\(html)")
        #expect(html.contains("<span class=\"embed-title\">My talk</span>"))
        #expect(html.contains("data-player=\"https://player.vimeo.com/video/146022717?dnt=1&amp;autoplay=1\""))
        #expect(html.contains("<span class=\"embed-title\">Post by @golang on X</span><span class=\"embed-site\">View on X</span>"))
        #expect(html.contains("<span class=\"embed-title\">Gist by spf13</span>"))
        #expect(html.components(separatedBy: "<figure class=\"embed").count == 6, "five embeds; prose, list items and a bad id stay links")
        #expect(html.contains("<a href=\"https://www.youtube.com/watch?v=short\">"))
        #expect(!html.contains("<iframe") && !html.contains("<script"), "nothing of the other site loads with the page")
        #expect(rendered.features.contains(.embed))
        #expect(!renderer.render(MarkdownSource(text: "https://x.com/a/status/1\n")).features.contains(.embed), "a post needs no script")
    }
}
