import CCmarkGFM
import Dispatch
import SitegenHighlight
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Renders GitHub-flavoured markdown to HTML through cmark-gfm. This is the only file that calls the C library.
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
public struct MarkdownRenderer: Sendable {
    /// The switches this renderer was made with.
    public let options: MarkdownOptions

    /// The GFM extensions every parser gets.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Registers the core extensions and fixes the inline tables once, before any parser exists (`static let`
    /// runs it exactly once); `true` when parses may run at once.
    static let parsesRunTogether: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return fixExtensionCharacters()
    }()

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

    /// The version of the cmark-gfm library linked in, such as `0.29.0.gfm.6`.
    public static var cmarkVersion: String { String(cString: cmark_version_string()) }

    /// Creates a renderer.
    public init(options: MarkdownOptions = MarkdownOptions()) {
        _ = Self.parsesRunTogether
        self.options = options
    }

    var cmarkOptions: Int32 {
        var value = CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        if options.smartPunctuation { value |= CMARK_OPT_SMART }
        if options.allowRawHTML { value |= CMARK_OPT_UNSAFE }
        return value
    }

    /// Renders one document.
    /// - Parameters:
    ///   - source: The markdown and its position in the file.
    ///   - path: The document's path, passed to `links`.
    ///   - links: Rewrites link destinations; `nil` keeps them all.
    public func render(_ source: MarkdownSource, path: String = "", links: (any LinkResolving)? = nil)
        -> RenderedMarkdown
    {
        let session = ParserSession(options: cmarkOptions, math: options.math)
        return session.render(source, path: path, links: links)
    }

    /// Renders many documents on every core; the result has the order of `sources`.
    /// - Parameters:
    ///   - sources: Each document with the path passed to `links`.
    ///   - links: Rewrites link destinations; `nil` keeps them all.
    public func renderAll(_ sources: [(source: MarkdownSource, path: String)], links: (any LinkResolving)? = nil)
        -> [RenderedMarkdown]
    {
        let (options, math) = (cmarkOptions, self.options.math)
        return concurrentMap(count: sources.count, state: { ParserSession(options: options, math: math) }) { session, index in
            session.render(sources[index].source, path: sources[index].path, links: links)
        }
    }

    /// A parser with the GFM extensions attached, reused for one document after another on one thread.
    private final class ParserSession {
        let parser: OpaquePointer
        let options: Int32
        /// Nodes taken out of the tree while one document is rendered. They are freed only once its HTML is
        /// written, so that no edit can reach a node that an earlier edit freed (an image inside an image's
        /// description, a link inside a replaced heading); each is the root of its own detached subtree.
        private var detached: Set<OpaquePointer> = []
        /// Whether `$…$`, `$$…$$` and ```` ```math ```` are math.
        let math: Bool

        init(options: Int32, math: Bool) {
            self.options = options
            self.math = math
            // cmark_parser_new only fails when malloc does, which Swift treats as fatal anyway.
            self.parser = cmark_parser_new(options)
            for name in MarkdownRenderer.extensionNames {
                if let syntax = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntax)
                }
            }
        }

        deinit { cmark_parser_free(parser) }

        func render(_ source: MarkdownSource, path: String, links: (any LinkResolving)?) -> RenderedMarkdown {
            var text = math ? MathSpans.protect(source.text) : source.text
            text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
                }
            }
            guard let document = MarkdownRenderer.finish(parser) else {
                return RenderedMarkdown(
                    html: "", extractedTitle: nil, headings: [], textBeforeMore: nil, firstParagraph: nil,
                    plainText: "", wordCount: 0, brokenLinks: [])
            }
            defer {
                for node in detached { cmark_node_free(node) }
                detached.removeAll(keepingCapacity: true)
                cmark_node_free(document)
            }

            let extractedTitle = applyTitlePolicy(source.titleHeading, to: document)
            applyAlerts(to: document)
            var walk = TreeWalk(lineOffset: source.firstLine - 1, notesRawHTML: options & CMARK_OPT_UNSAFE == 0, math: math)
            walk.run(document)

            var ids = HeadingIDs()
            var headings: [Heading] = []
            for (node, level, headingText) in walk.headings {
                let id = ids.makeID(for: headingText)
                headings.append(Heading(level: level, id: id, text: headingText))
                replaceHeading(node, level: level, id: id)
            }
            var brokenLinks: [BrokenLink] = []
            var resolvedLinks: [String: LinkResolution] = [:]
            if let links {
                for (node, reference) in walk.links {
                    let resolution = links.resolve(reference.destination, from: path)
                    resolvedLinks[reference.destination] = resolution
                    switch resolution {
                    case .keep: break
                    case .rewrite(let url): cmark_node_set_url(node, url)
                    case .broken(let message): brokenLinks.append(BrokenLink(link: reference, message: message))
                    }
                }
            }
            var features = walk.features
            // A video or post link alone in a top-level paragraph is an embed (see ``Embed``).
            for (node, reference) in walk.links where !reference.isImage {
                guard let paragraph = cmark_node_parent(node), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                    isAlone(node, in: paragraph), let container = cmark_node_parent(paragraph),
                    cmark_node_get_type(container) == CMARK_NODE_DOCUMENT,
                    let embed = Embed(url: cmark_node_get_url(node).map { String(cString: $0) } ?? reference.destination)
                else { continue }
                replace(paragraph, with: embed.html(title: inlineText(of: node).trimmed()), block: true)
                if embed.player != nil { features.insert(.embed) }
            }
            var formulas: [Formula] = []
            for (node, formula) in walk.formulas {
                formulas.append(formula)
                replace(node, with: formula.fallbackHTML, block: false)
            }
            for block in walk.codeBlocks {
                let (feature, formula) = renderCodeBlock(block, lineOffset: walk.lineOffset)
                features.insert(feature)
                if let formula { formulas.append(formula) }
            }
            var imageSizes: [String: ImageSize] = [:]
            var firstImage = true
            for (node, reference) in walk.links where reference.isImage {
                let (size, picture) = links?.image(reference.destination, from: path) ?? (nil, nil)
                if links != nil { imageSizes[reference.destination] = size ?? .unknown }
                renderImage(node, size: size, picture: picture, eager: firstImage)
                firstImage = false
            }
            for marker in walk.moreMarkers { detach(marker) }

            var html = ""
            if let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) {
                html = HTMLPolish.apply(to: String(cString: rendered))
                free(rendered)
            }
            let plain = walk.plainText.trimmed()
            return RenderedMarkdown(
                html: html,
                extractedTitle: extractedTitle,
                headings: headings,
                textBeforeMore: walk.textBeforeMore,
                firstParagraph: walk.firstTopLevelParagraph,
                plainText: plain,
                wordCount: countWords(plain),
                brokenLinks: brokenLinks,
                resolvedLinks: resolvedLinks,
                links: walk.links.map(\.1) + walk.rawHTMLLinks,
                notices: walk.notices.map { notice in notice.placed(in: source) },
                features: features, formulas: formulas, imageSizes: imageSizes)
        }

        /// Takes the title heading out of the tree where the policy says so; returns the extracted title.
        private func applyTitlePolicy(_ policy: TitleHeading, to document: OpaquePointer) -> String? {
            switch policy {
            case .keep:
                return nil
            case .extract:
                guard let heading = firstHeading(in: document) else { return nil }
                let title = inlineText(of: heading).trimmed()
                if cmark_node_first_child(document) == heading { detach(heading) }
                return title.isEmpty ? nil : title
            case .dropIfRepeats(let title):
                guard let first = cmark_node_first_child(document),
                    cmark_node_get_type(first) == CMARK_NODE_HEADING,
                    cmark_node_get_heading_level(first) == 1
                else { return nil }
                let wanted = comparable(title)
                if !wanted.isEmpty, comparable(inlineText(of: first)) == wanted { detach(first) }
                return nil
            }
        }

        private func comparable(_ text: String) -> String {
            text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        }

        private func firstHeading(in document: OpaquePointer) -> OpaquePointer? {
            guard let iterator = cmark_iter_new(document) else { return nil }
            defer { cmark_iter_free(iterator) }
            while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
                if let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_HEADING {
                    return node
                }
            }
            return nil
        }

        /// Whether `node` is all its paragraph holds, but for empty text (the autolink extension leaves some).
        private func isAlone(_ node: OpaquePointer, in paragraph: OpaquePointer) -> Bool {
            var child = cmark_node_first_child(paragraph)
            while let current = child {
                if current != node {
                    guard cmark_node_get_type(current) == CMARK_NODE_TEXT else { return false }
                    if let literal = cmark_node_get_literal(current), !String(cString: literal).allSatisfy({ $0 == " " || $0 == "\t" }) {
                        return false
                    }
                }
                child = cmark_node_next(current)
            }
            return true
        }

        /// Swaps a code block for a custom block with its HTML: a Mermaid diagram, display math, or code with its
        /// title, language, copy button and highlighting; returns what the page needs for it.
        private func renderCodeBlock(_ codeBlock: OpaquePointer, lineOffset: Int) -> (PageFeature, Formula?) {
            let info = CodeBlockInfo(cmark_node_get_fence_info(codeBlock).map { String(cString: $0) } ?? "")
            let code = cmark_node_get_literal(codeBlock).map { String(cString: $0) } ?? ""
            switch info.language.lowercased() {
            case "mermaid":
                replace(codeBlock, with: "<pre class=\"mermaid\">\(escapeHTML(code))</pre>\n", block: true)
                return (.mermaid, nil)
            case "math" where math:
                let line = Int(cmark_node_get_start_line(codeBlock)) + lineOffset
                let formula = Formula(tex: code.trimmed(), display: true, line: line)
                replace(codeBlock, with: "<p class=\"math-block\">\(formula.fallbackHTML)</p>\n", block: true)
                return (.math, formula)
            default:
                replace(codeBlock, with: CodeBlockHTML.render(code: code, info: info), block: true)
                return (.code, nil)
            }
        }

        /// Swaps a node for a custom node of the same kind (block or inline) that renders as `html`.
        private func replace(_ node: OpaquePointer, with html: String, block: Bool) {
            guard let custom = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else { return }
            cmark_node_set_on_enter(custom, html)
            cmark_node_set_on_exit(custom, "")
            replace(node, with: custom)
        }

        /// Puts `replacement` where `node` is; `node` is freed after rendering.
        private func replace(_ node: OpaquePointer, with replacement: OpaquePointer) {
            cmark_node_replace(node, replacement)
            detached.insert(node)
        }

        /// Takes `node` out of the tree; it is freed after rendering.
        private func detach(_ node: OpaquePointer) {
            cmark_node_unlink(node)
            detached.insert(node)
        }

        /// Renders an image with its intrinsic size (no layout shift when it loads), lazily unless it is the body's
        /// first, as a `picture` offering its resized copies when it has some, and as a `figure` with a caption when
        /// it has a title and its paragraph holds nothing else.
        private func renderImage(_ image: OpaquePointer, size: ImageSize?, picture: Picture?, eager: Bool) {
            var source = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
            // As cmark's own renderer does unless raw HTML is allowed: no script or local-file URLs.
            if options & CMARK_OPT_UNSAFE == 0, isDangerous(source) { source = "" }
            let title = cmark_node_get_title(image).map { String(cString: $0) } ?? ""
            var html = "<img src=\"\(escapeHref(picture?.src ?? source))\""
            if let picture { html += picture.srcsetAttributes }
            html += " alt=\"\(escapeHTML(inlineText(of: image, html: true)))\""
            if let size = picture?.size ?? size, size.width > 0, size.height > 0 {
                html += " width=\"\(size.width)\" height=\"\(size.height)\""
            }
            if !eager { html += " loading=\"lazy\"" }
            html += " decoding=\"async\""
            let figure =
                if let parent = cmark_node_parent(image), !title.isEmpty, cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH,
                    cmark_node_first_child(parent) == image, cmark_node_last_child(parent) == image
                {
                    parent
                } else { OpaquePointer?.none }
            if figure == nil, !title.isEmpty { html += " title=\"\(escapeHTML(title))\"" }
            html += ">"
            if let picture, !picture.sources.isEmpty { html = "<picture>" + picture.sourcesHTML + html + "</picture>" }
            if let figure {
                replace(figure, with: "<figure>\(html)<figcaption>\(escapeHTML(title))</figcaption></figure>\n", block: true)
            } else {
                replace(image, with: html, block: false)
            }
        }

        /// The kinds of GitHub's alerts, by the word after `[!`, with their titles.
        private static let alertTitles = [
            "NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution",
        ]

        /// Turns each top-level quote that opens with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
        /// `[!CAUTION]` on a line of its own into an alert, as GitHub renders it: a `div` with the kind's class and
        /// a titled first line, the quote's other content kept.
        private func applyAlerts(to document: OpaquePointer) {
            var block = cmark_node_first_child(document)
            while let quote = block {
                block = cmark_node_next(quote)
                guard cmark_node_get_type(quote) == CMARK_NODE_BLOCK_QUOTE, let paragraph = cmark_node_first_child(quote),
                    cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH
                else { continue }
                // The marker may be split over several text nodes (`[`, `!NOTE`, `]`); it ends at the line's end.
                var marker = ""
                var markerNodes: [OpaquePointer] = []
                var inline = cmark_node_first_child(paragraph)
                while let node = inline, cmark_node_get_type(node) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(node) {
                    marker += String(cString: literal)
                    markerNodes.append(node)
                    inline = cmark_node_next(node)
                }
                let trimmed = marker.trimmed()
                guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"),
                    let title = Self.alertTitles[String(trimmed.dropFirst(2).dropLast()).uppercased()],
                    inline.map({ [CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK].contains(cmark_node_get_type($0)) }) ?? true
                else { continue }
                if let lineBreak = inline { markerNodes.append(lineBreak) }
                for node in markerNodes { detach(node) }
                if cmark_node_first_child(paragraph) == nil { detach(paragraph) }
                guard let alert = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
                let kind = title.lowercased()
                cmark_node_set_on_enter(
                    alert,
                    "<div class=\"markdown-alert markdown-alert-\(kind)\" role=\"note\">\n<p class=\"markdown-alert-title\">\(title)</p>\n")
                cmark_node_set_on_exit(alert, "</div>\n")
                while let child = cmark_node_first_child(quote) { cmark_node_append_child(alert, child) }
                replace(quote, with: alert)
            }
        }

        /// Swaps a heading for a custom block that renders it with an id and a self-link, keeping its inlines.
        private func replaceHeading(_ heading: OpaquePointer, level: Int, id: String) {
            guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
            let escapedID = escapeHTML(id)
            cmark_node_set_on_enter(block, "<h\(level) id=\"\(escapedID)\">")
            cmark_node_set_on_exit(
                block,
                "<a class=\"anchor\" href=\"#\(escapedID)\" aria-label=\"Link to this section\">#</a></h\(level)>")
            while let child = cmark_node_first_child(heading) {
                cmark_node_append_child(block, child)
            }
            replace(heading, with: block)
        }
    }
}

