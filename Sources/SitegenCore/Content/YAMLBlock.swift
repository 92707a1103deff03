import Yams

/// A parsed YAML mapping (front matter or `site.yml`) whose keys remember where they were written.
struct YAMLBlock {
    /// One key of the mapping with its value and position in the file.
    struct Entry {
        var key: String
        var node: Node
        var line: Int
        var column: Int
    }

    private(set) var entries: [String: Entry] = [:]
    /// Keys in the order written.
    private(set) var keys: [String] = []

    /// Parses `text`, which starts on `firstLine` of the file at `path`.
    /// - Returns: The mapping, or `nil` with the diagnostics that say why not.
    static func parse(_ text: String, path: String, firstLine: Int) -> (YAMLBlock?, [Diagnostic]) {
        let lineOffset = firstLine - 1
        if let problem = boundsProblem(text) {
            return (nil, [.error(path, firstLine, 1, problem)])
        }
        let node: Node?
        do {
            // The encoding is named: Yams' default reads the whole environment on every call to pick it. The
            // resolver has no rules: the default's regular expressions (seven per key, run when the composer hashes
            // keys to find duplicates) were a fifth of the front matter's time, and sitegen types each value
            // itself from its style and text (``Entry/templateValue``), never from a resolved tag.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, path: path, lineOffset: lineOffset)])
        } catch {
            return (nil, [.error(path, firstLine, 1, "invalid YAML: \(error)")])
        }
        guard let node else { return (YAMLBlock(), []) }
        let budget = Limits.yamlNodesFixed + Limits.yamlNodesPerByte * text.utf8.count
        var sizes: [String: Int] = [:]
        if expandedSize(of: node, budget: budget, anchored: &sizes) > budget {
            return (
                nil,
                [
                    .error(
                        path, firstLine, 1,
                        "YAML aliases (`*name`) expand this block to more than \(budget) values; write the values out instead")
                ]
            )
        }
        guard case .mapping(let mapping) = node else {
            let line = (node.mark?.line ?? 1) + lineOffset
            return (nil, [.error(path, line, node.mark?.column ?? 1, "expected `key: value` lines, found a \(describe(node))")])
        }
        var block = YAMLBlock()
        var diagnostics: [Diagnostic] = []
        for (keyNode, value) in mapping {
            let key = (keyNode.string ?? "").trimmingWhitespace()
            let line = (keyNode.mark?.line ?? 1) + lineOffset
            let column = keyNode.mark?.column ?? 1
            if block.entries[key] != nil {
                diagnostics.append(.error(path, line, column, "`\(key)` is set twice; keep one"))
                continue
            }
            block.keys.append(key)
            block.entries[key] = Entry(key: key, node: value, line: line, column: column)
        }
        return (block, diagnostics)
    }

    subscript(key: String) -> Entry? { entries[key] }

