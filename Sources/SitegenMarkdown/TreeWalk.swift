import Foundation

/// Collects, in one pass over the tree, what rendering needs: headings, links, `<!--more-->` markers and text.
struct TreeWalk {
    let lineOffset: Int
    /// Whether raw HTML is left out, and so worth a notice.
    let notesRawHTML: Bool
    /// Whether code spans that ``MathSpans`` made are math.
    let math: Bool
    /// The math of the body, with the code span each was protected in.
    var formulas: [(MarkdownNode, Formula)] = []
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
    var headings: [(MarkdownNode, Int, String)] = []
    /// The links and images of the body, outside image descriptions.
    var links: [(MarkdownNode, LinkReference)] = []
    /// How many images the walk is inside.
    private var imageDepth = 0
    var moreMarkers: [MarkdownNode] = []
    var codeBlocks: [MarkdownNode] = []
    var plainText: [UInt8] = []
    var textBeforeMore: String?
    var firstTopLevelParagraph: String?

    init(lineOffset: Int, notesRawHTML: Bool, math: Bool) {
        self.lineOffset = lineOffset
        self.notesRawHTML = notesRawHTML
        self.math = math
    }

    mutating func run(_ document: MarkdownNode) {
        var headingStart: Int?
        var paragraphStart: Int?
        document.walk { node, entering in
            let kind = node.kind
            switch kind {
            case .text:
                appendLiteral(of: node, toProse: true)
            case .code:
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
            case .htmlInline:
                noteRawHTML(node)
            case .softBreak, .lineBreak:
                plainText.append(UInt8(ascii: " "))
                prose.append(0x0A)
            case .codeBlock:
                codeBlocks.append(node)
                appendLiteral(of: node)
                plainText.append(UInt8(ascii: "\n"))
            case .htmlBlock:
                if isMoreMarker(node) {
                    if textBeforeMore == nil { textBeforeMore = String(decoding: plainText, as: UTF8.self).trimmed() }
                    moreMarkers.append(node)
                } else {
                    noteRawHTML(node)
                }
            case .heading:
                if entering {
                    headingStart = plainText.count
                    startProse(node)
                } else if let start = headingStart {
                    noteTemplateSyntax()
                    let text = String(decoding: plainText[start...], as: UTF8.self).trimmed()
                    headings.append((node, node.headingLevel, text))
                    plainText.append(UInt8(ascii: "\n"))
                    headingStart = nil
                }
            case .paragraph:
                if entering {
                    paragraphStart = plainText.count
                    startProse(node)
                } else {
                    noteTemplateSyntax()
                    // Only the first top-level paragraph with text is kept: no other paragraph's text is decoded.
                    if let start = paragraphStart, firstTopLevelParagraph == nil, node.parent?.kind == .document {
                        let text = String(decoding: plainText[start...], as: UTF8.self).trimmed()
                        if !text.isEmpty { firstTopLevelParagraph = text }
                    }
                    paragraphStart = nil
                    plainText.append(UInt8(ascii: "\n"))
                }
            case .link, .image:
                // Links and images inside an image's description are only its alt text, as cmark renders them.
                if entering, imageDepth == 0, let url = node.url {
                    links.append((node, reference(to: url, at: node, image: kind == .image)))
                }
                if kind == .image { imageDepth += entering ? 1 : -1 }
            case .document, .blockQuote, .other:
                if !entering, node.typeName == "table_cell" {
                    plainText.append(UInt8(ascii: " "))
                } else if !entering, node.firstChild != nil, node.isBlock {
                    plainText.append(UInt8(ascii: "\n"))
                }
            }
            return true
        }
    }

    private mutating func appendLiteral(of node: MarkdownNode, toProse: Bool = false) {
        node.withLiteralBytes { text in
            plainText.append(contentsOf: text)
            if toProse { prose.append(contentsOf: text) }
        }
    }

    /// The text of a published HTML block, without its tags and comments, so that a post written in HTML has a
    /// summary, a word count and search text.
    private mutating func appendText(ofHTML node: MarkdownNode) {
        var tag: [UInt8]?
        node.withLiteralBytes { bytes in
            for byte in bytes {
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

    private mutating func startProse(_ node: MarkdownNode) {
        prose.removeAll(keepingCapacity: true)
        proseLine = node.startLine + lineOffset
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
    private mutating func noteRawHTML(_ node: MarkdownNode) {
        guard notesRawHTML else {
            guard let literal = node.literal else { return }
            if node.kind == .htmlBlock { appendText(ofHTML: node) }
            let start = reference(to: "", at: node, image: false)
            for attribute in HTMLAttributes.links(in: Array(literal.utf8)) {
                rawHTMLLinks.append(
                    LinkReference(
                        destination: attribute.value, line: start.line + attribute.line,
                        column: attribute.line == 0 ? start.column + attribute.column : attribute.column + 1,
                        isImage: attribute.name == "src", isRawHTML: true))
            }
            return
        }
        guard !notices.contains(where: { $0.kind == .rawHTMLOmitted }),
            let literal = node.literal, !literal.hasPrefix("<!--")
        else { return }
        let place = reference(to: "", at: node, image: false)
        notices.append(MarkdownNotice(kind: .rawHTMLOmitted, line: place.line, column: place.column))
    }

    private func reference(to destination: String, at node: MarkdownNode, image: Bool) -> LinkReference {
        var line = node.startLine
        var column = node.startColumn
        if line == 0, let parent = node.parent {
            line = parent.startLine
            column = parent.startColumn
        }
        return LinkReference(
            destination: destination, line: line + lineOffset, column: max(column, 1), isImage: image)
    }

    private func isMoreMarker(_ node: MarkdownNode) -> Bool {
        guard let literal = node.literal else { return false }
        let compact = literal.utf8.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }
        return compact.elementsEqual("<!--more-->".utf8)
    }
}

extension Formula {
    /// The formula a code span holds when ``MathSpans`` made it; `nil` for any other code span.
    fileprivate init?(protectedLiteral node: MarkdownNode, line: Int) {
        guard let literal = node.literalPointer, literal.pointee == CChar(bitPattern: 0xEE) else { return nil }
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
func inlineText(of node: MarkdownNode, html: Bool = false) -> String {
    var bytes: [UInt8] = []
    node.walk { child, entering in
        guard entering else { return true }
        let kind = child.kind
        if kind == .code, let formula = Formula(protectedLiteral: child, line: 0) {
            bytes.append(contentsOf: formula.tex.utf8)
        } else if kind == .text || kind == .code || (html && kind == .htmlInline) {
            child.withLiteralBytes { bytes.append(contentsOf: $0) }
        } else if kind == .softBreak || kind == .lineBreak {
            bytes.append(UInt8(ascii: " "))
        }
        return true
    }
    return String(decoding: bytes, as: UTF8.self)
}
