import CCmarkGFM
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The only file that calls libcmark-gfm: a parser with the GFM extensions (``MarkdownParser``) and the nodes of
/// the trees it makes (``MarkdownNode``), which the rest of the module reads and edits through them.
///
/// libcmark-gfm keeps process-wide inline-parsing tables (which bytes may start an inline: `SPECIAL_CHARS`,
/// `SKIP_CHARS`): every parse adds its extensions' characters to them before it parses inlines and takes them
/// out after, through `cmark_manage_extensions_special_characters`, so two parses at once race (one takes `~`
/// out while the other reads it). Every parser sitegen makes has the same extensions, so the tables may as well
/// hold their characters for good: at start-up they are added once, and sitegen's own
/// ``manageExtensionCharacters(_:_:)`` stands in for the library's function (the library calls it through its
/// symbol table, so the program's definition comes first) and changes nothing. Parses then run on every core,
/// each worker with a parser of its own reused across documents. Where the stand-in is not the one called (a
/// library that calls its own copy directly), a probe at start-up sees it and every `cmark_parser_finish`
/// waits for one lock instead.
final class MarkdownParser {
    private let parser: OpaquePointer
    /// The `CMARK_OPT_*` switches the parser was made with.
    let options: Int32

    /// The GFM extensions every parser gets.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// The switches of ``options``.
    static let footnotes = CMARK_OPT_FOOTNOTES
    static let tableStyleAttributes = CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
    static let smartPunctuation = CMARK_OPT_SMART
    static let unsafeHTML = CMARK_OPT_UNSAFE

    /// Registers the core extensions and fixes the inline tables once, before any parser exists (`static let`
    /// runs it exactly once); `true` when parses may run at once.
    static let parsesRunTogether: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return fixExtensionCharacters()
    }()

    /// The version of the cmark-gfm library linked in, such as `0.29.0.gfm.6`.
    static var version: String { String(cString: cmark_version_string()) }

    /// A parser with the GFM extensions attached, for one document after another on one thread.
    init(options: Int32) {
        _ = Self.parsesRunTogether
        self.options = options
        // cmark_parser_new only fails when malloc does, which Swift treats as fatal anyway.
        parser = cmark_parser_new(options)
        for name in Self.extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
    }

    deinit { cmark_parser_free(parser) }

    /// The tree of `text`, which the caller frees with ``MarkdownNode/free()``.
    func parse(_ text: inout String) -> MarkdownNode? {
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        return MarkdownNode(Self.finish(parser))
    }

    /// The HTML of `document` as cmark-gfm renders it.
    func html(of document: MarkdownNode) -> String {
        guard let rendered = cmark_render_html(document.pointer, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Adds the extensions' characters to the library's inline tables with the library's own function, then checks
    /// that a parse calls sitegen's stand-in instead, which leaves the tables as they are.
    private static func fixExtensionCharacters() -> Bool {
        typealias Manage = @convention(c) (OpaquePointer?, Int32) -> Void
        // RTLD_NEXT: the definition after the program's own, the library's.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "cmark_manage_extensions_special_characters")
        else { return false }
        let libraryManage = unsafeBitCast(symbol, to: Manage.self)
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return false }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        libraryManage(parser, 1)
        let before = extensionCharacterCalls.load(ordering: .relaxed)
        let probe = "~~gone~~ www.example.com"
        probe.utf8CString.withUnsafeBufferPointer { chars in
            if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count - 1) }
        }
        guard let document = cmark_parser_finish(parser) else { return false }
        defer { cmark_node_free(document) }
        let html = cmark_render_html(document, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser))
        defer { free(html) }
        let rendered = html.map { String(cString: $0) } ?? ""
        return extensionCharacterCalls.load(ordering: .relaxed) > before && rendered.contains("<del>gone</del>")
            && rendered.contains("href=\"http://www.example.com\"")
    }

    /// Serialises `cmark_parser_finish` when the inline tables could not be fixed.
    private static let finishLock = Mutex(())

    /// Runs `cmark_parser_finish`, under the process-wide lock unless the tables are fixed; the tree it returns
    /// is the caller's.
    private static func finish(_ parser: OpaquePointer) -> OpaquePointer? {
        if parsesRunTogether { return cmark_parser_finish(parser) }
        let address = finishLock.withLock { _ in UInt(bitPattern: cmark_parser_finish(parser)) }
        return OpaquePointer(bitPattern: address)
    }
}

