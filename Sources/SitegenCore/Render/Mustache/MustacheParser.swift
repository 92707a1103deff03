import Foundation

/// Parses Mustache text into ``MustacheNode``s, over UTF-8 bytes, with the spec's rules for standalone lines:
/// a section, comment, partial, parent, block or delimiter tag alone on its line takes the line with it.
struct MustacheParser {
    /// Why a template does not parse, at a byte offset of its text.
    struct Failure: Error, Sendable {
        let offset: Int
        let message: String

        /// The 1-based line and column (in characters) of ``offset`` in `text`.
        func position(in text: String) -> (line: Int, column: Int) {
            var line = 1
            var column = 1
            for byte in text.utf8.prefix(offset) {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return (line, column)
        }
    }

    /// What a nested parse is inside of.
    private struct Scope {
        /// The name a closing tag must repeat, as written; `nil` at the top of the template.
        var section: String?
        /// Where the section's opening tag starts.
        var opening = 0
        /// Whether the parser stands at the start of a line (nothing but blanks before it). After a section, this
        /// is whether its opening tag stood alone, as in swift-mustache.
        var atLineStart = true
        /// Inside `{{<parent}}…{{/parent}}`, where `{{$block}}` defines an override instead of a default.
        var inParent = false
        /// Directly inside a parent tag, not inside one of its blocks.
        var parentTopLevel = false
        /// The indentation of a block definition's first line, taken off its following lines.
        var definitionIndent: Int?
    }

    /// A nested parse's result.
    private struct Parsed {
        var nodes: [MustacheNode] = []
        /// The blocks a parent's body defines, by name.
        var definitions: [String: [MustacheNode]] = [:]
    }

    private let bytes: [UInt8]
    private var position = 0
    private var open: [UInt8] = Array("{{".utf8)
    private var close: [UInt8] = Array("}}".utf8)
    /// How many sections, blocks and parents the parse is inside now.
    private var nesting = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The template's nodes.
    mutating func parseTemplate() throws(Failure) -> [MustacheNode] {
        var scope = Scope()
        return try parse(&scope).nodes
    }