    /// Why `text` is refused before parsing: too large, or nested deeper than ``Limits/yamlDepth`` (which the
    /// recursive composer would pay for in stack). The depth is over-estimated from each line's indentation,
    /// leading `- ` items and open `[`/`{` brackets, on bytes.
    static func boundsProblem(_ text: String) -> String? {
        if text.utf8.count > Limits.frontMatterBytes {
            return "this YAML is \(text.utf8.count) bytes; at most \(Limits.frontMatterBytes) are read"
        }
        var flowDepth = 0
        var atLineStart = true
        var lineDepth = 0
        var quote: UInt8? = nil
        var previous: UInt8 = 0x0A
        var lastSignificant: UInt8 = 0x0A
        var aliasOpen = false
        for byte in text.utf8 {
            defer { previous = byte }
            if byte == 0x0A {
                atLineStart = true
                lineDepth = 0
                quote = nil
                aliasOpen = false
                lastSignificant = byte
                continue
            }
            if atLineStart {
                if byte == 0x20 || byte == UInt8(ascii: "-") || byte == 0x09 {
                    lineDepth += 1
                    if lineDepth + flowDepth > Limits.yamlDepth { return depthProblem }
                    continue
                }
                atLineStart = false
            }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            // Quotes and comments count only where a token can start, so that `don't` or `C#` open nothing.
            let tokenStart: Bool
            switch previous {
            case 0x20, 0x09, 0x0A, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "-"):
                tokenStart = true
            default:
                tokenStart = false
            }
            // A key that is not a plain value (an alias, a list, a mapping, or `? key`) is refused: the YAML
            // library compares keys by their whole expanded value, which aliases make exponential.
            if byte == UInt8(ascii: "*"), tokenStart { aliasOpen = true }
            if byte == UInt8(ascii: "?"), tokenStart { return complexKeyProblem }
            if byte == UInt8(ascii: ":"), aliasOpen || lastSignificant == UInt8(ascii: "]") || lastSignificant == UInt8(ascii: "}") {
                return complexKeyProblem
            }
            if byte == 0x20 || byte == 0x09 { continue }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { aliasOpen = false }
            lastSignificant = byte
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"),
                UInt8(ascii: "#") where tokenStart:
                quote = byte == UInt8(ascii: "#") ? 0x0A : byte
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                if lineDepth + flowDepth > Limits.yamlDepth { return depthProblem }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): flowDepth = max(0, flowDepth - 1)
            default: break
            }
        }
        return nil
    }

    private static let complexKeyProblem =
        "only plain text can be a key here: an alias (`*name`), a list, a mapping or `? key` as a key is not supported"

    private static let depthProblem =
        "this YAML nests lists and mappings (or indents) more than \(Limits.yamlDepth) levels deep; flatten it"

    /// How many values `node` stands for once every alias is expanded, counting no further than `budget`;
    /// anchored nodes are counted once, by position, so the count is linear in the composed tree.
    static func expandedSize(of node: Node, budget: Int, anchored sizes: inout [String: Int]) -> Int {
        let key = node.anchor != nil ? node.mark.map { "\($0.line):\($0.column)" } : nil
        if let key, let known = sizes[key] { return known }
        var total = 1
        switch node {
        case .scalar, .alias:
            break
        case .sequence(let sequence):
            for child in sequence where total <= budget {
                total += expandedSize(of: child, budget: budget, anchored: &sizes)
            }
        case .mapping(let mapping):
            for (key, value) in mapping where total <= budget {
                total += expandedSize(of: key, budget: budget, anchored: &sizes)
                total += expandedSize(of: value, budget: budget, anchored: &sizes)
            }
        }
        if let key { sizes[key] = total }
        return total
    }

    private static func diagnostic(for error: YamlError, path: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // An unclosed list or quote is noticed where the file ends; the context says where it opened.
            guard let context else {
                return .error(path, mark.line + lineOffset, mark.column, "invalid YAML: \(problem)")
            }
            return .error(
                path, context.mark.line + lineOffset, context.mark.column,
                "invalid YAML: \(problem) \(context.text) that starts here")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                path, context.mark.line + lineOffset, context.mark.column,
                "invalid YAML: duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return .error(path, lineOffset + 1, 1, "invalid YAML: \(error)")
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar: return "single value"
        case .sequence: return "list"
        case .mapping: return "mapping"
        case .alias: return "alias"
        }
    }
}

extension YAMLBlock.Entry {
    /// The value as trimmed text, when it is a single value.
    var text: String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string.trimmingWhitespace()
    }

    /// The value as a boolean, when it is one.
    var bool: Bool? { node.bool }

    /// The value as a list of trimmed strings: a YAML list, or one comma-separated string.
    var stringList: [String]? {
        switch node {
        case .scalar(let scalar):
            return scalar.string.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return nil }
                let text = scalar.string.trimmingWhitespace()
                if !text.isEmpty { items.append(text) }
            }
            return items
        default:
            return nil
        }
    }

    /// The value as a template value, scalars resolved as YAML does (numbers, booleans, null).
    var templateValue: TemplateValue { Self.templateValue(of: node) }

    static func templateValue(of node: Node) -> TemplateValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return .null }
                if let value = node.bool { return .bool(value) }
                if let value = node.int { return .int(value) }
                if let value = node.float { return .double(value) }
            }
            return .string(scalar.string.trimmingWhitespace())
        case .sequence(let sequence):
            return .list(sequence.map(templateValue(of:)))
        case .mapping(let mapping):
            var fields: [String: TemplateValue] = [:]
            for (key, value) in mapping { fields[key.string ?? ""] = templateValue(of: value) }
            return .object(fields)
        case .alias:
            return .null
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        if start == bytes.startIndex, end == bytes.endIndex { return self }
        return String(self[start..<end])
    }
}