/// A node of a cmark-gfm tree: what it is, its place in the tree, its text and attributes, and the edits
/// rendering makes. A node taken out of its tree stays allocated until ``free()``.
struct MarkdownNode: Hashable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    init?(_ pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    /// The kinds of node rendering looks at; any other is ``other``.
    enum Kind {
        case document, blockQuote, paragraph, heading, codeBlock, htmlBlock
        case text, code, htmlInline, softBreak, lineBreak, link, image
        case other
    }

    var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: .document
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_IMAGE: .image
        default: .other
        }
    }

    /// Whether the node is a block (a paragraph, a list, a table cell), not an inline.
    var isBlock: Bool { (Int32(cmark_node_get_type(pointer).rawValue) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK }

    /// The name of the node's type, such as `table_cell` for an extension's nodes.
    var typeName: String { cmark_node_get_type_string(pointer).map { String(cString: $0) } ?? "" }

    var parent: MarkdownNode? { MarkdownNode(cmark_node_parent(pointer)) }
    var firstChild: MarkdownNode? { MarkdownNode(cmark_node_first_child(pointer)) }
    var lastChild: MarkdownNode? { MarkdownNode(cmark_node_last_child(pointer)) }
    var next: MarkdownNode? { MarkdownNode(cmark_node_next(pointer)) }

    /// The text of a text, code, code block or HTML node, as the library keeps it.
    var literalPointer: UnsafePointer<CChar>? { cmark_node_get_literal(pointer) }
    var literal: String? { literalPointer.map { String(cString: $0) } }
    /// Calls `body` with the bytes of ``literal`` (none when the node has no text), without making a string.
    func withLiteralBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let literal = literalPointer else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let count = strlen(literal)
        return literal.withMemoryRebound(to: UInt8.self, capacity: count) { body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    var url: String? { cmark_node_get_url(pointer).map { String(cString: $0) } }
    var title: String? { cmark_node_get_title(pointer).map { String(cString: $0) } }
    var fenceInfo: String? { cmark_node_get_fence_info(pointer).map { String(cString: $0) } }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    /// 1-based, in the markdown the parser was given; 0 for a node the parser did not place (some inlines).
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }

    /// Sets a link's or image's destination.
    func setURL(_ url: String) { cmark_node_set_url(pointer, url) }

    /// A new node, in no tree, that renders as `enter`, then its children, then `exit`.
    static func custom(block: Bool, enter: String, exit: String = "") -> MarkdownNode? {
        guard let node = MarkdownNode(cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE)) else { return nil }
        cmark_node_set_on_enter(node.pointer, enter)
        cmark_node_set_on_exit(node.pointer, exit)
        return node
    }

    /// Puts `replacement` where this node is, which leaves the tree.
    func replace(with replacement: MarkdownNode) { cmark_node_replace(pointer, replacement.pointer) }

    /// Takes the node out of its tree.
    func unlink() { cmark_node_unlink(pointer) }

    /// Moves `child` (with its subtree) to the end of this node's children.
    func append(_ child: MarkdownNode) { cmark_node_append_child(pointer, child.pointer) }

    /// Frees the node and its subtree, which must be in no tree or be the document.
    func free() { cmark_node_free(pointer) }

    /// Calls `body` for the node and each of its descendants in document order: on entering each, and on
    /// leaving each container (any node but text, code, HTML, breaks and code blocks), until `body` returns
    /// `false`.
    func walk(_ body: (_ node: MarkdownNode, _ entering: Bool) -> Bool) {
        guard let iterator = cmark_iter_new(pointer) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return }
            guard let node = MarkdownNode(cmark_iter_get_node(iterator)) else { continue }
            guard body(node, event == CMARK_EVENT_ENTER) else { return }
        }
    }
}

/// How many times libcmark-gfm called ``manageExtensionCharacters(_:_:)``: the start-up probe's evidence that
/// the stand-in is the function the library calls.
private let extensionCharacterCalls = Atomic<Int>(0)

/// sitegen's stand-in for libcmark-gfm's `cmark_manage_extensions_special_characters`, which each parse calls
/// to add its extensions' characters to the process-wide inline tables and to take them out again: the tables
/// already hold the characters of the extensions every sitegen parser has, so it leaves them unchanged (see
/// ``MarkdownParser``).
@_cdecl("cmark_manage_extensions_special_characters")
public func manageExtensionCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    extensionCharacterCalls.add(1, ordering: .relaxed)
}
