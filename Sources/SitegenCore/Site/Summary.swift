import SitegenMarkdown

/// Plain text with runs of whitespace collapsed, cut at a word boundary near `limit` characters, with an
/// ellipsis when cut. Stops reading once past the limit, so a whole document can be passed.
func summaryText(_ text: String, limit: Int = 200) -> String {
    func ellipsized(_ bytes: ArraySlice<UInt8>) -> String {
        var cut = String(decoding: bytes, as: UTF8.self)
        while let last = cut.last, ",;:.-–—".contains(last) { cut.removeLast() }
        return cut + "…"
    }
    var result: [UInt8] = []
    var length = 0
    var lastBoundary = 0
    var pendingSpace = false
    for byte in text.utf8 {
        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
            pendingSpace = !result.isEmpty
            continue
        }
        if pendingSpace {
            if length >= limit { return ellipsized(result[...]) }
            lastBoundary = result.count
            result.append(0x20)
            length += 1
            pendingSpace = false
        }
        result.append(byte)
        if byte & 0xC0 != 0x80 { length += 1 }
        if length > limit, lastBoundary > 0 { return ellipsized(result[..<lastBoundary]) }
    }
    return String(decoding: result, as: UTF8.self)
}

/// The summary of a body without one in front matter: the text before `<!--more-->`, else the first
/// paragraph when it says enough (eight words or more), else the opening of the text.
func derivedSummary(_ body: RenderedMarkdown) -> String {
    if let more = body.textBeforeMore { return summaryText(more) }
    if let paragraph = body.firstParagraph, countWords(paragraph) >= 8 { return summaryText(paragraph) }
    return summaryText(body.plainText)
}

/// A file name made readable: `my-first_post.md` → "My first post".
func readableTitle(fromFileName name: String) -> String {
    var base = name
    if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
    let words = base.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " })
    let sentence = words.joined(separator: " ")
    return sentence.prefix(1).uppercased() + sentence.dropFirst()
}
