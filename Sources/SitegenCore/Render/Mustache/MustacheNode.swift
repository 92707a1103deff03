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

/// One piece of a compiled template.
indirect enum MustacheNode: Sendable {
    /// Bytes copied to the output as they are.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` and `{{&name}}`.
    case variable(MustachePath, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(MustachePath, [MustacheNode], inverted: Bool)
    /// `{{>name}}`, `{{>*name}}` (the name read from the context) or `{{<parent}}…{{/parent}}` with the blocks
    /// it overrides; `indentation` is put before every line the partial renders.
    case partial(name: String, dynamic: Bool, indentation: [UInt8], overrides: [String: [MustacheNode]]?)
    /// `{{$name}}default{{/name}}`: what a parent template lets its children override.
    case block(name: String, defaults: [MustacheNode], indentation: [UInt8])
    /// `{{% CONTENT_TYPE: TEXT }}`: how the rest of the template escapes variables.
    case escaping(MustacheEscaping)
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
