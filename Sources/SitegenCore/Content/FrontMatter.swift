/// A file split into its YAML front matter and its markdown body.
struct FrontMatter {
    /// The YAML between the `---` lines; `nil` when the file has no front matter.
    var yaml: String?
    /// 1-based line of the file on which the YAML starts.
    var yamlFirstLine: Int
    /// The markdown after the front matter.
    var body: String
    /// 1-based line of the file on which the body starts.
    var bodyFirstLine: Int

    /// Why a file that opens with `---` is read as markdown only; `nil` when it is not.
    var notFrontMatter: Diagnostic?

    /// Splits `text`. Front matter opens with a `---` line at the very top and closes with a `---` or `...`
    /// line; trailing spaces and `\r\n` line ends are accepted.
    ///
    /// A file that opens with `---` but has no `key: value` line before its next `---` (or its end) is
    /// markdown that starts with a thematic break, as a README can be: it is read whole as the body, with a
    /// warning in ``notFrontMatter``.
    /// - Returns: The parts, or an error diagnostic when a block of `key: value` lines is never closed.
    static func split(_ text: String, path: String) -> Result<FrontMatter, Diagnostic> {
        let bytes = Array(text.utf8)
        let whole = FrontMatter(yaml: nil, yamlFirstLine: 1, body: text, bodyFirstLine: 1)
        guard let firstEnd = lineEnd(bytes, from: 0), isFence(bytes[0..<firstEnd.contentEnd], dashesOnly: true) else {
            return .success(whole)
        }
        var cursor = firstEnd.next
        var line = 2
        var hasKey = false
        while cursor < bytes.count {
            guard let end = lineEnd(bytes, from: cursor) else { break }
            let content = bytes[cursor..<end.contentEnd]
            if isFence(content, dashesOnly: false) {
                if !hasKey, line > 2 {
                    var markdown = whole
                    markdown.notFrontMatter = .warning(
                        path, 1, 1,
                        "the `---` lines at the top hold no `key: value` line, so they are read as markdown; "
                            + "start the file with front matter such as `title: …` or with another line")
                    return .success(markdown)
                }
                let yaml = String(decoding: bytes[firstEnd.next..<cursor], as: UTF8.self)
                let body = String(decoding: bytes[end.next...], as: UTF8.self)
                return .success(FrontMatter(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: line + 1))
            }
            if !hasKey { hasKey = looksLikeKey(content) }
            cursor = end.next
            line += 1
        }
        guard hasKey else { return .success(whole) }
        return .failure(
            .error(path, 1, 1, "front matter is not closed; add a line with `---` after the last `key: value` line"))
    }

    /// Whether a line reads as a YAML mapping entry at the top level: `key:` followed by a space, a tab or the
    /// line's end, with a key that does not start with a space, `#`, `-`, `>` or markdown punctuation.
    private static func looksLikeKey(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first, !keyCannotStartWith.contains(first),
            let colon = line.firstIndex(of: UInt8(ascii: ":"))
        else { return false }
        let next = line.index(after: colon)
        return next == line.endIndex || line[next] == 0x20 || line[next] == 0x09
    }

    private static let keyCannotStartWith = Set(" \t#->*`<[|".utf8)

    private static func lineEnd(_ bytes: [UInt8], from start: Int) -> (contentEnd: Int, next: Int)? {
        guard start < bytes.count else { return nil }
        var index = start
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        let next = index < bytes.count ? index + 1 : index
        var contentEnd = index
        if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        return (contentEnd, next)
    }

    private static func isFence(_ line: ArraySlice<UInt8>, dashesOnly: Bool) -> Bool {
        var content = line
        while let last = content.last, last == 0x20 || last == 0x09 { content = content.dropLast() }
        if content.elementsEqual("---".utf8) { return true }
        return !dashesOnly && content.elementsEqual("...".utf8)
    }
}
