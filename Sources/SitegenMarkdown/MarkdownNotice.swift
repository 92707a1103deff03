/// Something in a body that renders, but not as its writer meant: a reader would see it and trip over it.
public struct MarkdownNotice: Sendable, Equatable {
    /// What was found.
    public enum Kind: Sendable, Equatable {
        /// Liquid (`{% highlight %}`, `{{ site.url }}`) or a Hugo shortcode (`{{< figure >}}`), which sitegen
        /// does not run and publishes as text; with the first such tag as written.
        case templateSyntax(String)
        /// Raw HTML, which is left out unless `markdown.unsafe` is set.
        case rawHTMLOmitted
    }

    public var kind: Kind
    /// 1-based line and column in the file.
    public var line: Int
    public var column: Int

    /// Creates a notice.
    public init(kind: Kind, line: Int, column: Int) {
        (self.kind, self.line, self.column) = (kind, line, column)
    }
}

/// Finds Liquid and Hugo template syntax in text: Liquid tags `{% … %}`, Hugo shortcodes `{{< … >}}` and
/// `{{% … %}}`, and `{{ … }}` that reads like a Liquid or Hugo variable (`site.url`, `page.title`, `.Site.Title`,
/// or a `| filter`), so that a post about Vue's `{{ message }}` is left alone.
public enum TemplateSyntax {
    /// The first template tag in `text`, as written (at most 60 bytes of it), with its offset.
    public static func first(in text: [UInt8]) -> (offset: Int, tag: String)? {
        var index = 0
        while index + 1 < text.count {
            guard text[index] == UInt8(ascii: "{"), text[index + 1] == UInt8(ascii: "{") || text[index + 1] == UInt8(ascii: "%")
            else {
                index += 1
                continue
            }
            let isLiquidTag = text[index + 1] == UInt8(ascii: "%")
            let closing: (UInt8, UInt8) = isLiquidTag ? (UInt8(ascii: "%"), UInt8(ascii: "}")) : (UInt8(ascii: "}"), UInt8(ascii: "}"))
            // The tag closes on the same line.
            var end = index + 2
            while end + 1 < text.count, text[end] != 0x0A, !(text[end] == closing.0 && text[end + 1] == closing.1) { end += 1 }
            guard end + 1 < text.count, text[end] == closing.0, text[end + 1] == closing.1 else {
                index += 2
                continue
            }
            let inside = text[(index + 2)..<end]
            if isLiquidTag ? inside.contains(where: isLetter) : readsLikeTemplate(Array(inside)) {
                let tag = text[index..<(end + 2)]
                let shown = tag.count > 60 ? String(decoding: tag.prefix(57), as: UTF8.self) + "…" : String(decoding: tag, as: UTF8.self)
                return (index, shown)
            }
            index = end + 2
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    /// Whether the inside of `{{ … }}` is a shortcode or a Liquid or Hugo variable.
    private static func readsLikeTemplate(_ inside: [UInt8]) -> Bool {
        guard let first = inside.first else { return false }
        if first == UInt8(ascii: "<") || first == UInt8(ascii: "%") { return true }
        let words = String(decoding: inside, as: UTF8.self).split(separator: " ")
        guard let name = words.first else { return false }
        if words.contains("|") { return true }
        return variablePrefixes.contains { name.hasPrefix($0) } || name == "content"
    }

    private static let variablePrefixes = [
        "site.", "page.", "post.", "include.", "layout.", "paginator.", "jekyll.", ".Site", ".Page", ".Params", ".Title", ".Content",
        ".Date", "$.",
    ]
}

extension MarkdownNotice {
    /// The notice with its column found: where its template tag starts on its line of `source`, or the start of
    /// the line when the tag is split by markup (`{{ site.base_url }}` is three text nodes to cmark-gfm).
    func placed(in source: MarkdownSource) -> MarkdownNotice {
        guard column == 0 else { return self }
        var placed = self
        placed.column = 1
        guard case .templateSyntax(let tag) = kind else { return placed }
        var line = source.firstLine
        var lineStart = source.text.utf8.startIndex
        var index = lineStart
        let utf8 = source.text.utf8
        while index < utf8.endIndex, line < self.line {
            if utf8[index] == 0x0A {
                line += 1
                lineStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
        // The tag as found may differ from the source in quotes (smart punctuation) or markup: look for its
        // start up to the first such character, and take the tag as written from there.
        let start = Array(tag.utf8.prefix { $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "_") })
        let bytes = Array(utf8[lineStart..<lineEnd])
        guard let offset = bytes.indices.first(where: { bytes[$0...].starts(with: start) }) else { return placed }
        placed.column = offset + 1
        if let (_, written) = TemplateSyntax.first(in: Array(bytes[offset...])) { placed.kind = .templateSyntax(written) }
        return placed
    }
}

/// Finds the `href` and `src` attributes of raw HTML, for `sitegen check`.
enum HTMLAttributes {
    /// Each `href` or `src` value, with its line (0 for the first) and column (0-based) in `html`.
    static func links(in html: [UInt8]) -> [(name: String, value: String, line: Int, column: Int)] {
        var found: [(name: String, value: String, line: Int, column: Int)] = []
        var line = 0
        var lineStart = 0
        var index = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < html.count {
            if html[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            // A script's or stylesheet's text is code, not attributes: `href="' + url + '"` in a script is no link.
            if html[index] == UInt8(ascii: "<"), let element = ["script", "style"].first(where: { matches($0, at: index + 1, in: html) }) {
                let closing = Array("</\(element)".utf8)
                var end = index + 1
                while end < html.count, !(html[end] == UInt8(ascii: "<") && matches("/" + element, at: end + 1, in: html)) {
                    if html[end] == 0x0A {
                        line += 1
                        lineStart = end + 1
                    }
                    end += 1
                }
                index = min(end + closing.count, html.count)
                continue
            }
            let name: String? =
                if index > 0, isSpace(html[index - 1]) {
                    matches("href", at: index, in: html) ? "href" : matches("src", at: index, in: html) ? "src" : nil
                } else {
                    nil
                }
            guard let name else {
                index += 1
                continue
            }
            var cursor = index + name.utf8.count
            while cursor < html.count, isSpace(html[cursor]), html[cursor] != 0x0A { cursor += 1 }
            guard cursor < html.count, html[cursor] == UInt8(ascii: "=") else {
                index += 1
                continue
            }
            cursor += 1
            while cursor < html.count, html[cursor] == 0x20 { cursor += 1 }
            guard cursor < html.count else { break }
            let quote = html[cursor]
            let quoted = quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'")
            let valueStart = quoted ? cursor + 1 : cursor
            var valueEnd = valueStart
            while valueEnd < html.count,
                quoted ? html[valueEnd] != quote : !isSpace(html[valueEnd]) && html[valueEnd] != UInt8(ascii: ">")
            {
                valueEnd += 1
            }
            found.append((name, String(decoding: html[valueStart..<valueEnd], as: UTF8.self), line, index - lineStart))
            index = valueEnd
        }
        return found
    }

    private static func matches(_ name: String, at index: Int, in html: [UInt8]) -> Bool {
        let letters = Array(name.utf8)
        guard index + letters.count <= html.count else { return false }
        return zip(html[index..<(index + letters.count)], letters).allSatisfy { $0 | 0x20 == $1 }
    }
}
