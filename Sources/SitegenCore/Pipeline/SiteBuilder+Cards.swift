import Foundation

/// The cards stage: the template renderer started with the site, the cards a rebuild's pages need filled, and where
/// each page comes from.
extension SiteBuilder {
    /// The renderer for `site`'s pages, with its pages' origins (``PageOrigins``) from `originLines`, made side by side. With
    /// `editedPosts` (the posts whose presentation changed since `previous`, the site's shape being the same), only
    /// the cards of the pages that show an edit are filled, and the changes are returned for ``PageStream``;
    /// `dependencies` get every post's card hash.
    func startRenderer(
        site: Site, theme: Theme, originLines: @escaping @Sendable () -> [String: PageOrigins.KeyLines], jobs: [PageJob],
        cache: inout BuildCache, bodyStore: BodyStore?,
        editedPosts: Set<Int>?, previous: (dependencies: PageDependencies, files: [String: OutputWriter.KnownFile])?,
        dependencies: inout PageDependencies?, work: inout BuildWork
    ) -> (renderer: TemplateRenderer, origins: PageOrigins, changedPosts: ChangedPosts?) {
        let (previousCards, previousSite, keeps) = (cache.cards, cache.cardSite, cache.keeps)
        // Where each page comes from, for its errors, is worked out beside the renderer's start.
        let (madeRenderer, origins) = concurrently(
            {
                TemplateRenderer(
                    site: site, theme: theme, now: options.now, previousCards: previousCards, previousSite: previousSite,
                    cardMemo: bodyStore?.memo(of: .card), filling: editedPosts, keepingCards: keeps)
            }, { [site] in PageOrigins(site: site, lines: originLines()) })
        var renderer = madeRenderer
        var changedPosts: ChangedPosts?
        dependencies?.cards = cardHashes(renderer, edited: editedPosts, previous: previous?.dependencies)
        if let editedPosts, let dependencies, let previous {
            let changed = ChangedPosts(
                posts: editedPosts, cards: dependencies.changedCards(among: editedPosts, since: previous.dependencies))
            // The cards of the pages that show a change, looked for on every core.
            let files = previous.files
            renderer.fillCards(
                Set(
                    jobs.parallelMap { job -> [Int] in
                        guard let reads = files[job.route.outputPath]?.reads, changed.areShown(by: reads) else { return [] }
                        return reads.cards
                    }.joined()))
            changedPosts = changed
        }
        work.renderedCards = renderer.renderedCardCount
        if cache.keeps { (cache.cards, cache.cardSite) = (renderer.cards, renderer.siteValue) }
        return (renderer, origins, changedPosts)
    }

    /// Every post's card hash: those of the posts at `edited` from their cards, the others from `previous`; all
    /// from the cards when either is missing.
    private func cardHashes(_ renderer: TemplateRenderer, edited: Set<Int>?, previous: PageDependencies?) -> [UInt64] {
        let count = renderer.site.posts.count
        guard let edited, var hashes = previous?.cards, hashes.count == count else {
            return Array(0..<count).parallelMap { renderer.cardHash($0) }
        }
        for index in edited { hashes[index] = renderer.cardHash(index) }
        return hashes
    }
}
