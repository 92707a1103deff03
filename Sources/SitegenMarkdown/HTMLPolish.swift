/// Rewrites the few pieces of cmark-gfm's HTML that validators and screen readers fault: task-list checkboxes get
/// a class and an accessible name, and the footnotes `section` gets a heading. One pass over the bytes.
enum HTMLPolish {
    private static let replacements: [(from: [UInt8], to: [UInt8])] = [
        (
            "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> ",
            "<li class=\"task\"><input type=\"checkbox\" checked disabled aria-label=\"Done\"> "
        ),
        (
            "<li><input type=\"checkbox\" disabled=\"\" /> ",
            "<li class=\"task\"><input type=\"checkbox\" disabled aria-label=\"Not done\"> "
        ),
        (
            "<section class=\"footnotes\" data-footnotes>",
            "<section class=\"footnotes\" data-footnotes aria-labelledby=\"footnotes-title\">"
                + "<h2 id=\"footnotes-title\" class=\"footnotes-title\">Notes</h2>"
        ),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// What every replacement starts with: the only places the page's bytes are compared, found with `memchr` and
    /// `memcmp` in place (a page with none, most, is returned as it is, never copied).
    private static let starts: [[UInt8]] = [Array("<li><input type=\"checkbox\"".utf8), Array("<section class=\"footnotes\"".utf8)]

    static func apply(to html: String) -> String {
        html.withUTF8Bytes { bytes in
            var output: [UInt8] = []
            var copied = 0
            // Where each start is next found at or after `copied`: each is searched for forwards only, so the
            // whole page is read at most once per start however many replacements it has.
            var upcoming = starts.map { bytes.firstOffset(of: $0, from: 0) }
            while let next = upcoming.compactMap({ $0 }).min() {
                var resume = next + 1
                if let (from, to) = replacements.first(where: { bytes.hasPrefix($0.from, at: next) }) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<next]))
                    output += to
                    copied = next + from.count
                    resume = copied
                }
                for index in upcoming.indices where upcoming[index].map({ $0 < resume }) ?? false {
                    upcoming[index] = bytes.firstOffset(of: starts[index], from: resume)
                }
            }
            guard copied > 0 else { return html }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
    }
}
