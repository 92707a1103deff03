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

    /// Splits `text`. Front matter opens with a `---` line at the very top and closes with a `---` or `...`
    /// line; trailing spaces and `\r\n` line ends are accepted.
    /// - Returns: The parts, or an error diagnostic when the block is never closed.
    static func split(_ text: String, path: String) -> Result<FrontMatter, Diagnostic> {
        let bytes = Array(text.utf8)
        guard let firstEnd = lineEnd(bytes, from: 0), isFence(bytes[0..<firstEnd.contentEnd], dashesOnly: true) else {
            return .success(FrontMatter(yaml: nil, yamlFirstLine: 1, body: text, bodyFirstLine: 1))
        }
        var cursor = firstEnd.next
        var line = 2
        while cursor < bytes.count {
            guard let end = lineEnd(bytes, from: cursor) else { break }
            if isFence(bytes[cursor..<end.contentEnd], dashesOnly: false) {
                let yaml = String(decoding: bytes[firstEnd.next..<cursor], as: UTF8.self)
                let body = String(decoding: bytes[end.next...], as: UTF8.self)
                return .success(FrontMatter(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: line + 1))
            }
            cursor = end.next
            line += 1
        }
        return .failure(
            .error(path, 1, 1, "front matter is not closed; add a line with `---` after the last `key: value` line"))
    }

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
