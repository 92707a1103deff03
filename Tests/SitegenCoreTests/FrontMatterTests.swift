import Foundation
import Testing

@testable import SitegenCore

@Suite struct FrontMatterTests {
    @Test func splitsFrontMatterFromBody() throws {
        let parts = try FrontMatter.split("---\ntitle: A\n---\n\n# Body\n", path: "a.md").get()
        #expect(parts.yaml == "title: A\n")
        #expect(parts.body == "\n# Body\n")
        #expect(parts.bodyFirstLine == 4)
    }

    @Test func acceptsCRLFTrailingSpacesAndDotsFence() throws {
        let parts = try FrontMatter.split("--- \r\ntitle: A\r\n...\r\nBody", path: "a.md").get()
        #expect(parts.yaml == "title: A\r\n")
        #expect(parts.body == "Body")
    }

    @Test func aFileWithoutFrontMatterIsAllBody() throws {
        let text = "# Title\n\n---\n\nafter a rule\n"
        let parts = try FrontMatter.split(text, path: "a.md").get()
        #expect(parts.yaml == nil)
        #expect(parts.body == text)
        #expect(parts.bodyFirstLine == 1)
    }

    /// A README may open with a thematic break (`---`, text, `---` is two setext headings to cmark): with no
    /// `key: value` line between the rules it is markdown, read whole with a warning, not a front-matter error.
    @Test func rulesAroundTextWithoutKeysAreMarkdown() throws {
        for text in ["---\nFoo\n---\nBar\n---\nBaz\n", "---\n\nAn intro with no rule after it.\n", "---\n- a list\n---\n"] {
            let parts = try FrontMatter.split(text, path: "content/posts/a.md").get()
            #expect(parts.yaml == nil, "\(text)")
            #expect(parts.body == text)
            #expect(parts.bodyFirstLine == 1)
        }
        let warned = try FrontMatter.split("---\nFoo\n---\nBar\n", path: "content/posts/a.md").get()
        #expect(warned.notFrontMatter?.description.hasPrefix("content/posts/a.md:1:1: warning: the `---` lines") == true)
        let keyed = try FrontMatter.split("---\n# a comment\nTitle: Foo\n---\nBar\n", path: "a.md").get()
        #expect(keyed.yaml == "# a comment\nTitle: Foo\n", "a line that reads as `key: value` makes front matter")
        #expect(keyed.notFrontMatter == nil)
    }

    @Test func unclosedFrontMatterIsAnErrorAtTheTop() {
        let result = FrontMatter.split("---\ntitle: A\n\nBody\n", path: "content/posts/a.md")
        guard case .failure(let diagnostic) = result else {
            Issue.record("expected an error")
            return
        }
        #expect(diagnostic.description.hasPrefix("content/posts/a.md:1:1: error: front matter is not closed"))
    }
}

@Suite struct DocumentParserTests {
    let parser = DocumentParser(dates: DateParser(timeZone: TimeZone(identifier: "Europe/Berlin")!))

    func parse(_ text: String, path: String = "content/posts/2025-01-02-hello-world.md", kind: ContentKind = .post)
        -> (Document?, [Diagnostic])
    {
        parser.parse(SourceFile(path: path, text: text), kind: kind, bundle: nil)
    }

