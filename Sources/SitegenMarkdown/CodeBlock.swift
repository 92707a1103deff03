import SitegenHighlight

/// What a fence's info string asks of its code block: ```` ```swift title="Package.swift" {3-5} linenos ````.
///
/// The first word is the language. After it, in any order: `title="…"` (or `title=word`, `file=…`), the lines
/// to highlight in braces (`{3-5}`, `{1,4,7-9}`) or as `hl_lines="3-5"`, and `linenos` (also `linenos=true`,
/// `showLineNumbers`) for line numbers. Words it does not know are ignored, as GitHub ignores them.
struct CodeBlockInfo: Equatable {
    var language = ""
    var title: String?
    var highlightedLines: Set<Int> = []
    var lineNumbers = false

    init(_ info: String) {
        let bytes = Array(info.utf8)
        var index = 0
        var ranges: [ClosedRange<Int>] = []
        func skipSpaces() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        /// A value after `=`: quoted with `"` or `'`, or up to the next space.
        func value() -> String {
            guard index < bytes.count else { return "" }
            if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                let quote = bytes[index]
                let start = index + 1
                index = start
                while index < bytes.count, bytes[index] != quote { index += 1 }
                defer { index = min(index + 1, bytes.count) }
                return String(decoding: bytes[start..<index], as: UTF8.self)
            }
            let start = index
            while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09, bytes[index] != UInt8(ascii: ",") { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        skipSpaces()
        let languageStart = index
        while index < bytes.count, ![0x20, 0x09, UInt8(ascii: "{"), UInt8(ascii: ",")].contains(bytes[index]) { index += 1 }
        language = String(decoding: bytes[languageStart..<index], as: UTF8.self)
        while index < bytes.count {
            skipSpaces()
            guard index < bytes.count else { break }
            if bytes[index] == UInt8(ascii: "{") {
                let start = index + 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "}") { index += 1 }
                let inner = String(decoding: bytes[start..<index], as: UTF8.self)
                index = min(index + 1, bytes.count)
                if inner.contains("=") {
                    // Hugo's form: {hl_lines=[3,"5-6"], linenos=true}
                    let compact = inner.filter { $0 != " " }
                    if let key = compact.firstRange(of: "hl_lines=") {
                        let rest = compact[key.upperBound...]
                        let list = rest.hasPrefix("[") ? rest.dropFirst().prefix { $0 != "]" } : rest.prefix { $0 != "," }
                        ranges += Self.lines(String(list))
                    }
                    if let key = compact.firstRange(of: "linenos=") {
                        let value = compact[key.upperBound...].prefix { $0 != "," }.lowercased()
                        lineNumbers = !["false", "no", "0", "off"].contains(value)
                    }
                } else {
                    ranges += Self.lines(inner)
                }
                continue
            }
            let keyStart = index
            while index < bytes.count, ![0x20, 0x09, UInt8(ascii: "="), UInt8(ascii: ",")].contains(bytes[index]) { index += 1 }
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self).lowercased()
            var argument: String?
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                argument = value()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
            switch key {
            case "title", "file", "filename": if let argument, !argument.isEmpty { title = argument }
            case "hl_lines", "highlight", "mark": ranges += Self.lines(argument ?? "")
            case "linenos", "shownumbers", "showlinenumbers", "numbers", "numberlines":
                lineNumbers = argument.map { !["false", "no", "0", "off"].contains($0.lowercased()) } ?? true
            default: break
            }
        }
        highlightedLines = Self.union(ranges)
    }

    /// The highest line number that can be marked.
    static let lastMarkableLine = 100_000

    /// The line ranges of `3-5,7 9`, within 1...``lastMarkableLine``.
    static func lines(_ text: String) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\"" }) {
            let bounds = part.split(separator: "-", maxSplits: 1).compactMap { Int($0) }
            if bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[0] <= lastMarkableLine {
                result.append(bounds[0]...min(bounds[1], lastMarkableLine))
            } else if bounds.count == 1, bounds[0] >= 1, bounds[0] <= lastMarkableLine, !part.contains("-") {
                result.append(bounds[0]...bounds[0])
            }
        }
        return result
    }

    /// The lines of `ranges`, each inserted once however the ranges overlap, so that the work is bounded by
    /// ``lastMarkableLine`` and the ranges' count, not by their sum.
    static func union(_ ranges: [ClosedRange<Int>]) -> Set<Int> {
        var result: Set<Int> = []
        var covered = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.upperBound > covered {
            result.formUnion(max(range.lowerBound, covered + 1)...range.upperBound)
            covered = range.upperBound
        }
        return result
    }
}

