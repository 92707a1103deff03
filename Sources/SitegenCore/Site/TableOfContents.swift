import SitegenMarkdown

/// An entry of a page's table of contents: a heading of the page's top level with the headings of the next
/// level under it.
public struct TOCEntry: Sendable, Equatable {
    public var id: String
    public var text: String
    public var children: [TOCEntry]
}

/// The headings of the first two levels the page uses, as a two-level table of contents: `##` and `###` in most
/// posts, `###` and `####` in a post that starts its sections at `###`, `#` and `##` in a README with several
/// `#` sections. A single `#` heading is the page's title, not a section, and is left out.
func tableOfContents(_ headings: [Heading]) -> [TOCEntry] {
    let sections = headings.count { $0.level == 1 } == 1 ? headings.filter { $0.level != 1 } : headings
    let levels = Set(sections.map(\.level)).sorted()
    guard let top = levels.first else { return [] }
    let next = levels.dropFirst().first
    var entries: [TOCEntry] = []
    for heading in sections where heading.level == top || heading.level == next {
        let entry = TOCEntry(id: heading.id, text: heading.text, children: [])
        if heading.level == next, !entries.isEmpty {
            entries[entries.count - 1].children.append(entry)
        } else {
            entries.append(entry)
        }
    }
    return entries
}

/// Whether a table of contents is worth showing: it has more than one entry, counting those nested.
func hasTableOfContents(_ entries: [TOCEntry]) -> Bool {
    entries.count > 1 || entries.contains { !$0.children.isEmpty }
}
