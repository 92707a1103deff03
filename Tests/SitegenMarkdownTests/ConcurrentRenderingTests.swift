import Dispatch
import Testing

@testable import SitegenMarkdown

/// cmark-gfm's `cmark_parser_finish` writes process-wide tables; unless the renderer keeps them fixed (or,
/// where it cannot, holds a lock), documents rendered at once on several threads silently lose strikethrough
/// and autolinks.
@Suite struct ConcurrentRenderingTests {
    #if os(Linux)
        /// On Linux the library calls sitegen's stand-in, so parses need no lock.
        @Test func theInlineTablesAreFixedSoThatParsesRunTogether() {
            #expect(MarkdownRenderer.parsesRunTogether)
        }
    #endif

    static let document = """
        Some ~~struck~~ text with www.example.com and https://example.org/path.

        | a | b |
        |---|---|
        | ~~x~~ | http://a.example |

        More ~struck~ words, ~~again~~, and user@example.com.
        """

    @Test func renderingOnEveryCoreMatchesSingleThreadedRendering() {
        let renderer = MarkdownRenderer()
        let expected = renderer.render(MarkdownSource(text: Self.document)).html
        #expect(expected.contains("<del>struck</del>"))
        #expect(expected.contains("href=\"http://www.example.com\""))
        let sources = Array(repeating: (source: MarkdownSource(text: Self.document), path: ""), count: 20_000)
        let results = renderer.renderAll(sources)
        #expect(results.count == sources.count)
        let wrong = results.filter { $0.html != expected }.count
        #expect(wrong == 0)
    }

    @Test func independentRenderersOnManyThreadsAgree() {
        let expected = MarkdownRenderer().render(MarkdownSource(text: Self.document)).html
        let wrong = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let renderer = MarkdownRenderer()
            var local = 0
            for _ in 0..<1_000 where renderer.render(MarkdownSource(text: Self.document)).html != expected {
                local += 1
            }
            wrong.withLock { $0 += local }
        }
        #expect(wrong.withLock { $0 } == 0)
    }
}
