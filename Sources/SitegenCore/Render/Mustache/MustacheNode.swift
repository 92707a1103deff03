/// A Mustache template compiled once into nodes that ``MustacheRendering`` walks over ``TemplateValue``s,
/// with no dynamic casts and no name splitting while a page renders.
///
/// The language is swift-mustache's, which sitegen used before: the Mustache spec (interpolation, sections,
/// inverted sections, comments, partials, set delimiters, inheritance, dynamic names) and swift-mustache's
/// transforms (`{{uppercased(title)}}`, `{{#first()}}`, …) and `{{% CONTENT_TYPE: TEXT }}`.
struct CompiledTemplate: Sendable {
    let nodes: [MustacheNode]

    /// Compiles `text`.
    /// - Throws: ``MustacheParser/Failure`` with the byte offset of the tag that does not parse.
    init(_ text: String) throws(MustacheParser.Failure) {
        var parser = MustacheParser(text)
        nodes = try parser.parseTemplate()
    }
}

/// One piece of a compiled template: a kind and the fields that kind uses.
///
/// A class, not an enum with payloads: Swift keeps an enum's case in the spare high bits of its payload's
/// pointers, which hides the nested nodes from LeakSanitizer's scan for pointers, so that a theme still alive
/// at exit was reported as leaked. A reference also makes walking the nodes one retain per node.
final class MustacheNode: Sendable {
    enum Kind: Sendable {
        /// ``bytes``, copied to the output as they are.
        case text
        /// `{{name}}` (``escaped``) or `{{{name}}}` and `{{&name}}`: the value at ``path``.
        case variable
        /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when ``inverted``: ``children`` for the value at ``path``.
        case section
        /// `{{>name}}`, `{{>*name}}` (``dynamic``: the name read from the context) or `{{<parent}}…{{/parent}}` with
        /// the blocks it ``overrides``; ``bytes`` are put before every line the partial renders.
        case partial
        /// `{{$name}}default{{/name}}`: what a parent template lets its children override, ``children`` by default,
        /// with ``bytes`` as indentation.
        case block
        /// `{{% CONTENT_TYPE: TEXT }}`: how the rest of the template escapes variables (``escaping``).
        case escaping
    }

    let kind: Kind
    let bytes: [UInt8]
    let path: MustachePath
    let name: String
    let children: [MustacheNode]
    let overrides: [String: [MustacheNode]]?
    let escaped: Bool
    let inverted: Bool
    let dynamic: Bool
    let escaping: MustacheEscaping
    /// The one name of a path that is nothing else (`{{title}}`, most tags), looked up without the path's arrays:
    /// reading those from a node retains them, a tenth of a page's rendering.
    let soleName: String?

    private init(
        kind: Kind, bytes: [UInt8] = [], path: MustachePath = MustachePath("", transforms: []), name: String = "",
        children: [MustacheNode] = [], overrides: [String: [MustacheNode]]? = nil, escaped: Bool = true,
        inverted: Bool = false, dynamic: Bool = false, escaping: MustacheEscaping = .html
    ) {
        self.kind = kind
        self.bytes = bytes
        self.path = path
        self.name = name
        self.children = children
        self.overrides = overrides
        self.escaped = escaped
        self.inverted = inverted
        self.dynamic = dynamic
        self.escaping = escaping
        soleName = path.start == .climbing && path.names.count == 1 && path.transforms.isEmpty ? path.names.first : nil
    }

    static func text(_ bytes: [UInt8]) -> MustacheNode { MustacheNode(kind: .text, bytes: bytes) }

    static func variable(_ path: MustachePath, escaped: Bool) -> MustacheNode {
        MustacheNode(kind: .variable, path: path, escaped: escaped)
    }

    static func section(_ path: MustachePath, _ children: [MustacheNode], inverted: Bool) -> MustacheNode {
        MustacheNode(kind: .section, path: path, children: children, inverted: inverted)
    }

    static func partial(name: String, dynamic: Bool, indentation: [UInt8], overrides: [String: [MustacheNode]]?) -> MustacheNode {
        MustacheNode(kind: .partial, bytes: indentation, name: name, overrides: overrides, dynamic: dynamic)
    }

    static func block(name: String, defaults: [MustacheNode], indentation: [UInt8]) -> MustacheNode {
        MustacheNode(kind: .block, bytes: indentation, name: name, children: defaults)
    }

    static func escaping(_ escaping: MustacheEscaping) -> MustacheNode { MustacheNode(kind: .escaping, escaping: escaping) }
}

/// How variables are escaped: HTML (the default) or not at all (`CONTENT_TYPE: TEXT`).
enum MustacheEscaping: Sendable {
    case html
    case none
}

/// The value a tag names, split once at compile time: `.`, `a.b.c`, `.a` (looked up in the innermost context
/// only) or `first()` (the position in the list being looped over), with its transforms.
struct MustachePath: Sendable {
    enum Start: Sendable {
        /// `.`: the innermost context.
        case current
        /// `name` and `a.b`: the first name is looked up from the innermost context outwards.
        case climbing
        /// `.a`: the first name is looked up in the innermost context only.
        case anchored
        /// `first()`, `index()`: the position in the list a section loops over.
        case sequence
    }

    let start: Start
    let names: [String]
    /// The transforms in the order they apply: `uppercased(reversed(name))` is `["reversed", "uppercased"]`.
    let transforms: [String]

    /// The path for a tag's `name` and the transforms written around it, outermost first.
    init(_ name: String, transforms written: [String]) {
        transforms = written.reversed()
        if name == "." || (name.isEmpty && written.isEmpty) {
            start = .current
            names = []
        } else if name.isEmpty {
            start = .sequence
            names = []
        } else {
            start = name.utf8.first == UInt8(ascii: ".") ? .anchored : .climbing
            names = name.split(separator: ".").map(String.init)
        }
    }
}
