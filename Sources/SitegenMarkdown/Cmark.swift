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
/// each worker with parsers of its own. Where the stand-in is not the one called (a
/// library that calls its own copy directly), a probe at start-up sees it and every `cmark_parser_finish`
/// waits for one lock instead.
///
/// Each document is parsed by a parser of its own whose memory comes from the worker's ``DocumentArena`` and is
/// given back at once when the document is done (``endDocument()``).
final class MarkdownParser {
    /// The parser of the document being rendered, from ``parse(_:)`` to ``endDocument()``.
    private var parser: OpaquePointer?
    private let arena = DocumentArena()
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

    /// The GFM extensions, looked up once.
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = extensionNames.compactMap { cmark_find_syntax_extension($0) }

    /// A parser with the GFM extensions attached, for one document after another on one thread.
    init(options: Int32) {
        _ = Self.parsesRunTogether
        self.options = options
    }

    deinit { endDocument() }

    /// The tree of `text`, which the caller frees with ``MarkdownNode/free()`` and then ends with
    /// ``endDocument()``, on this thread; its nodes and their texts live in this parser's arena until then.
    func parse(_ text: inout String) -> MarkdownNode? {
        endDocument()
        arena.enter()
        // cmark_parser_new_with_mem only fails when its allocator does, and the arena's falls back to malloc.
        guard let parser = cmark_parser_new_with_mem(options, DocumentArena.cmarkAllocator) else { return nil }
        self.parser = parser
        for syntax in Self.extensions { cmark_parser_attach_syntax_extension(parser, syntax) }
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        return MarkdownNode(Self.finish(parser))
    }

    /// The HTML of `document` as cmark-gfm renders it.
    func html(of document: MarkdownNode) -> String {
        guard let parser,
            let rendered = cmark_render_html_with_mem(
                document.pointer, options, cmark_parser_get_syntax_extensions(parser), DocumentArena.cmarkAllocator)
        else { return "" }
        defer { DocumentArena.cmarkAllocator.pointee.free(rendered) }
        return String(cString: rendered)
    }

    /// Gives back everything the document's parse and rendering took, once its nodes are freed.
    func endDocument() {
        if let parser { cmark_parser_free(parser) }
        parser = nil
        arena.leave()
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
    private static let finishLock = Locked(())

    /// Runs `cmark_parser_finish`, under the process-wide lock unless the tables are fixed; the tree it returns
    /// is the caller's.
    private static func finish(_ parser: OpaquePointer) -> OpaquePointer? {
        if parsesRunTogether { return cmark_parser_finish(parser) }
        let address = finishLock.withLock { _ in UInt(bitPattern: cmark_parser_finish(parser)) }
        return OpaquePointer(bitPattern: address)
    }
}

/// A bump allocator for one document's parse at a time: cmark-gfm's many small allocations (each node, each
/// buffer as it grows) take a few instructions here and are given back together when the document is done,
/// rather than going through malloc, whose free lists the long-lived results of thousands of documents
/// fragment (at 100,000 posts, malloc took twice the share of the markdown stage that it took at 10,000).
/// cmark-gfm's allocator functions take no context, so the thread's current arena is found through a
/// C thread-local (`sitegen_current_arena()`), set by ``enter()`` and cleared by ``leave()``.
final class DocumentArena {
    /// The arena's memory, where the C callbacks reach it without reference counting.
    private let state: UnsafeMutablePointer<State>

    private struct State {
        var block: UnsafeMutableRawPointer
        var capacity: Int
        var offset = 0
        /// Where the newest allocation's header is, so that growing it (a buffer appended to) extends it in place.
        var newest = -1
        /// Blocks filled before the current one, freed when the document is done.
        var filled: [UnsafeMutableRawPointer] = []
    }

