import SitegenHighlight

/// The edits rendering makes to a document's tree: the title heading, alerts, headings with ids, code blocks,
/// images and the nodes replaced or taken out, which are freed once the document's HTML is written.
extension MarkdownRenderer.ParserSession {
    /// Takes the title heading out of the tree where the policy says so; returns the extracted title.
    func applyTitlePolicy(_ policy: TitleHeading, to document: MarkdownNode) -> String? {
        switch policy {
        case .keep:
            return nil
        case .extract:
            guard let heading = firstHeading(in: document) else { return nil }
            let title = inlineText(of: heading).trimmed()
            if document.firstChild == heading { detach(heading) }
            return title.isEmpty ? nil : title
        case .dropIfRepeats(let title):
            guard let first = document.firstChild, first.kind == .heading, first.headingLevel == 1 else { return nil }
            let wanted = comparable(title)
            if !wanted.isEmpty, comparable(inlineText(of: first)) == wanted { detach(first) }
            return nil
        }
    }

    func comparable(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    func firstHeading(in document: MarkdownNode) -> MarkdownNode? {
        var heading: MarkdownNode?
        document.walk { node, _ in
            if node.kind == .heading { heading = node }
            return heading == nil
        }
        return heading
    }

    /// Whether `node` is all its paragraph holds, but for empty text (the autolink extension leaves some).
    func isAlone(_ node: MarkdownNode, in paragraph: MarkdownNode) -> Bool {
        var child = paragraph.firstChild
        while let current = child {
            if current != node {
                guard current.kind == .text else { return false }
                if let literal = current.literal, !literal.allSatisfy({ $0 == " " || $0 == "\t" }) { return false }
            }
            child = current.next
        }
        return true
    }

    /// Swaps a code block for a custom block with its HTML: a Mermaid diagram, display math, or code with its
    /// title, language, copy button and highlighting; returns what the page needs for it.
    func renderCodeBlock(_ codeBlock: MarkdownNode, lineOffset: Int) -> (PageFeature, Formula?) {
        let info = CodeBlockInfo(codeBlock.fenceInfo ?? "")
        let code = codeBlock.literal ?? ""
        switch info.language.lowercased() {
        case "mermaid":
            replace(codeBlock, with: "<pre class=\"mermaid\">\(escapeHTML(code))</pre>\n", block: true)
            return (.mermaid, nil)
        case "math" where math:
            let line = codeBlock.startLine + lineOffset
            let formula = Formula(tex: code.trimmed(), display: true, line: line)
            replace(codeBlock, with: "<p class=\"math-block\">\(formula.fallbackHTML)</p>\n", block: true)
            return (.math, formula)
        default:
            replace(codeBlock, with: CodeBlockHTML.render(code: code, info: info), block: true)
            return (.code, nil)
        }
    }

    /// Swaps a node for a custom node of the same kind (block or inline) that renders as `html`.
    func replace(_ node: MarkdownNode, with html: String, block: Bool) {
        guard let custom = MarkdownNode.custom(block: block, enter: html) else { return }
        replace(node, with: custom)
    }

    /// Puts `replacement` where `node` is; `node` is freed after rendering.
    func replace(_ node: MarkdownNode, with replacement: MarkdownNode) {
        node.replace(with: replacement)
        detached.insert(node)
    }

    /// Takes `node` out of the tree; it is freed after rendering.
    func detach(_ node: MarkdownNode) {
        node.unlink()
        detached.insert(node)
    }

    /// Renders an image with its intrinsic size (no layout shift when it loads), lazily unless it is the body's
    /// first, as a `picture` offering its resized copies when it has some, and as a `figure` with a caption when
    /// it has a title and its paragraph holds nothing else.
    func renderImage(_ image: MarkdownNode, size: ImageSize?, picture: Picture?, eager: Bool) {
        var source = image.url ?? ""
        // As cmark's own renderer does unless raw HTML is allowed: no script or local-file URLs.
        if options & MarkdownParser.unsafeHTML == 0, isDangerous(source) { source = "" }
        let title = image.title ?? ""
        var html = "<img src=\"\(escapeHref(picture?.src ?? source))\""
        if let picture { html += picture.srcsetAttributes }
        html += " alt=\"\(escapeHTML(inlineText(of: image, html: true)))\""
        if let size = picture?.size ?? size, size.width > 0, size.height > 0 {
            html += " width=\"\(size.width)\" height=\"\(size.height)\""
        }
        if !eager { html += " loading=\"lazy\"" }
        html += " decoding=\"async\""
        let figure =
            if let parent = image.parent, !title.isEmpty, parent.kind == .paragraph, parent.firstChild == image,
                parent.lastChild == image
            {
                parent
            } else { MarkdownNode?.none }
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
    static let alertTitles = [
        "NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution",
    ]

    /// Turns each top-level quote that opens with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
    /// `[!CAUTION]` on a line of its own into an alert, as GitHub renders it: a `div` with the kind's class and
    /// a titled first line, the quote's other content kept.
    func applyAlerts(to document: MarkdownNode) {
        var block = document.firstChild
        while let quote = block {
            block = quote.next
            guard quote.kind == .blockQuote, let paragraph = quote.firstChild, paragraph.kind == .paragraph else { continue }
            // The marker may be split over several text nodes (`[`, `!NOTE`, `]`); it ends at the line's end.
            var marker = ""
            var markerNodes: [MarkdownNode] = []
            var inline = paragraph.firstChild
            while let node = inline, node.kind == .text, let literal = node.literal {
                marker += literal
                markerNodes.append(node)
                inline = node.next
            }
            let trimmed = marker.trimmed()
            guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"),
                let title = Self.alertTitles[String(trimmed.dropFirst(2).dropLast()).uppercased()],
                inline.map({ $0.kind == .softBreak || $0.kind == .lineBreak }) ?? true
            else { continue }
            if let lineBreak = inline { markerNodes.append(lineBreak) }
            for node in markerNodes { detach(node) }
            if paragraph.firstChild == nil { detach(paragraph) }
            let kind = title.lowercased()
            guard
                let alert = MarkdownNode.custom(
                    block: true,
                    enter:
                        "<div class=\"markdown-alert markdown-alert-\(kind)\" role=\"note\">\n<p class=\"markdown-alert-title\">\(title)</p>\n",
                    exit: "</div>\n")
            else { continue }
            while let child = quote.firstChild { alert.append(child) }
            replace(quote, with: alert)
        }
    }

    /// Swaps a heading for a custom block that renders it with an id and a self-link, keeping its inlines.
    func replaceHeading(_ heading: MarkdownNode, level: Int, id: String) {
        let escapedID = escapeHTML(id)
        guard
            let block = MarkdownNode.custom(
                block: true, enter: "<h\(level) id=\"\(escapedID)\">",
                exit: "<a class=\"anchor\" href=\"#\(escapedID)\" aria-label=\"Link to this section\">#</a></h\(level)>")
        else { return }
        while let child = heading.firstChild { block.append(child) }
        replace(heading, with: block)
    }
}
