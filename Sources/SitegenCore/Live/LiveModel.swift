import SitegenMarkdown

/// The last good build as `sitegen serve` keeps it, so that the most common edit, saving a post whose body,
/// title, summary, `updated` or params changed, is applied without assembling the site again: the post is
/// parsed and rendered, its card made again, and only the pages whose values read it are to be rendered. Any other
/// edit (a date, tags, a slug, a new or deleted file, a template, `site.yml`) or any problem in the edited
/// file goes through a full build instead, which a ``BuildCache`` keeps incremental.
public struct LiveModel: Sendable {
    let renderer: TemplateRenderer
    /// The jobs of the pages in ``pages``, in the same order.
    let jobs: [PageJob]
    /// Every job, for the sitemap.
    let allJobs: [PageJob]
    /// The site's pages, each rendered when asked for.
    public let pages: PageStream
    /// Each markdown file's front matter as parsed, by path.
    let documents: [String: Document]
    let links: SiteLinks
    let parser: DocumentParser
    let markdown: MarkdownOptions
    /// Every problem the build reported, sorted.
    public let diagnostics: [Diagnostic]
    /// The machine files, made when first asked for.
    var machine = MachineFilesMemo()

    var site: Site { renderer.site }

    /// Feeds, the sitemap, `robots.txt` and the search index of the site as it is now.
    public func machineFiles() -> [OutputFile] {
        machine.files(site: site, pages: allJobs)
    }

    /// The model with `files` (markdown files of the site, as read again) applied, and the posts they changed, with
    /// those whose cards changed: a page whose reads show none of the changes (``ChangedPosts/areShown(by:)``, with
    /// the reads kept with each rendered page) is the same as before. `nil` when one of the files is not a published post whose edit keeps the site's shape, or
    /// when it or its last build has a problem: a full build must then decide.
    package func patching(_ files: [SourceFile]) -> (model: LiveModel, changedPosts: ChangedPosts)? {
        var site = self.site
        var documents = self.documents
        let postIndex = Dictionary(site.posts.indices.map { (site.posts[$0].sourcePath, $0) }, uniquingKeysWith: { first, _ in first })
        let troubled = Set(diagnostics.map(\.path))
        var changed: [Int] = []
        var sources: [(source: MarkdownSource, path: String)] = []
        var parsed: [Document] = []
        for file in files {
            guard let index = postIndex[file.path], let old = documents[file.path], !troubled.contains(file.path),
                site.posts[index].dateOrigin != .modificationTime,
                let (kind, bundle) = DocumentParser.classify(file.path), kind == .post
            else { return nil }
            let (document, problems) = parser.parse(file, kind: kind, bundle: bundle)
            guard problems.isEmpty, let document, document.differsOnlyInPresentation(from: old) else { return nil }
            let source = SiteBuilder.markdownSource(of: document)
            guard SiteBuilder.markdownBounds.problems(in: source).isEmpty else { return nil }
            changed.append(index)
            sources.append((source, file.path))
            parsed.append(document)
        }
        let bodies = MarkdownRenderer(options: markdown).renderAll(sources, links: links)
        for (index, (document, body)) in zip(changed, zip(parsed, bodies)) {
            // Math is typeset by the full build's one KaTeX process.
            guard body.brokenLinks.isEmpty, body.notices.isEmpty, body.formulas.isEmpty else { return nil }
            let previous = site.posts[index]
            var post = Post(document: document, body: body)
            // What assembling the site gave the post, none of which the edit can change.
            post.date = previous.date
            post.dateOrigin = previous.dateOrigin
            post.route = previous.route
            post.tags = previous.tags
            post.related = previous.related
            post.cover = previous.cover
            site.posts[index] = post
            documents[document.sourcePath] = document
        }
        let renderer = renderer.replacingPosts(changed, of: site)
        let stream = PageStream(jobs: jobs, paths: self.pages.paths, origins: self.pages.origins, renderer: renderer)
        let model = LiveModel(
            renderer: renderer, jobs: jobs, allJobs: allJobs, pages: stream, documents: documents, links: links, parser: parser,
            markdown: markdown, diagnostics: diagnostics, machine: machine.patched(changed: Set(changed)))
        let cards = changed.filter { renderer.cardHash($0) != self.renderer.cardHash($0) }
        return (model, ChangedPosts(posts: Set(changed), cards: Set(cards)))
    }
}
