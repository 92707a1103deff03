/// The references between templates, and the cycles among them: a partial that includes itself (directly or
/// through others) or a base template that inherits itself. The renderer stops such recursion at
/// ``Limits/templateDepth``; each template on a cycle is reported then, with the cycle.
struct TemplateNesting {
    /// A reference to another template inside a template's text.
    struct Reference {
        /// `>` for a partial, `<` for a parent, `/` for the tag that closes a parent.
        var kind: UInt8
        var name: String
        var line: Int
        var column: Int
    }

    /// Each template on a cycle, with one cycle through it: `partials/a → partials/b → partials/a`.
    private(set) var cycles: [String: String] = [:]

    /// Every `{{> name}}`, `{{< name}}` and the `{{/name}}` that closes each parent, in order. A template that
    /// changes its delimiters (`{{=<% %>=}}`) is scanned only up to that tag.
    static func references(in text: String) -> [Reference] {
        let bytes = Array(text.utf8)
        var found: [Reference] = []
        var openSections: [(name: String, isParent: Bool)] = []
        var line = 1
        var lineStart = 0
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let sigil = bytes[index + 2]
            if sigil == UInt8(ascii: "=") { break }
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "}") && bytes[end + 1] == UInt8(ascii: "}")) {
                if bytes[end] == 0x0A {
                    line += 1
                    lineStart = end + 1
                }
                end += 1
            }
            if end + 1 >= bytes.count { end = bytes.count }  // an unclosed tag runs to the end of the text
            var nameStart = min(index + 3, end)
            var nameEnd = end
            while nameStart < nameEnd, bytes[nameStart] == 0x20 || bytes[nameStart] == 0x09 { nameStart += 1 }
            while nameEnd > nameStart, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            let column = index - lineStart + 1
            switch sigil {
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                if !name.isEmpty, !name.hasPrefix("*") {
                    found.append(Reference(kind: sigil, name: name, line: line, column: column))
                }
                if sigil == UInt8(ascii: "<") { openSections.append((name, true)) }
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                openSections.append((name, false))
            case UInt8(ascii: "/"):
                if let open = openSections.popLast(), open.isParent, !open.name.hasPrefix("*") {
                    found.append(Reference(kind: sigil, name: name, line: line, column: column))
                }
            default:
                break
            }
            index = end + 2
        }
        return found
    }

    /// Finds the cycles among `sources` (template text by name).
    init(sources: [String: String]) {
        let references = sources.mapValues { Self.references(in: $0) }
        let edges = references.mapValues { refs in Set(refs.filter { $0.kind != UInt8(ascii: "/") }.map(\.name)) }
        for name in sources.keys {
            if let cycle = Self.cycle(from: name, edges: edges) { cycles[name] = cycle }
        }
    }

    /// A path of references from `start` back to itself, as `a → b → a`, or `nil` when there is none.
    private static func cycle(from start: String, edges: [String: Set<String>]) -> String? {
        var parent: [String: String] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for next in (edges[current] ?? []).sorted() {
                if next == start {
                    var path = [current]
                    var node = current
                    while node != start, let previous = parent[node] {
                        path.append(previous)
                        node = previous
                    }
                    return (path.reversed() + [start]).joined(separator: " → ")
                }
                if parent[next] == nil, next != start {
                    parent[next] = current
                    queue.append(next)
                }
            }
        }
        return nil
    }
}