    private mutating func parse(_ scope: inout Scope) throws(Failure) -> Parsed {
        let isNested = scope.section != nil
        if isNested {
            guard nesting < Limits.templateNesting else {
                throw Failure(
                    offset: scope.opening,
                    message: "sections, blocks and parents nest more than \(Limits.templateNesting) levels deep here")
            }
            nesting += 1
        }
        defer { if isNested { nesting -= 1 } }
        var parsed = Parsed()
        var blanks: ArraySlice<UInt8> = []
        func flushBlanks() {
            if !blanks.isEmpty { parsed.nodes.append(.text(Array(blanks))) }
            blanks = []
        }
        while position < bytes.count {
            if scope.atLineStart {
                let lineBlanks = readBlanks()
                if scope.inParent, !scope.parentTopLevel {
                    if let indent = scope.definitionIndent {
                        blanks = lineBlanks.dropFirst(indent)
                    } else {
                        scope.definitionIndent = lineBlanks.count
                    }
                } else {
                    blanks = lineBlanks
                }
            }
            let textStart = position
            var newline = 0
            while position < bytes.count {
                if bytes[position] == 0x0A {
                    newline = 1
                    break
                }
                if bytes[position] == 0x0D, position + 1 < bytes.count, bytes[position + 1] == 0x0A {
                    newline = 2
                    break
                }
                if starts(with: open) { break }
                position += 1
            }
            let text = bytes[textStart..<position]
            if newline > 0 {
                parsed.nodes.append(.text(Array(blanks) + text + bytes[position..<position + newline]))
                blanks = []
                position += newline
                scope.atLineStart = true
                continue
            }
            if !text.isEmpty {
                parsed.nodes.append(.text(Array(blanks) + text))
                blanks = []
                scope.atLineStart = false
            }
            guard position < bytes.count else { break }
            let tagStart = position
            position += open.count
            let sigil = position < bytes.count ? bytes[position] : 0
            var standalone = false
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                let (raw, name, transforms) = try readName()
                standalone = isStandalone(scope)
                if !standalone { flushBlanks() }
                blanks = []
                var inner = Scope(
                    section: raw, opening: tagStart, atLineStart: standalone, inParent: scope.inParent,
                    definitionIndent: scope.definitionIndent)
                let body = try parse(&inner)
                parsed.nodes.append(
                    .section(MustachePath(name, transforms: transforms), body.nodes, inverted: sigil == UInt8(ascii: "^")))
            case UInt8(ascii: "/"):
                position += 1
                let (raw, _, _) = try readName()
                guard raw == scope.section else {
                    throw Failure(
                        offset: tagStart,
                        message: scope.section.map { "this closing tag does not match the section `\($0)` that is open" }
                            ?? "this closing tag has no section to close")
                }
                if !isStandalone(scope) { flushBlanks() }
                return parsed
            case UInt8(ascii: "!"):
                position += 1
                guard let end = find(close) else {
                    throw Failure(offset: tagStart, message: "this comment is not closed with `\(spelled(close))`")
                }
                position = end + close.count
                standalone = isStandalone(scope)
                if !standalone { flushBlanks() }
            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                flushBlanks()
                position += 1
                let (_, name, transforms) = try readName(closingBrace: sigil == UInt8(ascii: "{"))
                parsed.nodes.append(.variable(MustachePath(name, transforms: transforms), escaped: false))
            case UInt8(ascii: ">"):
                position += 1
                skipWhitespace()
                let dynamic = position < bytes.count && bytes[position] == UInt8(ascii: "*")
                if dynamic { position += 1 }
                let name = try readPartialName()
                let indentation = Array(blanks)
                flushBlanks()
                standalone = isStandalone(scope)
                parsed.nodes.append(.partial(name: name, dynamic: dynamic, indentation: standalone ? indentation : [], overrides: nil))
            case UInt8(ascii: "<"):
                position += 1
                let raw = try readPartialName()
                let indentation = Array(blanks)
                flushBlanks()
                standalone = isStandalone(scope)
                var inner = Scope(section: raw, opening: tagStart, atLineStart: true, inParent: true, parentTopLevel: true)
                let body = try parse(&inner)
                let dynamic = raw.utf8.first == UInt8(ascii: "*")
                parsed.nodes.append(
                    .partial(
                        name: dynamic ? String(raw.dropFirst()) : raw, dynamic: dynamic, indentation: indentation,
                        overrides: body.definitions))
            case UInt8(ascii: "$"):
                position += 1
                let (_, name, transforms) = try readName()
                guard transforms.isEmpty else {
                    throw Failure(offset: tagStart, message: "transforms cannot be applied to `{{$block}}` sections")
                }
                let indentation = Array(blanks)
                if scope.parentTopLevel {
                    standalone = isStandalone(scope)
                    var inner = Scope(section: name, opening: tagStart, atLineStart: standalone, inParent: true)
                    let body = try parse(&inner)
                    parsed.definitions[name] = body.nodes
                } else {
                    flushBlanks()
                    standalone = isStandalone(scope)
                    var inner = Scope(
                        section: name, opening: tagStart, atLineStart: standalone, inParent: scope.inParent,
                        definitionIndent: scope.definitionIndent)
                    let body = try parse(&inner)
                    parsed.nodes.append(.block(name: name, defaults: body.nodes, indentation: indentation))
                }
                blanks = []
            case UInt8(ascii: "="):
                position += 1
                try readDelimiters(at: tagStart)
                standalone = isStandalone(scope)
                if !standalone { flushBlanks() }
            case UInt8(ascii: "%"):
                position += 1
                parsed.nodes.append(.escaping(try readPragma(at: tagStart)))
                standalone = isStandalone(scope)
                if !standalone { flushBlanks() }
            default:
                flushBlanks()
                let (_, name, transforms) = try readName()
                parsed.nodes.append(.variable(MustachePath(name, transforms: transforms), escaped: true))
            }
            blanks = []
            scope.atLineStart = standalone
            if scope.parentTopLevel, let node = parsed.nodes.last, !node.isText {
                throw Failure(
                    offset: tagStart, message: "inside `{{<parent}}…{{/parent}}` only `{{$block}}…{{/block}}` overrides may appear")
            }
        }
        flushBlanks()
        if let section = scope.section {
            throw Failure(offset: scope.opening, message: "the section `\(section)` is never closed; add its `{{/\(section)}}` tag")
        }
        return parsed
    }

    // MARK: Reading tags

    private static let nameBytes: [Bool] = {
        var allowed = [Bool](repeating: false, count: 256)
        for byte in "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()/".utf8 { allowed[Int(byte)] = true }
        return allowed
    }()

