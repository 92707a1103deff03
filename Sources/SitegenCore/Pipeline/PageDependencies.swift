import Foundation

/// What a build's pages depend on, in two parts, kept in the build record so that the next build renders only
/// the pages that read an edited post (``PostReads``).
///
/// - The shape: everything but the published posts' presentation. `site.yml`, the templates and theme, every file
///   that is not a published post (pages, projects, drafts, images, …), each published post's fields other than its
///   presentation (``Document/Fields/withoutPresentation``: its path, route, date, tags, projects, series, …) in
///   the site's order, and the day. With the same shape (and the same sitegen, options and folders, which the
///   record's key holds), the site has the same pages, each lists the same posts in the same places, and every
///   value a page shows that is not a post's presentation is the same.
/// - One hash per published post, in the site's order, of its presentation: its file's text, its `updated` date
///   and its body's HTML (the same text renders otherwise when KaTeX is installed or removed).
/// - One hash per published post of its card as templates can show it (``TemplateRenderer/cardHash(_:)``): a page
///   that read a post only as a card (``ReadPosts/cards``) changes only when that hash does.
struct PageDependencies: Sendable, Equatable {
    var shape: UInt64
    var posts: [UInt64]
    var cards: [UInt64]

    init(shape: UInt64, posts: [UInt64], cards: [UInt64]) {
        self.shape = shape
        self.posts = posts
        self.cards = cards
    }

    /// The dependencies of `site` but for the cards' hashes, which are known once the cards are filled, with
    /// `theme`, on the day of `now`; `stamps` and `hashes` are those of the build's ``SiteSource``.
    /// `timeShown` are the files whose modification time the output shows (a page's, in the sitemap).
    /// `structure` is each post's ``Document/structureHash``, in the site's order (``structure(of:documents:)``).
    init(
        site: Site, structure: [UInt64], theme: Theme, stamps: [String: FileStamp], hashes: [String: UInt64],
        timeShown: Set<String>, now: Date
    ) {
        let postPaths = Set(site.posts.map(\.sourcePath))
        var shape = StableHasher()
        shape.combine(Int64(bitPattern: theme.fingerprint))
        let day = CalendarDate(now, in: site.config.timeZone)
        shape.combine("\(day.year)-\(day.month)-\(day.day)")
        // The other files in any order: the sum of their hashes.
        var others: UInt64 = 0
        for (path, stamp) in stamps where !postPaths.contains(path) {
            var file = StableHasher()
            file.combine(path)
            if let hash = hashes[path] {
                file.combine(Int64(bitPattern: hash))
                if timeShown.contains(path) { file.combine(stamp.modified) }
            } else {
                for number in [stamp.size, stamp.modified, stamp.changed, Int64(bitPattern: stamp.inode)] { file.combine(number) }
            }
            others &+= file.value
        }
        shape.combine(Int64(bitPattern: others))
        for hash in structure { shape.combine(Int64(bitPattern: hash)) }
        self.shape = shape.value
        posts = site.posts.map { post in Self.presentationHash(of: post, fileHash: hashes[post.sourcePath]) }
        cards = []
    }

    /// Each post's ``Document/structureHash``, in the site's order, from its document among `documents`.
    static func structure(of site: Site, documents: [Document]) -> [UInt64] { hashes(of: site, documents: documents, \.structureHash) }

    /// A hash of each post's document among `documents`, in the site's order; 0 for a post without one.
    static func hashes(of site: Site, documents: [Document], _ hash: @Sendable (Document) -> UInt64) -> [UInt64] {
        // Each post's document by its index, without a copy of every document.
        var documentIndex = [String: Int](minimumCapacity: documents.count)
        for index in documents.indices where documentIndex[documents[index].sourcePath] == nil {
            documentIndex[documents[index].sourcePath] = index
        }
        return site.posts.parallelMap { [documentIndex] post in
            documentIndex[post.sourcePath].map { hash(documents[$0]) } ?? 0
        }
    }

    /// The hash of a post's presentation: its file's text (`fileHash`), its `updated` date and its body as rendered.
    static func presentationHash(of post: Post, fileHash: UInt64?) -> UInt64 {
        var hasher = StableHasher()
        // A post read from no file (a site made in memory) is never taken as unchanged.
        hasher.combine(Int64(bitPattern: fileHash ?? UInt64.random(in: .min ... .max)))
        hasher.combine(Int64((post.updated?.timeIntervalSince1970 ?? -1) * 1000))
        // The body as rendered, whose hash is known without reading it: the same text renders otherwise when
        // KaTeX is installed or removed.
        hasher.combine(Int64(bitPattern: post.storedHTML.hash))
        return hasher.value
    }

    /// The posts among `changed` whose card hash differs from `previous`'s, or all of them when the hashes of
    /// either are missing.
    func changedCards(among changed: Set<Int>, since previous: PageDependencies) -> Set<Int> {
        guard cards.count == posts.count, previous.cards.count == posts.count else { return changed }
        return changed.filter { cards[$0] != previous.cards[$0] }
    }

    /// The indices of the posts whose presentation differs from `previous`'s; `nil` when the shapes differ, so
    /// that any page may have changed.
    func changedPosts(since previous: PageDependencies) -> Set<Int>? {
        guard shape == previous.shape, posts.count == previous.posts.count else { return nil }
        return Set(posts.indices.filter { posts[$0] != previous.posts[$0] })
    }
}