/// Collects, in one pass over the tree, what rendering needs: headings, links, `<!--more-->` markers and text.
private struct TreeWalk {
    let lineOffset: Int
    /// Whether raw HTML is left out, and so worth a notice.
    let notesRawHTML: Bool
    /// Whether code spans that ``MathSpans`` made are math.
    let math: Bool
    /// The math of the body, with the code span each was protected in.
    var formulas: [(OpaquePointer, Formula)] = []
    /// What the body's page needs beyond the stylesheet.
    var features: Set<PageFeature> = []
    /// Template syntax left in prose and the first raw HTML left out;
    /// lines are the file's, columns still to be placed (see ``MarkdownNotice/placed(in:)``).
    var notices: [MarkdownNotice] = []
    /// The `href` and `src` values of raw HTML that is published (with `markdown.unsafe`), for `sitegen check`.
    var rawHTMLLinks: [LinkReference] = []
    /// The text of the paragraph or heading being walked, without code spans, for template syntax.
    private var prose: [UInt8] = []
    private var proseLine = 0
    var headings: [(OpaquePointer, Int, String)] = []
    /// The links and images of the body, outside image descriptions.
    var links: [(OpaquePointer, LinkReference)] = []
    /// How many images the walk is inside.
    private var imageDepth = 0
    var moreMarkers: [OpaquePointer] = []
    var codeBlocks: [OpaquePointer] = []
    var plainText: [UInt8] = []
    var textBeforeMore: String?
    var firstTopLevelParagraph: String?

