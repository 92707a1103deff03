/// What a reader sees of an HTML fragment, as one canonical string, so that sitegen's rendering can be compared
/// with the `cmark-gfm` command's: tags with sorted attributes and decoded values, text with entities decoded and
/// whitespace collapsed (outside `pre`), self-closing and boolean-attribute spellings unified.
///
/// The additions the README documents are taken back out before comparing: a heading's `id` and `#` anchor, the
/// code block's figure, bar and title, highlighting spans, the footnotes' heading, the accessible names of task
/// checkboxes, an image's size and loading hints, and a titled image's `figure` (its caption becomes the image's
/// `title` again).
struct ReaderHTML {
    private struct Tag {
        var name: String
        var attributes: [(name: String, value: String?)]
        var closing: Bool
        var selfClosing: Bool

        func value(_ attribute: String) -> String? {
            attributes.first { $0.name == attribute }.flatMap { $0.value ?? "" }
        }
        var classes: [Substring] { (value("class") ?? "").split(separator: " ") }
    }

    private enum Token {
        case tag(Tag)
        case text(String)
        case comment(String)
    }

    private static let voidElements: Set<String> = ["br", "hr", "img", "input", "meta", "link", "source", "wbr"]
    private static let blockElements: Set<String> = [
        "p", "div", "ul", "ol", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead",
        "tbody", "tr", "th", "td", "section", "figure", "figcaption", "hr", "dl", "dt", "dd",
    ]