/// The HTML of a code block: a `figure` with the file name, the language and a copy button (shown by the theme's
/// `code.js`), around a keyboard-focusable `pre` whose lines are wrapped when some are highlighted or numbered.
enum CodeBlockHTML {
    /// Readable names of common languages; others are shown as written.
    private static let languageNames: [String: String] = [
        "swift": "Swift", "go": "Go", "golang": "Go", "rust": "Rust", "rs": "Rust", "python": "Python", "py": "Python",
        "javascript": "JavaScript", "js": "JavaScript", "typescript": "TypeScript", "ts": "TypeScript", "tsx": "TSX",
        "jsx": "JSX", "json": "JSON", "yaml": "YAML", "yml": "YAML", "toml": "TOML", "sql": "SQL", "bash": "Bash",
        "sh": "Shell", "shell": "Shell", "zsh": "Zsh", "console": "Console", "html": "HTML", "css": "CSS", "c": "C",
        "cpp": "C++", "c++": "C++", "csharp": "C#", "cs": "C#", "java": "Java", "kotlin": "Kotlin", "kt": "Kotlin",
        "php": "PHP", "ruby": "Ruby", "rb": "Ruby", "dockerfile": "Dockerfile", "docker": "Dockerfile", "diff": "Diff",
        "markdown": "Markdown", "md": "Markdown", "xml": "XML", "text": "Text", "plaintext": "Text", "txt": "Text",
    ]

    static func render(code: String, info: CodeBlockInfo) -> String {
        let language = info.language
        let body = Highlighter.highlight(code, language: language) ?? escapeHTML(code)
        var html = "<figure class=\"code-block\">"
        if let title = info.title {
            html += "<figcaption class=\"code-title\">\(escapeHTML(title))</figcaption>"
        }
        html += "<div class=\"code-bar\">"
        if !language.isEmpty {
            html += "<span class=\"code-language\">\(escapeHTML(languageNames[language.lowercased()] ?? language))</span>"
        }
        html += "<button type=\"button\" class=\"code-copy\" hidden>Copy</button></div>"
        html += "<pre tabindex=\"0\""
        if info.lineNumbers { html += " class=\"numbered\"" }
        html += "><code"
        if !language.isEmpty { html += " class=\"language-\(escapeHTML(language))\"" }
        html += ">"
        if info.lineNumbers || !info.highlightedLines.isEmpty {
            for (number, line) in splitLines(body).enumerated() {
                let marked = info.highlightedLines.contains(number + 1)
                html += marked ? "<span class=\"line hl-line\">" : "<span class=\"line\">"
                html += line
                html += "</span>\n"
            }
        } else {
            html += body
        }
        html += "</code></pre></figure>\n"
        return html
    }

    /// Splits highlighted HTML into lines, closing the spans open at each line's end and opening them again on
    /// the next, so that every line is well-formed on its own. The final line break (cmark keeps one) makes no
    /// empty line.
    static func splitLines(_ html: String) -> [String] {
        var lines: [String] = []
        var open: [Substring] = []
        var current = ""
        var rest = Substring(html)
        if rest.hasSuffix("\n") { rest = rest.dropLast() }
        while let index = rest.firstIndex(where: { $0 == "<" || $0 == "\n" }) {
            current += rest[..<index]
            if rest[index] == "\n" {
                current += String(repeating: "</span>", count: open.count)
                lines.append(current)
                current = open.joined()
                rest = rest[rest.index(after: index)...]
                continue
            }
            guard let end = rest[index...].firstIndex(of: ">") else { break }
            let tag = rest[index...end]
            if tag.hasPrefix("</") {
                if !open.isEmpty { open.removeLast() }
            } else {
                open.append(tag)
            }
            current += tag
            rest = rest[rest.index(after: end)...]
        }
        current += rest
        lines.append(current)
        return lines
    }
}
