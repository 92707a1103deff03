import Foundation
import Testing

@testable import SitegenCore

/// A written build keeps posts' HTML in an unnamed spill file and parses and renders a chunk at a time; what it
/// writes must be what a build that holds everything in memory makes.
@Suite struct SpillFileTests {
    @Test func storedTextsReadBackWholeFromManyThreads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-spill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spill = try #require(SpillFile(in: folder))
        let texts = (0..<2_000).map { number in String(repeating: "é\(number) <p>", count: number % 37) }
        let stored = texts.parallelMap { spill.store($0) }
        for (text, entry) in zip(texts, stored) {
            guard case .spilled = entry else {
                Issue.record("kept in memory: \(text.prefix(20))")
                continue
            }
            #expect(try entry.read() == text)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "the spill file has no name")
    }

    @Test func aTextThatCannotBeReadBackIsReportedNotPublished() throws {
        let folder = FileManager.default.temporaryDirectory.path
        let spill = try #require(SpillFile(in: folder))
        let stored = spill.store("<p>kept</p>")
        #expect(try stored.read() == "<p>kept</p>")
        #expect(!spill.isDamaged)
        // A range past the end of what was written cannot be read back whole.
        let lost = StoredText.spilled(spill, 1_000..<1_010, hash: 0)
        let failure = #expect(throws: SpillFile.ReadFailure.self) { try lost.read() }
        #expect(failure?.reason.contains("cannot read a post's HTML back") == true)
        #expect(spill.isDamaged, "a kept store is discarded after this")
    }

    /// The page that shows a post's HTML fails with it, however the template uses it: as it is, transformed, or
    /// as a partial's name; a page that does not show it renders.
    @Test func aPageWhosePostCannotBeReadBackFails() throws {
        let spill = try #require(SpillFile(in: FileManager.default.temporaryDirectory.path))
        let lost = TemplateValue.storedText(TemplateText(.spilled(spill, 1_000..<1_010, hash: 0)))
        let templates = [
            "whole": "<main>{{{content}}}</main>", "escaped": "{{content}}", "transformed": "{{#empty(content)}}none{{/empty(content)}}",
            "partial": "{{>*content}}", "elsewhere": "<p>{{title}}</p>",
        ].map { SourceFile(path: "templates/\($0.key).mustache", text: $0.value) }
        let theme = try #require(Theme.load(templates: templates, assets: []).0)
        let context: TemplateValue = ["content": lost, "title": "Kept"]
        for name in ["whole", "escaped", "transformed", "partial"] {
            #expect(throws: SpillFile.ReadFailure.self, "\(name)") { try theme.renderBytes(name, context: context) }
        }
        #expect(try theme.render("elsewhere", context: context) == "<p>Kept</p>")
    }

    @Test func textsStayInMemoryUntilTheBudgetIsSpent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-spill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spill = try #require(SpillFile(in: folder, memoryBudget: 10))
        let stored = ["12345", "123456", "12345", "1"].map { spill.store($0) }
        let inMemory = stored.map { if case .inline = $0 { true } else { false } }
        #expect(inMemory == [true, false, true, false], "the second would pass the budget; after the third it is spent")
        #expect(try stored.map { try $0.read() } == ["12345", "123456", "12345", "1"])
    }

    @Test func aWrittenBuildEqualsTheBuildHeldInMemory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-spill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let posts = root.appendingPathComponent("content/posts")
        try FileManager.default.createDirectory(at: posts, withIntermediateDirectories: true)
        // More posts than one parse chunk and two render chunks; bodies whose summary comes from the text before
        // `<!--more-->`, from the first paragraph, from a long text, or from a text that is mostly blank (a code
        // block of spaces), whose summary reads past the start a post keeps.
        let blank = "```\n" + String(repeating: "\u{20}", count: 1_600) + "\n```"
        for number in 0..<2_100 {
            let body: String
            switch number % 4 {
            case 0: body = "Short intro.\n\n<!--more-->\n\nRest of post \(number)."
            case 1: body = "A first paragraph that says enough words to be a summary \(number).\n\nMore."
            case 2: body = String(repeating: "Word \(number) and more words here. ", count: 120)
            default: body = "Few.\n\n\(blank)\n\nTail \(number) " + String(repeating: "x ", count: 300)
            }
            let text = post(
                "Post \(number)", date: "2025-0\(1 + number % 9)-1\(number % 10)", extra: "tags: [t\(number % 7)]\n", body: body)
            try text.write(to: posts.appendingPathComponent("p\(number).md"), atomically: true, encoding: .utf8)
        }
        let output = root.appendingPathComponent("public")
        // Some posts' HTML held in memory, the others spilled.
        var builder = SiteBuilder(options: testOptions())
        builder.htmlKeptInMemory = 100_000
        let written = builder.buildAndWrite(source: root, output: output)
        #expect(written.succeeded, "\(written.messages)")
        let (source, problems) = ContentLoader(root: root).load()
        #expect(problems.isEmpty)
        let inMemory = SiteBuilder(options: testOptions()).build(source)
        var compared = 0
        for file in inMemory.files {
            guard case .bytes(let bytes) = file.contents else { continue }
            let onDisk = FileManager.default.contents(atPath: output.appendingPathComponent(file.path).path)
            #expect(onDisk == Data(bytes), "\(file.path)")
            compared += 1
        }
        #expect(compared > 2_100)
    }
}