    /// The canonical form of `html`.
    static func canonical(_ html: String) -> String {
        let tokens = tokenize(Array(html.utf8))
        var output: [Token] = []
        // For each open element: the name its end tag is written with, or `nil` when it is left out.
        var open: [(name: String, written: String?)] = []
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard case .tag(var tag) = tokens[index] else {
                output.append(tokens[index])
                continue
            }
            if tag.closing {
                guard let position = open.lastIndex(where: { $0.name == tag.name }) else {
                    output.append(.tag(tag))
                    continue
                }
                let element = open[position]
                open.removeSubrange(position...)
                if let written = element.written {
                    tag.name = written
                    output.append(.tag(tag))
                }
                continue
            }
            let original = tag
            switch dispose(tag) {
            case .drop:
                index = endOfElement(tokens, from: index)
                continue
            case .caption:
                // A titled image's caption is its title again.
                let end = endOfElement(tokens, from: index)
                let caption = tokens[(index + 1)..<end].map { token in
                    if case .text(let text) = token { return text }
                    return ""
                }.joined()
                let image = output.lastIndex { token in
                    if case .tag(let tag) = token { return tag.name == "img" }
                    return false
                }
                if let image, case .tag(var img) = output[image] {
                    img.attributes.append((name: "title", value: caption))
                    output[image] = .tag(img)
                }
                index = end
                continue
            case .unwrap:
                if !tag.selfClosing, !voidElements.contains(tag.name) { open.append((tag.name, nil)) }
                continue
            case .keep(let kept):
                tag = kept
            }
            if !tag.selfClosing, !voidElements.contains(tag.name) { open.append((original.name, tag.name)) }
            output.append(.tag(tag))
        }
        return render(output)
    }

    private enum Disposal {
        case drop
        case unwrap
        case caption
        case keep(Tag)
    }

    private static func dispose(_ original: Tag) -> Disposal {
        var tag = original
        let classes = tag.classes
        switch tag.name {
        case "a" where classes.contains("anchor"): return .drop
        case "h2" where classes.contains("footnotes-title"): return .drop
        case "div" where classes.contains("code-bar"): return .drop
        case "figcaption" where classes.contains("code-title"): return .drop
        case "figcaption": return .caption
        case "figure" where classes.contains("code-block"): return .unwrap
        case "figure":
            tag.name = "p"
            tag.attributes = []
        case "span" where classes.contains { $0 == "line" || $0.hasPrefix("hl-") }: return .unwrap
        case "h1", "h2", "h3", "h4", "h5", "h6": tag.attributes.removeAll { $0.name == "id" }
        case "pre": tag.attributes.removeAll { $0.name == "tabindex" || ($0.name == "class" && $0.value == "numbered") }
        case "img": tag.attributes.removeAll { ["width", "height", "loading", "decoding"].contains($0.name) }
        case "input": tag.attributes.removeAll { $0.name == "aria-label" }
        case "li": tag.attributes.removeAll { $0.name == "class" && $0.value == "task" }
        case "section": tag.attributes.removeAll { $0.name == "aria-labelledby" }
        default: break
        }
        return .keep(tag)
    }

    /// The index of the end tag that closes the element opened at `start` (or `start` for a void element).
    private static func endOfElement(_ tokens: [Token], from start: Int) -> Int {
        guard case .tag(let opening) = tokens[start], !opening.selfClosing, !voidElements.contains(opening.name) else {
            return start
        }
        var depth = 0
        for index in start..<tokens.count {
            guard case .tag(let tag) = tokens[index], tag.name == opening.name else { continue }
            depth += tag.closing ? -1 : 1
            if depth == 0 { return index }
        }
        return tokens.count - 1
    }

    private static func render(_ tokens: [Token]) -> String {
        var result = ""
        var preDepth = 0
        for (index, token) in tokens.enumerated() {
            switch token {
            case .comment(let text):
                result += "<!--\(text)-->"
            case .tag(let tag):
                if tag.name == "pre" { preDepth += tag.closing ? -1 : 1 }
                if tag.closing {
                    result += "</\(tag.name)>"
                } else {
                    let attributes = tag.attributes
                        .map { attribute in
                            attribute.value.map { " \(attribute.name)=\"\(escape(decodeEntities($0)))\"" } ?? " \(attribute.name)"
                        }
                        .sorted()
                    result += "<\(tag.name)\(attributes.joined())>"
                }
            case .text(let raw):
                var text = decodeEntities(raw)
                if preDepth == 0 {
                    text = collapseWhitespace(text)
                    if isBlockBoundary(tokens, before: index) { text = String(text.drop { $0 == " " }) }
                    if isBlockBoundary(tokens, after: index) { text = String(text.reversed().drop { $0 == " " }.reversed()) }
                }
                result += escape(text)
            }
        }
        return result
    }

    private static func isBlockBoundary(_ tokens: [Token], before index: Int) -> Bool {
        guard index > 0 else { return true }
        if case .tag(let tag) = tokens[index - 1] { return blockElements.contains(tag.name) || tag.name == "br" }
        return false
    }

    private static func isBlockBoundary(_ tokens: [Token], after index: Int) -> Bool {
        guard index + 1 < tokens.count else { return true }
        if case .tag(let tag) = tokens[index + 1] { return blockElements.contains(tag.name) || tag.name == "br" }
        return false
    }

    private static func collapseWhitespace(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text {
            if character == " " || character == "\n" || character == "\t" || character == "\r" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Decodes the entities a renderer writes: the five named ones and numeric references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[ampersand...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[rest.index(after: ampersand)...]
                continue
            }
            let name = after[after.index(after: ampersand)..<semicolon]
            var decoded: String?
            switch name {
            case "amp": decoded = "&"
            case "lt": decoded = "<"
            case "gt": decoded = ">"
            case "quot": decoded = "\""
            case "apos": decoded = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let value = UInt32(name.dropFirst(2), radix: 16) {
                    decoded = Unicode.Scalar(value).map { String(Character($0)) }
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()) {
                    decoded = Unicode.Scalar(value).map { String(Character($0)) }
                }
            }
            if let decoded {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[rest.index(after: ampersand)...]
            }
        }
        return result + rest
    }

    private static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        var textStart = 0
        func flushText(upTo end: Int) {
            if end > textStart { tokens.append(.text(String(decoding: bytes[textStart..<end], as: UTF8.self))) }
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if bytes[index...].starts(with: "<!--".utf8) {
                flushText(upTo: index)
                let bodyStart = index + 4
                var end = bodyStart
                while end < bytes.count, !bytes[end...].starts(with: "-->".utf8) { end += 1 }
                tokens.append(.comment(String(decoding: bytes[bodyStart..<min(end, bytes.count)], as: UTF8.self)))
                index = min(end + 3, bytes.count)
                textStart = index
                continue
            }
            guard let (tag, end) = parseTag(bytes, at: index) else {
                index += 1
                continue
            }
            flushText(upTo: index)
            tokens.append(.tag(tag))
            index = end
            textStart = end
        }
        flushText(upTo: bytes.count)
        return tokens
    }

    /// Reads the tag at `start` (`<name attr="v">` or `</name>`); `nil` when it is not one.
    private static func parseTag(_ bytes: [UInt8], at start: Int) -> (Tag, Int)? {
        var index = start + 1
        let closing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        let nameStart = index
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
                || byte == 0x3A
        }
        while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
        guard index > nameStart, let first = bytes.dropFirst(nameStart).first, first >= 0x41 else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
        var attributes: [(name: String, value: String?)] = []
        var selfClosing = false
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ">") {
                return (Tag(name: name, attributes: attributes, closing: closing, selfClosing: selfClosing), index + 1)
            }
            if bytes[index] == UInt8(ascii: "/") {
                selfClosing = true
                index += 1
                continue
            }
            let attributeStart = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ">"),
                bytes[index] != UInt8(ascii: "/")
            {
                index += 1
            }
            guard index > attributeStart else { return nil }
            let attributeName = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                attributes.append((attributeName, nil))
                continue
            }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { return nil }
            var value: String
            if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                let valueStart = index + 1
                guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else { return nil }
                value = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                index = valueEnd + 1
            } else {
                let valueStart = index
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            }
            // A boolean attribute written `checked=""` is the same as `checked`.
            attributes.append((attributeName, value.isEmpty && ["checked", "disabled", "hidden"].contains(attributeName) ? nil : value))
        }
        return nil
    }
}
