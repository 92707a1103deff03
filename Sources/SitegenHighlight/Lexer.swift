/// Reads code byte by byte with a ``LanguageSpec`` and writes escaped HTML with token spans.
struct Lexer {
    let bytes: [UInt8]
    let spec: LanguageSpec
    private(set) var output: [UInt8] = []
    private var index = 0
    private var braceDepth = 0
    private var atLineStart = true

    init(bytes: [UInt8], spec: LanguageSpec) {
        self.bytes = bytes
        self.spec = spec
        output.reserveCapacity(bytes.count * 2)
    }

    mutating func run() {
        if spec.isMarkup {
            runMarkup()
            return
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                atLineStart = true
                plain(1)
                continue
            }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                plain(1)
                continue
            }
            let lineStart = atLineStart
            atLineStart = false
            if lexComment() || lexString() { continue }
            if spec.bracketHeaders, lineStart, byte == UInt8(ascii: "[") {
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if let close = bytes[index..<end].lastIndex(of: UInt8(ascii: "]")) {
                    emit(.type, close + 1 - index)
                    continue
                }
            }
            if spec.dollarVariables, byte == UInt8(ascii: "$"), let length = variableLength() {
                emit(.variable, length)
                continue
            }
            if let kind = spec.atNames, byte == UInt8(ascii: "@"), index + 1 < bytes.count, isNameStart(bytes[index + 1]) {
                emit(kind, 1 + nameLength(from: index + 1))
                continue
            }
            if spec.hashColors, byte == UInt8(ascii: "#"), braceDepth > 0, index + 1 < bytes.count, isHexDigit(bytes[index + 1]) {
                var end = index + 1
                while end < bytes.count, isHexDigit(bytes[end]) || isNameByte(bytes[end]) { end += 1 }
                emit(.number, end - index)
                continue
            }
            if isDigit(byte) || (byte == UInt8(ascii: ".") && index + 1 < bytes.count && isDigit(bytes[index + 1]) && !previousIsName()) {
                emit(.number, numberLength())
                continue
            }
            if isNameStart(byte) {
                lexName(lineStart: lineStart)
                continue
            }
            if byte == UInt8(ascii: "{") { braceDepth += 1 }
            if byte == UInt8(ascii: "}") { braceDepth = max(0, braceDepth - 1) }
            plain(1)
        }
    }

    // MARK: Tokens

    private mutating func lexComment() -> Bool {
        for marker in spec.lineComments where matches(marker, at: index) {
            if spec.commentsNeedWordStart, index > 0, !isSpace(bytes[index - 1]) { continue }
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            emit(.comment, end - index)
            return true
        }
        for comment in spec.blockComments where matches(comment.open, at: index) {
            var depth = 0
            var end = index
            while end < bytes.count {
                if matches(comment.open, at: end), depth == 0 || comment.nests {
                    depth += 1
                    end += comment.open.count
                } else if matches(comment.close, at: end) {
                    depth -= 1
                    end += comment.close.count
                    if depth == 0 { break }
                } else {
                    end += 1
                }
            }
            emit(.comment, end - index)
            return true
        }
        return false
    }

    /// A string starting here, with its prefix letters or raw-string hashes; stays one token whatever it holds.
    private mutating func lexString(prefixLength: Int = 0) -> Bool {
        let start = index + prefixLength
        if let rawPrefix = spec.hashRawStringPrefix, let length = hashRawStringLength(at: start, prefix: Array(rawPrefix.utf8)) {
            emit(.string, prefixLength + length)
            return true
        }
        for form in spec.strings where matches(form.open, at: start) {
            var end = start + form.open.count
            while end < bytes.count {
                if let escape = form.escape, bytes[end] == escape {
                    end += 2
                    continue
                }
                if matches(form.close, at: end) {
                    if form.doubledCloseEscapes, matches(form.close, at: end + form.close.count) {
                        end += 2 * form.close.count
                        continue
                    }
                    end += form.close.count
                    break
                }
                if bytes[end] == UInt8(ascii: "\n"), !form.multiline { break }
                end += 1
            }
            let length = min(end, bytes.count) - index
            if isPropertyKey(after: index + length) {
                emit(.property, length)
            } else {
                emit(.string, length)
            }
            return true
        }
        return false
    }

    /// The length of `#"…"#` (or `r#"…"#`, or `r"…"` with no hashes when there is a prefix) at `start`.
    private func hashRawStringLength(at start: Int, prefix: [UInt8]) -> Int? {
        guard prefix.isEmpty || matches(prefix, at: start) else { return nil }
        var cursor = start + prefix.count
        var hashes = 0
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "#") {
            hashes += 1
            cursor += 1
        }
        guard hashes > 0 || !prefix.isEmpty, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
        let triple = matches(Self.tripleQuote, at: cursor)
        let quote = triple ? 3 : 1
        cursor += quote
        while cursor < bytes.count {
            if bytes[cursor] == UInt8(ascii: "\""), !triple || matches(Self.tripleQuote, at: cursor) {
                var end = cursor + quote
                var closing = 0
                while closing < hashes, end < bytes.count, bytes[end] == UInt8(ascii: "#") {
                    closing += 1
                    end += 1
                }
                if closing == hashes { return end - start }
            }
            cursor += 1
        }
        return bytes.count - start
    }

    private mutating func lexName(lineStart: Bool) {
        let length = nameLength(from: index)
        let word = bytes[index..<index + length]
        // The name as a string only where a string prefix may follow; keywords and types are found by their bytes.
        if !spec.stringPrefixes.isEmpty, index + length < bytes.count,
            bytes[index + length] == UInt8(ascii: "\"") || bytes[index + length] == UInt8(ascii: "'"),
            spec.stringPrefixes.contains(String(decoding: word, as: UTF8.self).lowercased()), lexString(prefixLength: length)
        {
            return
        }
        if let rawPrefix = spec.hashRawStringPrefix, !rawPrefix.isEmpty, word.last == rawPrefix.utf8.last || word.last == UInt8(ascii: "b"),
            case let name = String(decoding: word, as: UTF8.self), name == rawPrefix || name == "b" + rawPrefix || name == "b",
            let raw = hashRawStringLength(at: index + length - rawPrefix.count, prefix: Array(rawPrefix.utf8))
        {
            emit(.string, length - rawPrefix.count + raw)
            return
        }
        let next = nextNonSpace(after: index + length)
        let kind: TokenKind?
        if spec.lineStartKeyword, lineStart, spec.keywords.contains(word, foldingCase: spec.caseInsensitiveKeywords) {
            kind = .keyword
        } else if isPropertyKey(after: index + length) {
            kind = .property
        } else if !spec.lineStartKeyword, spec.keywords.contains(word, foldingCase: spec.caseInsensitiveKeywords) {
            kind = .keyword
        } else if spec.types.contains(word, foldingCase: false) || (spec.capitalizedAreTypes && isUppercase(bytes[index])) {
            kind = .type
        } else if spec.functionCalls, next == UInt8(ascii: "(") {
            kind = .function
        } else if spec.macroBang, next == UInt8(ascii: "!"),
            nextNonSpace(after: index + length + 1) == UInt8(ascii: "(")
                || nextNonSpace(after: index + length + 1) == UInt8(ascii: "[")
        {
            emit(.function, length + 1)
            return
        } else {
            kind = nil
        }
        if let kind { emit(kind, length) } else { plain(length) }
    }

    /// Whether a key ends just before `end`: the next non-space byte is `:` (or `=`) where the language has keys.
    private func isPropertyKey(after end: Int) -> Bool {
        if spec.propertiesOnlyInsideBraces, braceDepth == 0 { return false }
        var cursor = end
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
        guard cursor < bytes.count else { return false }
        if spec.propertiesOnlyInsideBraces, bytes[cursor] == UInt8(ascii: ":") {
            // CSS: `color: red;` is a declaration, `a:hover {` a selector; the first of `;`, `}` or `{` decides.
            var ahead = cursor + 1
            while ahead < bytes.count, bytes[ahead] != UInt8(ascii: ";"), bytes[ahead] != UInt8(ascii: "}"),
                bytes[ahead] != UInt8(ascii: "{")
            {
                ahead += 1
            }
            return ahead >= bytes.count || bytes[ahead] != UInt8(ascii: "{")
        }
        if spec.keyBeforeColon, bytes[cursor] == UInt8(ascii: ":") {
            // `a::b` (Rust paths, CSS pseudo-elements) is not a key; YAML keys need a space or line end after.
            return cursor + 1 >= bytes.count || bytes[cursor + 1] != UInt8(ascii: ":")
        }
        if spec.keyBeforeEquals, bytes[cursor] == UInt8(ascii: "=") {
            return cursor + 1 >= bytes.count || bytes[cursor + 1] != UInt8(ascii: "=")
        }
        return false
    }

    private func variableLength() -> Int? {
        guard index + 1 < bytes.count else { return nil }
        let next = bytes[index + 1]
        if next == UInt8(ascii: "{") {
            let close = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "}")) ?? bytes.count - 1
            return close + 1 - index
        }
        if isNameStart(next) { return 1 + nameLength(from: index + 1) }
        if isDigit(next) || "@#?*!$-".utf8.contains(next) { return 2 }
        return nil
    }

    private func numberLength() -> Int {
        var end = index
        if bytes[end] == UInt8(ascii: "0"), end + 1 < bytes.count, "xXbBoO".utf8.contains(bytes[end + 1]) {
            end += 2
        }
        while end < bytes.count {
            let byte = bytes[end]
            if isHexDigit(byte) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") && end + 1 < bytes.count && isDigit(bytes[end + 1])
            {
                end += 1
            } else if (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")), end > index,
                bytes[end - 1] == UInt8(ascii: "e") || bytes[end - 1] == UInt8(ascii: "E")
            {
                end += 1
            } else if isNameByte(byte) {
                end += 1  // units and suffixes: `10px`, `2.5em`, `1u8`, `100ms`
            } else {
                break
            }
        }
        return end - index
    }

    // MARK: Markup

    /// HTML: comments, tags with their attributes and quoted values, entities; text stays plain.
    private mutating func runMarkup() {
        while index < bytes.count {
            if matches(Array("<!--".utf8), at: index) {
                let close = find(Array("-->".utf8), from: index + 4).map { $0 + 3 } ?? bytes.count
                emit(.comment, close - index)
            } else if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count,
                isNameStart(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "!")
            {
                var end = index + 1
                if bytes[end] == UInt8(ascii: "/") || bytes[end] == UInt8(ascii: "!") { end += 1 }
                end += nameLength(from: end)
                emit(.tag, end - index)
                lexAttributes()
            } else if bytes[index] == UInt8(ascii: "&"), let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")),
                semicolon > index + 1
            {
                emit(.keyword, semicolon + 1 - index)
            } else {
                plain(1)
            }
        }
    }

    private mutating func lexAttributes() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") || matches(Array("/>".utf8), at: index) {
                emit(.tag, byte == UInt8(ascii: ">") ? 1 : 2)
                return
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let close = bytes[(index + 1)...].firstIndex(of: byte).map { $0 + 1 } ?? bytes.count
                emit(.string, close - index)
            } else if isNameStart(byte) {
                emit(.attribute, nameLength(from: index))
            } else {
                plain(1)
            }
        }
    }

    // MARK: Bytes

    /// `<span class="hl-KIND">` for every kind, made once.
    private static let openTags: [TokenKind: [UInt8]] = Dictionary(
        uniqueKeysWithValues: [TokenKind.keyword, .string, .comment, .number, .type, .function, .property, .attribute, .tag, .variable]
            .map { ($0, Array("<span class=\"hl-\($0.rawValue)\">".utf8)) })
    private static let closeTag = Array("</span>".utf8)
    private static let tripleQuote = Array("\"\"\"".utf8)

    private mutating func emit(_ kind: TokenKind, _ length: Int) {
        let end = min(bytes.count, index + max(1, length))
        output.append(contentsOf: Self.openTags[kind] ?? [])
        escape(bytes[index..<end])
        output.append(contentsOf: Self.closeTag)
        index = end
    }

    private mutating func plain(_ length: Int) {
        let end = min(bytes.count, index + length)
        escape(bytes[index..<end])
        index = end
    }

    private mutating func escape(_ slice: ArraySlice<UInt8>) {
        for byte in slice {
            switch byte {
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            default: output.append(byte)
            }
        }
    }

    private func matches(_ pattern: [UInt8], at position: Int) -> Bool {
        guard !pattern.isEmpty, position >= 0, position + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[position + offset] != pattern[offset] { return false }
        return true
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        var position = start
        while position + pattern.count <= bytes.count {
            if matches(pattern, at: position) { return position }
            position += 1
        }
        return nil
    }

    private func nameLength(from start: Int) -> Int {
        var end = start
        while end < bytes.count, isNameByte(bytes[end]) || (end > start && isDigit(bytes[end])) { end += 1 }
        return max(1, end - start)
    }

    private func nextNonSpace(after position: Int) -> UInt8? {
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
        return cursor < bytes.count ? bytes[cursor] : nil
    }

    private func previousIsName() -> Bool { index > 0 && isNameByte(bytes[index - 1]) }
    private func isNameStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 || spec.nameBytes.contains(byte) && byte != UInt8(ascii: "-")
    }
    private func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80 || spec.nameBytes.contains(byte)
    }
    private func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private func isUppercase(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }
    private func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") }
}
