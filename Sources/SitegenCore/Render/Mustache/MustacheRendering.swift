import Foundation
import SitegenMarkdown

/// Renders ``CompiledTemplate``s over a ``TemplateValue`` context into UTF-8 bytes: names are looked up in the
/// context's objects from the innermost outwards, as Mustache does, with no dynamic casts and no reflection.
struct MustacheRendering {
    /// Every template a partial or parent may name.
    let templates: [String: CompiledTemplate]
    /// What has been rendered so far.
    private(set) var output: [UInt8] = []
    /// The contexts, innermost last: the page's object, then each section's value.
    private var stack: [TemplateValue]
    /// Put before each line the current partial renders.
    private var indentation: [UInt8] = []
    /// The `{{$block}}` overrides of the parents being rendered; the outermost parent's win.
    private var overrides: [String: [MustacheNode]] = [:]
    /// How deep partials and parents are nested now, and how many more the page may render: past either, a
    /// partial renders as ``overflowMarker`` (``Limits/templateDepth``, ``Limits/partialsPerPage``).
    private var depth = 0
    private var partialsLeft = Limits.partialsPerPage
    /// The first stored text (a post's HTML in the spill file) that could not be read: the page fails with it.
    private let failures = ReadFailures()

    /// Why a stored text the page shows could not be read, if one could not; the page must not be published.
    var readFailure: SpillFile.ReadFailure? { failures.first }

    /// Where the renderer's functions, mutating or not, note the first stored text that could not be read.
    private final class ReadFailures {
        var first: SpillFile.ReadFailure?
    }

    /// What a partial nested too deep renders as, for the builder to find; a NUL byte never appears in a page
    /// otherwise, since cmark-gfm and the escaping both replace it.
    static let overflowMarker = "\u{0}sitegen-template-depth\u{0}"

    init(templates: [String: CompiledTemplate], context: TemplateValue, capacity: Int = 0) {
        self.templates = templates
        stack = [context]
        output.reserveCapacity(capacity)
    }

    /// Where a section's loop is: what `first()`, `last()`, `index()`, `even()` and `odd()` give.
    struct LoopPlace {
        var first: Bool
        var last: Bool
        var index: Int

        func transform(_ name: String) -> TemplateValue? {
            switch name {
            case "first": return .bool(first)
            case "last": return .bool(last)
            case "index": return .int(index)
            case "even": return .bool(index & 1 == 0)
            case "odd": return .bool(index & 1 == 1)
            default: return nil
            }
        }
    }

    /// Renders `nodes` in the current context.
    mutating func render(_ nodes: [MustacheNode], place: LoopPlace? = nil, escaping: MustacheEscaping = .html) {
        var escaping = escaping
        for node in nodes {
            switch node.kind {
            case .text:
                emit(node.bytes)
            case .variable:
                if let value = value(of: node, place) { emit(value, escaped: node.escaped && escaping == .html) }
            case .section:
                let value = value(of: node, place)
                if node.inverted {
                    if !(value?.isTruthy ?? false) { render(node.children, place: place, escaping: escaping) }
                } else if let value {
                    renderSection(value, node.children, place: place, escaping: escaping)
                }
            case .partial:
                var templateName = node.name
                if node.dynamic {
                    guard let named = resolve(MustachePath(node.name, transforms: []), place).flatMap(string(of:)) else { continue }
                    templateName = named
                }
                guard let template = templates[templateName] else { continue }
                guard depth < Limits.templateDepth, partialsLeft > 0 else {
                    emit(Self.overflowMarker.utf8)
                    continue
                }
                depth += 1
                partialsLeft -= 1
                let outerIndentation = indentation
                let outerOverrides = overrides
                indentation += node.bytes
                if let partialOverrides = node.overrides { overrides.merge(partialOverrides) { outer, _ in outer } }
                render(template.nodes)
                indentation = outerIndentation
                overrides = outerOverrides
                depth -= 1
            case .block:
                let outerIndentation = indentation
                indentation += node.bytes
                render(overrides[node.name] ?? node.children, escaping: escaping)
                indentation = outerIndentation
            case .escaping:
                escaping = node.escaping
            }
        }
    }

