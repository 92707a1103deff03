import Foundation
import Testing

@testable import SitegenMarkdown

/// Every example of cmark-gfm's `test/spec.txt` and `test/extensions.txt` (kept in `Conformance/`, with their
/// source commit and licence) goes through sitegen's renderer, safe and with raw HTML allowed. Nothing may crash,
/// and what a reader sees must equal the `cmark-gfm` command's rendering with the same extensions and options;
/// only the additions the README documents differ (see ``ReaderHTML``).
@Suite struct ConformanceTests {
    struct Example: Decodable, CustomTestStringConvertible, Sendable {
        let file: String
        let number: Int
        let section: String
        let markdown: String
        let html: String

        var testDescription: String { "\(file) example \(number) (\(section))" }
    }

    private struct Fixture: Decodable {
        let commit: String
        let examples: [Example]
    }

    static let examples: [Example] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Conformance/cmark-gfm-examples.json")
        guard let data = try? Data(contentsOf: url), let fixture = try? JSONDecoder().decode(Fixture.self, from: data) else {
            return []
        }
        return fixture.examples
    }()

    /// The `cmark-gfm` command's flags for the extensions and options sitegen renders with.
    static func referenceArguments(unsafe: Bool) -> [String] {
        var arguments = ["--smart", "--table-prefer-style-attributes"]
        for name in MarkdownParser.extensionNames + ["footnotes"] { arguments += ["-e", name] }
        if unsafe { arguments.append("--unsafe") }
        return arguments
    }

    /// The `cmark-gfm` command's HTML for `markdown`, or `nil` when the command cannot be run.
    static func reference(_ markdown: String, unsafe: Bool) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cmark-gfm"] + referenceArguments(unsafe: unsafe)
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        // Write and read at once from separate threads would be needed for large inputs; the examples are small.
        input.fileHandleForWriting.write(Data(markdown.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The comparison takes back only the documented additions: other differences still show.
    @Test func theCanonicalFormKeepsWhatReadersSee() {
        let cmark = "<h2>Title</h2>\n<p><img src=\"/a%20b.png\" alt=\"x\" title=\"t\" /></p>\n"
        let sitegen = """
            <h2 id="title">Title<a class="anchor" href="#title" aria-label="Link to this section">#</a></h2>
            <figure><img src="/a%20b.png" alt="x" width="3" height="4" decoding="async"><figcaption>t</figcaption></figure>
            """
        #expect(ReaderHTML.canonical(sitegen) == ReaderHTML.canonical(cmark))
        #expect(ReaderHTML.canonical("<p>a <em>b</em></p>") != ReaderHTML.canonical("<p>a b</p>"))
        #expect(ReaderHTML.canonical("<p><img src=\"/a b.png\" alt=\"x\"></p>") != ReaderHTML.canonical(cmark))
        #expect(ReaderHTML.canonical("<h2 class=\"x\">Title</h2>") != ReaderHTML.canonical("<h2>Title</h2>"))
        #expect(ReaderHTML.canonical("<pre><code>a  b\n</code></pre>") != ReaderHTML.canonical("<pre><code>a b\n</code></pre>"))
    }

    @Test func theFixtureHoldsBothFiles() {
        #expect(Self.examples.filter { $0.file == "test/spec.txt" }.count > 600)
        #expect(Self.examples.filter { $0.file == "test/extensions.txt" }.count > 20)
    }

    @Test(arguments: examples)
    func readersSeeWhatCmarkGFMRenders(_ example: Example) throws {
        for unsafe in [false, true] {
            let renderer = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: unsafe, math: false))
            let rendered = renderer.render(MarkdownSource(text: example.markdown)).html
            let expected = try #require(Self.reference(example.markdown, unsafe: unsafe), "cmark-gfm could not be run")
            #expect(
                ReaderHTML.canonical(rendered) == ReaderHTML.canonical(expected),
                """
                \(unsafe ? "with raw HTML" : "safe"): markdown
                \(example.markdown)
                sitegen:
                \(rendered)
                cmark-gfm:
                \(expected)
                """)
        }
    }

    /// The structures sitegen edits in cmark's tree (images, links, headings, code blocks, footnotes, tables),
    /// nested in one another: each is compared with cmark-gfm as the spec's examples are.
    static let editedStructures = [
        "![foo ![bar](/url)](/url2)",
        "![a ![b ![c](/c.png)](/b.png)](/a.png \"titled\")",
        "[![a [b](/b) `c`](/a.png)](/c)",
        "[![img](/i.png \"t\")](/link)",
        "# Title ![icon](/i.png) [link](/l)\n\n## [![i](/i.png) text](/x)",
        "| a | ![x](/x.png) |\n|---|---|\n| ![y](/y.png \"t\") | [l](/l) |\n",
        "A[^1] ![b](/b.png)\n\n[^1]: ![n](/n.png \"t\") and [l](/l)\n\n    code\n",
        "![html <b>bold</b> and *em*](/h.png)",
        "![spaces](</a b/ö é.png>) ![quote](/q'&.png) ![back](/a\\b.png)",
        "- > ```swift {1}\n  > let a = 1\n  > ```\n  > ![in list](/l.png)",
        "# ![only](/o.png \"t\")\n\n![x ![y ![z](/z)](/y)](/x)\n\n* ![![![](/3)](/2)](/1)",
    ]

    @Test(arguments: editedStructures)
    func editedStructuresRenderAsCmarkGFMDoes(_ markdown: String) throws {
        for unsafe in [false, true] {
            let renderer = MarkdownRenderer(options: MarkdownOptions(allowRawHTML: unsafe, math: false))
            let rendered = renderer.render(MarkdownSource(text: markdown)).html
            let expected = try #require(Self.reference(markdown, unsafe: unsafe), "cmark-gfm could not be run")
            #expect(ReaderHTML.canonical(rendered) == ReaderHTML.canonical(expected), "sitegen:\n\(rendered)\ncmark-gfm:\n\(expected)")
        }
    }

    /// Alerts, the first-H1 title policies and math edit the tree before and during the walk; with images,
    /// links and headings inside them nothing may reach a freed node (the ASan run checks that) and the nested
    /// content must stay.
    @Test func editsBeforeTheWalkKeepNestedContent() {
        let markdown = """
            # ![logo](/l.png) Title [x](/x)

            > [!NOTE]
            > ![a ![b](/b.png)](/a.png "t") and [link ![i](/i.png)](/l)
            > # Heading ![h](/h.png)

            ![$x^2$ and `y`](/m.png) $a$ [$b$](/b)
            """
        for policy in [TitleHeading.keep, .extract, .dropIfRepeats("Logo title X")] {
            let rendered = MarkdownRenderer().render(MarkdownSource(text: markdown, titleHeading: policy))
            #expect(rendered.html.contains("<img src=\"/a.png\" alt=\"a b\""), "\(rendered.html)")
            #expect(!rendered.html.contains("/b.png"), "an image inside an image's description is alt text")
            #expect(rendered.html.contains("<a href=\"/l\">link <img src=\"/i.png\" alt=\"i\""))
            #expect(rendered.html.contains("alt=\"x^2 and y\""), "math inside alt text is its TeX: \(rendered.html)")
            #expect(rendered.formulas.map(\.tex) == ["a", "b"])
            #expect(rendered.html.contains("markdown-alert-note"))
            #expect(rendered.html.contains("logo") == (policy == .keep))
        }
    }

    /// Math is on by default; a body with no `$` and no math fence renders as it does without it.
    @Test(arguments: examples.filter { !$0.markdown.contains("$") && !$0.markdown.contains("math") })
    func mathLeavesOtherTextAlone(_ example: Example) {
        let withMath = MarkdownRenderer().render(MarkdownSource(text: example.markdown)).html
        let without = MarkdownRenderer(options: MarkdownOptions(math: false)).render(MarkdownSource(text: example.markdown)).html
        #expect(withMath == without, "\(example.markdown)")
    }
}
