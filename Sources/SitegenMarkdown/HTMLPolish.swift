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

    static func apply(to html: String) -> String {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        scan: while let next = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            for (from, to) in replacements where bytes[next...].starts(with: from) {
                output += bytes[copied..<next]
                output += to
                copied = next + from.count
                index = copied
                continue scan
            }
            index = next + 1
        }
        guard copied > 0 else { return html }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }
}
