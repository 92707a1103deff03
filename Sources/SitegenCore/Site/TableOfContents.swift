import SitegenMarkdown

/// An entry of a page's table of contents: an `h2` with its `h3`s.
public struct TOCEntry: Sendable, Equatable {
    public var id: String
    public var text: String
    public var children: [TOCEntry]
}

/// The headings of levels 2 and 3 as a two-level table of contents.
func tableOfContents(_ headings: [Heading]) -> [TOCEntry] {
    var entries: [TOCEntry] = []
    for heading in headings where heading.level == 2 || heading.level == 3 {
        let entry = TOCEntry(id: heading.id, text: heading.text, children: [])
        if heading.level == 3, !entries.isEmpty {
            entries[entries.count - 1].children.append(entry)
        } else {
            entries.append(entry)
        }
    }
    return entries
}