    /// Hugo's `series` is a list; PaperMod's `cover` is a mapping.
    @Test func aSeriesListOfOneAndACoverMappingAreRead() {
        let (one, oneProblems) = parse("---\ntitle: A\nseries: [\"Themes Guide\"]\ncover:\n  image: a.png\n  alt: A\n---\n")
        #expect(one?.series == "themes-guide" && one?.seriesName == "Themes Guide" && one?.cover == "a.png")
        #expect(oneProblems.isEmpty)
        let (two, problems) = parse("---\ntitle: A\nseries:\n  - One\n  - Two\n---\n")
        #expect(two?.series == "one")
        #expect(
            problems.map(\.description) == [
                "content/posts/2025-01-02-hello-world.md:3:1: warning: `series` names 2 series (`One`, `Two`); a post is in one, so this one is in `One`"
            ])
    }

    @Test func readsEveryKnownKey() throws {
        let text = """
            ---
            title: "  Hello  "
            date: 2025-03-13 10:30
            updated: 2025-03-14
            tags: [Swift, "CI/CD"]
            project: expense-tracker
            description: The description.
            excerpt: The excerpt wins.
            draft: true
            slug: custom-slug
            cover: cover.png
            mood: happy
            ---
            Body
            """
        let (parsed, diagnostics) = parse(text)
        let document = try #require(parsed)
        #expect(diagnostics.isEmpty)
        #expect(document.title == "Hello")
        #expect(document.tags == ["Swift", "CI/CD"])
        #expect(document.projects == ["expense-tracker"])
        #expect(document.summary == "The excerpt wins.")
        #expect(document.draft)
        #expect(document.slug == "custom-slug")
        #expect(document.cover == "cover.png")
        #expect(document.params["mood"] == .string("happy"))
        #expect(document.bodyFirstLine == 14)
        let day = CalendarDate(try #require(document.date), in: parser.dates.timeZone)
        #expect((day.year, day.month, day.day, day.hour, day.minute) == (2025, 3, 13, 10, 30))
        #expect(day.utcOffset == 3600)
    }

    @Test func tagsMayBeACommaSeparatedStringAndProjectsAList() throws {
        let (parsed, _) = parse("---\ntags: swift, ci/cd , testing\nprojects: [a-b, C D]\n---\n")
        let document = try #require(parsed)
        #expect(document.tags == ["swift", "ci/cd", "testing"])
        #expect(document.projects == ["a-b", "c-d"])
    }

    @Test func jekyllLeadIsTheSummaryAndLayoutIsKept() throws {
        let (parsed, _) = parse("---\nlayout: post\ntitle: A\nlead: my skills \n---\n")
        let document = try #require(parsed)
        #expect(document.summary == "my skills")
        #expect(document.layout == "post")
        #expect(PagePlanner.template(for: document.layout, default: "post") == "post")
    }

    @Test func slugComesFromTheFileNameWithoutDatePrefix() throws {
        let (parsed, _) = parse("No front matter here.\n")
        let document = try #require(parsed)
        #expect(document.slug == "hello-world")
        #expect(!document.hasFrontMatter)
        #expect(document.date == nil)
    }

    @Test func aSlugThatLeavesItsFolderIsAnError() {
        let (document, diagnostics) = parse("---\ntitle: A\nslug: ../../etc\n---\n")
        #expect(document == nil)
        #expect(
            diagnostics.map(\.description) == [
                "content/posts/2025-01-02-hello-world.md:3:1: error: `slug: ../../etc` must be one URL segment without `/`, `\\` or `..`"
            ])
    }

    @Test func aBadDateIsAnErrorOnItsLine() {
        let (document, diagnostics) = parse("---\ntitle: A\n\ndate: 2025-02-30\n---\n")
        #expect(document == nil)
        #expect(diagnostics.first?.line == 4)
        #expect(diagnostics.first?.message.contains("`date` is not a valid date: `2025-02-30`") == true)
    }

    @Test func invalidYAMLIsAnErrorWithTheFilesLineAndColumn() {
        let (document, diagnostics) = parse("---\ntitle: A\ntags: [one, two\n---\nBody\n")
        #expect(document == nil)
        let diagnostic = diagnostics.first
        #expect(diagnostic?.path == "content/posts/2025-01-02-hello-world.md")
        #expect(diagnostic?.severity == .error)
        #expect((diagnostic?.line ?? 0) >= 3)
        #expect(diagnostic?.message.hasPrefix("invalid YAML") == true)
    }

    @Test func aTitleThatIsAListIsAnError() {
        let (_, diagnostics) = parse("---\ntitle:\n  - a\n---\n")
        #expect(diagnostics.first?.message == "`title` must be a single value, not a list")
        #expect(diagnostics.first?.line == 2)
    }

    @Test func classifiesContentByFolder() {
        #expect(DocumentParser.classify("content/posts/a.md")?.0 == .post)
        #expect(DocumentParser.classify("content/posts/trip/index.md")?.bundle == "content/posts/trip/")
        #expect(DocumentParser.classify("content/projects/x.md")?.0 == .project)
        #expect(DocumentParser.classify("content/pages/about.md")?.0 == .page)
        #expect(DocumentParser.classify("content/about.md")?.0 == .page)
        #expect(DocumentParser.classify("content/notes/x.md") == nil)
    }
}