    /// A section over `value`: once per item of a list, once if true, once inside any other value.
    private mutating func renderSection(
        _ value: TemplateValue, _ children: [MustacheNode], place: LoopPlace?, escaping: MustacheEscaping
    ) {
        switch value {
        case .list(let items):
            for (index, item) in items.enumerated() {
                stack.append(item)
                render(children, place: LoopPlace(first: index == 0, last: index == items.count - 1, index: index), escaping: escaping)
                stack.removeLast()
            }
        case .bool(let isTrue):
            if isTrue { render(children, place: place, escaping: escaping) }
        case .hashed(let hashed):
            if case .object = hashed.value {
                stack.append(value)
                render(children, escaping: escaping)
                stack.removeLast()
            } else {
                renderSection(hashed.value, children, place: place, escaping: escaping)
            }
        case .null:
            break
        case .string, .storedText, .int, .double, .object:
            stack.append(value)
            render(children, escaping: escaping)
            stack.removeLast()
        }
    }

    // MARK: Looking up

    /// The value a variable or section node names here: by its ``MustacheNode/soleName`` when it has one.
    private func value(of node: MustacheNode, _ place: LoopPlace?) -> TemplateValue? {
        if let name = node.soleName { return climb(name).flatMap(Self.nonNull) }
        return resolve(node.path, place)
    }

    /// The value `path` names here, with its transforms applied; `nil` when there is none or it is null.
    private func resolve(_ path: MustachePath, _ place: LoopPlace?) -> TemplateValue? {
        var value: TemplateValue?
        var transforms = path.transforms[...]
        switch path.start {
        case .current:
            value = stack.last
        case .sequence:
            guard let place, let first = transforms.popFirst() else { return nil }
            value = place.transform(first)
        case .anchored:
            value = stack.last.flatMap { Self.walk($0, path.names[...]) }
        case .climbing:
            guard let first = path.names.first, let found = climb(first) else { return nil }
            value = Self.walk(found, path.names.dropFirst())
        }
        for transform in transforms {
            guard let current = value else { return nil }
            if case .storedText(let stored) = current {
                value = TemplateValue.string(read(stored)).transformed(transform)
            } else {
                value = current.transformed(transform)
            }
        }
        return value.flatMap(Self.nonNull)
    }

    /// The field `name` of the innermost context that has one, null or not.
    private func climb(_ name: String) -> TemplateValue? {
        var level = stack.count - 1
        while level >= 0 {
            if let child = stack[level].field(name) { return child }
            level -= 1
        }
        return nil
    }

    /// `value`, unless it is null.
    private static func nonNull(_ value: TemplateValue) -> TemplateValue? {
        if case .null = value { return nil }
        return value
    }

    /// The value reached from `value` through `names`, one field at a time.
    private static func walk(_ value: TemplateValue, _ names: ArraySlice<String>) -> TemplateValue? {
        var current = value
        for name in names {
            guard let child = current.field(name) else { return nil }
            current = child
        }
        return current
    }

    // MARK: Output

