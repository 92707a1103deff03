import SitegenMarkdown

/// What one build keeps for the next, so that a rebuild (as `sitegen serve` does after each save) redoes only
/// the work whose inputs changed. Every entry is stored with the inputs it was made from and is reused only
/// when those inputs are equal again, so a stale entry can never be served:
/// - front matter: by the source file (path, text and modification time);
/// - markdown bodies: by their text, and by the resolver's answers for every link they contain;
/// - post cards: by template name and the full value the template sees.
///
/// Which pages an edit changes is not decided here but by what each page read (``PostReads``): `serve` patches
/// its ``LiveModel``, and `sitegen build` compares with its record (``PageDependencies``).
/// Anything that every page depends on (`site.yml`, the templates, the build options) empties the cache.
public struct BuildCache: Sendable {
    /// Whether builds store what they made; `sitegen build` does not, to save the memory.
    public let keeps: Bool
    /// What all entries depend on.
    var fingerprint: Fingerprint?
    var parsed: [String: ParsedDocument] = [:]
    var bodies: [String: RenderedBody] = [:]
    /// Posts by source path, each with the document and body it was made from.
    var posts: [String: MadePost] = [:]
    /// How the cached bodies' links were resolved.
    var links: SiteLinks?
    /// Post cards by post URL path, with the `site.*` values they were all filled with.
    var cards: [String: FilledCard] = [:]
    var cardSite: TemplateValue?
    /// Photos as published, by their bytes and the image settings; kept whatever else changes.
    var photos = PhotoProcessor.Store(folder: nil)

    /// A cache that keeps nothing: every build does all the work.
    public static let none = BuildCache(keeps: false)

    /// An empty cache that the builds it is passed to fill.
    public init() { self.init(keeps: true) }

    /// An empty cache that keeps photos in `folder`'s `photos/`, as `sitegen build` does: made once, found by
    /// both, and not held in memory (a journal's photos would take a gigabyte).
    public init(photosIn folder: CacheFolder?) {
        self.init(keeps: true)
        photos = PhotoProcessor.Store(folder: folder.map { $0.path + "/photos" })
    }

    private init(keeps: Bool) { self.keeps = keeps }

    /// Empties the cache unless it was filled under the same configuration, templates and options.
    mutating func validate(against fingerprint: Fingerprint) {
        guard keeps, fingerprint != self.fingerprint else { return }
        let photos = self.photos
        self = BuildCache()
        self.fingerprint = fingerprint
        self.photos = photos
    }

    /// The inputs every entry depends on.
    struct Fingerprint: Equatable {
        var config: SourceFile?
        var templates: [SourceFile]
        var includeDrafts: Bool
        var includeFuture: Bool
        var baseURL: String?
    }

    /// A file's front matter as parsed, with the file it was parsed from. A class, so that the cache's 10k
    /// entries are shared between builds, not copied field by field.
    final class ParsedDocument: Sendable {
        let file: SourceFile
        let document: Document?
        let problems: [Diagnostic]

        init(file: SourceFile, document: Document?, problems: [Diagnostic]) {
            (self.file, self.document, self.problems) = (file, document, problems)
        }
    }

    /// A post as made from its document and rendered body, before the site gives it tag slugs and related posts.
    final class MadePost: Sendable {
        let document: Document
        /// The cache entry of the body, compared by identity: a body rendered again is a new entry.
        let body: RenderedBody
        let post: Post

        init(document: Document, body: RenderedBody, post: Post) { (self.document, self.body, self.post) = (document, body, post) }
    }

    /// A rendered body with the source it was rendered from (a class for the same reason).
    final class RenderedBody: Sendable {
        let source: MarkdownSource
        let rendered: RenderedMarkdown

        init(source: MarkdownSource, rendered: RenderedMarkdown) { (self.source, self.rendered) = (source, rendered) }

        /// Whether rendering `source` with `links` would give the same body again.
        func isValid(for source: MarkdownSource, path: String, links: some LinkResolving) -> Bool {
            source == self.source
                && rendered.resolvedLinks.allSatisfy { destination, answer in links.resolve(destination, from: path) == answer }
                && rendered.imageSizes.allSatisfy { destination, size in (links.image(destination, from: path).size ?? .unknown) == size }
        }
    }
}

/// One filled template with everything it was filled from.
struct RenderedTemplate: Sendable {
    var template: String
    var context: TemplateValue
    var html: String?
}

/// How much work a build did, which tells how incremental a rebuild was.
public struct BuildWork: Sendable, Equatable {
    /// Markdown files whose front matter was parsed.
    public var parsedFiles = 0
    /// Posts whose files a written rebuild did not read, taking what the last build made of them.
    public var unreadPosts = 0
    /// Markdown bodies rendered to HTML.
    public var renderedBodies = 0
    /// Post cards rendered with `partials/post-card`.
    public var renderedCards = 0
    /// URL paths of the pages rendered with their template, in build order; for a written build, the output
    /// paths of the pages whose values were made (``OutputWriter/Written/pagesMade``).
    public var renderedPages: [String] = []
    /// For a written build, the output paths of the feeds, the sitemap and `robots.txt` that were made rather than
    /// taken as they were.
    public var madeFeeds: [String] = []
    /// Whether the posts' related posts were computed rather than taken from an earlier build.
    public var computedRelatedPosts = false
    /// Whether a written rebuild patched the edited posts into the site the last build kept (``KeptSite``) instead
    /// of reading and assembling every post.
    public var patchedKeptSite = false
    /// Photos decoded and resized (not found made by an earlier build).
    public var resizedPhotos = 0
    /// Photos published without the GPS position their original carried.
    public var locationsRemoved = 0

    /// No work yet.
    public init() {}
}
