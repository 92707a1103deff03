import SitegenMarkdown

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    private init(nodes: [MustacheNode]) { self.nodes = nodes }

    /// The same template in memory of its own, no object shared with this one (``ThreadTemplates``).
    func separateCopy() -> CompiledTemplate { CompiledTemplate(nodes: nodes.map { $0.separateCopy() }) }

    /// Adds every name the template looks up in its values (each part of `a.b.c`, a dynamic partial's name) to
    /// `names`; `false` when it can show values without naming them (the `enumerated` and `sorted` transforms
    /// list an object's fields).
    func addNamesLookedUp(to names: inout Set<String>) -> Bool {
        var namesAll = true
        func visit(_ nodes: [MustacheNode]) {
            for node in nodes {
                names.formUnion(node.path.names)
                if node.path.transforms.contains(where: { $0 == "enumerated" || $0 == "sorted" }) { namesAll = false }
                if node.kind == .partial, node.dynamic { names.formUnion(node.name.split(separator: ".").map(String.init)) }
                visit(node.children)
                if let overrides = node.overrides { for blocks in overrides.values { visit(blocks) } }
            }
        }
        visit(nodes)
        return namesAll
    }
}

/// Each thread's own copy of a theme's templates. Rendering retains every node it walks and the arrays and
/// strings the nodes hold, and a retain writes the object's reference count: with one set of nodes shared,
/// two cores rendering pages at once kept taking the same cache lines from each other. At 100,000 posts a post
/// page took 60 µs on each of two cores and 29 µs on one; with a copy per thread each core's counts stay in its
/// own cache.
final class ThreadTemplates: Sendable {
    private let copies = Locked<[UInt: [String: CompiledTemplate]]>([:])
    /// Copies made at most: a long `serve` may see many short-lived threads, and past this many the others share
    /// the originals rather than each keeping a copy for as long as the theme lives.
    static let limit = 64

    /// The calling thread's copy of `templates`, made on its first call; `templates` themselves once
    /// ``limit`` threads have copies.
    func forCurrentThread(copying templates: [String: CompiledTemplate]) -> [String: CompiledTemplate] {
        #if canImport(Glibc)
            let thread = UInt(pthread_self())
        #else
            let thread = UInt(bitPattern: pthread_self())
        #endif
        return copies.withLock { copies in
            if let copy = copies[thread] { return copy }
            guard copies.count < Self.limit else { return templates }
            let copy = templates.mapValues { $0.separateCopy() }
            copies[thread] = copy
            return copy
        }
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

    /// The node and everything under it in new memory: new nodes, arrays and strings (``ThreadTemplates``).
    func separateCopy() -> MustacheNode {
        MustacheNode(
            kind: kind, bytes: bytes.separateCopy(), path: path.separateCopy(), name: name.separateCopy(),
            children: children.map { $0.separateCopy() },
            overrides: overrides.map { Dictionary(uniqueKeysWithValues: $0.map { ($0.separateCopy(), $1.map { $0.separateCopy() }) }) },
            escaped: escaped, inverted: inverted, dynamic: dynamic, escaping: escaping)
    }
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

    private init(start: Start, names: [String], transforms: [String]) {
        self.start = start
        self.names = names
        self.transforms = transforms
    }

    /// The path in new memory (``ThreadTemplates``).
    func separateCopy() -> MustachePath {
        MustachePath(start: start, names: names.map { $0.separateCopy() }, transforms: transforms.map { $0.separateCopy() })
    }

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

extension [UInt8] {
    /// The bytes in a buffer of their own (`Array(self)` would share this one).
    fileprivate func separateCopy() -> [UInt8] { withUnsafeBufferPointer { Array($0) } }
}

extension String {
    /// The string in storage of its own; a short one is stored inline and shares nothing anyway.
    fileprivate func separateCopy() -> String { String(decoding: Array(utf8).separateCopy(), as: UTF8.self) }
}