    /// Appends `bytes`, first putting the indentation at the start of a line.
    private mutating func emit<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        guard !bytes.isEmpty else { return }
        if !indentation.isEmpty, output.last == 0x0A { output.append(contentsOf: indentation) }
        output.append(contentsOf: bytes)
    }

    /// A stored text, read now; empty when it cannot be read, which fails the page (``readFailure``).
    private func read(_ stored: TemplateText) -> String {
        do {
            return try stored.read()
        } catch {
            if failures.first == nil { failures.first = error }
            return ""
        }
    }

    /// The string `value` holds, a stored one read now.
    private func string(of value: TemplateValue) -> String? {
        if case .storedText(let stored) = value { return read(stored) }
        return value.stringValue
    }

    /// Appends a variable's text, HTML-escaped when `escaped`.
    private mutating func emit(_ value: TemplateValue, escaped: Bool) {
        switch value {
        case .string(var text):
            text.withUTF8 { emit($0, escaped: escaped) }
        case .storedText(let stored):
            var text = read(stored)
            text.withUTF8 { emit($0, escaped: escaped) }
        case .int(let number): emit(String(number).utf8)
        case .double(let number):
            var text = String(describing: number)
            text.withUTF8 { emit($0, escaped: escaped) }
        case .bool(let isTrue): emit((isTrue ? "true" : "false").utf8)
        case .hashed(let hashed): emit(hashed.value, escaped: escaped)
        case .list, .object, .null: break
        }
    }

    private mutating func emit(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) {
        guard escaped else { return emit(bytes) }
        guard !bytes.isEmpty else { return }
        if !indentation.isEmpty, output.last == 0x0A { output.append(contentsOf: indentation) }
        appendEscapingHTML(bytes, to: &output)
    }
}

extension TemplateValue {
    /// The field `name` of an object; a field that is present but null is returned too, so that a lookup stops
    /// there instead of climbing to an outer object with a field of the same name.
    fileprivate func field(_ name: String) -> TemplateValue? {
        switch self {
        case .object(let fields): return fields[name]
        case .hashed(let hashed): return hashed.value.field(name)
        default: return nil
        }
    }

    /// Whether a section over this value renders: anything but false, null and an empty list.
    fileprivate var isTruthy: Bool {
        switch self {
        case .bool(let isTrue): return isTrue
        case .null: return false
        case .list(let items): return !items.isEmpty
        case .hashed(let hashed): return hashed.value.isTruthy
        default: return true
        }
    }

    /// swift-mustache's transforms: `empty`, `capitalized`, `lowercased`, `uppercased` and `reversed` of a string;
    /// `equalzero`, `plusone`, `minusone`, `even` and `odd` of an integer; `first`, `last`, `reversed`, `count` and
    /// `empty` of a list; `count`, `empty`, and `enumerated` or `sorted` (its `key`/`value` pairs by key) of an
    /// object. Any other is `nil`.
    fileprivate func transformed(_ name: String) -> TemplateValue? {
        switch self {
        case .string(let text): return Self.transform(text, name)
        case .hashed(let hashed): return hashed.value.transformed(name)
        case .int(let number):
            switch name {
            case "equalzero": return .bool(number == 0)
            case "plusone": return .int(number &+ 1)
            case "minusone": return .int(number &- 1)
            case "even": return .bool(number & 1 == 0)
            case "odd": return .bool(number & 1 == 1)
            default: return nil
            }
        case .list(let items):
            switch name {
            case "first": return items.first
            case "last": return items.last
            case "reversed": return .list(items.reversed())
            case "count": return .int(items.count)
            case "empty": return .bool(items.isEmpty)
            default: return nil
            }
        case .object(let fields):
            switch name {
            case "count": return .int(fields.count)
            case "empty": return .bool(fields.isEmpty)
            case "enumerated", "sorted":
                return .list(
                    fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
                        ["key": .string($0.key), "value": $0.value]
                    })
            default: return nil
            }
        // A stored text is read, and transformed as a string, by ``MustacheRendering/resolve(_:_:)``.
        case .bool, .double, .null, .storedText: return nil
        }
    }

    private static func transform(_ text: String, _ name: String) -> TemplateValue? {
        switch name {
        case "empty": return .bool(text.isEmpty)
        case "capitalized": return .string(text.capitalized)
        case "lowercased": return .string(text.lowercased())
        case "uppercased": return .string(text.uppercased())
        case "reversed": return .string(String(text.reversed()))
        default: return nil
        }
    }
}
