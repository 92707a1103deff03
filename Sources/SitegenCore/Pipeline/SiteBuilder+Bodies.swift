import Foundation
import SitegenMarkdown

/// The bodies stage: markdown rendered on every core, posts made of it, covers resolved, layouts checked.
extension SiteBuilder {
    /// Every body rendered on every core unless the cache has it, with broken links reported and `cover`
    /// resolved like a link. With `spill` (a written build, which keeps no cache), bodies are rendered a chunk at
    /// a time and each post's HTML goes to the spill file as soon as it is made (returned by index, `nil` for
    /// other documents); its plain text is cut to what the site keeps of it and its link lists are dropped, so
    /// that the site's HTML is never in memory whole. With `store` (a written build that keeps a cache), the
    /// posts' bodies an earlier build rendered from the same markdown, with the same answers for their links, are
    /// taken from it, and the others are kept in it.
    /// A post whose file was not read (``Document/Fields/bodyHash``) and whose body the store does not have is read
    /// with `reread`. A build that spills and keeps nothing lets each chunk's markdown go once it is rendered, so
    /// that the site's markdown and what is made of it are not in memory together: the documents are handed over,
    /// and come back with empty bodies.
    func renderBodies(
        _ documents: consuming [Document], config: SiteConfig, links: SiteLinks, cache: inout BuildCache, spill: SpillFile?,
        store: BodyStore? = nil, reread: (@Sendable (String) -> SourceFile?)? = nil, work: inout BuildWork,
        diagnostics: inout [Diagnostic]
    ) -> ([Document], [RenderedMarkdown], [StoredText?]) {
        var sources = documents.map { (source: Self.markdownSource(of: $0), path: $0.sourcePath) }
        let previous = cache.bodies
        let kept: [(RenderedMarkdown, StoredText)?] =
            store.map { store in
                let (given, documents) = (sources, documents)
                return Array(given.indices).parallelMap { index in
                    documents[index].kind == .post
                        ? store.reuse(
                            given[index].source, textHash: documents[index].bodyHash, options: config.markdown,
                            path: given[index].path, links: links)
                        : nil
                }
            } ?? []
        // A post not read whose body must be rendered after all is read now.
        for index in documents.indices where documents[index].bodyHash != nil && (index >= kept.count || kept[index] == nil) {
            let path = documents[index].sourcePath
            guard let file = reread?(path), case .success(let parts) = FrontMatter.split(file.text, path: path) else {
                diagnostics.append(.error(path, 0, 0, "cannot read the file again"))
                continue
            }
            documents[index].body = parts.body
            documents[index].bodyFirstLine = parts.bodyFirstLine
            documents[index].bodyHash = nil
            sources[index].source = Self.markdownSource(of: documents[index])
        }
        // The texts as given, under which the store keeps the bodies made of them.
        let original = store == nil ? [] : sources
        let dropsTexts = spill != nil && store == nil && !cache.keeps
        // Under the same links, a body is rendered again only if its text changed.
        let sameLinks = cache.keeps && cache.links == links
        let stale = sources.indices.filter { index in
            if index < kept.count, kept[index] != nil { return false }
            let (source, path) = sources[index]
            guard let cached = previous[path] else { return true }
            return sameLinks ? cached.source != source : !cached.isValid(for: source, path: path, links: links)
        }
        // A cached body passed these bounds when it was rendered.
        for (position, problems) in stale.map({ sources[$0].source }).parallelMap(Self.markdownBounds.problems(in:)).enumerated()
        where !problems.isEmpty {
            let index = stale[position]
            for problem in problems { diagnostics.append(.error(sources[index].path, problem.line, 1, problem.message)) }
            sources[index].source.text = ""
        }
        if cache.keeps { cache.links = links }
        let renderer = MarkdownRenderer(options: config.markdown)
        var fresh: [RenderedMarkdown] = []
        var spilled = [StoredText?](repeating: nil, count: spill == nil ? 0 : sources.count)
        let chunkSize = spill == nil ? max(1, stale.count) : Self.spillChunk
        let typesetter = MathTypesetter()
        var firstFormula: (path: String, line: Int)?
        var formulaCount = 0
        for start in stride(from: 0, to: stale.count, by: chunkSize) {
            let indices = Array(stale[start..<min(start + chunkSize, stale.count)])
            // A post's HTML goes to the spill file on the thread that rendered it, unless it has math, which is
            // typeset for the whole chunk first.
            let spills = indices.map { spill != nil && documents[$0].kind == .post }
            let options = config.markdown
            let spilling = { @Sendable (offset: Int, body: RenderedMarkdown) -> (RenderedMarkdown, StoredText?) in
                guard let spill, spills[offset] else { return (body, nil) }
                let index = indices[offset]
                return Self.spilling(
                    body, into: spill, keeping: store.map { ($0, original[index].source, original[index].path) }, options: options,
                    links: links)
            }
            let made = renderer.renderAll(indices.map { sources[$0] }, links: links) { offset, body in
                body.formulas.isEmpty ? spilling(offset, body) : (body, nil)
            }
            var chunk = made.map(\.0)
            for (index, body) in zip(indices, chunk) where !body.formulas.isEmpty {
                if firstFormula == nil { firstFormula = (sources[index].path, body.formulas[0].line) }
                formulaCount += body.formulas.count
            }
            diagnostics += typesetter.typeset(&chunk, paths: indices.map { sources[$0].path })
            for (offset, (_, stored)) in made.enumerated() {
                if let stored {
                    spilled[indices[offset]] = stored
                } else if spills[offset] {
                    let (body, stored) = spilling(offset, chunk[offset])
                    chunk[offset] = body
                    spilled[indices[offset]] = stored
                }
            }
            fresh += chunk
            if dropsTexts {
                for index in indices {
                    sources[index].source.text = ""
                    documents[index].body = ""
                }
            }
        }
        if let reason = typesetter.unavailable, let (path, line) = firstFormula {
            diagnostics.append(
                .warning(
                    path, line, 0,
                    "math: \(reason); \(countLabel(formulaCount, "formula")) shown as TeX. "
                        + "On Debian: apt-get install nodejs katex"))
        }
        var rendered = sources.map { previous[$0.path]?.rendered }
        for (index, found) in kept.enumerated() {
            guard let (body, html) = found else { continue }
            rendered[index] = body
            spilled[index] = html
        }
        for (index, body) in zip(stale, fresh) { rendered[index] = body }
        work.renderedBodies = fresh.count
        let bodies = rendered.compactMap { $0 }
        if cache.keeps {
            // An entry that was reused stays the same object; only bodies rendered again make new ones.
            let rerendered = Set(stale)
            cache.bodies = Dictionary(
                zip(sources, bodies).enumerated().map { index, pair in
                    let (source, body) = pair
                    let kept = rerendered.contains(index) ? nil : previous[source.path]
                    return (source.path, kept ?? BuildCache.RenderedBody(source: source.source, rendered: body))
                },
                uniquingKeysWith: { first, _ in first })
        }
        return (resolveCovers(documents, bodies: bodies, links: links, diagnostics: &diagnostics), bodies, spilled)
    }