    init(lineOffset: Int, notesRawHTML: Bool, math: Bool) {
        self.lineOffset = lineOffset
        self.notesRawHTML = notesRawHTML
        self.math = math
    }

    mutating func run(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var headingStart: Int?
        var paragraphStart: Int?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_TEXT:
                appendLiteral(of: node, toProse: true)
            case CMARK_NODE_CODE:
                if math, let formula = Formula(protectedLiteral: node, line: reference(to: "", at: node, image: false).line) {
                    // Inside an image's description, math is alt text: the image's node is rendered whole.
                    if imageDepth == 0 {
                        formulas.append((node, formula))
                        features.insert(.math)
                    }
                    plainText.append(contentsOf: formula.tex.utf8)
                } else {
                    appendLiteral(of: node)
                }
                prose.append(UInt8(ascii: " "))
            case CMARK_NODE_HTML_INLINE:
                noteRawHTML(node)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                plainText.append(UInt8(ascii: " "))
                prose.append(0x0A)
            case CMARK_NODE_CODE_BLOCK:
                codeBlocks.append(node)
                appendLiteral(of: node)
                plainText.append(UInt8(ascii: "\n"))
            case CMARK_NODE_HTML_BLOCK:
                if isMoreMarker(node) {
                    if textBeforeMore == nil { textBeforeMore = String(decoding: plainText, as: UTF8.self).trimmed() }
                    moreMarkers.append(node)
                } else {
                    noteRawHTML(node)
                }
            case CMARK_NODE_HEADING:
                if entering {
                    headingStart = plainText.count
                    startProse(node)
                } else if let start = headingStart {
                    noteTemplateSyntax()
                    let text = String(decoding: plainText[start...], as: UTF8.self).trimmed()
                    headings.append((node, Int(cmark_node_get_heading_level(node)), text))
                    plainText.append(UInt8(ascii: "\n"))
                    headingStart = nil
                }
            case CMARK_NODE_PARAGRAPH:
                if entering {
                    paragraphStart = plainText.count
                    startProse(node)
                } else {
                    noteTemplateSyntax()
                    if let start = paragraphStart {
                        let text = String(decoding: plainText[start...], as: UTF8.self).trimmed()
                        if !text.isEmpty {
                            if firstTopLevelParagraph == nil,
                                let parent = cmark_node_parent(node),
                                cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT
                            {
                                firstTopLevelParagraph = text
                            }
                        }
                    }
                    paragraphStart = nil
                    plainText.append(UInt8(ascii: "\n"))
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                // Links and images inside an image's description are only its alt text, as cmark renders them.
                if entering, imageDepth == 0, let url = cmark_node_get_url(node) {
                    links.append((node, reference(to: String(cString: url), at: node, image: type == CMARK_NODE_IMAGE)))
                }
                if type == CMARK_NODE_IMAGE { imageDepth += entering ? 1 : -1 }
            default:
                if !entering, (cmark_node_get_type_string(node).map { String(cString: $0) } ?? "") == "table_cell" {
                    plainText.append(UInt8(ascii: " "))
                } else if !entering, cmark_node_first_child(node) != nil, isBlock(type) {
                    plainText.append(UInt8(ascii: "\n"))
                }
            }
        }
    }

    private func isBlock(_ type: cmark_node_type) -> Bool {
        (Int32(type.rawValue) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK
    }

    private mutating func appendLiteral(of node: OpaquePointer, toProse: Bool = false) {
        guard let literal = cmark_node_get_literal(node) else { return }
        let count = strlen(literal)
        literal.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            let text = UnsafeBufferPointer(start: bytes, count: count)
            plainText.append(contentsOf: text)
            if toProse { prose.append(contentsOf: text) }
        }
    }

    /// The text of a published HTML block, without its tags and comments, so that a post written in HTML has a
    /// summary, a word count and search text.
    private mutating func appendText(ofHTML literal: UnsafePointer<CChar>) {
        let count = strlen(literal)
        var tag: [UInt8]?
        literal.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            for byte in UnsafeBufferPointer(start: bytes, count: count) {
                if byte == UInt8(ascii: "<") {
                    tag = []
                } else if byte == UInt8(ascii: ">"), let name = tag {
                    // A block element ends a run of text; an inline one (`em`, `a`) does not.
                    let bare = name.drop { $0 == UInt8(ascii: "/") }.prefix { $0 != 0x20 && $0 != UInt8(ascii: "/") }
                    if Self.blockTags.contains(String(decoding: bare, as: UTF8.self).lowercased()) { plainText.append(0x0A) }
                    tag = nil
                } else if tag != nil {
                    tag?.append(byte)
                } else {
                    plainText.append(byte)
                }
            }
        }
        plainText.append(0x0A)
    }

    private static let blockTags: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "section", "article",
        "figure", "figcaption", "blockquote", "pre", "header", "footer", "aside", "nav", "dt", "dd",
    ]

    private mutating func startProse(_ node: OpaquePointer) {
        prose.removeAll(keepingCapacity: true)
        proseLine = Int(cmark_node_get_start_line(node)) + lineOffset
    }

    /// Notes each template tag of the paragraph or heading just walked, on the line it is on.
    private mutating func noteTemplateSyntax() {
        guard prose.contains(UInt8(ascii: "{")) else { return }
        var start = 0
        while let (offset, tag) = TemplateSyntax.first(in: Array(prose[start...])) {
            let line = proseLine + prose[..<(start + offset)].count { $0 == 0x0A }
            notices.append(MarkdownNotice(kind: .templateSyntax(tag), line: line, column: 0))
            start += offset + 2
        }
    }

    /// Notes raw HTML that the renderer leaves out (the first of the document, comments aside), or, when it is
    /// published, the links and images it holds.
    private mutating func noteRawHTML(_ node: OpaquePointer) {
        guard notesRawHTML else {
            guard let literal = cmark_node_get_literal(node) else { return }
            if cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK { appendText(ofHTML: literal) }
            let start = reference(to: "", at: node, image: false)
            for attribute in HTMLAttributes.links(in: Array(String(cString: literal).utf8)) {
                rawHTMLLinks.append(
                    LinkReference(
                        destination: attribute.value, line: start.line + attribute.line,
                        column: attribute.line == 0 ? start.column + attribute.column : attribute.column + 1,
                        isImage: attribute.name == "src", isRawHTML: true))
            }
            return
        }
        guard !notices.contains(where: { $0.kind == .rawHTMLOmitted }),
            let literal = cmark_node_get_literal(node), !String(cString: literal).hasPrefix("<!--")
        else { return }
        let place = reference(to: "", at: node, image: false)
        notices.append(MarkdownNotice(kind: .rawHTMLOmitted, line: place.line, column: place.column))
    }

    private func reference(to destination: String, at node: OpaquePointer, image: Bool) -> LinkReference {
        var line = Int(cmark_node_get_start_line(node))
        var column = Int(cmark_node_get_start_column(node))
        if line == 0, let parent = cmark_node_parent(node) {
            line = Int(cmark_node_get_start_line(parent))
            column = Int(cmark_node_get_start_column(parent))
        }
        return LinkReference(
            destination: destination, line: line + lineOffset, column: max(column, 1), isImage: image)
    }

    private func isMoreMarker(_ node: OpaquePointer) -> Bool {
        guard let literal = cmark_node_get_literal(node) else { return false }
        let compact = String(cString: literal).utf8.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }
        return compact.elementsEqual("<!--more-->".utf8)
    }
}

