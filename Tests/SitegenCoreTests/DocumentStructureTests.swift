import Foundation
import Testing

@testable import SitegenCore

/// `Document.structureHash` is what tells a rebuild that an edit left the site's shape alone: it must change with
/// every field that can move a page, and with none that only shows on the post's own page and its cards.
@Suite struct DocumentStructureTests {
    static func document() -> Document.Fields {
        var fields = Document.Fields(
            kind: .post, sourcePath: "content/posts/a.md", bundleDirectory: nil, slug: "a", body: "Body.", bodyFirstLine: 3,
            hasFrontMatter: true, modified: Date(timeIntervalSince1970: 1_700_000_000))
        fields.title = "A"
        fields.date = Date(timeIntervalSince1970: 1_600_000_000)
        fields.dateOrigin = .frontMatter
        fields.tags = ["swift", "go"]
        fields.projects = ["p"]
        fields.series = "s"
        fields.seriesName = "S"
        fields.day = 2
        fields.tech = ["x"]
        return fields
    }

    /// Each presentation field, changed.
    static let presentation: [(String, @Sendable (inout Document.Fields) -> Void)] = [
        ("title", { $0.title = "B" }), ("updated", { $0.updated = Date(timeIntervalSince1970: 1) }),
        ("summary", { $0.summary = "More." }), ("params", { $0.params = ["k": .string("v")] }), ("body", { $0.body = "Other." }),
        ("bodyHash", { $0.bodyHash = 7 }), ("bodyFirstLine", { $0.bodyFirstLine = 9 }),
        ("modified", { $0.modified = Date(timeIntervalSince1970: 5) }),
        ("positions", { $0.positions = ["title": SourcePosition(line: 2, column: 1)] }),
    ]

    /// Each other field, changed.
    static let structure: [(String, @Sendable (inout Document.Fields) -> Void)] = [
        ("kind", { $0.kind = .page }), ("sourcePath", { $0.sourcePath = "content/posts/b.md" }),
        ("bundleDirectory", { $0.bundleDirectory = "content/posts/a/" }), ("slug", { $0.slug = "b" }),
        ("date", { $0.date = Date(timeIntervalSince1970: 1_600_000_001) }), ("dateOrigin", { $0.dateOrigin = .fileName }),
        ("tags", { $0.tags = ["swift"] }), ("projects", { $0.projects = [] }), ("draft", { $0.draft = true }),
        ("layout", { $0.layout = "wide" }), ("cover", { $0.cover = "c.jpg" }), ("weight", { $0.weight = 1 }),
        ("series", { $0.series = "t" }), ("seriesName", { $0.seriesName = "T" }), ("day", { $0.day = 3 }),
        ("permalink", { $0.permalink = Route("/x/") }), ("aliases", { $0.aliases = [Route("/old/")] }),
        ("route", { $0.route = Route("/y/") }), ("hasFrontMatter", { $0.hasFrontMatter = false }),
        ("status", { $0.status = .active }), ("repo", { $0.repo = "r" }), ("tech", { $0.tech = [] }),
        ("started", { $0.started = Date(timeIntervalSince1970: 2) }), ("finished", { $0.finished = Date(timeIntervalSince1970: 3) }),
    ]

    @Test func everyFieldIsEitherPresentationOrStructure() {
        let labels = Set(Mirror(reflecting: Self.document()).children.compactMap(\.label))
        let classified = Set((Self.presentation + Self.structure).map(\.0))
        #expect(labels == classified, "a new field of Document.Fields must be added to structureHash or to presentation")
    }

    @Test func presentationLeavesTheHashAlone() {
        let base = Document(Self.document())
        for (name, change) in Self.presentation {
            var fields = Self.document()
            change(&fields)
            let changed = Document(fields)
            #expect(changed != base, "\(name)")
            #expect(changed.structureHash == base.structureHash, "\(name)")
            #expect(changed.differsOnlyInPresentation(from: base), "\(name)")
        }
    }

    @Test func everyOtherFieldChangesTheHash() {
        let base = Document(Self.document())
        for (name, change) in Self.structure {
            var fields = Self.document()
            change(&fields)
            let changed = Document(fields)
            #expect(changed.structureHash != base.structureHash, "\(name)")
            #expect(!changed.differsOnlyInPresentation(from: base), "\(name)")
        }
    }

    /// Lists are length-prefixed: moving a tag into the projects is another shape.
    @Test func listsDoNotRunTogether() {
        var one = Self.document()
        (one.tags, one.projects) = (["a", "b"], [])
        var other = Self.document()
        (other.tags, other.projects) = (["a"], ["b"])
        #expect(Document(one).structureHash != Document(other).structureHash)
    }
}