    /// Reads `name`, `name(arg)` or `a(b(name))` up to the closing delimiter.
    /// - Returns: The name as written, the innermost name, and the transforms outermost first.
    private mutating func readName(closingBrace: Bool = false) throws(Failure) -> (String, String, [String]) {
        skipWhitespace()
        let start = position
        while position < bytes.count, Self.nameBytes[Int(bytes[position])], bytes[position] != UInt8(ascii: "/") { position += 1 }
        let raw = String(decoding: bytes[start..<position], as: UTF8.self)
        skipWhitespace()
        if closingBrace {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else { throw unclosed(start) }
            position += 1
        }
        guard starts(with: close) else { throw unclosed(start) }
        position += close.count
        guard let open = raw.firstIndex(of: "(") else { return (raw, raw, []) }
        var transforms = [String(raw[..<open])]
        var rest = raw[raw.index(after: open)...]
        while let next = rest.firstIndex(where: { $0 == "(" || $0 == ")" }), rest[next] == "(" {
            transforms.append(String(rest[..<next]))
            rest = rest[rest.index(after: next)...]
        }
        guard let end = rest.firstIndex(of: ")") else { throw unclosed(start) }
        let name = String(rest[..<end])
        let closing = rest[end...]
        guard closing.count == transforms.count, closing.allSatisfy({ $0 == ")" }), !transforms.contains(where: \.isEmpty)
        else { throw unclosed(start) }
        return (raw, name, transforms)
    }

    /// Reads a partial's or parent's name (which may hold `/`) up to the closing delimiter.
    private mutating func readPartialName() throws(Failure) -> String {
        skipWhitespace()
        let start = position
        while position < bytes.count, Self.nameBytes[Int(bytes[position])] { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        skipWhitespace()
        guard starts(with: close) else { throw unclosed(start) }
        position += close.count
        return name
    }

    /// Reads `=<% %>=` after the opening delimiter and makes those the delimiters.
    private mutating func readDelimiters(at tagStart: Int) throws(Failure) {
        let invalid = Failure(offset: tagStart, message: "invalid `{{=… …=}}` delimiter tag")
        skipWhitespace()
        let openStart = position
        while position < bytes.count, !isWhitespace(bytes[position]) { position += 1 }
        let newOpen = Array(bytes[openStart..<position])
        skipWhitespace()
        let closeStart = position
        while position < bytes.count, !isWhitespace(bytes[position]), bytes[position] != UInt8(ascii: "=") { position += 1 }
        let newClose = Array(bytes[closeStart..<position])
        skipWhitespace()
        guard !newOpen.isEmpty, !newClose.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "=") else { throw invalid }
        position += 1
        guard starts(with: close) else { throw invalid }
        position += close.count
        open = newOpen
        close = newClose
    }

    /// Reads `% CONTENT_TYPE: TEXT` (or `HTML`).
    private mutating func readPragma(at tagStart: Int) throws(Failure) -> MustacheEscaping {
        guard let end = find(close) else { throw unclosed(tagStart) }
        let body = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + close.count
        let parts = body.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 2, parts[0] == "CONTENT_TYPE" else {
            throw Failure(offset: tagStart, message: "unknown `{{% … }}` setting; only `{{% CONTENT_TYPE: HTML }}` and `TEXT` exist")
        }
        switch parts[1] {
        case "HTML": return .html
        case "TEXT": return .none
        default: throw Failure(offset: tagStart, message: "unknown content type `\(parts[1])`; use `HTML` or `TEXT`")
        }
    }

    private func unclosed(_ offset: Int) -> Failure {
        Failure(offset: offset, message: "this tag is not closed with `\(spelled(close))`")
    }

    // MARK: Bytes

    /// Whether the tag just read stands alone on its line; if so, the rest of the line is skipped.
    private mutating func isStandalone(_ scope: Scope) -> Bool {
        guard scope.atLineStart else { return false }
        var end = position
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        if end == bytes.count {
            position = end
            return true
        }
        if bytes[end] == 0x0A {
            position = end + 1
            return true
        }
        if bytes[end] == 0x0D, end + 1 < bytes.count, bytes[end + 1] == 0x0A {
            position = end + 2
            return true
        }
        return false
    }

    private mutating func readBlanks() -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        return bytes[start..<position]
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func starts(with delimiter: [UInt8]) -> Bool { delimiter.matches(bytes, at: position) }

    /// The offset where `delimiter` next starts, from the current position.
    private func find(_ delimiter: [UInt8]) -> Int? {
        var index = position
        while index + delimiter.count <= bytes.count {
            if delimiter.matches(bytes, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func spelled(_ delimiter: [UInt8]) -> String { String(decoding: delimiter, as: UTF8.self) }
}

extension MustacheNode {
    fileprivate var isText: Bool { kind == .text }
}

extension [UInt8] {
    /// Whether these bytes stand in `text` at `offset`.
    fileprivate func matches(_ text: [UInt8], at offset: Int) -> Bool {
        guard offset + count <= text.count else { return false }
        for (index, byte) in enumerated() where text[offset + index] != byte { return false }
        return true
    }
}