extension Formula {
    /// The formula a code span holds when ``MathSpans`` made it; `nil` for any other code span.
    fileprivate init?(protectedLiteral node: OpaquePointer, line: Int) {
        guard let literal = cmark_node_get_literal(node), literal.pointee == CChar(bitPattern: 0xEE) else { return nil }
        let text = String(cString: literal)
        // By scalar: a TeX that opens with a combining mark would join the marker's Character.
        guard let marker = text.unicodeScalars.first.map(Character.init),
            marker == MathSpans.inlineMarker || marker == MathSpans.displayMarker
        else { return nil }
        self.init(tex: String(text.unicodeScalars.dropFirst()), display: marker == MathSpans.displayMarker, line: line)
    }
}

/// The plain text of a node's inline descendants; with `html`, raw inline HTML too, as cmark writes an image's
/// alt text.
private func inlineText(of node: OpaquePointer, html: Bool = false) -> String {
    guard let iterator = cmark_iter_new(node) else { return "" }
    defer { cmark_iter_free(iterator) }
    var bytes: [UInt8] = []
    while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
        guard let child = cmark_iter_get_node(iterator) else { continue }
        let type = cmark_node_get_type(child)
        if type == CMARK_NODE_CODE, let formula = Formula(protectedLiteral: child, line: 0) {
            bytes.append(contentsOf: formula.tex.utf8)
        } else if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || (html && type == CMARK_NODE_HTML_INLINE),
            let literal = cmark_node_get_literal(child)
        {
            bytes.append(contentsOf: String(cString: literal).utf8)
        } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
            bytes.append(UInt8(ascii: " "))
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Whether a URL is one cmark-gfm leaves out of safe output: `javascript:`, `vbscript:`, `file:`, and `data:`
/// other than PNG, GIF, JPEG and WebP images.
func isDangerous(_ url: String) -> Bool {
    let lowered = url.drop { $0 == " " }.prefix(16).lowercased()
    if lowered.hasPrefix("javascript:") || lowered.hasPrefix("vbscript:") || lowered.hasPrefix("file:") { return true }
    guard lowered.hasPrefix("data:") else { return false }
    let type = url.drop { $0 == " " }.dropFirst(5).prefix(10).lowercased()
    return !["image/png", "image/gif", "image/jpe", "image/web"].contains { type.hasPrefix($0) }
}

/// Counts words: runs of bytes other than spaces, tabs and line breaks.
public func countWords(_ text: String) -> Int {
    var count = 0
    var inWord = false
    for byte in text.utf8 {
        let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
        if isSpace {
            inWord = false
        } else if !inWord {
            inWord = true
            count += 1
        }
    }
    return count
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmed() -> String {
        let bytes = Array(utf8)
        return String(decoding: bytes.trimmingASCIIWhitespace(), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    func trimmed() -> String { String(decoding: trimmingASCIIWhitespace(), as: UTF8.self) }

    func trimmingASCIIWhitespace() -> ArraySlice<UInt8> { self[...].trimmingASCIIWhitespace() }
}

extension ArraySlice where Element == UInt8 {
    func trimmingASCIIWhitespace() -> ArraySlice<UInt8> {
        var start = startIndex
        var end = endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
        while start < end, isSpace(self[start]) { start += 1 }
        while end > start, isSpace(self[end - 1]) { end -= 1 }
        return self[start..<end]
    }
}

/// How many times libcmark-gfm called ``manageExtensionCharacters(_:_:)``: the start-up probe's evidence that
/// the stand-in is the function the library calls.
private let extensionCharacterCalls = Atomic<Int>(0)

/// sitegen's stand-in for libcmark-gfm's `cmark_manage_extensions_special_characters`, which each parse calls
/// to add its extensions' characters to the process-wide inline tables and to take them out again: the tables
/// already hold the characters of the extensions every sitegen parser has, so it leaves them unchanged (see
/// ``MarkdownRenderer``).
@_cdecl("cmark_manage_extensions_special_characters")
public func manageExtensionCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    extensionCharacterCalls.add(1, ordering: .relaxed)
}