    /// Each allocation starts with a header holding its size, which keeps the payload 16-byte aligned.
    private static let header = 16
    private static let blockSize = 64 * 1024
    /// A block that grew past this for a large document is not kept for the next.
    private static let largestKept = 4 * 1024 * 1024

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State(block: Self.systemAllocate(Self.blockSize), capacity: Self.blockSize))
    }

    deinit {
        leave()
        free(state.pointee.block)
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Makes this the arena of the calling thread's cmark-gfm allocations.
    func enter() { sitegen_set_current_arena(state) }

    /// Gives back every allocation at once, and leaves the thread without an arena.
    func leave() {
        for block in state.pointee.filled { free(block) }
        state.pointee.filled.removeAll()
        if state.pointee.capacity > Self.largestKept {
            free(state.pointee.block)
            state.pointee.block = Self.systemAllocate(Self.blockSize)
            state.pointee.capacity = Self.blockSize
        }
        state.pointee.offset = 0
        state.pointee.newest = -1
        if sitegen_current_arena() == UnsafeMutableRawPointer(state) { sitegen_set_current_arena(nil) }
    }

    /// A block from malloc. cmark-gfm's own allocator aborts when malloc fails, as Swift does, and so does this: a
    /// block is at most a few times the document, which is already in memory whole.
    private static func systemAllocate(_ size: Int) -> UnsafeMutableRawPointer {
        guard let block = malloc(size) else { fatalError("out of memory") }
        return block
    }

    private static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }

    private static func current() -> UnsafeMutablePointer<State>? {
        sitegen_current_arena()?.assumingMemoryBound(to: State.self)
    }

    private static func allocate(_ size: Int, in state: UnsafeMutablePointer<State>) -> UnsafeMutableRawPointer {
        let total = header + rounded(size)
        if state.pointee.offset + total > state.pointee.capacity {
            state.pointee.filled.append(state.pointee.block)
            let capacity = max(blockSize, total, min(state.pointee.capacity * 2, largestKept))
            state.pointee.block = systemAllocate(capacity)
            state.pointee.capacity = capacity
            state.pointee.offset = 0
        }
        let start = state.pointee.block + state.pointee.offset
        start.storeBytes(of: size, as: Int.self)
        state.pointee.newest = state.pointee.offset
        state.pointee.offset += total
        return start + header
    }

    private static func reallocate(_ pointer: UnsafeMutableRawPointer, _ size: Int, in state: UnsafeMutablePointer<State>)
        -> UnsafeMutableRawPointer
    {
        let start = pointer - header
        let old = start.load(as: Int.self)
        if size <= rounded(old) {
            start.storeBytes(of: size, as: Int.self)
            return pointer
        }
        if start == state.pointee.block + state.pointee.newest, state.pointee.newest + header + rounded(size) <= state.pointee.capacity {
            start.storeBytes(of: size, as: Int.self)
            state.pointee.offset = state.pointee.newest + header + rounded(size)
            return pointer
        }
        let moved = allocate(size, in: state)
        moved.copyMemory(from: pointer, byteCount: old)
        return moved
    }

    /// The allocator of every cmark-gfm parser and node: the thread's arena, or malloc's when the thread has
    /// none (never, when parses go through ``MarkdownParser``). cmark-gfm links only nodes made with the same
    /// allocator (the same pointer), so every node of a document, the custom nodes too, is made with this one.
    /// With `SITEGEN_CMARK_MALLOC` set it is cmark-gfm's own, malloc for each node, so that AddressSanitizer
    /// sees every node freed (`scripts/leak-check.sh` runs both).
    nonisolated(unsafe) static let cmarkAllocator: UnsafeMutablePointer<cmark_mem> = {
        if getenv("SITEGEN_CMARK_MALLOC") != nil { return cmark_get_default_mem_allocator() }
        let allocator = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        allocator.initialize(to: arenaFunctions)
        return allocator
    }()

    private static let arenaFunctions = cmark_mem(
        calloc: { count, size in
            guard let state = DocumentArena.current() else { return calloc(count, size) }
            let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            let pointer = DocumentArena.allocate(bytes, in: state)
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
            return pointer
        },
        realloc: { pointer, size in
            guard let state = DocumentArena.current() else { return realloc(pointer, size) }
            guard let pointer else { return DocumentArena.allocate(size, in: state) }
            return DocumentArena.reallocate(pointer, size, in: state)
        },
        free: { pointer in
            if DocumentArena.current() == nil { free(pointer) }
        })
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

    /// A new node, in no tree, that renders as `enter`, then its children, then `exit`; made in the document's
    /// arena, so only while a document is being rendered (``MarkdownParser/parse(_:)`` to
    /// ``MarkdownParser/endDocument()``).
    static func custom(block: Bool, enter: String, exit: String = "") -> MarkdownNode? {
        let type = block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE
        guard let node = MarkdownNode(cmark_node_new_with_mem(type, DocumentArena.cmarkAllocator)) else { return nil }
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