    /// The post each post document makes (`nil` for other documents), with its HTML from `spilledHTML` when it
    /// was spilled. A post whose document and rendered body are the very ones of the cached build is reused.
    func makePosts(
        _ documents: [Document], rendered: [RenderedMarkdown], spilledHTML: [StoredText?], cache: inout BuildCache
    ) -> [Post?] {
        let previous = cache.posts
        let bodies = cache.bodies
        // Each post, with the cache entry it comes from or makes (none when the build keeps no cache).
        let made = Array(documents.indices).parallelMap { index -> (post: Post, entry: BuildCache.MadePost?)? in
            let document = documents[index]
            guard document.kind == .post else { return nil }
            let body = bodies[document.sourcePath]
            if let cached = previous[document.sourcePath], let body, cached.body === body, cached.document == document {
                return (cached.post, cached)
            }
            var post = Post(document: document, body: rendered[index])
            if index < spilledHTML.count, let html = spilledHTML[index] { post.storedHTML = html }
            return (post, body.map { BuildCache.MadePost(document: document, body: $0, post: post) })
        }
        if cache.keeps {
            var entries: [String: BuildCache.MadePost] = [:]
            for (document, made) in zip(documents, made) { entries[document.sourcePath] = made?.entry }
            cache.posts = entries
        }
        return made.map { $0?.post }
    }

