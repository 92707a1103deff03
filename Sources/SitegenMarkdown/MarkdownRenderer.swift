import Dispatch
import SitegenHighlight

/// Renders GitHub-flavoured markdown to HTML through cmark-gfm (``MarkdownParser``, ``MarkdownNode``): parses,
/// walks the tree once for what the site needs of it, edits it (heading ids, links, images, alerts, code
/// blocks, math, embeds) and renders it. Parses run on every core, each worker with a parser of its own.
public struct MarkdownRenderer: Sendable {
    /// The switches this renderer was made with.
    public let options: MarkdownOptions

    /// Whether parses run at once, on every core (see ``MarkdownParser``).
    static var parsesRunTogether: Bool { MarkdownParser.parsesRunTogether }

    /// The version of the cmark-gfm library linked in, such as `0.29.0.gfm.6`.
    public static var cmarkVersion: String { MarkdownParser.version }

    /// Creates a renderer.
    public init(options: MarkdownOptions = MarkdownOptions()) {
        _ = MarkdownParser.parsesRunTogether
        self.options = options
    }

    var cmarkOptions: Int32 {
        var value = MarkdownParser.footnotes | MarkdownParser.tableStyleAttributes
        if options.smartPunctuation { value |= MarkdownParser.smartPunctuation }
        if options.allowRawHTML { value |= MarkdownParser.unsafeHTML }
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
        renderAll(sources, links: links) { _, body in body }
    }

    /// Renders many documents on every core, each then passed to `finish` (with its index in `sources`) on the
    /// thread that rendered it, so that what is done with a body needs no pass of its own; the result has the
    /// order of `sources`.
    public func renderAll<Finished: Sendable>(
        _ sources: [(source: MarkdownSource, path: String)], links: (any LinkResolving)? = nil,
        finishing finish: @Sendable (Int, RenderedMarkdown) -> Finished
    ) -> [Finished] {
        let (options, math) = (cmarkOptions, self.options.math)
        return concurrentMap(count: sources.count, state: { ParserSession(options: options, math: math) }) { session, index in
            finish(index, session.render(sources[index].source, path: sources[index].path, links: links))
        }
    }

    /// A parser reused for one document after another on one thread, with the edits rendering makes to each
    /// tree (in MarkdownRenderer+Edits.swift).
    final class ParserSession {
        let parser: MarkdownParser
        var options: Int32 { parser.options }
        /// Nodes taken out of the tree while one document is rendered. They are freed only once its HTML is
        /// written, so that no edit can reach a node that an earlier edit freed (an image inside an image's
        /// description, a link inside a replaced heading); each is the root of its own detached subtree.
        var detached: Set<MarkdownNode> = []
        /// Whether `$…$`, `$$…$$` and ```` ```math ```` are math.
        let math: Bool

        init(options: Int32, math: Bool) {
            parser = MarkdownParser(options: options)
            self.math = math
        }

        func render(_ source: MarkdownSource, path: String, links: (any LinkResolving)?) -> RenderedMarkdown {
            var text = math ? MathSpans.protect(source.text) : source.text
            guard let document = parser.parse(&text) else {
                parser.endDocument()
                return RenderedMarkdown(
                    html: "", extractedTitle: nil, headings: [], textBeforeMore: nil, firstParagraph: nil,
                    plainText: "", wordCount: 0, brokenLinks: [])
            }
            defer {
                for node in detached { node.free() }
                detached.removeAll(keepingCapacity: true)
                document.free()
                parser.endDocument()
            }

            let extractedTitle = applyTitlePolicy(source.titleHeading, to: document)
            applyAlerts(to: document)
            var walk = TreeWalk(lineOffset: source.firstLine - 1, notesRawHTML: options & MarkdownParser.unsafeHTML == 0, math: math)
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
                    case .rewrite(let url): node.setURL(url)
                    case .broken(let message): brokenLinks.append(BrokenLink(link: reference, message: message))
                    }
                }
            }
            var features = walk.features
            // A video or post link alone in a top-level paragraph is an embed (see ``Embed``).
            for (node, reference) in walk.links where !reference.isImage {
                guard let paragraph = node.parent, paragraph.kind == .paragraph, isAlone(node, in: paragraph),
                    paragraph.parent?.kind == .document, let embed = Embed(url: node.url ?? reference.destination)
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

            let html = HTMLPolish.apply(to: parser.html(of: document))
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
    }
}