    /// A body's notices as warnings: each kind once, at its first place, with how many more the file has.
    static func warnings(for notices: [MarkdownNotice], in path: String) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let templateTags = notices.filter { $0.kind != .rawHTMLOmitted }
        if let first = templateTags.first, case .templateSyntax(let tag) = first.kind {
            let more = templateTags.count > 1 ? " (and \(templateTags.count - 1) more in this file)" : ""
            let message: String
            if tag.hasPrefix("{{<") || tag.hasPrefix("{{%") {
                message = "Hugo shortcode `\(tag)` is not run by sitegen and is published as text\(more); write it as markdown"
            } else if tag.hasPrefix("{%") {
                message =
                    "Liquid tag `\(tag)` is not run by sitegen and is published as text\(more); write it as markdown "
                    + "(a fenced code block for `highlight`, a link to the .md file for `post_url`)"
            } else {
                message = "Liquid variable `\(tag)` is not filled in by sitegen and is published as text\(more); write the value itself"
            }
            warnings.append(.warning(path, first.line, first.column, message))
        }
        if let raw = notices.first(where: { $0.kind == .rawHTMLOmitted }) {
            warnings.append(
                .warning(
                    path, raw.line, raw.column,
                    "raw HTML is left out of the page; set `unsafe: true` under `markdown:` in site.yml to publish it"))
        }
        return warnings
    }

    /// What everything in the ``BodyStore`` is made with: this sitegen binary, with its cmark-gfm.
    static var bodyStoreKey: String {
        "sitegen \(SitegenVersion.current); cmark-gfm \(MarkdownRenderer.cmarkVersion); binary \(executableStamp)"
    }

    /// How many bodies are rendered before their HTML goes to the spill file.
    static let spillChunk = 1024

    /// As much of `body`'s plain text as a post uses: the start it keeps for search, unless the summary derived
    /// from that start would differ from the one derived from the whole text.
    static func keptText(of body: RenderedMarkdown) -> String {
        let kept = MachineFiles.cut(body.plainText, to: MachineFiles.searchTextLength)
        return kept.utf8.count == body.plainText.utf8.count || summaryText(kept).hasSuffix("…") ? kept : body.plainText
    }

    /// `body` with its HTML stored in `spill`, cut to what the site keeps of it (see ``renderBodies``), and kept in
    /// a store, when there is one, for the next build, under the markdown and path it was made from.
    private static func spilling(
        _ body: RenderedMarkdown, into spill: SpillFile, keeping: (store: BodyStore, source: MarkdownSource, path: String)?,
        options: MarkdownOptions, links: SiteLinks
    ) -> (RenderedMarkdown, StoredText) {
        let html = spill.store(body.html)
        var kept = body
        kept.html = ""
        kept.plainText = keptText(of: body)
        // What `check` and the cache read of a body; a build that spills has neither.
        (kept.links, kept.resolvedLinks) = ([], [:])
        if let (store, source, path) = keeping {
            store.keep(kept, rendered: body, source: source, options: options, path: path, html: html, links: links)
        }
        return (kept, html)
    }

    /// A document's body as the markdown renderer takes it.
    static func markdownSource(of document: Document) -> MarkdownSource {
        let titleHeading: TitleHeading = document.title.map { .dropIfRepeats($0) } ?? .extract
        return MarkdownSource(text: document.body, firstLine: document.bodyFirstLine, titleHeading: titleHeading)
    }

    /// What markdown may ask of cmark-gfm before it is refused (see ``Limits``).
    static let markdownBounds = MarkdownBounds(
        cellsPerByte: Limits.tableCellsPerByte, fixedCells: Limits.tableCellsFixed, openBrackets: Limits.bracketOpenersPerParagraph)

    /// Reports each body's broken links, and resolves `cover` like a link.
    func resolveCovers(
        _ documents: [Document], bodies rendered: [RenderedMarkdown], links: SiteLinks, diagnostics: inout [Diagnostic]
    ) -> [Document] {
        var resolved = documents
        for (index, body) in rendered.enumerated() {
            let document = documents[index]
            for broken in body.brokenLinks {
                diagnostics.append(.error(document.sourcePath, broken.link.line, broken.link.column, broken.message))
            }
            diagnostics += Self.warnings(for: body.notices, in: document.sourcePath)
            guard let cover = document.cover else { continue }
            switch links.resolve(cover, from: document.sourcePath) {
            case .rewrite(let url): resolved[index].cover = url
            case .keep: break
            case .broken(let message):
                let position = document.position(of: "cover")
                diagnostics.append(.error(document.sourcePath, position.line, position.column, message))
            }
        }
        return resolved
    }

    /// A `layout` naming a template that does not exist (an imported blog's `archives` or `search`) is a warning at
    /// the `layout:` line, and the page is made with its kind's built-in template.
    func checkLayouts(_ documents: inout [Document], theme: Theme, diagnostics: inout [Diagnostic]) {
        for index in documents.indices {
            let document = documents[index]
            let template = PagePlanner.template(for: document.layout, default: document.kind.defaultTemplate)
            guard !theme.has(template) else { continue }
            let position = document.position(of: "layout")
            diagnostics.append(
                .warning(
                    document.sourcePath, position.line, position.column,
                    "layout `\(template)` has no template, so the built-in `\(document.kind.defaultTemplate)` one is used; "
                        + "add templates/\(template).mustache or remove `layout:`"))
            documents[index].layout = nil
        }
    }
}
